"""The cover-letter renderer: the template prepared once per process, the bytes docxtpl writes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from docxtpl import DocxTemplate

from spmdocs.errors import TemplateError
from spmdocs.model import Kop, KopLine
from spmdocs.render import Letter
from spmdocs.render import letter as letter_module
from spmdocs.render._ooxml import normalize_zip
from spmdocs.render.docx import kop_context, template_environment
from spmdocs.render.letter import render_letter
from spmdocs.resources import project_folder

SHIPPED = project_folder("templates") / "surat-pengantar.docx"
LOGO = project_folder("templates") / "logo-daerah.png"


def _letter(template, n: int, **extra) -> Letter:
    context = {
        "tempat_tanggal": "Tanjung Selor, 19 Januari 2026", "nomor": f"100.3.4/{n:03d}/SPM/I/2026",
        "sifat": "Biasa", "lampiran": "1 (satu) berkas", "perihal": f"Penyampaian Lampiran {n} & Capaian <SPM>",
        "kepada": f"Kepala Dinas {n}", "di": "Tempat", "isi": [f"Paragraf {n} satu.", "Paragraf dua\nbaris baru."],
        "tembusan": [f"Gubernur {n}"] if n % 2 else [],
        "ttd": {"jabatan": "Sekretaris Daerah", "nama": f"NAMA {n}", "rincian": "NIP 1" if n % 3 else ""},
        **extra,
    }
    kop = Kop(lines=(KopLine("PEMERINTAH PROVINSI", 14, True), KopLine(f"Jalan {n}", 10)),
              logo=LOGO.read_bytes(), logo_aspect=1.2, logo_height_mm=20)
    return Letter(template=template, context=context, title=f"Surat {n}", subject=context["perihal"],
                  author="Pemerintah", created=datetime(2026, 1, 19, 8, 0), kop=kop)


def _plain_docxtpl(letter: Letter) -> bytes:
    """The letter as a fresh DocxTemplate renders and saves it (the reference bytes)."""
    tpl = DocxTemplate(str(letter.template))
    tpl.render({**letter.context, "kop": kop_context(tpl, letter.kop)}, jinja_env=template_environment())
    props = tpl.docx.core_properties
    props.title, props.subject = letter.title, letter.subject
    props.author = props.last_modified_by = letter.author
    props.created = props.modified = letter.created
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_zip(buffer.getvalue(), letter.created)


def test_letters_in_a_row_are_the_bytes_plain_docxtpl_writes(tmp_path):
    template = tmp_path / "surat.docx"
    template.write_bytes(SHIPPED.read_bytes())
    letters = [_letter(template, n) for n in range(1, 6)]
    made = [render_letter(letter) for letter in letters]
    assert len(letter_module._prepared) >= 1
    for letter, data in zip(letters, made):
        assert data == _plain_docxtpl(letter)
    assert len(set(made)) == len(made)
    document = zipfile.ZipFile(io.BytesIO(made[2])).read("word/document.xml").decode()
    assert "Kepala Dinas 3" in document and "&amp; Capaian &lt;SPM&gt;" in document
    assert "Kepala Dinas 1" not in document


def _logo_in_body(target) -> None:
    """The shipped letter with the kop's logo also in the body (many clerks' letterheads are a table there)."""
    edited = io.BytesIO()
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(edited, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                assert b"{{ kepada }}" in data
                data = data.replace(b"{{ kepada }}", b"{{ kepada }}{{ kop.logo }}")
            archive.writestr(item, data)
    target.write_bytes(edited.getvalue())


@pytest.mark.parametrize("logo_in_body", [False, True])
def test_the_same_letter_twice_gives_the_same_bytes(tmp_path, logo_in_body):
    template = tmp_path / "surat.docx"
    _logo_in_body(template) if logo_in_body else template.write_bytes(SHIPPED.read_bytes())
    first = render_letter(_letter(template, 7))
    render_letter(_letter(template, 8))
    assert render_letter(_letter(template, 7)) == first
    assert first == _plain_docxtpl(_letter(template, 7))
    if logo_in_body:
        assert b"<pic:pic" in zipfile.ZipFile(io.BytesIO(first)).read("word/document.xml")


def test_an_edited_template_is_prepared_again(tmp_path):
    import os

    template = tmp_path / "surat.docx"
    template.write_bytes(SHIPPED.read_bytes())
    before = render_letter(_letter(template, 1))
    edited = io.BytesIO()
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ kepada }}", b"Yth. {{ kepada }}")
            target.writestr(item, data)
    template.write_bytes(edited.getvalue())
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = render_letter(_letter(template, 1))
    assert after != before
    assert b"Yth. Kepala Dinas 1" in zipfile.ZipFile(io.BytesIO(after)).read("word/document.xml")


def test_a_field_the_context_lacks_is_a_template_error(tmp_path):
    template = tmp_path / "surat.docx"
    template.write_bytes(SHIPPED.read_bytes())
    letter = _letter(template, 1)
    broken = Letter(**{**vars(letter), "context": {k: v for k, v in letter.context.items() if k != "kepada"}})
    with pytest.raises(TemplateError) as caught:
        render_letter(broken)
    message = caught.value.format_message()
    assert "surat.docx" in message and "kepada" in message


@pytest.mark.parametrize("description", ["Surat {{ nomor }} untuk {{ kepada }}", "Baris satu\nbaris dua", "Polos"])
def test_core_properties_are_filled_as_docxtpl_fills_them(tmp_path, description):
    """A property with Jinja syntax or line ends is rendered; a plain one is kept as it is."""
    template = tmp_path / "surat.docx"
    edited = io.BytesIO()
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(edited, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = data.replace(b"<dc:description></dc:description>",
                                    f"<dc:description>{description}</dc:description>".encode())
            archive.writestr(item, data)
    template.write_bytes(edited.getvalue())
    letters = [_letter(template, n) for n in (1, 2)]
    made = [render_letter(letter) for letter in letters]
    for letter, data in zip(letters, made):
        assert data == _plain_docxtpl(letter)
    core = zipfile.ZipFile(io.BytesIO(made[1])).read("docProps/core.xml").decode()
    if "{{" in description:
        assert "Surat 100.3.4/002/SPM/I/2026 untuk Kepala Dinas 2" in core


def test_a_letter_for_a_very_long_unit_name_is_written(tmp_path):
    """Word keeps 255 characters of a core property; python-docx refuses more, so a 300-character OPD name
    in the title and subject once failed the cover letter."""
    template = tmp_path / "surat.docx"
    template.write_bytes(SHIPPED.read_bytes())
    long_name = "Dinas " + "Pemberdayaan Masyarakat dan Desa " * 9
    base = _letter(template, 1)
    letter = Letter(template=template, context=base.context, title=f"Surat Pengantar Lampiran {long_name}",
                    subject=long_name, author=long_name, created=base.created, kop=base.kop)
    core = zipfile.ZipFile(io.BytesIO(render_letter(letter))).read("docProps/core.xml").decode()
    title = core.split("<dc:title>")[1].split("</dc:title>")[0]
    assert title.startswith("Surat Pengantar Lampiran Dinas Pemberdayaan") and len(title) == 255
