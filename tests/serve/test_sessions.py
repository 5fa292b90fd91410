"""Two clerks at once in two browser profiles: each has a workspace the other neither sees nor changes."""

from __future__ import annotations

import shutil

from spmdocs.serve import engine
from tests.serve.conftest import SAMPLE


def test_two_clerks_do_not_see_or_overwrite_each_others_work(serve, clerk, shots, province_folder, tmp_path):
    folder = tmp_path / "kerja"
    shutil.copytree(province_folder, folder)
    shared_config = (folder / "laporan-tahunan.yaml").read_bytes()
    served = serve(folder)
    ani, budi = clerk(), clerk()
    for page in (ani, budi):
        page.goto(served.url + "/data")
    private = tmp_path / "capaian-ani.csv"
    shutil.copy(SAMPLE / "capaian-2025.csv", private)
    ani.set_input_files("#berkas", str(private))
    ani.click("button:has-text('Unggah dan periksa')")
    assert "Data dapat dipakai: 255 baris" in ani.inner_text("main")

    budi.reload()
    assert "capaian-ani.csv" not in budi.content()
    assert budi.request.get(served.url + "/unduh/data/capaian-ani.csv").status == 404
    assert budi.request.get(served.url + "/data/periksa/capaian-ani.csv").status == 404

    for page, place in ((ani, "Kota Ani"), (budi, "Kota Budi")):
        page.goto(served.url + "/pengaturan/laporan-tahunan.yaml")
        page.fill("#f-tempat", place)
        page.click("button:has-text('Simpan pengaturan')")
        assert "Pengaturan tersimpan" in page.inner_text(".kotak.baik")
    shots(budi, "08-dua-petugas")

    spaces = served.workspaces()
    assert len(spaces) == 2
    places = sorted(engine.load_config(space / "laporan-tahunan.yaml").tempat for space in spaces)
    assert places == ["Kota Ani", "Kota Budi"]
    assert (folder / "laporan-tahunan.yaml").read_bytes() == shared_config
    ani.reload()
    assert ani.input_value("#f-tempat") == "Kota Ani"

    ani.context.add_cookies([{"name": "spmdocs_sesi", "value": "palsu", "url": served.url}])
    ani.goto(served.url + "/data")
    assert "capaian-ani.csv" not in ani.content()
    assert len(served.workspaces()) == 3
