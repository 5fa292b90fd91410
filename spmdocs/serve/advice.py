"""What a clerk should do about a problem: the instruction part of its message, or a known remedy.

spmdocs' messages usually say what is wrong and then what to do ("Sel wajib kosong: isi
Sasaran."). :func:`split` separates the two at the first clause that starts with an instruction
verb; for messages that carry no instruction, :data:`REMEDIES` gives the one the README's
troubleshooting table gives.
"""

from __future__ import annotations

import re

INSTRUCTION_VERBS = (
    "isi", "isikan", "periksa", "tulis", "simpan", "pilih", "hapus", "tambahkan", "perbaiki", "pakai",
    "gunakan", "buka", "samakan", "ganti", "salin", "lengkapi", "kosongkan", "muat", "sesuaikan",
    "beri", "tutup", "pisahkan", "bedakan", "unduh", "perkecil", "jalankan", "daftarkan", "kembalikan",
    "izinkan", "ubah", "pastikan", "masukkan",
)
_CLAUSE = re.compile(r"(?<=[.;:])\s+")
_VERB = re.compile(rf"^(?:{'|'.join(INSTRUCTION_VERBS)}|mungkin maksud)\b", re.IGNORECASE)

REMEDIES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"NIP harus 18 digit", "Tulis 18 digit NIP tanpa spasi, atau kosongkan untuk Kepala Daerah."),
    (r"kunci wajib belum diisi", "Isi isian yang ditandai (wajib)."),
    (r"tanggal", "Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-01-19."),
    (r"lebih besar dari", "Periksa kembali kedua angka itu; bila benar, biarkan (capaian dibatasi 100%)."),
    (r"bernilai negatif", "Perbaiki angkanya; jumlah tidak boleh kurang dari 0."),
    (r"tidak dapat dibaca sebagai angka", "Tulis angka biasa: 1.250 atau 1250, desimal dengan koma: 85,5."),
    (r"tidak berformat kode Kemendagri", "Tulis kode wilayah bertitik, mis. 65.01."),
    (r"tidak dikenal dalam katalog", "Pakai kode atau nama layanan seperti di lembar Daftar Layanan."),
    (r"tidak cocok dengan jenis pelayanan", "Samakan kode layanan dan nama jenis pelayanannya."),
    (r"baris jumlah/total dilewati", "Tidak perlu diubah; baris jumlah boleh dihapus."),
    (r"diabaikan karena kolom", "Hapus atau ganti judul salah satu kolom itu."),
    (r"masih ada \d+ masalah serupa", "Perbaiki masalah di atas lalu unggah ulang berkasnya."),
    (r"tidak ditemukan", "Periksa nama dan letak berkas atau kolom yang disebut."),
    (r"data tidak memuat", "Periksa kode wilayah, tahun dan triwulan di pengaturan laporan dan di data."),
    (r"harus berupa|tidak valid|terlalu (kecil|besar)", "Perbaiki isian yang disebut di pengaturan laporan."),
    (r"templat narasi", "Perbaiki teks narasi yang disebut; lihat pratinjau di bawah isiannya."),
    (r"diblokir", "Hapus bagian yang diblokir dari teksnya."),
))
FALLBACK = "Perbaiki isian di letak yang disebut, lalu periksa lagi."


def split(message: str) -> tuple[str, str]:
    """(what is wrong, what to do) of one problem message, in Bahasa Indonesia."""
    clauses = [c for c in _CLAUSE.split(message.strip()) if c]
    for i, clause in enumerate(clauses):
        if i and _VERB.match(clause):
            problem = " ".join(clauses[:i]).rstrip(" ;:,")
            todo = " ".join(clauses[i:]).strip()
            return _sentence(problem), _sentence(todo)
    for pattern, remedy in REMEDIES:
        if pattern.search(message):
            return _sentence(message), remedy
    return _sentence(message), FALLBACK


def _sentence(text: str) -> str:
    text = text.strip().rstrip(";:,")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ")")) else f"{text}."
