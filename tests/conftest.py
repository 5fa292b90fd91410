"""Session-wide property: every DOCX and PDF spmdocs writes during the test run is a valid document.

Every output file goes through :func:`spmdocs.fileio.atomic_path`. For the whole session that
function is wrapped (in every spmdocs module that imported it) so that each ``.docx`` and ``.pdf``
spmdocs itself writes — not the fake bytes a test writes through it directly — is logged once it
is in place. Forked batch workers inherit the wrapper and append to the same log file. At the end
of the session every logged file that still exists must open with python-docx (with every XML
part well formed) or with pypdf (with at least one page); otherwise the session fails.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("spmdocs", deadline=None, derandomize=True, database=None)
settings.load_profile("spmdocs")
"""Property tests judge results, never speed: a loaded machine must not fail them (no deadline),
and every run tries the same cases (derandomised, no example database written into the tree)."""
from lxml import etree

import spmdocs
import spmdocs.fileio

DOCUMENT_SUFFIXES = (".docx", ".pdf")
_SKIPPED_MODULES = ("spmdocs.__main__", "spmdocs.render._uno_export")


def _spmdocs_modules() -> list:
    """Every importable spmdocs module (scripts that run on import are skipped)."""
    modules = [spmdocs]
    for info in pkgutil.walk_packages(spmdocs.__path__, "spmdocs."):
        if info.name in _SKIPPED_MODULES:
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except Exception:  # an optional module whose dependency is missing writes nothing
            continue
    return modules


def _written_by_spmdocs() -> bool:
    """True when a module of spmdocs other than fileio is on the call stack."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("spmdocs.") and name != "spmdocs.fileio":
            return True
        frame = frame.f_back
    return False


def docx_problem(path: Path) -> str | None:
    """Why ``path`` is not a valid .docx, or None."""
    from docx import Document

    try:
        Document(str(path))
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(name))
    except Exception as exc:  # any failure to open is the finding
        return f"{type(exc).__name__}: {exc}"
    return None


def pdf_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable PDF with pages, or None."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if not len(reader.pages):
            return "no pages"
        for page in reader.pages:
            page.mediabox
    except Exception as exc:  # any failure to open is the finding
        return f"{type(exc).__name__}: {exc}"
    return None


def __getattr__(name: str):
    """Forward ``from conftest import build_demo_document`` to tests/render/conftest.py.

    The render tests import their demo document that way. In a spawned worker process (the
    LibreOffice tests use one) ``conftest`` resolves to this file, because tests/ comes first on
    sys.path; without this the worker cannot unpickle the test's function.
    """
    if name != "build_demo_document":
        raise AttributeError(name)
    spec = importlib.util.spec_from_file_location("render_conftest", Path(__file__).parent / "render" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_demo_document


@pytest.fixture(scope="session", autouse=True)
def every_written_document_is_valid(tmp_path_factory):
    """Log every document spmdocs writes in this session; check them all when it ends."""
    log = tmp_path_factory.mktemp("written-documents") / "paths.txt"
    log.touch()
    original = spmdocs.fileio.atomic_path

    @contextmanager
    def logged(target):
        record = Path(target).suffix.lower() in DOCUMENT_SUFFIXES and _written_by_spmdocs()
        with original(target) as tmp:
            yield tmp
        if record:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{Path(target).resolve()}\n")

    patched = [(module, name) for module in _spmdocs_modules()
               for name, value in list(vars(module).items()) if value is original]
    for module, name in patched:
        setattr(module, name, logged)
    try:
        yield log
    finally:
        for module, name in patched:
            setattr(module, name, original)
    paths = sorted({Path(line) for line in log.read_text(encoding="utf-8").splitlines() if line})
    failures = []
    for path in paths:
        if not path.exists():
            continue
        problem = docx_problem(path) if path.suffix.lower() == ".docx" else pdf_problem(path)
        if problem:
            failures.append(f"{path}: {problem}")
    assert not failures, "invalid documents written by spmdocs:\n" + "\n".join(failures)
