"""A batch on a real local Dask cluster (a scheduler and two worker processes): the same bytes and
manifest as the local process pool, resume across executors, and clear refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nasional import annex_config, write_national
from tests.test_batch import _StopAfter
from spmdocs import batch
from spmdocs.cli import main
from spmdocs.errors import Location

distributed = pytest.importorskip("distributed")



@pytest.fixture(scope="module")
def scheduler():
    """The address of a local Dask cluster: a scheduler and two worker processes, one thread each."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _project(tmp_path: Path) -> tuple[Path, Path]:
    data = write_national(tmp_path / "nasional.csv", 2, 2)
    config = tmp_path / "lampiran.yaml"
    config.write_text(annex_config(data), encoding="utf-8")
    return config, data


def _batch(config: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["batch", str(config), "--out", str(out), "--quiet", *args])


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_dask_and_the_local_pool_give_byte_identical_files_and_manifest(tmp_path, scheduler):
    config, _ = _project(tmp_path)
    local, dask = tmp_path / "lokal", tmp_path / "dask"
    assert _batch(config, local, "--jobs", "2", "--zip").exit_code == 0
    result = _batch(config, dask, "--executor", "dask", "--scheduler", scheduler, "--zip")
    assert result.exit_code == 0, result.output
    files = _files(local)
    assert len(files) == 6 * 2 + 2 + 3  # docx and pdf per daerah, a combined PDF per province, manifest, zip
    assert files == _files(dask)


def test_resume_works_across_executors(tmp_path, scheduler):
    config, data = _project(tmp_path)
    out = tmp_path / "keluaran"
    dask = ("--executor", "dask", "--scheduler", scheduler)
    assert _batch(config, out, *dask, "--format", "docx").exit_code == 0
    again = CliRunner().invoke(main, ["batch", str(config), "--out", str(out), "--format", "docx", "--resume",
                                      "--jobs", "2"])
    assert "6 berhasil (6 dipakai dari hasil sebelumnya), 0 gagal." in again.output
    rows = pd.read_csv(data, dtype=str, keep_default_na=False)
    changed = rows["kode_wilayah"] == "12.01"
    rows.loc[changed, "terlayani"] = "1"
    rows.to_csv(data, index=False)
    before = _files(out)
    result = batch.run_batch(config, out_dir=out, formats=("docx",), resume=True, executor="dask",
                             scheduler=scheduler)
    assert not result.interrupted and not result.failed
    assert (result.built, result.reused) == (1, 5)
    after = _files(out)
    rebuilt = {name for name in after if before.get(name) != after[name]}
    assert rebuilt == {"12.01-Kabupaten Tapanuli Tengah.docx", "manifest.csv", "manifest.json"}
    local = tmp_path / "lokal"
    assert _batch(config, local, "--format", "docx", "--jobs", "2").exit_code == 0
    assert _files(local) == after


def test_ctrl_c_stops_a_dask_run_and_the_api_resumes_it_on_the_local_pool(tmp_path, scheduler):
    from spmdocs import api

    config, _ = _project(tmp_path)
    out = tmp_path / "keluaran"
    stopped = api.batch(config, out_dir=out, formats=("docx",), executor="dask", scheduler=scheduler,
                        progress=_StopAfter(2))
    assert stopped.interrupted and len(stopped.records) == 2
    assert not (out / "manifest.json").exists()
    assert [p for p in out.iterdir() if p.name.endswith(".tmp")] == []
    seen = []
    finished = api.batch(config, out_dir=out, formats=("docx",), resume=True, jobs=2,
                         progress=lambda record, reused, done, total: seen.append((reused, total)))
    assert not finished.interrupted and not finished.failed
    assert (finished.reused, finished.built) == (2, 4) and len(seen) == 6


def test_an_unreachable_scheduler_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CONNECT_SECONDS", 1)
    config, _ = _project(tmp_path)
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert "penjadwal Dask di tcp://127.0.0.1:9 tidak dapat dihubungi" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_scheduler_without_workers_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CONNECT_SECONDS", 1)
    config, _ = _project(tmp_path)
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0") as empty:
        result = _batch(config, tmp_path / "keluaran", "--executor", "dask", "--scheduler", empty.scheduler_address)
    assert result.exit_code == 2
    assert "belum mempunyai pekerja" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (("--executor", "dask"), "--executor dask memerlukan alamat penjadwal Dask"),
    (("--scheduler", "tcp://127.0.0.1:8786"), "pilihan --scheduler hanya berlaku dengan --executor dask"),
    (("--executor", "dask", "--scheduler", "tcp://a b"), "alamat penjadwal Dask 'tcp://a b' tidak valid"),
    (("--executor", "ray"), "nilai 'ray' tidak dikenal"),
    (("--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--sign-p12", "ttd.p12"),
     "pakai penjadwal berkoneksi terenkripsi (tls://HOST:PORT)"),
])
def test_wrong_executor_options_are_refused(tmp_path, args, message):
    config, _ = _project(tmp_path)
    result = _batch(config, tmp_path / "keluaran", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_dask_without_the_library_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    config, _ = _project(tmp_path)
    result = _batch(config, tmp_path / "keluaran", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert 'pip install "spmdocs[dask]"' in result.output and "Traceback" not in result.output


class _Client:
    """A client whose workers answer ``run`` with the given versions and unseen files."""

    def __init__(self, answers):
        self.answers = answers

    def run(self, function, *args):
        return self.answers


def test_a_worker_with_other_versions_or_without_the_project_files_is_named():
    here = batch._node_versions()
    other = {**here, "reportlab": "0.0"}
    problems = batch._worker_problems(_Client({"tcp://10.0.0.2:4000": (other, ["/proyek/templat.docx"]),
                                               "tcp://10.0.0.3:4000": (here, [])}), [], Location(key="--scheduler"))
    assert [p.message for p in problems] == [
        f"pekerja Dask tcp://10.0.0.2:4000 memakai versi paket yang berbeda: reportlab 0.0 (di sini "
        f"{here['reportlab']}); pasang versi yang sama di setiap komputer",
        "pekerja Dask tcp://10.0.0.2:4000 tidak melihat berkas proyek di jalur yang sama: /proyek/templat.docx; "
        "bagikan folder proyek di jalur yang sama"]
