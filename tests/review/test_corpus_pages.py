"""Every document spmdocs builds passes the page review, in the PDF and in Word as LibreOffice
prints it, and both start every chapter and lampiran on the same page."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from pagereview import compare, review


def _report(findings: dict[str, list]) -> str:
    lines = []
    for name, found in findings.items():
        lines.append(f"{name}: {len(found)}")
        lines += [f"    {finding}" for finding in found[:10]]
    return "\n".join(lines)


def _review_all(entries, pdf_of) -> dict[str, list]:
    found = {}
    for entry in entries:
        findings = review(entry.document, pdf_of(entry))
        if findings:
            found[entry.name] = findings
    return found


def test_the_shipped_reports_pass_the_review_in_pdf(corpus_core):
    assert len(corpus_core) == 4
    found = _review_all(corpus_core, lambda entry: entry.pdf)
    assert not found, _report(found)


@pytest.mark.slow
def test_every_document_of_the_corpus_passes_the_review_in_pdf(corpus_all):
    names = {entry.name.split("/")[0] for entry in corpus_all}
    assert {"lampiran-opd", "lampiran-daerah", "kabupaten", "nama-panjang", "opd-uji", "init"} <= names
    found = _review_all(corpus_all, lambda entry: entry.pdf)
    assert not found, _report(found)


@pytest.mark.slow
def test_every_word_file_passes_the_review_as_libreoffice_prints_it(corpus_all, word_renderings):
    found = _review_all(corpus_all, lambda entry: word_renderings[entry.docx])
    assert not found, _report(found)


@pytest.mark.slow
def test_word_and_pdf_have_the_same_pages_and_chapter_starts(corpus_all, word_renderings):
    found = {}
    for entry in corpus_all:
        findings = compare(entry.document, entry.pdf, word_renderings[entry.docx])
        if findings:
            found[entry.name] = findings
    assert not found, _report(found)
    assert all(len(PdfReader(word_renderings[e.docx]).pages) >= 1 for e in corpus_all)
