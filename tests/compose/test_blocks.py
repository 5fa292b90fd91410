"""Shared composing blocks: the kop sizes its lines once so Word and PDF draw the same kop."""

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from spmdocs.compose.blocks import KOP_LOGO_GAP_MM, kop_block, signature_block
from spmdocs.config import Kop, Penandatangan
from spmdocs.model import A4, Layout
from spmdocs.fonts import font_family

LOGO = Path(__file__).resolve().parents[2] / "templates" / "logo-daerah.png"


def test_long_kop_lines_shrink_to_fit_one_line_short_ones_keep_their_size():
    long_address = "Jalan Kolonel H. Soetadji, Tanjung Selor, Kabupaten Bulungan, Kalimantan Utara 77212"
    layout = Layout(page=A4)
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", alamat=[long_address, "Telp. (0552) 21000"],
                        logo=LOGO), layout)
    family = font_family("Arial")
    room_mm = layout.text_width_mm() - 2 * (kop.logo_height_mm / kop.logo_aspect + KOP_LOGO_GAP_MM)
    for line in kop.lines:
        width_mm = stringWidth(line.text, family.face(bold=line.bold), line.size_pt) / 72 * 25.4
        assert width_mm <= room_mm, line
    sizes = [line.size_pt for line in kop.lines]
    assert sizes[0] == 14.0 and sizes[2] == 10.0 and 7.0 <= sizes[1] < 10.0


def test_a_line_too_long_for_any_readable_size_stops_at_7_pt():
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", alamat=["x" * 300]), Layout())
    assert kop.lines[1].size_pt == 7.0


def test_signature_prefixes():
    signer = Penandatangan(jabatan="Sekretaris Daerah", nama="NAMA", prefiks="a.n.",
                           atas_nama="Gubernur Kalimantan Utara", pangkat="Pembina Utama Madya",
                           nip="197001011995031001")
    from datetime import date

    block = signature_block(signer, "Tanjung Selor", date(2026, 1, 19))
    assert block.jabatan_lines == ("a.n. GUBERNUR KALIMANTAN UTARA", "SEKRETARIS DAERAH,")
    assert block.details == ("Pembina Utama Madya", "NIP 19700101 199503 1 001")
    assert block.place_date == "Tanjung Selor, 19 Januari 2026"
    plt = signature_block(Penandatangan(jabatan="Bupati Bulungan", nama="X", prefiks="Plt."),
                          "Tanjung Selor", date(2026, 1, 19))
    assert plt.jabatan_lines == ("Plt. BUPATI BULUNGAN,",) and plt.details == ()


def _tte_signer(**tte) -> Penandatangan:
    signer = Penandatangan(jabatan="Bupati Bulungan", nama="Dr. H. SYARWANI, S.Pd., M.Si.",
                           nip="197001011995031001", tte=tte or True)
    return signer.with_identity(nomor="100.3/12/2026", judul="Laporan Penerapan SPM", jenis="laporan-tahunan",
                                kode_wilayah="65.01", daerah="Kabupaten Bulungan", tahun=2025, unit="")


def test_electronic_signature_holds_the_document_identity_by_default():
    from datetime import date

    block = signature_block(_tte_signer(), "Tanjung Selor", date(2026, 1, 19))
    tte = block.tte
    assert tte.caption == "Ditandatangani secara elektronik oleh:" and tte.footer_on_every_page
    assert tte.footer.startswith("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat")
    assert tte.qr_payload.splitlines() == [
        "Laporan Penerapan SPM", "Nomor: 100.3/12/2026", "Kabupaten Bulungan Tahun 2025",
        "Ditandatangani secara elektronik oleh: Dr. H. SYARWANI, S.Pd., M.Si.", "BUPATI BULUNGAN",
        "NIP 197001011995031001", "Tanggal: 19 Januari 2026"]
    assert block.jabatan_lines == ("BUPATI BULUNGAN,",) and block.name == "Dr. H. SYARWANI, S.Pd., M.Si."


def test_electronic_signature_fills_the_verification_url_and_places_the_footer():
    from datetime import date

    signer = _tte_signer(isi_qr="https://tte.bulungan.go.id/cek?no={nomor}&nip={nip}&tgl={tanggal}",
                         catatan="Sah tanpa tanda tangan basah.", letak_catatan="bawah_ttd")
    tte = signature_block(signer, "Tanjung Selor", date(2026, 1, 19)).tte
    assert tte.qr_payload == "https://tte.bulungan.go.id/cek?no=100.3/12/2026&nip=197001011995031001&tgl=2026-01-19"
    assert tte.footer == "Sah tanpa tanda tangan basah." and not tte.footer_on_every_page


def test_a_wet_signature_has_no_electronic_part():
    from datetime import date

    assert signature_block(Penandatangan(jabatan="Bupati", nama="X"), "T", date(2026, 1, 19)).tte is None
