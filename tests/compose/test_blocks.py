"""Shared composing blocks: the kop sizes and breaks its lines once so Word and PDF draw the same kop."""

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from spmdocs.compose.blocks import KOP_LOGO_GAP_MM, kop_block, signature_block
from spmdocs.config import Kop, Penandatangan
from spmdocs.model import A4, Layout
from spmdocs.fonts import font_family

LOGO = Path(__file__).resolve().parents[2] / "templates" / "logo-daerah.png"


LONG_OPD = ("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana "
            "serta Pemberdayaan Masyarakat dan Desa, Kalimantan Utara")
LONG_ADDRESS = "Jalan Kolonel H. Soetadji, Tanjung Selor, Kabupaten Bulungan, Kalimantan Utara 77212"


def _width_mm(line) -> float:
    return stringWidth(line.text, font_family("Arial").face(bold=line.bold), line.size_pt) / 72 * 25.4


def _room_mm(kop, layout) -> float:
    return layout.text_width_mm() - 2 * (kop.logo_height_mm / kop.logo_aspect + KOP_LOGO_GAP_MM)


def test_a_150_character_opd_name_wraps_at_12_pt_or_more_within_the_room_beside_the_logo():
    assert len(LONG_OPD) == 150
    layout = Layout(page=A4)
    kop = kop_block(Kop(pemerintah="Pemerintah Provinsi Kalimantan Utara", perangkat_daerah=LONG_OPD,
                        alamat=[LONG_ADDRESS], logo=LOGO), layout)
    room = _room_mm(kop, layout)
    assert kop.text_width_mm == room
    opd = [line for line in kop.lines[1:] if line.bold]
    assert len(opd) > 1 and " ".join(line.text for line in opd) == LONG_OPD.upper()
    assert len({line.size_pt for line in opd}) == 1 and opd[0].size_pt >= 12.0
    for line in kop.lines:
        assert _width_mm(line) <= room + 1e-6, line


def test_address_lines_share_one_size_of_at_least_9_pt():
    """The old kop shrank the long address alone (to 8 pt) and kept the short one at 10 pt."""
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", alamat=[LONG_ADDRESS, "Telp. (0552) 21000"],
                        logo=LOGO), Layout(page=A4))
    address = kop.lines[1:]
    assert len({line.size_pt for line in address}) == 1 and address[0].size_pt >= 9.0
    assert [line.text for line in address] == ["Jalan Kolonel H. Soetadji, Tanjung Selor, Kabupaten Bulungan,",
                                               "Kalimantan Utara 77212", "Telp. (0552) 21000"]


def test_an_address_that_fits_at_a_smaller_size_shrinks_with_the_others_rather_than_wrapping():
    layout = Layout(page=A4)
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", logo=LOGO,
                        alamat=["Jalan Jelarai Raya, Tanjung Selor, Kabupaten Bulungan, Kalimantan Utara",
                                "Laman: www.bulungan.go.id"]), layout)
    address = kop.lines[1:]
    assert len(address) == 2 and {line.size_pt for line in address} == {9.5}
    assert all(_width_mm(line) <= _room_mm(kop, layout) for line in address)


def test_a_kop_of_usual_length_keeps_its_usual_sizes_on_one_line_each():
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", perangkat_daerah="Dinas Kesehatan",
                        alamat=["Jalan Jelarai Raya, Tanjung Selor", "Laman: dinkes.bulungan.go.id"], logo=LOGO),
                    Layout())
    assert [(line.text, line.size_pt, line.bold) for line in kop.lines] == [
        ("PEMERINTAH KABUPATEN BULUNGAN", 14.0, True), ("DINAS KESEHATAN", 16.0, True),
        ("Jalan Jelarai Raya, Tanjung Selor", 10.0, False), ("Laman: dinkes.bulungan.go.id", 10.0, False)]


def test_a_word_too_long_for_a_line_is_cut_at_the_least_size_instead_of_shrinking_further():
    layout = Layout()
    kop = kop_block(Kop(pemerintah="Pemerintah Kabupaten Bulungan", alamat=["x" * 300]), layout)
    address = kop.lines[1:]
    assert len(address) > 1 and {line.size_pt for line in address} == {9.0}
    assert "".join(line.text for line in address) == "x" * 300
    assert all(_width_mm(line) <= layout.text_width_mm() for line in address)


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
    for acting in ("Plh.", "Plt.", "Pj."):  # an acting official signing on behalf keeps the a.n. line
        plh = signature_block(Penandatangan(jabatan="Sekretaris Daerah", nama="X", prefiks=acting,
                                            atas_nama="Gubernur Kalimantan Utara"), "Tanjung Selor", date(2026, 1, 19))
        assert plh.jabatan_lines == ("a.n. GUBERNUR KALIMANTAN UTARA", f"{acting} SEKRETARIS DAERAH,")


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
