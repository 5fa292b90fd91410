"""Generated families of hostile inputs, run through the real command line like the corpus.

Each family is generated over every place it can enter (every pattern key, every template part,
every sandbox construct …), and each case is checked as tests/test_bad_inputs.py checks its
corpus: exit code, an Indonesian message naming where, no traceback or English, and nothing
new, changed or deleted anywhere around the run.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from xml.sax.saxutils import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from spmdocs.cli import main
from tests.test_bad_inputs import ENGLISH, check_files, pristine, snapshot  # noqa: F401 - pristine is a fixture

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def work(pristine, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "proyek"
    shutil.copytree(pristine, folder)
    monkeypatch.chdir(folder)
    return folder


def run(work: Path, args: list[str], exit_code: int, expect: list[str], writes: tuple[str, ...] = ()) -> str:
    before = snapshot(work.parent)
    result = CliRunner().invoke(main, args)
    after = snapshot(work.parent)
    output = result.output
    assert result.exit_code == exit_code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in output
    for fragment in expect:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    if exit_code:
        english = [word for word in ENGLISH if word in output]
        assert not english, f"English text {english} in:\n{output}"
    check_files({"writes": list(writes)}, before, after)
    return output


def config(work: Path, base: str, replace: list[tuple[str, str]] = (), append: str = "") -> str:
    text = (work / "configs" / f"{base}.yaml").read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    (work / "configs" / "kasus.yaml").write_text(text + append, encoding="utf-8")
    return "configs/kasus.yaml"


# --- patterns reach no Python internals, in every pattern key -------------------------------------

HOSTILE_PATTERNS = ["{tahun.__class__.__mro__}", "{tahun.__class__}", "{unit[0]}", "{unit!r}", "{tahun:>1000000000}",
                    "{tahun:{urut}}", "{0}", "{}", "{__import__}", "{tahun.real}", "{daerah.upper}",
                    "{tahun:,>999}", "{unit:.1000000000}", "{kode_wilayah.__len__}"]

PATTERN_KEYS = [
    ("laporan-tahunan", "keluaran.nama_berkas", [], "\nkeluaran:\n  nama_berkas: \"{p}\"\n"),
    ("lampiran-opd", "keluaran.nama_berkas", [('  nama_berkas: "lampiran-{kode_wilayah}-{unit}-{tahun}"',
                                               '  nama_berkas: "{p}"')], ""),
    ("lampiran-opd", "keluaran.gabungan", [('  gabungan: "lampiran-opd-gabungan-{tahun}"', '  gabungan: "{p}"')], ""),
    ("lampiran-opd", "lampiran.judul", [("  urutan: 1\n", "  urutan: 1\n  judul: \"{p}\"\n")], ""),
    ("lampiran-opd", "penandatangan.jabatan", [("  jabatan: Kepala {unit} {daerah}", "  jabatan: \"{p}\"")], ""),
    ("lampiran-opd", "penandatangan.nama", [("  nama: NAMA KEPALA OPD", "  nama: \"{p}\"")], ""),
    ("lampiran-opd", "surat_pengantar.perihal", [("  perihal: Penyampaian Lampiran Capaian SPM Tahun {tahun}",
                                                  "  perihal: \"{p}\"")], ""),
    ("lampiran-opd", "surat_pengantar.kepada", [("  kepada: Kepala {unit} {daerah}", "  kepada: \"{p}\"")], ""),
    ("lampiran-opd", "surat_pengantar.nomor", [('  nomor: "100.3.4/{urut:03d}/SPM/I/2026"', '  nomor: "{p}"')], ""),
    ("lampiran-opd", "surat_pengantar.lampiran", [("  lampiran: 1 (satu) berkas", "  lampiran: \"{p}\"")], ""),
]


@pytest.mark.parametrize("pattern", HOSTILE_PATTERNS)
@pytest.mark.parametrize("base,key,replace,append", PATTERN_KEYS, ids=[f"{b}:{k}" for b, k, _, _ in PATTERN_KEYS])
def test_no_pattern_key_reaches_python_internals(work, base, key, replace, append, pattern):
    path = config(work, base, [(old, new.replace("{p}", pattern)) for old, new in replace],
                  append.replace("{p}", pattern))
    command = "batch" if base == "lampiran-opd" else "build"
    output = run(work, [command, path, "--out", "out", "--format", "docx"], 2, ["kasus.yaml", f"kunci '{key}'", "penanda"])
    assert "class" not in output.replace(pattern, "") and "mro" not in output.replace(pattern, "")


# --- texts bounded, page geometry sensible, one page-number slot --------------------------------

CONFIG_FAULTS = [
    ("judul-1-mb", [("judul: Laporan Penerapan Standar Pelayanan Minimal", "judul: " + "Laporan SPM " * 90_000)],
     ["kunci 'judul'", "teks terlalu panjang", "paling banyak 1000"]),
    ("jabatan-panjang", [("  jabatan: Gubernur Kalimantan Utara", "  jabatan: " + "Gubernur " * 500)],
     ["kunci 'penandatangan.jabatan'", "teks terlalu panjang"]),
    ("alamat-panjang", [("    - Jalan Kolonel", "    - " + "Jalan " * 400 + "Kolonel")],
     ["kunci 'kop.alamat'", "teks terlalu panjang"]),
    ("narasi-panjang", [("  kebijakan_umum: |\n", "  kebijakan_umum: |\n    " + "kata " * 5000 + "\n")],
     ["kunci 'narasi.kebijakan_umum'", "paling banyak 20000"]),
    ("margin-kiri-kanan", [("tata_letak: tnd-f4", "tata_letak: {margin_mm: {kiri: 100, kanan: 100}}")],
     ["kunci 'tata_letak'", "margin kiri dan kanan terlalu lebar"]),
    ("margin-atas-bawah", [("tata_letak: tnd-f4", "tata_letak: {kertas: A4, margin_mm: {atas: 100, bawah: 100}}")],
     ["kunci 'tata_letak'", "margin atas dan bawah terlalu lebar"]),
    ("nomor-halaman-dua", [("tata_letak: tnd-f4", "tata_letak: {format_nomor_halaman: '{} dari {}'}")],
     ["kunci 'tata_letak.format_nomor_halaman'", "tepat satu {}"]),
    ("nomor-halaman-campur", [("tata_letak: tnd-f4", "tata_letak: {format_nomor_halaman: '{} {0}'}")],
     ["kunci 'tata_letak.format_nomor_halaman'", "tepat satu {}"]),
    ("nomor-halaman-bernama", [("tata_letak: tnd-f4", "tata_letak: {format_nomor_halaman: 'Hal. {halaman}'}")],
     ["kunci 'tata_letak.format_nomor_halaman'", "tepat satu {}"]),
    ("karakter-kendali", [("  nama: NAMA GUBERNUR", "  nama: \"NAMA\\x1bGUBERNUR\"")],
     ["kunci 'penandatangan.nama'", "U+001B"]),
    ("spasi-lebar-nol", [("tempat: Tanjung Selor", "tempat: \"Tanjung\\u200bSelor\"")],
     ["kunci 'tempat'", "U+200B"]),
    ("daftar-jadi-tuple", [("  peraturan: otomatis ", "  bobot: [0.8]\n  peraturan: otomatis ")],
     ["kunci 'aturan_penilaian.bobot'"]),
    ("nama-berkas-255", [("  logo: ../templates/logo-daerah.png", "  logo: ../templates/" + "logo" * 70 + ".png")],
     ["kunci 'kop.logo'", "terlalu panjang", "255 bita"]),
]


@pytest.mark.parametrize("name,replace,expect", CONFIG_FAULTS, ids=[c[0] for c in CONFIG_FAULTS])
def test_config_faults_are_located(work, name, replace, expect):
    output = run(work, ["build", config(work, "laporan-tahunan", replace), "--out", "out"], 2, expect)
    assert "Input should" not in output and "valid tuple" not in output


def test_every_pydantic_error_type_has_an_indonesian_text():
    """Every error type pydantic-core defines gets our text, never pydantic's English ``msg``."""
    from pydantic_core import ErrorTypeInfo  # noqa: F401  (the typed dict the list is made of)
    from pydantic_core.core_schema import ErrorType
    from typing import get_args

    from spmdocs.config.base import pydantic_message

    for kind in get_args(ErrorType):
        message = pydantic_message({"type": kind, "msg": "Input should be English", "ctx": {}, "input": "x"})
        assert "Input should" not in message and message, kind


# --- the narrative sandbox bounds every construct -------------------------------------------------

NARRATIVES = [
    "{{ 'x'|center(1000000000) }}", "{{ 'x'.ljust(10**9) }}", "{{ '%1000000000d'|format(1) }}",
    "{{ '{:>1000000000}'.format(1) }}", "{{ 1000000000000|romawi }}", "{{ lipsum(100000) }}",
    "{{ range(10**9)|list|length }}", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{% set ns = namespace(x=3) %}{% for i in range(200) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{{ (10**100)**100 }}", "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
    "{{ ('x' * 1000)|replace('x', 'y' * 1000) }}", "{{ 'a b'|wordwrap(10**9) }}", "{% include 'rahasia' %}",
    "{{ ('a\\n' * 1000)|indent(1000) }}", "{{ '%*d' % (1000000000, 1) }}",
]


NARRATIVE_LINE = "    Kebijakan umum penerapan SPM {{ daerah.nama }}"


@pytest.mark.parametrize("text", NARRATIVES)
def test_narrative_constructs_are_bounded(work, text):
    path = config(work, "laporan-tahunan", [(NARRATIVE_LINE, f"    {text} {NARRATIVE_LINE.strip()}")])
    run(work, ["build", path, "--out", "out"], 2, ["kunci 'narasi.kebijakan_umum'", "templat narasi"])


def test_a_loop_that_calls_nothing_is_stopped_by_the_deadline(work, monkeypatch):
    monkeypatch.setattr("spmdocs.sandbox.BoundedSandbox.render_seconds", 0.5)
    text = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    path = config(work, "laporan-tahunan", [(NARRATIVE_LINE, f"    {text} {NARRATIVE_LINE.strip()}")])
    run(work, ["build", path, "--out", "out"], 2, ["kunci 'narasi.kebijakan_umum'", "terlalu lama"])


# --- dangerous parts of Word templates, in the report and the cover letter -----------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIELD_RUNS = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _edit_docx(source: Path, target: Path, edits: dict[str, tuple[str, str]], extra: dict[str, bytes] = {}) -> None:
    with zipfile.ZipFile(source) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            if name in edits:
                old, new = edits[name]
                text = data.decode("utf-8")
                assert old in text, (name, old)
                data = text.replace(old, new, 1).encode("utf-8")
            archive.writestr(name, data)
        for name, data in extra.items():
            archive.writestr(name, data)


def _part_with_body(source: Path, prefer: str) -> str:
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
    return prefer if prefer in names else "word/document.xml"


DANGERS = [
    ("ddeauto", "field", 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"', "DDEAUTO"),
    ("dde", "field", 'DDE "c:\\\\x.exe"', "DDE"),
    ("includetext", "field", 'INCLUDETEXT "C:\\\\rahasia.docx"', "INCLUDETEXT"),
    ("includepicture", "field", 'INCLUDEPICTURE "http://contoh.invalid/a.png" \\\\d', "INCLUDEPICTURE"),
    ("link", "field", 'LINK Excel.Sheet.12 "C:\\\\data.xlsx" "Sheet1!R1C1"', "LINK"),
    ("import", "field", 'IMPORT "C:\\\\a.wmf"', "IMPORT"),
    ("fldsimple", "simple", 'INCLUDETEXT "C:\\\\a.txt"', "INCLUDETEXT"),
    ("header-field", "header", 'DDEAUTO cmd "/c x"', "DDEAUTO"),
    ("attached-template", "rel", "attachedTemplate", "attachedTemplate"),
    ("external-frame", "rel", "frame", "ditautkan ke luar dokumen"),
    ("external-oleobject", "rel", "oleObject", "ditautkan ke luar dokumen"),
    ("vba", "part", "word/vbaProject.bin", "makro"),
    ("activex", "part", "word/activeX/activeX1.xml", "ActiveX"),
    ("ole-embedded", "part", "word/embeddings/oleObject1.bin", "objek OLE"),
]


def _dangerous_template(work: Path, base: str, kind: str, payload: str) -> Path:
    source = work / "templates" / base
    target = work / "templates" / "kasus.docx"
    if kind in ("field", "simple"):
        run_xml = (FIELD_RUNS.format(code=payload) if kind == "field"
                   else f'<w:fldSimple w:instr="{payload.replace(chr(34), "&quot;")}"><w:r><w:t>x</w:t></w:r></w:fldSimple>')
        _edit_docx(source, target, {"word/document.xml": ("<w:body>", f"<w:body><w:p>{run_xml}</w:p>")})
    elif kind == "header":
        with zipfile.ZipFile(source) as archive:
            header = next(n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
            text = archive.read(header).decode()
        closing = text.rindex("</w:hdr>" if "</w:hdr>" in text else "</w:ftr>")
        _edit_docx(source, target, {header: (text[closing:], f"<w:p>{FIELD_RUNS.format(code=payload)}</w:p>"
                                            + text[closing:])})
    elif kind == "rel":
        rel = (f'<Relationship Id="rId990" Type="{REL}/{payload}" Target="file:///C:/templat/normal.dotm" '
               'TargetMode="External"/></Relationships>')
        rels = "word/_rels/settings.xml.rels" if payload == "attachedTemplate" else "word/_rels/document.xml.rels"
        with zipfile.ZipFile(source) as archive:
            present = rels in archive.namelist()
        if present:
            _edit_docx(source, target, {rels: ("</Relationships>", rel)})
        else:
            _edit_docx(source, target, {}, {rels: (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                                                   f'openxmlformats.org/package/2006/relationships">{rel}').encode()})
    else:
        _edit_docx(source, target, {}, {payload: b"\xd0\xcf\x11\xe0 isi biner"})
    return target


@pytest.mark.parametrize("name,kind,payload,expect", DANGERS, ids=[d[0] for d in DANGERS])
def test_dangerous_parts_of_the_report_template_are_refused(work, name, kind, payload, expect):
    _dangerous_template(work, "laporan-spm.docx", kind, payload)
    path = config(work, "laporan-tahunan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx")])
    run(work, ["build", path, "--out", "out", "--format", "docx,pdf"], 2, ["kasus.docx", "bagian word/", expect])


@pytest.mark.parametrize("name,kind,payload,expect", DANGERS[::3], ids=[d[0] for d in DANGERS[::3]])
def test_dangerous_parts_of_the_cover_letter_template_are_refused(work, name, kind, payload, expect):
    _dangerous_template(work, "surat-pengantar.docx", kind, payload)
    path = config(work, "lampiran-opd", [("templat: ../templates/surat-pengantar.docx", "templat: ../templates/kasus.docx"),
                                         ("cakupan: dengan_kabupaten_kota", "cakupan: daerah_ini")])
    output = run(work, ["batch", path, "--out", "out", "--format", "docx", "--jobs", "1", "--quiet"], 1,
                 ["kasus.docx", expect], writes=("out/manifest.csv", "out/manifest.json"))
    assert "berhasil" not in output.split("GAGAL", 1)[0]


REACHES = [
    "{{ kop.logo.tpl.save('../../di-luar.docx') }}",  # docxtpl's picture carries its whole template
    "{{ kop.logo.tpl.docx.part.package }}",
    "{{ kop.logo.image_descriptor.getvalue() }}",
    "{{ kop.baris[0].xml }}",  # a formatted kop line is printed, not opened
    "{{ ('x'.encode() * 100000000)|length }}",  # bytes are not bounded like texts: none at all
]


@pytest.mark.parametrize("payload", REACHES)
def test_a_template_field_holding_an_object_is_printed_never_opened(work, payload):
    # In the kop's header, where the fields hold the real picture and lines (the template check
    # before it fills every part with stand-ins).
    _edit_docx(work / "templates" / "laporan-spm.docx", work / "templates" / "kasus.docx",
               {"word/header1.xml": ("<w:t>{{ kop.logo }}</w:t>", f"<w:t>{escape(payload)}{{{{ kop.logo }}}}</w:t>")})
    path = config(work, "laporan-triwulan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx")])
    run(work, ["build", path, "--out", "out"], 2, ["kasus.docx", "bagian word/header1.xml", "diblokir"])
    assert not (work.parent / "di-luar.docx").exists()


def test_a_template_part_that_is_not_xml_is_named(work):
    _edit_docx(work / "templates" / "laporan-spm.docx", work / "templates" / "kasus.docx",
               {"word/document.xml": ("<w:body>", "<w:body><w:p><w:r><w:t>a < b</w:t></w:r></w:p>")})
    path = config(work, "laporan-tahunan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx")])
    run(work, ["build", path, "--out", "out"], 2, ["kasus.docx", "bagian word/document.xml", "XML"])


def test_safe_fields_and_web_links_are_kept(work):
    _edit_docx(work / "templates" / "laporan-spm.docx", work / "templates" / "kasus.docx",
               {"word/document.xml": ("<w:body>", "<w:body><w:p>" + FIELD_RUNS.format(code="PAGE \\* MERGEFORMAT")
                                      + FIELD_RUNS.format(code='HYPERLINK "https://spm.kemendagri.go.id"') + "</w:p>")})
    path = config(work, "laporan-tahunan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx")])
    run(work, ["build", path, "--out", "out"], 0, [], writes=("out/laporan-tahunan-65-2025.docx",))


# --- compressed bombs below any file-size guard ---------------------------------------------------

def _bomb(path: Path, member: str, size: int) -> None:
    """A ZIP package whose ``member`` really inflates to ``size`` bytes (deflate of one repeated byte)."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(member, "w", force_zip64=True) as stream:
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                stream.write(block)


def test_a_workbook_bomb_is_refused_before_parsing(work):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["kode_wilayah", "daerah", "tahun", "kode_layanan", "sasaran", "terlayani"])
    book.save(work / "data" / "kasus.xlsx")
    _bomb(work / "data" / "kasus.xlsx", "xl/media/isian.xml", 260 << 20)
    assert (work / "data" / "kasus.xlsx").stat().st_size < 2 << 20
    run(work, ["validate", "data/kasus.xlsx"], 2, ["kasus.xlsx", "terlalu besar setelah dibuka"])


def test_a_template_bomb_is_refused_before_parsing(work):
    shutil.copyfile(work / "templates" / "laporan-spm.docx", work / "templates" / "kasus.docx")
    _bomb(work / "templates" / "kasus.docx", "word/media/isian.bin", 40 << 20)
    path = config(work, "laporan-tahunan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx")])
    run(work, ["build", path, "--out", "out"], 2, ["kasus.docx", "bom kompresi", "word/media/isian.bin"])


# --- inputs that are not files, logos and evidence that would crash ------------------------------

@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_devices_and_pipes_are_not_read_as_data(work, special):
    path = special
    if special == "fifo":
        path = str(work / "data" / "pipa.csv")
        os.mkfifo(path)
    output = run(work, ["validate", path], 2, ["bukan berkas biasa"])
    assert "berkas" in output


def _logo_config(work: Path, name: str) -> str:
    return config(work, "laporan-tahunan", [("logo: ../templates/logo-daerah.png", f"logo: ../templates/{name}")])


def test_a_cmyk_logo_is_refused_clearly(work):
    from PIL import Image

    Image.new("CMYK", (64, 64), (0, 60, 100, 0)).save(work / "templates" / "cmyk.jpg")
    run(work, ["build", _logo_config(work, "cmyk.jpg"), "--out", "out"], 2, ["kunci 'kop.logo'", "CMYK", "RGB"])


def test_a_png_with_valid_crcs_and_broken_pixels_is_refused(work):
    import struct
    import zlib

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 10, 10)).save(buffer, "PNG")
    raw = buffer.getvalue()
    start = raw.index(b"IDAT") - 4
    length = struct.unpack(">I", raw[start:start + 4])[0]
    bad = zlib.compress(b"\x07" * 50)
    chunk = struct.pack(">I", len(bad)) + b"IDAT" + bad + struct.pack(">I", zlib.crc32(b"IDAT" + bad))
    (work / "templates" / "rusak.png").write_bytes(raw[:start] + chunk + raw[start + 12 + length:])
    run(work, ["build", _logo_config(work, "rusak.png"), "--out", "out"], 2, ["kunci 'kop.logo'", "rusak"])


def test_an_aes_encrypted_evidence_pdf_is_a_warning_not_a_crash(work):
    import subprocess

    bukti = work / "data" / "sample" / "bukti"
    subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", str(bukti / "rekap-pelaporan-e-spm-2025.pdf"),
                    str(bukti / "terkunci.pdf")], check=True)
    path = config(work, "spm-award", [("rekap-pelaporan-e-spm-2025.pdf", "terkunci.pdf")])
    run(work, ["build", path, "--out", "out", "--format", "pdf"], 0, ["terkunci.pdf", "terenkripsi"],
        writes=("out/spm-award-65-2025.pdf",))


# --- publishing: both formats or neither, stale temporary files cleaned ---------------------------

def test_an_old_pdf_that_cannot_be_replaced_keeps_the_old_docx_too(work, monkeypatch):
    out = work / "out"
    out.mkdir()
    (out / "laporan-tahunan-65-2025.docx").write_bytes(b"docx lama")
    (out / "laporan-tahunan-65-2025.pdf").write_bytes(b"pdf lama, dibuka di penampil PDF")
    real = os.replace

    def replace(source, target, *args, **kwargs):
        if Path(source).name == "laporan-tahunan-65-2025.pdf":
            raise PermissionError(13, "Permission denied", str(source))
        return real(source, target, *args, **kwargs)
    monkeypatch.setattr("os.replace", replace)
    output = run(work, ["build", "configs/laporan-tahunan.yaml", "--out", "out", "--format", "docx,pdf"], 1,
                 ["out/laporan-tahunan-65-2025.pdf", "tidak ada berkas yang diubah"])
    assert ".spmdocs-" not in output
    assert (out / "laporan-tahunan-65-2025.docx").read_bytes() == b"docx lama"


def test_a_later_build_removes_temporary_files_of_killed_builds_only(work):
    out = work / "out"
    out.mkdir()
    dead = out / ".spmdocs-999999999-laporan-tahunan-65-2025.docx.abc123.tmp"
    live = out / f".spmdocs-{os.getppid()}-laporan-tahunan-65-2025.docx.def456.tmp"
    dead.write_bytes(b"sisa proses yang dimatikan")
    live.write_bytes(b"proses lain yang masih berjalan")
    result = CliRunner().invoke(main, ["build", "configs/laporan-tahunan.yaml", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert not dead.exists() and live.exists()


# --- worksheets: stray cells, merged ranges, sheet names, invisible characters --------------------

HEADER = ["kode_wilayah", "daerah", "tahun", "kode_layanan", "sasaran", "terlayani"]


def _workbook(path: Path, rows: list[list], title: str = "Capaian", merged: tuple[str, ...] = (),
              cells: dict[str, object] = {}, extra_sheets: dict[str, list[list]] = {}) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, value in cells.items():
        sheet[ref] = value
    for ref in merged:
        sheet.merge_cells(ref)
    for name, other in extra_sheets.items():
        extra = book.create_sheet(name)
        for row in other:
            extra.append(row)
    book.save(path)


def test_a_stray_cell_at_the_last_cell_of_excel_is_read_within_bounds(work):
    import resource

    _workbook(work / "data" / "kasus.xlsx", [HEADER, ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100]],
              cells={"XFD1048576": "catatan"})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run(work, ["validate", "data/kasus.xlsx"], 0, ["Data valid: 1 baris"])
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300_000  # KB: far below the 24 GB grid


def test_cells_merged_down_over_several_rows_are_valid(work):
    rows = [HEADER] + [["65.01", "Kabupaten Bulungan" if i == 0 else None, 2025, f"K-KES-{i + 1}", 100 + i, 90]
                       for i in range(4)]
    _workbook(work / "data" / "kasus.xlsx", rows, merged=("B2:B5", "C2:C5"))
    run(work, ["validate", "data/kasus.xlsx"], 0, ["Data valid: 4 baris"])


def test_a_sheet_named_with_a_hash_is_found(work):
    _workbook(work / "data" / "kasus.xlsx", [HEADER, ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100]],
              title="Rekap#2025")
    run(work, ["validate", "data/kasus.xlsx#Rekap#2025"], 0, ["Data valid: 1 baris"])


def test_data_on_another_sheet_gets_a_lembar_hint(work):
    _workbook(work / "data" / "kasus.xlsx", [["Petunjuk pengisian"]], title="Petunjuk",
              extra_sheets={"Data 2025": [HEADER, ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100]]})
    run(work, ["validate", "data/kasus.xlsx"], 2, ["lembar 'Petunjuk'", "--lembar \"Data 2025\""])


@pytest.mark.parametrize("char", ["\u200b", "\u200e", "\ufeff", "\u2060", "\u00ad"])
def test_an_invisible_character_in_a_cell_is_named(work, char):
    _workbook(work / "data" / "kasus.xlsx", [HEADER, ["65.01", "Kabupaten Bulungan", 2025, f"K-KES-1{char}", 1200, 1100]])
    run(work, ["validate", "data/kasus.xlsx"], 0, ["Data valid: 1 baris", f"U+{ord(char):04X}", "kolom 'kode_layanan'"])


def test_openpyxl_warnings_stay_off_stderr(work):
    import subprocess
    import sys

    _workbook(work / "data" / "kasus.xlsx", [HEADER, ["65.01", "Kabupaten Bulungan", 2025, "K-KES-1", 1200, 1100]])
    path = work / "data" / "kasus.xlsx"
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</worksheet>", '<dataValidations count="1"><dataValidation type="list" sqref="A2"><formula1>"a,b"'
        '</formula1></dataValidation></dataValidations><extLst><ext uri="{ABCDEF}"/></extLst></worksheet>').encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    run_ = subprocess.run([sys.executable, "-m", "spmdocs", "validate", str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run_.returncode == 0, run_.stderr
    assert "Warning" not in run_.stderr and "warn" not in run_.stderr.lower()


# --- CSV formula injection -----------------------------------------------------------------------

@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_score_csv_writes_formula_like_names_as_text(work, start):
    import csv

    name = f"{start}HYPERLINK(\"http://contoh.invalid\",\"klik\")"
    lines = (work / "data" / "sample" / "capaian-2025.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("daerah")
    rows = [line.split(",") for line in lines[1:] if line.startswith("65.01,")]
    for row in rows:
        row[column] = name.replace(",", ";")
    (work / "data" / "kasus.csv").write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n",
                                             encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "data/kasus.csv", "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    names = {row[1] for row in table[1:]}
    assert names and all(n.startswith("'") for n in names), names


def test_a_signature_field_that_breaks_the_xml_is_named_not_written(work):
    """``|safe`` lets a '<' through: the filled signature block is checked as XML, the document is not written."""
    _edit_docx(work / "templates" / "laporan-spm.docx", work / "templates" / "kasus.docx",
               {"word/document.xml": ("{{ ttd.nama }}", "{{ ttd.nama|safe }}")})
    path = config(work, "laporan-tahunan", [("templat_word: ../templates/laporan-spm.docx",
                                             "templat_word: ../templates/kasus.docx"),
                                            ("nama: NAMA GUBERNUR", "nama: A <B")])
    run(work, ["build", path, "--out", "out"], 2, ["kasus.docx", "blok penandatanganan", "|safe"])
    assert not (work / "out").exists() or not any((work / "out").iterdir())


# --- an output never replaces an input ------------------------------------------------------------

def test_a_build_whose_output_would_replace_its_template_is_refused(work):
    path = config(work, "laporan-tahunan", append="keluaran:\n  nama_berkas: laporan-spm\n")
    run(work, ["build", path, "--out", "templates"], 2, ["kunci 'templat_word'", "menimpa berkas masukan",
                                                          "laporan-spm.docx"])


def test_a_batch_whose_manifest_or_unit_file_would_replace_its_data_is_refused(work):
    shutil.copyfile(work / "data" / "sample" / "capaian-2025.csv", work / "data" / "manifest.csv")
    path = config(work, "lampiran-opd", [("capaian: ../data/sample/capaian-2025.csv", "capaian: ../data/manifest.csv")])
    run(work, ["batch", path, "--out", "data", "--jobs", "1", "--quiet"], 2, ["kunci 'data.capaian'", "menimpa"])
    shutil.copyfile(work / "data" / "sample" / "capaian-2025.csv",
                    work / "data" / "lampiran-65-Dinas Kesehatan-2025.csv")
    path = config(work, "lampiran-opd", [("capaian: ../data/sample/capaian-2025.csv",
                                          "capaian: ../data/lampiran-65-Dinas Kesehatan-2025.csv")])
    run(work, ["batch", path, "--out", "data", "--jobs", "1", "--quiet"], 2, ["kunci 'data.capaian'", "menimpa"])
