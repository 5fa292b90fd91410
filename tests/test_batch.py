"""Batch annexes end to end: fan-out, failing units, unsafe names, interruption and resume, determinism."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from pypdf import PdfReader

from spmdocs import batch
from spmdocs.batch import JOURNAL, run_batch
from spmdocs.cli import main
from spmdocs.fileio import atomic_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "capaian-2025.csv"
PROVINCE_OPDS = ["Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Pendidikan",
                 "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Dinas Sosial",
                 "Satuan Polisi Pamong Praja"]

CONFIG = """\
jenis: lampiran_opd
daerah: {{kode_wilayah: "65", nama: Provinsi Kalimantan Utara}}
tahun: 2025
data: {{capaian: {data}}}
unit_kolom: opd
tata_letak: tnd-f4
templat_word: {template}
kop: {{pemerintah: Pemerintah Provinsi Kalimantan Utara}}
lampiran: {{dokumen: Laporan Penerapan SPM Provinsi Kalimantan Utara Tahun 2025}}
penandatangan: {{jabatan: "Kepala {{unit}} {{daerah}}", nama: NAMA KEPALA OPD}}
tempat: Tanjung Selor
tanggal: 2026-01-19
nomor: 100.3.4/012/SPM/I/2026
keluaran: {{nama_berkas: "{{unit}}", gabungan: "gabungan-{{tahun}}"}}
"""


def _sample(*codes: str) -> pd.DataFrame:
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    return rows[rows["kode_wilayah"].isin(codes)].reset_index(drop=True)


def _project(tmp_path: Path, rows: pd.DataFrame) -> Path:
    data = tmp_path / "capaian.csv"
    rows.to_csv(data, index=False)
    config = tmp_path / "lampiran.yaml"
    config.write_text(CONFIG.format(data=data, template=ROOT / "templates" / "laporan-spm.docx"),
                      encoding="utf-8")
    return config


def _batch(config: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["batch", str(config), "--out", str(out), "--jobs", "2", *args])


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_one_annex_per_opd_with_manifest_combined_pdf_and_zip(tmp_path):
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--zip")
    assert result.exit_code == 0, result.output
    assert "Selesai: 6 unit, 6 berhasil (0 dipakai dari hasil sebelumnya), 0 gagal." in result.output
    manifest = _manifest(out)
    assert (manifest["jumlah_unit"], manifest["berhasil"], manifest["gagal"]) == (6, 6, 0)
    units = manifest["unit"]
    assert [u["unit"] for u in units] == PROVINCE_OPDS
    for unit in units:
        assert unit["status"] == "berhasil" and unit["galat"] == ""
        assert [f["format"] for f in unit["berkas"]] == ["docx", "pdf"]
        for output in unit["berkas"]:
            data = (out / output["nama"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output["sha256"]
        pdf = unit["berkas"][1]
        assert pdf["nama"] == f"{unit['unit']}.pdf"
        assert len(PdfReader(out / pdf["nama"]).pages) == pdf["halaman"] == unit["halaman"]

    combined = PdfReader(out / "gabungan-2025.pdf")
    assert [item.title for item in combined.outline] == [f"{opd} Provinsi Kalimantan Utara"
                                                         for opd in PROVINCE_OPDS]
    assert len(combined.pages) == sum(u["halaman"] for u in units) == manifest["gabungan"]["halaman"]
    starts = [combined.get_destination_page_number(item) for item in combined.outline]
    assert starts == [sum(u["halaman"] for u in units[:i]) for i in range(6)]
    assert combined.metadata.title == "Lampiran Capaian SPM Provinsi Kalimantan Utara Tahun 2025"

    doc = open_docx(out / "Dinas Kesehatan.docx")
    texts = [p.text for p in doc.paragraphs]
    assert "CAPAIAN STANDAR PELAYANAN MINIMAL DINAS KESEHATAN PROVINSI KALIMANTAN UTARA TAHUN 2025" \
        in texts
    assert "LAMPIRAN I" in texts
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Pelayanan kesehatan bagi penduduk terdampak krisis kesehatan akibat bencana dan/atau " \
           "berpotensi bencana provinsi" in cells
    assert "KEPALA DINAS KESEHATAN PROVINSI KALIMANTAN UTARA," in "".join(cells)

    rows = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "urut,kode_wilayah,daerah,unit,status,berkas,halaman,sha256,peringatan,galat"
    assert len(rows) == 7
    with zipfile.ZipFile(out / "gabungan-2025.zip") as archive:
        names = set(archive.namelist())
        assert names == {n for n in _files(out) if n != "gabungan-2025.zip"}
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 19, 8, 0, 0)}
    assert not (out / JOURNAL).exists()


def test_the_manifest_written_unit_by_unit_is_the_one_json_would_write_whole(tmp_path):
    """The JSON manifest goes out one unit at a time (a national run's thousands of units are
    never one string in memory): the same text as json.dumps of the whole, for 0, 1 and 6 units."""
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    assert _batch(config, out).exit_code == 0
    text = (out / "manifest.json").read_text(encoding="utf-8")
    whole = json.loads(text)
    assert len(whole["unit"]) == 6
    assert text == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    records = [batch.UnitRecord.from_json(u) for u in whole["unit"]]
    settings, _ = batch.pipeline.load(config, None)
    for some in ([], records[:1], records):
        handle = io.StringIO()
        batch._manifest_json(handle, settings, some, None, [])
        written = json.loads(handle.getvalue())
        assert [u["unit"] for u in written["unit"]] == [r.unit for r in some]
        assert handle.getvalue() == json.dumps(written, ensure_ascii=False, indent=2) + "\n"


def test_a_failing_unit_is_recorded_and_the_others_are_built(tmp_path):
    rows = _sample("65")
    bad = rows.index[rows["opd"] == "Dinas Sosial"][1]
    rows.loc[bad, "sasaran"] = "banyak"
    config = _project(tmp_path, rows)
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--format", "docx")
    assert result.exit_code == 1
    assert "GAGAL: Dinas Sosial (65):" in result.output
    assert "5 berhasil (0 dipakai dari hasil sebelumnya), 1 gagal." in result.output
    units = {u["unit"]: u for u in _manifest(out)["unit"]}
    failed = units.pop("Dinas Sosial")
    assert failed["status"] == "gagal" and failed["berkas"] == []
    assert f"baris {bad + 2}" in failed["galat"] and "kolom 'sasaran'" in failed["galat"]
    assert "'banyak'" in failed["galat"]
    assert not (out / "Dinas Sosial.docx").exists()
    assert all(u["status"] == "berhasil" for u in units.values())
    assert ",gagal," in (out / "manifest.csv").read_text(encoding="utf-8")


UNSAFE = ["Dinas Kependudukan & Catatan Sipil", "Kec. Tanjung Palas / Utara", 'Badan "Khusus" Daerah',
          "..", "Dinas A/B", "Dinas A-B", "DINAS a-b", "Bidang " + "Pelayanan Sangat Panjang " * 12,
          "CON", "Kec.  Tanjung\tPalas\\Utara "]


def test_unsafe_unit_names_give_safe_unique_files_inside_the_output_folder(tmp_path):
    rows = _sample("65").head(len(UNSAFE)).copy()
    rows["opd"] = UNSAFE
    config = _project(tmp_path, rows)
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--format", "docx")
    assert result.exit_code == 0, result.output
    units = _manifest(out)["unit"]
    assert sorted(u["unit"] for u in units) == sorted(" ".join(n.split()) if n.strip() != ".." else n
                                                      for n in UNSAFE)
    names = [u["berkas"][0]["nama"] for u in units]
    assert len({n.casefold() for n in names}) == len(UNSAFE)
    for name in names:
        assert re.search(r'[<>:"/\\|?*\x00-\x1f]', name) is None, name
        assert not name.startswith((".", " ")) and len(name) <= batch.NAME_LIMIT + len(".docx")
        assert (out / name).resolve().parent == out.resolve()
        assert (out / name).is_file()
    by_unit = {u["unit"]: u["berkas"][0]["nama"] for u in units}
    assert by_unit["Kec. Tanjung Palas / Utara"] == "Kec. Tanjung Palas - Utara.docx"
    assert by_unit['Badan "Khusus" Daerah'] == "Badan -Khusus- Daerah.docx"
    assert by_unit[".."] == "dokumen.docx"
    assert by_unit["CON"] == "_CON.docx"
    assert [p for p in tmp_path.rglob("*.docx") if p.parent != out] == []


LONG_OPD = "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"


def test_a_long_unit_name_is_shortened_inside_the_name_keeping_the_year_and_uniqueness(tmp_path):
    rows = _sample("65").head(3).copy()
    rows["opd"] = [LONG_OPD + " Bidang Satu", LONG_OPD + " Bidang Dua", "Dinas Sosial"]
    config = _project(tmp_path, rows)
    config.write_text(config.read_text(encoding="utf-8").replace(
        'nama_berkas: "{unit}"', 'nama_berkas: "lampiran-{kode_wilayah}-{unit}-{tahun}"'), encoding="utf-8")
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--format", "docx")
    assert result.exit_code == 0, result.output
    names = sorted(u["berkas"][0]["nama"] for u in _manifest(out)["unit"])
    assert names[-1] == "lampiran-65-Dinas Sosial-2025.docx"
    first, second = names[:2]
    assert len({first.casefold(), second.casefold()}) == 2
    for name in (first, second):
        assert len(name) <= batch.NAME_LIMIT + len(".docx"), name
        assert name.startswith("lampiran-65-Dinas Pemberdayaan Perempuan, Perlindungan Anak"), name
        assert re.search(r"-2025(-2)?\.docx$", name), name
        assert (out / name).is_file()


def _stat(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()
            if p.suffix == ".docx"}


def test_a_killed_worker_leaves_no_partial_file_and_resume_builds_only_the_rest(tmp_path, monkeypatch):
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    real_publish = batch.publish_files

    def write_then_die(files, folder):
        name, data = next(iter(files.items()))
        if name.startswith("Dinas Sosial"):
            with atomic_path(Path(folder) / name) as tmp:
                tmp.write_bytes(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
        return real_publish(files, folder)

    monkeypatch.setattr(batch, "publish_files", write_then_die)
    first = _batch(config, out, "--format", "docx")
    assert first.exit_code == 1
    assert "Dihentikan (proses pekerja berhenti tiba-tiba)" in first.output
    assert "--resume" in first.output
    assert not (out / "manifest.json").exists()
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert not (out / "Dinas Sosial.docx").exists()
    done = [json.loads(line) for line in (out / JOURNAL).read_text(encoding="utf-8").splitlines()]
    assert done and all(d["status"] == "berhasil" for d in done)
    for record in done:
        zipfile.ZipFile(out / record["berkas"][0]["nama"]).testzip()
    before = _stat(out)

    monkeypatch.setattr(batch, "publish_files", real_publish)
    second = _batch(config, out, "--format", "docx", "--resume")
    assert second.exit_code == 0, second.output
    assert f"6 berhasil ({len(done)} dipakai dari hasil sebelumnya), 0 gagal." in second.output
    after = _stat(out)
    for record in done:
        name = record["berkas"][0]["nama"]
        assert after[name] == before[name]
    assert len(after) == 6 and (out / "Dinas Sosial.docx").is_file()
    assert not (out / JOURNAL).exists()


class _StopAfter:
    """A progress that presses Ctrl-C after ``count`` units."""

    def __init__(self, count: int):
        self.count = count
        self.seen = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, record, reused: bool) -> None:
        self.seen += 1
        if self.seen == self.count:
            raise KeyboardInterrupt


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_ctrl_c_stops_the_run_and_resume_finishes_it(tmp_path, fmt):
    """With PDF the combined PDF is being written while the units are built: it is removed too."""
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    stopped = run_batch(config, out_dir=out, jobs=2, formats=(fmt,), progress=_StopAfter(2))
    # Two units reached the run; the workers may have published more, which the journal counts.
    assert stopped.interrupted and len(stopped.records) >= 2
    assert len(stopped.records) == len((out / JOURNAL).read_text(encoding="utf-8").splitlines())
    assert not (out / "manifest.json").exists() and not (out / "gabungan-2025.pdf").exists()
    assert [p for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".spmdocs-")] == []
    finished = run_batch(config, out_dir=out, jobs=2, formats=(fmt,), resume=True)
    assert not finished.interrupted and not finished.failed
    assert finished.reused == len(stopped.records) and finished.built == 6 - finished.reused
    assert len(finished.records) == 6


def test_a_stop_while_the_manifest_and_combined_pdf_are_written_keeps_the_journal(tmp_path, monkeypatch):
    """Every unit is built when the signal comes: the run says it stopped, publishes no manifest or
    combined PDF, and a --resume writes them without building a unit again."""
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    real = batch._write_outputs

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_write_outputs", interrupted)
    stopped = run_batch(config, out_dir=out, jobs=2, formats=("pdf",))
    assert "saat menulis manifest" in stopped.interrupted and len(stopped.records) == 6
    assert not (out / "manifest.json").exists() and (out / JOURNAL).is_file()
    assert [p for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".spmdocs-")] == []
    monkeypatch.setattr(batch, "_write_outputs", real)
    finished = run_batch(config, out_dir=out, jobs=2, formats=("pdf",), resume=True)
    assert not finished.interrupted and finished.reused == 6 and finished.built == 0
    assert (out / "manifest.json").is_file() and not (out / JOURNAL).exists()


def test_same_inputs_give_byte_identical_outputs_and_manifest(tmp_path):
    config = _project(tmp_path, _sample("65"))
    first, second = tmp_path / "satu", tmp_path / "dua"
    assert _batch(config, first, "--zip").exit_code == 0
    assert _batch(config, second, "--zip").exit_code == 0
    files = _files(first)
    assert len(files) == 6 * 2 + 4
    assert files == _files(second)
    again = _batch(config, first, "--zip", "--resume")
    assert "6 berhasil (6 dipakai dari hasil sebelumnya)" in again.output
    assert _files(first) == files


def test_changed_rows_are_rebuilt_on_resume(tmp_path):
    rows = _sample("65")
    config = _project(tmp_path, rows)
    out = tmp_path / "keluaran"
    assert _batch(config, out, "--format", "docx").exit_code == 0
    rows.loc[rows["opd"] == "Dinas Pendidikan", "terlayani"] = "1"
    rows.to_csv(tmp_path / "capaian.csv", index=False)
    result = _batch(config, out, "--format", "docx", "--resume")
    assert "6 berhasil (5 dipakai dari hasil sebelumnya)" in result.output


def test_a_resume_with_nothing_to_build_starts_no_worker_and_loads_no_renderer(tmp_path, monkeypatch):
    """A resume of a complete run only checks the previous files: no pool is started and the
    renderers (python-docx, ReportLab's platypus, fonts: some 0.1-0.2 s of CPU) are not loaded."""
    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    assert _batch(config, out).exit_code == 0
    before = _files(out)

    def refused(*args, **kwargs):
        raise AssertionError("a worker pool was started with nothing to build")

    monkeypatch.setattr(batch, "_preload", refused)
    monkeypatch.setattr(batch._LocalPool, "start", refused)
    result = _batch(config, out, "--resume")
    assert result.exit_code == 0, result.output
    assert "6 berhasil (6 dipakai dari hasil sebelumnya)" in result.output
    assert _files(out) == before


def test_the_sample_config_fans_out_over_daerah(tmp_path):
    out = tmp_path / "daerah"
    result = _batch(ROOT / "configs" / "lampiran-daerah.yaml", out, "--format", "docx", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    units = _manifest(out)["unit"]
    assert [(u["kode_wilayah"], u["unit"]) for u in units] == [
        ("65", "Provinsi Kalimantan Utara"), ("65.01", "Kabupaten Bulungan"),
        ("65.02", "Kabupaten Malinau"), ("65.03", "Kabupaten Nunukan"),
        ("65.04", "Kabupaten Tana Tidung"), ("65.71", "Kota Tarakan")]
    texts = [p.text for p in open_docx(out / "lampiran-65.71-Kota Tarakan-2025.docx").paragraphs]
    assert "LAMPIRAN II" in texts
    assert "CAPAIAN STANDAR PELAYANAN MINIMAL KOTA TARAKAN TAHUN 2025" in texts


def test_strict_refuses_a_batch_whose_config_still_holds_placeholders(tmp_path):
    result = _batch(_project(tmp_path, _sample("65")), tmp_path / "x", "--strict")
    assert result.exit_code == 2 and "'NAMA KEPALA OPD'" in result.output and "penandatangan.nama" in result.output
    assert not (tmp_path / "x").exists()


def test_a_config_of_a_kind_without_units_is_refused(tmp_path):
    result = _batch(ROOT / "configs" / "rencana-aksi.yaml", tmp_path / "x")
    assert result.exit_code == 2
    assert "perintah batch hanya untuk konfigurasi yang dibuat per unit" in result.output
    assert "'lampiran_opd'" in result.output and "'laporan_tahunan'" in result.output
    assert "kunci 'jenis'" in result.output and "spmdocs build" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("formats, message", [("docx,html", "format keluaran tidak dikenal: html")])
def test_unknown_formats_are_refused(tmp_path, formats, message):
    result = _batch(_project(tmp_path, _sample("65")), tmp_path / "x", "--format", formats)
    assert result.exit_code == 2 and message in result.output


def test_sigterm_stops_the_command_without_partial_files(tmp_path):
    import subprocess
    import sys
    import time

    out = tmp_path / "opd"
    process = subprocess.Popen([sys.executable, "-c", "from spmdocs.cli import main; main()", "batch",
                                str(ROOT / "configs" / "lampiran-opd.yaml"), "--out", str(out),
                                "--jobs", "1", "--quiet"], stderr=subprocess.PIPE, text=True)
    journal = out / JOURNAL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (journal.is_file() and journal.stat().st_size):
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 1, errors
    assert "Dihentikan (dihentikan oleh pengguna atau sinyal" in errors and "--resume" in errors
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert not (out / "manifest.json").exists()
    for path in out.glob("*.docx"):
        zipfile.ZipFile(path).testzip()
    for path in out.glob("*.pdf"):
        PdfReader(path).pages[0]


def test_sigterm_during_a_rerun_keeps_the_last_manifest_and_counts_every_replaced_unit(tmp_path):
    """A rerun stopped midway: the last run's manifest and combined PDF are as they were, and the
    count said (and the journal --resume reads) is exactly the units whose files were replaced,
    those a worker published before its answer reached the run included."""
    import hashlib
    import re as regex
    import subprocess
    import sys
    import time

    config = _project(tmp_path, _sample("65", "65.01", "65.02", "65.03", "65.04", "65.71"))
    out = tmp_path / "keluaran"
    assert _batch(config, out, "--format", "docx,pdf", "--quiet").exit_code == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^nomor: .*$", "nomor: 999/SPM/2026", text), encoding="utf-8")
    assert config.read_text(encoding="utf-8") != text
    process = subprocess.Popen([sys.executable, "-c", "from spmdocs.cli import main; main()", "batch", str(config),
                                "--out", str(out), "--format", "docx,pdf", "--jobs", "2", "--quiet"],
                               stderr=subprocess.PIPE, text=True)
    journal = out / JOURNAL
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not (
            journal.is_file() and journal.stat().st_size > 0):
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run finished before the signal")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    for name in ("manifest.json", "manifest.csv", *[n for n in before if "gabungan" in n]):
        assert after.get(name) == before[name], name
    replaced = {name for name in before if name.endswith(".docx") and after.get(name) != before[name]}
    found = regex.search(r"(\d+) dari \d+ unit selesai", errors)
    assert found, errors
    said = int(found.group(1))
    assert said == len(replaced) > 0, errors
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    journaled = {b["nama"] for line in lines if line["status"] == "berhasil" for b in line["berkas"]}
    assert replaced <= journaled


def test_an_annual_report_config_fans_out_into_one_report_per_daerah(tmp_path):
    data = tmp_path / "capaian.csv"
    _sample("65", "65.71").to_csv(data, index=False)
    out = tmp_path / "tahunan"
    result = _batch(ROOT / "configs" / "laporan-tahunan.yaml", out, "--format", "docx", "--quiet", "--data", str(data))
    assert result.exit_code == 0, result.output
    units = _manifest(out)["unit"]
    assert [u["kode_wilayah"] for u in units] == ["65", "65.71"]
    assert [u["berkas"][0]["nama"] for u in units] == ["laporan-tahunan-65-2025.docx",
                                                        "laporan-tahunan-65.71-2025.docx"]
    tarakan = open_docx(out / "laporan-tahunan-65.71-2025.docx")
    own = [p.text for p in tarakan.paragraphs]
    assert "KOTA TARAKAN" in own and "LAMPIRAN II" not in own and "PEMERINTAH KOTA TARAKAN" in own
    assert not any("Provinsi Kalimantan Utara" in text for text in own)
    cells = {c.text for t in tarakan.tables for row in t.rows for c in row.cells}
    assert "[isi tempat], 19 Januari 2026\nWALI KOTA TARAKAN,\nNAMA WALI KOTA" in cells
    province = [p.text for p in open_docx(out / "laporan-tahunan-65-2025.docx").paragraphs]
    assert "LAMPIRAN II" in province


def test_strict_fails_the_units_with_warnings_and_keeps_their_previous_files(tmp_path):
    rows = _sample("65")
    config = _project(tmp_path, rows)
    config.write_text(config.read_text(encoding="utf-8").replace("NAMA KEPALA OPD", "Drs. Budi Santoso"),
                      encoding="utf-8")
    out = tmp_path / "keluaran"
    assert _batch(config, out, "--format", "docx").exit_code == 0
    before = _files(out)
    over = rows.index[rows["opd"] == "Dinas Sosial"][0]
    rows.loc[over, "terlayani"] = str(int(float(rows.loc[over, "sasaran"])) + 10)
    rows.loc[rows["opd"] == "Dinas Pendidikan", "terlayani"] = "1"
    rows.to_csv(tmp_path / "capaian.csv", index=False)
    result = _batch(config, out, "--format", "docx", "--strict")
    assert result.exit_code == 1
    assert "GAGAL: Dinas Sosial (65):" in result.output and "lebih besar dari Sasaran" in result.output
    after = _files(out)
    assert after["Dinas Sosial.docx"] == before["Dinas Sosial.docx"]
    assert after["Dinas Pendidikan.docx"] != before["Dinas Pendidikan.docx"]


@pytest.mark.slow
def test_the_libreoffice_engine_works_in_a_batch(tmp_path):
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice tidak terpasang")
    config = _project(tmp_path, _sample("65")[lambda r: r["opd"] == "Dinas Sosial"])
    out = tmp_path / "keluaran"
    result = _batch(config, out, "--format", "pdf", "--pdf-engine", "libreoffice")
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "Dinas Sosial.pdf")
    assert "LibreOffice" in (reader.metadata.producer or "")
    assert "DINAS SOSIAL" in reader.pages[0].extract_text()


def test_pdfa_and_signing_cover_every_annex_and_the_combined_pdf(tmp_path, monkeypatch):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from certificates import PASSWORD, make_p12
    from pdfa_rules import assert_pdfa
    from spmdocs.render.signing import PASSWORD_ENV, sign_options

    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    plain = run_batch(config, out_dir=out, jobs=2, formats=("pdf",))
    assert plain.built == 6
    p12, certificate = make_p12(tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = _batch(config, out, "--resume", "--format", "pdf", "--pdfa", "--sign-p12", str(p12))
    assert result.exit_code == 0, result.output
    assert "Selesai: 6 unit, 6 berhasil (0 dipakai dari hasil sebelumnya)" in result.output  # PDF/A asked
    sign = sign_options(p12, {PASSWORD_ENV: PASSWORD})
    trusted = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 7
    for pdf in pdfs:
        assert_pdfa(pdf)
        signatures = PdfFileReader(io.BytesIO(pdf.read_bytes())).embedded_signatures
        assert len(signatures) == 1, pdf.name
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[trusted]))
        assert status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"
    manifest = _manifest(out)
    combined = out / "gabungan-2025.pdf"
    assert manifest["gabungan"]["sha256"] == hashlib.sha256(combined.read_bytes()).hexdigest()
    again = run_batch(config, out_dir=out, jobs=2, resume=True, formats=("pdf",), pdfa="2b", sign=sign)
    assert again.reused == 6 and again.built == 0


def test_the_combined_pdf_is_streamed_beside_its_target_and_a_failed_write_changes_nothing(tmp_path, monkeypatch):
    from spmdocs.errors import RenderError
    from spmdocs.render.merge import combine

    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    result = run_batch(config, out_dir=out, jobs=2)
    manifest = _manifest(out)
    combined = (out / "gabungan-2025.pdf").read_bytes()
    parts = [(out / u["berkas"][1]["nama"], f"{u['unit']} Provinsi Kalimantan Utara") for u in manifest["unit"]]
    info = {"Title": "Lampiran Capaian SPM Provinsi Kalimantan Utara Tahun 2025",
            "Author": "Pemerintah Provinsi Kalimantan Utara", "Subject": "Gabungan dokumen per unit"}
    from datetime import datetime

    assert combine(parts, info, datetime(2026, 1, 19, 8, 0))[0] == combined
    assert manifest["gabungan"]["sha256"] == hashlib.sha256(combined).hexdigest()
    assert result.outputs[0] == out / "gabungan-2025.pdf"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".spmdocs-")]

    real_publish = batch.publish_files

    def refuse_combined(files, folder):
        if "gabungan-2025.pdf" in files:
            assert isinstance(files["gabungan-2025.pdf"], Path)  # streamed to disk, not held in memory
            raise OSError(28, "No space left on device")
        return real_publish(files, folder)

    monkeypatch.setattr(batch, "publish_files", refuse_combined)
    with pytest.raises(RenderError) as caught:
        run_batch(config, out_dir=out, jobs=2)
    assert "berkas gabungan tidak dapat ditulis" in caught.value.format_message()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".spmdocs-")]


def _planned(config: Path):
    """The units and tasks of ``config`` as the batch plans them (nothing is built)."""
    from spmdocs import pipeline
    from spmdocs.reports import kind_of

    loaded, _ = pipeline.load(config, None)
    kind = kind_of(loaded)
    tables, problems = batch._load(loaded)
    units, notes = kind.units(loaded, tables)
    tasks, notes = batch._plan(loaded, kind, tables, units, problems, notes)
    return tables, units, tasks, notes


def test_each_planned_unit_gets_its_rows_mutu_items_and_row_problems(tmp_path):
    rows = _sample("65", "65.01")
    health = rows.index[(rows["kode_wilayah"] == "65") & (rows["opd"] == "Dinas Kesehatan")]
    rows.loc[health[0], "daerah"] = ""  # the unit's name of daerah comes from its next row
    bad = rows.index[(rows["kode_wilayah"] == "65") & (rows["opd"] == "Dinas Sosial")][1]
    rows.loc[bad, "sasaran"] = "banyak"
    blank = rows.index[(rows["kode_wilayah"] == "65.01") & (rows["opd"] == "Dinas Sosial")][0]
    rows.loc[blank, "opd"] = "  "
    padded = rows.index[(rows["kode_wilayah"] == "65.01") & (rows["opd"] == "Dinas Pendidikan")][-1]
    rows.loc[padded, "opd"] = " Dinas Pendidikan "
    config = _project(tmp_path, rows)
    mutu = ROOT / "data" / "sample" / "mutu-2025.csv"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("data: {capaian: ", f"data: {{mutu: {mutu}, capaian: "), encoding="utf-8")

    tables, units, tasks, notes = _planned(config)

    capaian, items = tables.capaian, tables.mutu
    opd = capaian["opd"].str.strip()
    expected = sorted({(k, o) for k, o in zip(capaian["kode_wilayah"], opd) if o},
                      key=lambda key: (tuple(int(p) for p in key[0].split(".")), key[1].casefold()))
    assert [(u.unit.kode_wilayah, u.unit.nama) for u in units] == expected
    assert [u.unit.urut for u in units] == list(range(1, len(expected) + 1))
    for unit in units:
        own = capaian.index[(capaian["kode_wilayah"] == unit.unit.kode_wilayah) & (opd == unit.unit.nama)]
        assert unit.rows == tuple(own) and all(type(r) is int for r in unit.rows)
        services = set(capaian.loc[own, "kode_layanan"])
        of_unit = items.index[(items["kode_wilayah"] == unit.unit.kode_wilayah)
                              & items["kode_layanan"].isin(services)]
        assert unit.mutu_rows == tuple(of_unit) and all(type(r) is int for r in unit.mutu_rows)
        daerah = "Provinsi Kalimantan Utara" if unit.unit.kode_wilayah == "65" else "Kabupaten Bulungan"
        assert unit.unit.daerah == daerah
    task_of = {(t.unit.unit.kode_wilayah, t.unit.unit.nama): t for t in tasks}
    failing = task_of[("65", "Dinas Sosial")]
    assert len(failing.errors) == 1 and f"baris {bad + 2}" in failing.errors[0] and "'banyak'" in failing.errors[0]
    assert [t for t in tasks if t.errors] == [failing]
    assert len({t.data_digest for t in tasks}) == len(tasks)
    assert task_of[("65.01", "Dinas Pendidikan")].unit.rows[-1] == padded
    assert [n.message for n in notes if "tanpa isi kolom 'opd'" in n.message] == [
        f"1 baris tanpa isi kolom 'opd' tidak masuk lampiran mana pun (baris {blank + 2})"]


def test_units_sent_several_to_a_message_give_the_same_documents_and_manifest(tmp_path, monkeypatch):
    config = _project(tmp_path, _sample("65"))
    one, several = tmp_path / "satu", tmp_path / "beberapa"
    assert _batch(config, one, "--zip").exit_code == 0
    sent = []
    monkeypatch.setattr(batch, "chunk_size", lambda units, jobs: sent.append(units) or 4)
    seen = _StopAfter(100)
    result = run_batch(config, out_dir=several, jobs=2, make_zip=True, progress=seen)
    assert sent == [6] and seen.seen == 6 and not result.interrupted
    assert _files(several) == _files(one)


def test_a_message_holds_more_units_only_in_a_large_run():
    assert [batch.chunk_size(n, 2) for n in (6, 46, 200, 2000)] == [1, 2, 8, 8]
    assert batch.chunk_size(46, 1) == 5 and batch.chunk_size(0, 2) == 1


def test_the_combined_pdf_takes_units_in_order_whatever_order_they_finish_in(tmp_path):
    """Units offered out of order, one failed and one without a PDF: the combined PDF is that of the
    others' PDFs in unit order, as combining them in one go gives."""
    import dataclasses
    from datetime import datetime

    from spmdocs import pipeline
    from spmdocs.reports import kind_of
    from spmdocs.render.merge import combine

    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    run_batch(config, out_dir=out, jobs=1, formats=("pdf",))
    records = {r["urut"]: r for r in _manifest(out)["unit"]}
    loaded, _ = pipeline.load(config, None)
    _, units, tasks, _ = _planned(config)
    combining = batch._Combining.of(loaded, kind_of(loaded), out, tasks, ("pdf",), {})
    offered = [batch.UnitRecord.from_json(records[urut]) for urut in sorted(records, reverse=True)]
    failed = dataclasses.replace(offered[1], status=batch.STATUS_FAILED, berkas=[])
    without_pdf = dataclasses.replace(offered[3], berkas=[f for f in offered[3].berkas if f.format != "pdf"])
    offered[1], offered[3] = failed, without_pdf
    for record in offered:
        combining.offer(record)
    created = datetime(2026, 1, 19, 8, 0)
    found = combining.finish(combining.groups[0], created, None)
    kept = [r for r in sorted(offered, key=lambda r: r.urut) if r.ok and r.file("pdf")]
    assert len(kept) == len(offered) - 2
    expected, pages = combine([(out / r.file("pdf").nama, f"{r.unit} Provinsi Kalimantan Utara") for r in kept],
                              {"Title": "Lampiran Capaian SPM Provinsi Kalimantan Utara Tahun 2025",
                               "Author": "Pemerintah Provinsi Kalimantan Utara",
                               "Subject": "Gabungan dokumen per unit"}, created)
    assert combining.groups[0].path.read_bytes() == expected and found.halaman == pages
    combining.discard()
    assert [p.name for p in out.iterdir() if p.name.startswith(".spmdocs-")] == []


def test_a_part_that_cannot_be_read_into_the_combined_pdf_fails_the_run_at_the_end(tmp_path, monkeypatch):
    """Reading a unit's PDF while the others are built fails: every unit is still built, then the run
    says the combined PDF could not be written, and leaves no temporary file."""
    from spmdocs.errors import RenderError
    from spmdocs.render import merge

    config = _project(tmp_path, _sample("65"))
    out = tmp_path / "keluaran"
    real, calls = merge.CombinedPdf.add, []

    def failing(self, source, title):
        calls.append(title)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return real(self, source, title)
    monkeypatch.setattr(merge.CombinedPdf, "add", failing)
    with pytest.raises(RenderError) as caught:
        run_batch(config, out_dir=out, jobs=2, formats=("pdf",))
    assert "berkas gabungan tidak dapat ditulis (galat baca/tulis" in caught.value.format_message()
    assert len(calls) == 2 and len(list(out.glob("*.pdf"))) == 6
    assert [p.name for p in out.iterdir() if p.name.startswith(".spmdocs-")] == []


def test_the_fonts_are_loaded_before_forking_for_word_too():
    """The layout measures text in the config's fonts for Word as well as PDF: the pool's parent
    loads them once for every forked worker (some 30 ms a worker otherwise)."""
    from types import SimpleNamespace

    from spmdocs import fonts, pipeline
    from spmdocs.compose import measure

    config, _ = pipeline.load(ROOT / "configs" / "lampiran-opd.yaml")
    fonts._register.cache_clear()
    measure._faces.cache_clear()
    batch._preload(SimpleNamespace(config=config, options=pipeline.Options(("docx",))))
    assert fonts._register.cache_info().currsize == 1
