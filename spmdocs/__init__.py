"""spmdocs: Indonesia's SPM reports (Laporan Penerapan SPM, e-SPM, Rencana Aksi, SPM Awards)."""

import os as _os
import sys as _sys

if _sys.platform.startswith("linux") and "pyarrow" not in _sys.modules:
    # pyarrow (behind pandas' string columns) allocates with mimalloc on Linux, which keeps what it
    # frees: a batch's parent held about 25 MiB more at 2 000 units than with jemalloc, and every
    # forked worker inherited it; jemalloc also peaked lower on a 2·10^6-row file. Linux wheels of
    # pyarrow carry both; a value the user set wins. Read once, when pyarrow is first imported.
    _os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
