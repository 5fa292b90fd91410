"""The page's defences, tried from a real browser: localhost only, CSRF tokens, upload size, paths."""

from __future__ import annotations

import os
import shutil

from spmdocs.cli import serve as serve_command
from spmdocs.serve.server import make_server
from tests.serve.conftest import SAMPLE

GOOD_CSV = (SAMPLE / "capaian-2025.csv").read_bytes()


def _token(page) -> str:
    return page.get_attribute("input[name=csrf_token]", "value")


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_server_listens_on_localhost_unless_told(tmp_path):
    assert next(o for o in serve_command.params if o.name == "host").default == "127.0.0.1"
    app, server = make_server(tmp_path / "kerja")
    try:
        assert server.effective_host == "127.0.0.1"
    finally:
        server.close()


def test_forms_without_this_sessions_token_are_refused(serve, clerk, shots, province_folder, tmp_path):
    folder = tmp_path / "kerja"
    shutil.copytree(province_folder, folder)
    served = serve(folder)
    page, other = clerk(), clerk()
    page.goto(served.url + "/data")
    other.goto(served.url + "/data")
    space = served.workspaces()[0] if served.workspaces()[0].name in page.content() else served.workspaces()[1]
    before = _files(space)

    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(i => i.remove())")
    page.set_input_files("#berkas", files=[{"name": "capaian.csv", "mimeType": "text/csv", "buffer": GOOD_CSV}])
    with page.expect_response(lambda r: r.url.endswith("/data/unggah")) as answer:
        page.click("button:has-text('Unggah dan periksa')")
    assert answer.value.status == 400
    assert "Formulir tidak sah" in page.inner_text("h1")
    shots(page, "09-tanpa-token")

    page.goto(served.url + "/data")
    for token in (None, "palsu", _token(other)):
        form = {"csrf_token": token} if token else {}
        answer = page.request.post(served.url + "/buat/laporan-tahunan.yaml", form=form)
        assert answer.status == 400, token
        assert "Formulir ini kedaluwarsa" in answer.text()
        answer = page.request.post(served.url + "/data/unggah", multipart={
            **form, "berkas": {"name": "capaian.csv", "mimeType": "text/csv", "buffer": GOOD_CSV}})
        assert answer.status == 400
    assert _files(space) == before


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(serve, clerk, shots, province_folder, tmp_path):
    folder = tmp_path / "kerja"
    shutil.copytree(province_folder, folder)
    served = serve(folder, max_upload_mb=1)
    page = clerk()
    page.goto(served.url + "/data")
    assert "Paling besar 1 MB" in page.inner_text("main")
    big = GOOD_CSV * (2 * 1024 * 1024 // len(GOOD_CSV))
    page.set_input_files("#berkas", files=[{"name": "besar.csv", "mimeType": "text/csv", "buffer": big}])
    with page.expect_response(lambda r: r.url.endswith("/data/unggah")) as answer:
        page.click("button:has-text('Unggah dan periksa')")
    assert answer.value.status == 413
    assert "Berkas terlalu besar" in page.inner_text("h1") and "1 MB" in page.inner_text("main")
    shots(page, "10-terlalu-besar")
    space = served.workspaces()[0]
    assert not any("besar" in name for name in _files(space))


def test_names_and_paths_never_leave_the_workspace(serve, clerk, province_folder, tmp_path):
    folder = tmp_path / "kerja"
    shutil.copytree(province_folder, folder)
    served = serve(folder)
    page, other = clerk(), clerk()
    other.goto(served.url + "/data")
    page.goto(served.url + "/data")
    spaces = served.workspaces()
    mine = next(s for s in spaces if s.name[:8] in page.inner_text("footer"))
    theirs = next(s for s in spaces if s != mine)
    (theirs / "data" / "rahasia.csv").write_bytes(GOOD_CSV)
    outside_before = _files(tmp_path)

    for given, saved in (("../../../luar.csv", "luar.csv"), ("..\\..\\jahat.csv", "jahat.csv"),
                         ("/etc/passwd.csv", "passwd.csv"), (".bashrc.csv", "bashrc.csv")):
        answer = page.request.post(served.url + "/data/unggah", multipart={
            "csrf_token": _token(page), "berkas": {"name": given, "mimeType": "text/csv", "buffer": GOOD_CSV}})
        assert answer.ok, given
        assert (mine / "data" / saved).is_file(), given
    for bad in ("data.exe", "tanpa-akhiran", ".csv"):
        answer = page.request.post(served.url + "/data/unggah", multipart={
            "csrf_token": _token(page), "berkas": {"name": bad, "mimeType": "text/plain", "buffer": b"x"}})
        assert answer.status == 400 and "Jenis berkas tidak didukung" in answer.text()
    added = {name for name in _files(tmp_path) if name not in outside_before}
    assert all(name.startswith(str(mine.relative_to(tmp_path)) + "/") for name in added), added

    os.symlink("/etc/passwd", mine / "data" / "tautan.csv")
    (mine / "keluaran").mkdir()
    os.symlink("/etc", mine / "keluaran" / "etc")
    assert page.request.get(served.url + "/unduh/data/luar.csv").status == 200
    for path in ("/unduh/../laporan-tahunan.yaml", "/unduh/data/../../../laporan-tahunan.yaml",
                 "/unduh/%2e%2e/%2e%2e/ruang-kerja/.kunci-sesi", "/unduh/data%2f..%2f..%2f.kunci-sesi",
                 "/unduh/laporan-tahunan.yaml", "/unduh/.web/periksa/luar.csv.json", "/unduh/data/tautan.csv",
                 "/unduh/keluaran/etc/passwd", f"/unduh/../{theirs.name}/data/rahasia.csv",
                 "/unduh//etc/passwd", "/data/periksa/..%2f..%2flaporan-tahunan.yaml",
                 "/data/periksa/tautan.csv", "/data/tandai/..%2flaporan-tahunan.yaml",
                 "/pengaturan/..%2f..%2f.kunci-sesi", "/pengaturan/%2fetc%2fpasswd",
                 "/pratinjau/..%2flaporan-tahunan.yaml/1.png", "/hasil/rahasia.yaml"):
        answer = page.request.get(served.url + path)
        assert answer.status == 404, path
        assert "root:" not in answer.text() and "Halaman tidak ditemukan" in answer.text(), path
    answer = page.request.post(served.url + "/data/pilih", form={"csrf_token": _token(page),
                                                                 "berkas": f"../../{theirs.name}/data/rahasia.csv"})
    assert answer.status == 404
