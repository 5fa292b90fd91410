"""Fixtures of the page review: the corpus of built documents and their Word renderings.

``corpus_core`` (the four shipped single-document reports) is built for every test run;
``corpus_all`` adds the shipped batches and the data shapes of issue 10 (a kabupaten from its own
data, long names, an OPD with 1 and one with 108 data rows, an ``spmdocs init`` folder filled in)
and is only used by tests marked ``slow``, as is LibreOffice's rendering of the Word files.
"""

from __future__ import annotations

import shutil

import pytest

from corpus import SHIPPED, build_corpus, word_pdfs


def _build(tmp_path_factory, name: str, only):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return build_corpus(tmp_path_factory.mktemp(name), monkeypatch, only)


@pytest.fixture(scope="session")
def corpus_core(tmp_path_factory):
    return _build(tmp_path_factory, "korpus-inti", SHIPPED)


@pytest.fixture(scope="session")
def corpus_all(tmp_path_factory):
    return _build(tmp_path_factory, "korpus", None)


@pytest.fixture(scope="session")
def word_renderings(corpus_all, tmp_path_factory):
    """Every .docx of the corpus as LibreOffice prints it when opened (no field update)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    return word_pdfs([entry.docx for entry in corpus_all], tmp_path_factory.mktemp("word"))
