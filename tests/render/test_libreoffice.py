"""Tests for the LibreOffice PDF engine: refreshed Daftar Isi, errors, time limit, parallel runs."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from demo_document import build_demo_document
from spmdocs.errors import RenderError
from spmdocs.render import libreoffice
from spmdocs.render.docx import TOC_PLACEHOLDER, render_docx
from spmdocs.render.libreoffice import convert_to_pdf


def _uno_available() -> bool:
    if shutil.which("soffice") is None:
        return False
    try:
        python = libreoffice.find_uno_python(libreoffice.find_soffice())
    except RenderError:
        return False
    return subprocess.run([str(python), "-I", "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _uno_available(),
                                reason="LibreOffice (soffice) atau python3-uno tidak terpasang")

PAGE_NUMBER = re.compile(r"^- (\w+) -$")
TOC_LINE = re.compile(r"^(?P<text>.+?)\s*(?:\.\s*){3,}(?P<label>\w+)$")


def page_texts(reader: PdfReader) -> list[list[str]]:
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in reader.pages]


def printed_label(lines: list[str]) -> str | None:
    """The page number printed at the top of a page ("- 3 -" gives "3")."""
    match = PAGE_NUMBER.match(lines[0]) if lines else None
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, Path, bytes]:
    """The demo document rendered to .docx and converted once: (docx, pdf, docx bytes before)."""
    folder = tmp_path_factory.mktemp("lo")
    docx = render_docx(build_demo_document(), folder / "laporan.docx")
    before = docx.read_bytes()
    pdf = convert_to_pdf(docx, folder / "laporan.pdf")
    return docx, pdf, before


def test_toc_lists_every_heading_with_the_page_it_is_printed_on(converted):
    _, pdf, _ = converted
    pages = page_texts(PdfReader(pdf))
    toc_index = next(i for i, lines in enumerate(pages) if "DAFTAR ISI" in lines)
    entries = {}
    for line in pages[toc_index]:
        match = TOC_LINE.match(line)
        if match:
            entries[match.group("text")] = match.group("label")
    expected = [h for h in build_demo_document().headings() if h.in_toc and h.level <= 2]
    assert list(entries) == [h.toc_text for h in expected]
    for heading in expected:
        found = [i for i, lines in enumerate(pages)
                 if i != toc_index and heading.toc_text in " ".join(lines)]
        assert found, heading.toc_text
        assert entries[heading.toc_text] == printed_label(pages[found[0]]), heading.toc_text
    assert entries["KATA PENGANTAR"] == "i"
    assert entries["BAB I PENDAHULUAN"] == "1"
    assert all("Perbarui Bidang" not in " ".join(lines) for lines in pages)


def test_pdf_is_stamped_from_the_docx_and_valid(converted):
    _, pdf, _ = converted
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info.title == "Laporan Penerapan SPM Tahun 2025"
    assert info.author == "Pemerintah Provinsi Kalimantan Utara"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260119090000Z"
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]
    assert [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages][-2:] == [True, True]
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


def test_refreshed_docx_carries_the_toc_entries_and_original_properties(converted):
    docx, _, before = converted
    with zipfile.ZipFile(docx) as refreshed, zipfile.ZipFile(io.BytesIO(before)) as old:
        body = refreshed.read("word/document.xml").decode()
        assert refreshed.read("docProps/core.xml") == old.read("docProps/core.xml")
    text = re.sub(r"<[^>]+>", "", re.sub(r"<w:tab/>", "\t", body))
    assert TOC_PLACEHOLDER not in text
    assert "BAB I PENDAHULUAN\t1" in text
    assert "__RefHeading___Toc" in body  # the entries link to their headings


def _convert_copy(source: Path, target_dir: Path, refresh_docx: bool) -> tuple[bytes, bytes]:
    """Convert a copy of ``source`` in ``target_dir`` (run in a worker process)."""
    target_dir.mkdir()
    docx = target_dir / "laporan.docx"
    shutil.copyfile(source, docx)
    pdf = convert_to_pdf(docx, target_dir / "laporan.pdf", refresh_docx=refresh_docx)
    return pdf.read_bytes(), docx.read_bytes()


def test_two_processes_convert_at_once_with_identical_bytes(tmp_path, demo_document):
    source = render_docx(demo_document, tmp_path / "sumber.docx")
    original = source.read_bytes()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        first = pool.submit(_convert_copy, source, tmp_path / "a", True)
        second = pool.submit(_convert_copy, source, tmp_path / "b", False)
        (pdf_a, docx_a), (pdf_b, docx_b) = first.result(), second.result()
    assert pdf_a == pdf_b  # same .docx, same PDF bytes
    assert pdf_a.startswith(b"%PDF-")
    assert docx_b == original  # refresh_docx=False leaves the Word file alone
    assert docx_a != original
    assert not list(tmp_path.glob("*/.*.tmp"))


def test_missing_soffice_names_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    docx = render_docx(build_demo_document(), tmp_path / "laporan.docx")
    with pytest.raises(RenderError) as caught:
        convert_to_pdf(docx, tmp_path / "laporan.pdf")
    message = caught.value.format_message()
    assert "LibreOffice (perintah 'soffice') tidak ditemukan" in message
    assert "libreoffice-writer-nogui" in message
    assert caught.value.exit_code == 1
    assert not (tmp_path / "laporan.pdf").exists()


def test_python_without_uno_names_python3_uno(tmp_path, monkeypatch):
    python = tmp_path / "python3"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')  # -S: no site-packages
    python.chmod(0o755)
    monkeypatch.setattr(libreoffice, "find_uno_python", lambda soffice: python)
    docx = render_docx(build_demo_document(), tmp_path / "laporan.docx")
    with pytest.raises(RenderError, match="python3-uno") as caught:
        convert_to_pdf(docx, tmp_path / "laporan.pdf")
    assert "Jembatan UNO LibreOffice tidak tersedia" in caught.value.format_message()
    assert not (tmp_path / "laporan.pdf").exists()


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_timeout_kills_libreoffice_and_cleans_up(tmp_path, monkeypatch):
    work = tmp_path / "kerja"
    work.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(work))
    docx = render_docx(build_demo_document(), tmp_path / "laporan.docx")
    before = docx.read_bytes()
    with pytest.raises(RenderError) as caught:
        convert_to_pdf(docx, tmp_path / "laporan.pdf", timeout=0.3)
    message = caught.value.format_message()
    assert "batas waktu 0,30 detik" in message and "laporan.docx" in message
    assert not (tmp_path / "laporan.pdf").exists()
    assert docx.read_bytes() == before
    assert list(work.iterdir()) == []  # the private profile is gone
    assert _processes_mentioning(str(work)) == []  # and so is every LibreOffice process


def test_timeout_kills_everything_libreoffice_started(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n/bin/sh -c 'sleep 600; :' \"$0-anak\" &\nexec sleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    docx = render_docx(build_demo_document(), tmp_path / "laporan.docx")
    started = time.monotonic()
    with pytest.raises(RenderError, match="batas waktu"):
        convert_to_pdf(docx, tmp_path / "laporan.pdf", timeout=1)
    assert time.monotonic() - started < 10
    assert _processes_mentioning(f"{fake}-anak") == []


def test_not_a_docx_is_a_render_error_naming_the_file(tmp_path):
    broken = tmp_path / "rusak.docx"
    broken.write_text("bukan dokumen")
    with pytest.raises(RenderError, match="rusak.docx"):
        convert_to_pdf(broken, tmp_path / "rusak.pdf")
    assert os.listdir(tmp_path) == ["rusak.docx"]
