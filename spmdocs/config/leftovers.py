"""Find the placeholders a config still holds ("[isi ibu kota]", "NAMA BUPATI", no nomor, the sample logo).

``spmdocs init`` writes configs with bracketed fill-ins and placeholder names; the examples carry
"NAMA GUBERNUR". A document built from them is not fit to sign, so :func:`leftover_placeholders`
lists every one left, each at its YAML key and line, for ``build`` to warn about and ``--strict``
to refuse.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Iterator

from spmdocs.errors import Problem
from spmdocs.resources import project_folder
from spmdocs.yamlsrc import YamlSource

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_BRACKETED = re.compile(r"\[[^\[\]{}\n]{2,80}\]")
_SAMPLE_NAME = re.compile(r"\bNAMA\s+(?:BUPATI|GUBERNUR|WALI\s*KOTA|WALIKOTA|KEPALA\b[^,\n]*|PEJABAT\b[^,\n]*|"
                          r"PENANDATANGAN|LENGKAP)\b")
_SAMPLE_LOGO = "logo-daerah.png"
NOMOR_PRINTED = ("laporan_tahunan", "laporan_triwulan", "lampiran_opd", "spm_award")
"""Report kinds that print the document number (lampiran heading or surat pengantar)."""


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def leftover_placeholders(config, src: YamlSource) -> list[Problem]:
    """Every placeholder left in the config at ``src``, as a warning at its YAML key and line."""
    problems: list[Problem] = []
    for path, text in _strings(src.data):
        plain = _JINJA.sub(" ", text)
        found = _BRACKETED.findall(plain) + _SAMPLE_NAME.findall(plain)
        if found:
            shown = ", ".join(f"'{item}'" for item in dict.fromkeys(found))
            problems.append(Problem(f"isian contoh {shown} belum diganti; dokumen akan mencetaknya apa adanya",
                                    src.location(path), "warning"))
    if config.jenis in NOMOR_PRINTED and not getattr(config, "nomor", None) and _prints_nomor(config):
        problems.append(Problem("nomor dokumen belum diisi; dokumen akan mencetak 'NOMOR : -' (atau titik-titik); "
                                "isi kunci 'nomor'", src.location(("nomor",)), "warning"))
    logo = getattr(config.kop, "logo", None)
    sample = project_folder("templates") / _SAMPLE_LOGO
    if logo is not None and Path(logo).is_file() and _digest(Path(logo)) == _digest(sample):
        problems.append(Problem(f"logo masih logo contoh spmdocs ({Path(logo).name}); ganti dengan lambang daerah",
                                src.location(("kop", "logo")), "warning"))
    return problems


def _prints_nomor(config) -> bool:
    shown = getattr(config, "shown", None)
    return shown("lampiran") if callable(shown) else True
