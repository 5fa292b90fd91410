"""A batch from the page: live progress, a reload and a closed tab mid-run, then the ZIP of every annex."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from tests.serve.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_a_batch_shows_progress_survives_reload_and_ends_in_a_zip(serve, clerk, shots, province_folder, tmp_path):
    folder = tmp_path / "kerja"
    shutil.copytree(province_folder, folder)
    served = serve(folder)
    page = clerk()
    page.goto(served.url + "/data")
    shutil.copy(SAMPLE / "capaian-2025.csv", folder / "data")
    page.reload()
    page.select_option("#pilih-berkas", "capaian-2025.csv")
    page.click("button:has-text('Salin ke ruang kerja dan periksa')")
    assert "Data dapat dipakai: 255 baris" in page.inner_text("main")

    page.goto(served.url + "/pengaturan/lampiran-daerah.yaml")
    page.uncheck("input[name='data.capaian'][value='data/capaian-2025.xlsx']")
    page.check("input[name='data.capaian'][value='data/capaian-2025.csv']")
    page.fill("#f-tempat", "Tanjung Selor")
    page.click("button:has-text('Simpan pengaturan')")
    assert "Pengaturan tersimpan" in page.inner_text(".kotak.baik")

    page.click("button:has-text('Mulai buat semua lampiran')")
    assert page.url.endswith("/hasil/lampiran-daerah.yaml")
    # the address changes when the answer starts to arrive: wait for the page itself (a busy
    # machine's browser parsed it after the count was taken)
    page.wait_for_selector("#kemajuan progress", timeout=30_000)
    assert page.locator("#kemajuan progress").count() == 1
    shots(page, "11-batch-berjalan")
    page.reload()
    page.wait_for_selector("#kemajuan", timeout=30_000)
    assert page.locator("#kemajuan").count() == 1
    page.close()

    again = page.context.new_page()
    again.goto(served.url + "/hasil/lampiran-daerah.yaml")
    again.wait_for_selector("#kemajuan :text('Selesai.')", timeout=120_000)
    figures = again.inner_text("#kemajuan-teks")
    assert re.search(r"Unit selesai: 6 dari 6", figures) and "Gagal: 0" in figures
    assert re.search(r"Laju: \d+,\d dokumen per detik", figures)
    assert again.locator("#tombol-hentikan").count() == 0
    shots(again, "12-batch-selesai")

    with again.expect_download() as download:
        again.click("a:has-text('Unduh ZIP semua lampiran')")
    download.value.save_as(tmp_path / "lampiran.zip")
    with zipfile.ZipFile(tmp_path / "lampiran.zip") as archive:
        names = archive.namelist()
    assert sum(n.endswith(".pdf") for n in names) >= 6 and sum(n.endswith(".docx") for n in names) == 6
    assert "manifest.json" in names
