"""Splitting a problem message into what is wrong and what to do."""

import pytest

from spmdocs.serve.advice import FALLBACK, split


@pytest.mark.parametrize("message, problem, todo", [
    ("Sel wajib kosong: isi Sasaran.", "Sel wajib kosong.", "Isi Sasaran."),
    ("Tahun 1990 tidak masuk akal; isi tahun laporan empat angka antara 2000 dan 2027, misalnya 2026.",
     "Tahun 1990 tidak masuk akal.", "Isi tahun laporan empat angka antara 2000 dan 2027, misalnya 2026."),
    ("Kode layanan 'X' tidak dikenal dalam katalog SPM. Mungkin maksud Anda: K-KES-1.",
     "Kode layanan 'X' tidak dikenal dalam katalog SPM.", "Mungkin maksud Anda: K-KES-1."),
    ("kunci wajib belum diisi", "Kunci wajib belum diisi.", "Isi isian yang ditandai (wajib)."),
])
def test_the_instruction_is_taken_from_the_message_or_a_known_remedy(message, problem, todo):
    assert split(message) == (problem, todo)


def test_an_unknown_message_still_gets_an_instruction():
    assert split("sesuatu yang baru") == ("Sesuatu yang baru.", FALLBACK)
