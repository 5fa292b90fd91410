"""The corpus of bad inputs (tests/bad_inputs/cases.yaml) run through the real command line.

Every case gets a fresh copy of a project folder (configs/, data/sample/, templates/ as in the
repository), writes its bad input there, and runs ``spmdocs`` inside it, in-process with click's
CliRunner; cases marked ``subprocess`` also run as ``python -m spmdocs`` so stderr is seen as a
clerk sees it. Each case must end with its exit code, a message in Bahasa Indonesia holding every
expected location fragment, no traceback, and no new, changed or deleted file or folder anywhere
around the run: the project copy, its previous outputs, the folders beside it (a successful case:
exactly the files it lists in ``writes``).
"""

from __future__ import annotations

import errno
import hashlib
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner

from spmdocs.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))

ENGLISH = ("Traceback", "Error:", "Exception", "No such file", "Permission denied", "No space left",
           "Invalid value", "is not", "cannot", "could not")
"""Fragments of English or Python error text a clerk must never see."""

CAPAIAN_HEADER = ("kode_wilayah", "daerah", "tahun", "kode_layanan", "sasaran", "terlayani")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- generators: inputs too big or too binary to keep as files -----------------------------------

def _xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = (), merged: tuple[str, ...] = ()
          ) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
        for cells in merged:
            sheet.merge_cells(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def config_50_mb(work: Path) -> None:
    base = (work / "configs" / "laporan-tahunan.yaml").read_text(encoding="utf-8")
    filler = "# " + "catatan panjang " * 60 + "\n"
    with open(work / "configs" / "kasus.yaml", "w", encoding="utf-8") as handle:
        handle.write(base)
        handle.write(filler * (50 * 1024 * 1024 // len(filler) + 1))


def logo_outside_project(work: Path) -> None:
    outside = work.parent / "luar-proyek"
    outside.mkdir(exist_ok=True)
    shutil.copyfile(work / "templates" / "logo-daerah.png", outside / "logo.png")


def evidence_outside_project(work: Path) -> None:
    outside = work.parent / "luar-proyek"
    outside.mkdir(exist_ok=True)
    shutil.copyfile(work / "data" / "sample" / "bukti" / "rekap-pelaporan-e-spm-2025.pdf", outside / "rahasia.pdf")


def csv_huge_cell(work: Path) -> None:
    rows = ["Rekap capaian SPM 2025", ",".join(CAPAIAN_HEADER),
            "65.01,Kabupaten Bulungan,2025,K-KES-1,1200," + "9" * 200_000]
    (work / "data" / "kasus.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def million_row_csv(tmp_path_factory) -> Path:
    """1 000 000 data rows of kab/kota data, one bad cell in the last one; written once a session."""
    path = tmp_path_factory.mktemp("sejuta-baris") / "kasus.csv"
    services = [f"K-KES-{i}" for i in range(1, 13)]
    kab = ["65.01", "65.02", "65.03", "65.04", "65.71"]
    block = "".join(f"{kab[i % 5]},,2025,{services[(i // 5) % 12]},Desa {i},{100 + i % 50},{90 + i % 10}\n"
                    for i in range(1000))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("kode_wilayah,daerah,tahun,kode_layanan,unit,sasaran,terlayani\n")
        for chunk in range(1000):
            text = block.replace(",Desa ", f",Desa {chunk}-")
            if chunk == 999:
                text = text[:text.rstrip("\n").rfind("\n") + 1] + "65.71,,2025,K-KES-1,Desa akhir,sejuta,5\n"
            handle.write(text)
    return path


def csv_million_rows(work: Path, million_row_csv: Path) -> None:
    try:
        os.link(million_row_csv, work / "data" / "kasus.csv")
    except OSError:
        shutil.copyfile(million_row_csv, work / "data" / "kasus.csv")


def xlsx_merged_header(work: Path) -> None:
    _xlsx(work / "data" / "kasus.xlsx", {"Capaian": [
        ["Kode Wilayah", "Nama Daerah", "Tahun", "Kode Layanan", "Jumlah Penerima", None],
        [None, None, None, None, "Sasaran", "Terlayani"],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-2", 1000, 950],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-3", "tiga ratus", 250],
    ]}, merged=("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"))


def xlsx_header_below_title(work: Path) -> None:
    _xlsx(work / "data" / "kasus.xlsx", {"Capaian SPM": [
        ["REKAPITULASI CAPAIAN SPM KABUPATEN BULUNGAN"],
        ["Tahun Anggaran 2025"],
        [],
        ["Kode Wilayah", "Nama Daerah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani"],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-2", 1000, -950],
    ]})


def xlsx_uncached_formula(work: Path) -> None:
    _xlsx(work / "data" / "kasus.xlsx", {"Capaian": [
        list(CAPAIAN_HEADER),
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-2", "=B3*2", 950],
    ]})


def xlsx_numbers_as_text(work: Path) -> None:
    _xlsx(work / "data" / "kasus.xlsx", {"Capaian": [
        list(CAPAIAN_HEADER),
        ["65.01", "Kabupaten Bulungan", "2025", "K-KES-1", "1.200", "1.100"],
        ["65.01", "Kabupaten Bulungan", "2025", "K-KES-2", "1.000,0", "950"],
        ["65.01", "Kabupaten Bulungan", "2025", "K-KES-3", "1.2OO", "900"],
    ]})


def xlsx_hidden_data_sheet(work: Path) -> None:
    _xlsx(work / "data" / "kasus.xlsx", {
        "Data": [list(CAPAIAN_HEADER), ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100]],
        "Petunjuk": [["Isi data capaian di lembar Data."]],
    }, hidden=("Data",))


def xlsx_password_protected(work: Path) -> None:
    # An encrypted workbook is an OLE compound file holding an EncryptedPackage stream.
    (work / "data" / "kasus.xlsx").write_bytes(_OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
                                               + os.urandom(2048))


def xls_renamed(work: Path) -> None:
    (work / "data" / "kasus.xlsx").write_bytes(_OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le")
                                               + b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\x00" * 1024)


def xlsx_truncated(work: Path) -> None:
    xlsx_numbers_as_text(work)
    path = work / "data" / "kasus.xlsx"
    path.write_bytes(path.read_bytes()[:1500])


def _rewrite_sheet(work: Path, change: Callable[[bytes], bytes]) -> None:
    """kasus.xlsx with its first sheet's XML passed through ``change`` (the other parts kept)."""
    xlsx_numbers_as_text(work)
    path = work / "data" / "kasus.xlsx"
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)


def xlsx_sheet_unescaped_ampersand(work: Path) -> None:
    """A tool that wrote "Dinas P&K" into the sheet XML without escaping the ampersand."""
    _rewrite_sheet(work, lambda xml: xml.replace(b"Kabupaten Bulungan", b"Dinas P&K Bulungan", 1))


def xlsx_sheet_cut_off(work: Path) -> None:
    """The sheet's XML ends in the middle of a row (an interrupted copy or save)."""
    _rewrite_sheet(work, lambda xml: xml[: xml.index(b"K-KES-2") if b"K-KES-2" in xml else len(xml) // 2])


def xlsx_sheet_entity(work: Path) -> None:
    """A sheet declaring an external entity: it must be refused, never fetched or expanded."""
    _rewrite_sheet(work, lambda xml: xml.replace(
        b"?>", b'?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1).replace(
        b"Kabupaten Bulungan", b"&x;", 1))


def xlsx_zip_bomb(work: Path) -> None:
    """A workbook whose sheet claims 4 GB once unzipped (the central directory says so)."""
    xlsx_numbers_as_text(work)
    path = work / "data" / "kasus.xlsx"
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 24:entry + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def xlsx_dates_and_booleans(work: Path) -> None:
    from datetime import date, datetime

    _xlsx(work / "data" / "kasus.xlsx", {"Capaian": [
        list(CAPAIAN_HEADER),
        ["65.01", "Kabupaten Bulungan", date(2025, 1, 1), "K-KES-1", 1200, 1100],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-2", 1000, True],
        ["65.01", "Kabupaten Bulungan", 2025, "K-KES-3", 1e20, datetime(2025, 3, 1)],
    ]})


def output_is_a_file(work: Path) -> None:
    (work / "out.txt").write_text("catatan\n", encoding="utf-8")


def old_output(work: Path) -> None:
    (work / "out").mkdir()
    (work / "out" / "laporan-tahunan-65-2025.docx").write_bytes(b"versi lama")


def old_output_read_only(work: Path) -> None:
    old_output(work)
    (work / "out" / "laporan-tahunan-65-2025.docx").chmod(0o444)


GENERATORS: dict[str, Callable] = {f.__name__: f for f in (
    config_50_mb, logo_outside_project, evidence_outside_project, csv_huge_cell, csv_million_rows, xlsx_merged_header,
    xlsx_header_below_title, xlsx_uncached_formula, xlsx_numbers_as_text, xlsx_hidden_data_sheet,
    xlsx_password_protected, xls_renamed, xlsx_truncated, xlsx_zip_bomb, xlsx_sheet_unescaped_ampersand,
    xlsx_sheet_cut_off, xlsx_sheet_entity, xlsx_dates_and_booleans,
    output_is_a_file, old_output, old_output_read_only)}


# --- simulated machine failures ------------------------------------------------------------------

def _inside(path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def read_only_folder(monkeypatch, work: Path) -> None:
    """``out`` without write permission (a test run as root ignores mode bits, so access says so too)."""
    out = work / "out"
    out.mkdir()
    out.chmod(0o555)
    access = os.access
    monkeypatch.setattr("os.access", lambda path, mode, **kw: access(path, mode, **kw) and not (
        mode & os.W_OK and _inside(path, out)))
    share_refuses_writes(monkeypatch, work)


def share_refuses_writes(monkeypatch, work: Path) -> None:
    """A folder that looks writable but refuses new files (a network share, an ACL)."""
    from spmdocs import fileio

    out = work / "out"
    real, create = tempfile.mkstemp, fileio._create_temporary

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and _inside(dir, out):
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    def create_temporary(target, *args):  # every new file spmdocs writes in a folder starts here
        if _inside(Path(target).parent, out):
            raise PermissionError(errno.EACCES, "Permission denied", str(Path(target).parent))
        return create(target, *args)
    monkeypatch.setattr("tempfile.mkstemp", mkstemp)
    monkeypatch.setattr(fileio, "_create_temporary", create_temporary)


def _full_disk(monkeypatch, work: Path, suffix: str = "") -> None:
    """Writing a file into ``out`` (whose name holds ``suffix``) fails half-way with ENOSPC."""
    from spmdocs import fileio

    real, write_new = Path.write_bytes, fileio._write_new

    def full(path) -> bool:
        return _inside(path, work / "out") and f"{suffix}." in Path(path).name

    def write_bytes(path, data):
        if full(path):
            real(path, data[:len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    def write_through(fd, data, path):  # how publish_files writes a new file
        if full(path):
            os.write(fd, data[:len(data) // 2])
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write_new(fd, data, path)
    monkeypatch.setattr("pathlib.Path.write_bytes", write_bytes)
    monkeypatch.setattr(fileio, "_write_new", write_through)


def full_disk(monkeypatch, work: Path) -> None:
    """Every write into ``out`` fails with ENOSPC."""
    _full_disk(monkeypatch, work)


def full_disk_pdf(monkeypatch, work: Path) -> None:
    """The disk fills up while the PDF is copied, after the DOCX."""
    _full_disk(monkeypatch, work, ".pdf")


def locked_output(monkeypatch, work: Path) -> None:
    """The existing document is open in Word: replacing it fails (Windows sharing violation)."""
    real = os.replace

    def replace(source, target, *args, **kwargs):
        for path in (Path(source), Path(target)):
            if path.exists() and not path.name.startswith(".") and _inside(path, work / "out"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(source, target, *args, **kwargs)
    monkeypatch.setattr("os.replace", replace)


SIMULATIONS: dict[str, Callable] = {f.__name__: f for f in (
    read_only_folder, share_refuses_writes, full_disk, full_disk_pdf, locked_output)}


# --- the project folder and the run --------------------------------------------------------------

@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """A project folder like the repository's: configs/, data/sample/, templates/."""
    root = tmp_path_factory.mktemp("proyek-asli")
    shutil.copytree(REPO / "configs", root / "configs")
    shutil.copytree(REPO / "data" / "sample", root / "data" / "sample")
    (root / "templates").mkdir()
    for path in (REPO / "templates").iterdir():
        if path.suffix in (".docx", ".png"):
            shutil.copyfile(path, root / "templates" / path.name)
    return root


def _config(spec: dict, work: Path) -> None:
    text = (work / "configs" / f"{spec['base']}.yaml").read_text(encoding="utf-8")
    for old, new in spec.get("replace", []):
        assert old in text, f"configs/{spec['base']}.yaml no longer contains {old!r}; update the case"
        text = text.replace(old, new, 1)
    text += spec.get("append", "")
    (work / "configs" / "kasus.yaml").write_text(text, encoding="utf-8")


def _template(spec: dict, work: Path) -> None:
    """templates/kasus.docx: a copy of a template whose XML parts get the spec's replacements."""
    source = work / "templates" / spec.get("base", "laporan-spm.docx")
    edits = spec.get("replace", [])
    with zipfile.ZipFile(source) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(work / "templates" / "kasus.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            for member, old, new in edits:
                if member == info.filename:
                    text = data.decode("utf-8")
                    assert old in text, f"{member} of {source.name} no longer contains {old!r}; update the case"
                    data = text.replace(old, new, 1).encode("utf-8")
            archive.writestr(info, data)


def prepare(case: dict, pristine: Path, tmp_path: Path, request) -> Path:
    """A fresh project folder holding the case's bad input."""
    work = tmp_path / "proyek"
    shutil.copytree(pristine, work)
    for dest, source in case.get("files", {}).items():
        (work / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / source, work / dest)
    if "template" in case:
        _template(case["template"], work)
    if "config" in case:
        _config(case["config"], work)
    if "generate" in case:
        generator = GENERATORS[case["generate"]]
        fixtures = list(inspect.signature(generator).parameters)[1:]  # e.g. the session's million-row file
        generator(work, *(request.getfixturevalue(name) for name in fixtures))
    return work


def args_of(case: dict) -> list[str]:
    args = [str(a) for a in case["args"]]
    if args[0] == "build" and "--out" not in args:
        args += ["--out", "out", "--format", "docx"]
    return args


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file, folder and link under ``folder``: kind, size, modification time, mode and content hash."""
    state = {}
    for path in folder.rglob("*"):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[key] = ("link", os.readlink(path))
        elif path.is_dir():
            state[key] = ("folder", path.stat().st_mode)
        elif path.is_file():
            info = path.stat()
            digest = hashlib.sha1(path.read_bytes()).hexdigest() if info.st_size < 5_000_000 else ""
            state[key] = ("file", info.st_size, info.st_mtime_ns, info.st_mode, digest)
    return state


def check_message(case: dict, output: str) -> None:
    assert "Traceback" not in output
    for fragment in case.get("expect", []):
        assert fragment in output, f"{fragment!r} missing from the message:\n{output}"
    for fragment in case.get("reject", []):
        assert fragment not in output, f"{fragment!r} should not be in the message:\n{output}"
    if case["exit"]:
        assert "galat" in output.lower() or "GAGAL" in output, output
        english = [word for word in ENGLISH if word in output]
        assert not english, f"English or Python text {english} in the message:\n{output}"


def check_files(case: dict, before: dict, after: dict, prefix: str = "proyek/") -> None:
    """Nothing anywhere (the project, its outputs, the folders around it) changed or removed; new
    entries are exactly the files in ``writes`` (a batch writes its good units) and their folders."""
    added = sorted(set(after) - set(before))
    changed = sorted(p for p in set(after) & set(before) if after[p] != before[p] and after[p][0] != "folder")
    removed = sorted(set(before) - set(after))
    assert (changed, removed) == ([], []), f"files changed or removed by the run: {changed, removed}"
    writes = {prefix + w for w in case.get("writes", [])}
    folders = {parent.as_posix() for w in writes for parent in Path(w).parents if parent.as_posix() not in (".", "")}
    assert sorted(p for p in added if after[p][0] != "folder") == sorted(writes), f"unexpected new files: {added}"
    assert {p for p in added if after[p][0] == "folder"} <= folders, f"unexpected new folders: {added}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case, pristine, tmp_path, monkeypatch, request):
    work = prepare(case, pristine, tmp_path, request)
    monkeypatch.chdir(work)
    if "simulate" in case:
        SIMULATIONS[case["simulate"]](monkeypatch, work)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, args_of(case))
    after = snapshot(tmp_path)
    assert result.exit_code == case["exit"], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    check_message(case, result.output)
    check_files(case, before, after)
    check_documents(case, work)
    assert not (work / "DIBOBOL").exists() and not (work.parent / "DIBOBOL").exists()


def check_documents(case: dict, work: Path) -> None:
    """Text the case's data or narrative put in the written documents, shown as typed (escaped)."""
    from docx import Document as open_docx
    from pypdf import PdfReader

    for name in case.get("writes", []):
        path = work / name
        if path.suffix == ".docx":
            word = open_docx(path)
            text = "\n".join(p.text for p in word.paragraphs)
            text += "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
        elif path.suffix == ".pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            continue
        for fragment in case.get("document_text", []):
            assert fragment in " ".join(text.split()), f"{fragment!r} missing from {name}"


SUBPROCESS_CASES = [c for c in CASES if c.get("subprocess")]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c["id"] for c in SUBPROCESS_CASES])
def test_bad_input_in_a_real_process(case, pristine, tmp_path, request):
    work = prepare(case, pristine, tmp_path, request)
    before = snapshot(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "spmdocs", *args_of(case)], cwd=work, capture_output=True,
                         text=True, timeout=120, env=env)
    assert run.returncode == case["exit"], run.stderr
    assert "Traceback" not in run.stderr
    check_message(case, run.stderr)
    check_files(case, before, snapshot(tmp_path))


def test_the_corpus_covers_enough_cases():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 60
    assert all(c["exit"] in (0, 1, 2) for c in CASES)
    assert {c["generate"] for c in CASES if "generate" in c} <= set(GENERATORS)
    assert {c["simulate"] for c in CASES if "simulate" in c} <= set(SIMULATIONS)
