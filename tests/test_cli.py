"""The command line: exit codes, messages for clerks, no tracebacks, output formats."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from spmdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "capaian-2025.csv"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_score_table_prints_every_daerah_index_and_kategori(runner):
    result = runner.invoke(main, ["score", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    for name in ("Provinsi Kalimantan Utara", "Kabupaten Bulungan", "Kabupaten Malinau",
                 "Kabupaten Nunukan", "Kabupaten Tana Tidung", "Kota Tarakan"):
        assert name in result.output
    assert "Tuntas" in result.output and "87,13" in result.output


def test_score_json_follows_the_documented_schema(runner):
    result = runner.invoke(main, ["score", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["daerah"]) == 6
    daerah = data["daerah"][0]
    assert set(daerah) >= {"kode_wilayah", "nama", "tahun", "indeks", "kategori", "bidang"}
    bidang = daerah["bidang"][0]
    assert set(bidang) >= {"kode", "nama", "indeks", "kategori", "layanan"}
    layanan = bidang["layanan"][0]
    assert set(layanan) >= {"kode", "nama", "sasaran", "terlayani", "capaian_penerima", "capaian_mutu",
                            "nilai", "kategori"}
    assert isinstance(daerah["indeks"], float) and isinstance(layanan["sasaran"], float)


def test_score_json_of_a_national_file_scores_every_daerah_of_every_province(runner, tmp_path):
    from nasional import national_rows, write_national

    data = write_national(tmp_path / "nasional.csv")
    result = runner.invoke(main, ["score", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    daerah = json.loads(result.stdout)["daerah"]
    assert len(daerah) == 552
    assert len({d["kode_wilayah"].split(".")[0] for d in daerah}) == 38
    assert sum(d["level"] == "provinsi" for d in daerah) == 38
    rows = national_rows()
    aceh_selatan = rows[rows["kode_wilayah"] == "11.01"]
    alone = tmp_path / "aceh-selatan.csv"
    aceh_selatan.to_csv(alone, index=False)
    own = json.loads(runner.invoke(main, ["score", str(alone), "--format", "json"]).stdout)["daerah"]
    assert [d for d in daerah if d["kode_wilayah"] == "11.01"] == own
    assert len({d["indeks"] for d in daerah}) > 20


def test_validate_accepts_a_national_file_and_refuses_it_for_one_province(runner, tmp_path):
    from nasional import write_national

    data = write_national(tmp_path / "nasional.csv", 3, 2)
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 0, result.output
    assert "Data valid: 216 baris" in result.output
    result = runner.invoke(main, ["validate", str(data), "--cakupan", "provinsi"])
    assert result.exit_code == 2
    assert "satu provinsi" in result.output and "Traceback" not in result.output


def test_score_csv_has_one_row_per_service(runner):
    result = runner.invoke(main, ["score", str(SAMPLE), "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("kode_wilayah,daerah,tahun")
    assert len(lines) == 1 + 14 + 5 * 29


def test_validate_reports_all_problems_with_location_and_exit_2(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kode_wilayah,tahun,kode_layanan,sasaran,terlayani\n"
                   "65.01,2025,K-KES-1,abc,10\n"
                   "65.01,2025,K-XXX-9,10,5\n"
                   "65.01,2025,K-KES-2,-5,1\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    out = result.output
    assert "bad.csv" in out and "baris 2" in out and "'sasaran'" in out
    assert "baris 3" in out and "baris 4" in out
    assert "Traceback" not in out


def test_the_summary_counts_the_problems_a_capped_list_leaves_out(runner, tmp_path):
    bad = tmp_path / "banyak.csv"
    bad.write_text("kode_wilayah,tahun,kode_layanan,sasaran,terlayani\n"
                   + "".join(f"65.01,2025x,K-KES-{1 + i % 10},10,{11 if i < 3 else 5}\n" for i in range(30)),
                   encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    listed = [line for line in result.output.splitlines() if line.startswith("  - GALAT")]
    assert len(listed) == 21 and "masih ada 10 masalah serupa" in listed[-1]
    assert result.output.startswith("Data tidak valid: 30 galat, 3 peringatan.")
    assert "Baris ganda" not in result.output  # a row whose tahun is unreadable is nobody's duplicate


def test_validate_good_file_passes_with_warnings(runner):
    result = runner.invoke(main, ["validate", str(SAMPLE)])
    assert result.exit_code == 0
    assert "Data valid" in result.output and "PERINGATAN" in result.output
    strict = runner.invoke(main, ["validate", str(SAMPLE), "--strict"])
    assert strict.exit_code == 2


def test_build_with_bad_config_exits_2_without_traceback(tmp_path):
    config = tmp_path / "x.yaml"
    config.write_text("jenis: laporan_tahunan\ntahun: abc\nkop: {pemerintahh: X}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "spmdocs", "build", str(config), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "x.yaml" in run.stderr and "'tahun'" in run.stderr and "mungkin maksud Anda 'pemerintah'" in run.stderr
    assert not (tmp_path / "o").exists()


def test_unknown_format_is_a_clear_error(runner):
    result = runner.invoke(main, ["build", str(ROOT / "configs" / "laporan-tahunan.yaml"), "--format", "odt"])
    assert result.exit_code == 2 and "odt" in result.output


def test_pdfa_and_signing_options_need_a_pdf_format(runner, tmp_path):
    result = runner.invoke(main, ["build", str(ROOT / "configs" / "laporan-tahunan.yaml"), "--format", "docx",
                                  "--pdfa", "--sign-p12", str(tmp_path / "ttd.p12"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "pilihan --pdfa hanya berlaku untuk PDF" in result.output
    assert "pilihan --sign-p12 hanya berlaku untuk PDF" in result.output
    assert not (tmp_path / "o").exists()


def test_a_wrong_certificate_password_stops_before_anything_is_written(runner, tmp_path, monkeypatch):
    from certificates import make_p12
    from spmdocs.render.signing import PASSWORD_ENV

    p12, _ = make_p12(tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, "bukan-sandinya")
    result = runner.invoke(main, ["build", str(ROOT / "configs" / "laporan-tahunan.yaml"), "--format", "pdf",
                                  "--sign-p12", str(p12), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "kata sandi salah" in result.output and PASSWORD_ENV in result.output and "bukan-sandinya" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_build_signs_the_pdfa_file_with_the_office_certificate(runner, tmp_path, monkeypatch):
    import shutil

    from certificates import PASSWORD, SIGNER, make_p12
    from pdfa_rules import assert_pdfa
    from spmdocs.render.signing import PASSWORD_ENV

    p12, _ = make_p12(tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    out = tmp_path / "o"
    result = runner.invoke(main, ["build", str(ROOT / "configs" / "laporan-triwulan.yaml"), "--format",
                                  "docx,pdf", "--pdfa", "--sign-p12", str(p12), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    [pdf] = list(out.glob("*.pdf"))
    assert_pdfa(pdf)
    if shutil.which("pdfsig"):
        report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in report and "Total document signed" in report and SIGNER in report


@pytest.mark.parametrize("args", [[], ["build"], ["batch"], ["score"], ["validate"], ["init"], ["serve"]])
def test_help_pages_are_in_bahasa_indonesia(runner, args):
    result = runner.invoke(main, [*args, "--help"], prog_name="spmdocs")
    assert result.exit_code == 0
    page = result.output
    assert page.startswith("Cara pakai: spmdocs")
    assert "Pilihan:" in page and "Tampilkan petunjuk ini lalu keluar." in page
    english = re.compile(r"\b(Usage|Options|Commands|Show|default|required|TEXT|PATH|INTEGER|OPTIONS|COMMAND)\b")
    assert not english.findall(page), page


def test_version_line_is_in_bahasa_indonesia(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and ", versi " in result.output


def test_validate_counts_rows_with_indonesian_thousands(tmp_path, runner):
    import csv

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "capaian-2025.csv"
    with open(sample, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    many = [header] + [[*row[:6], f"{row[6]} {copy}", *row[7:]] for copy in range(5) for row in rows]
    path = tmp_path / "banyak.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(many)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Data valid: {len(many) - 1:,} baris".replace(",", ".") in result.output and len(many) > 1001


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_a_build_in_indonesian_and_writes_nothing(tmp_path, signum):
    """The signal comes while the PDF is drawn (the Word file already made): the command says
    why it stopped, in Bahasa Indonesia, and leaves no file, finished or half-written."""
    import signal
    import time

    out, drawing = tmp_path / "o", tmp_path / "sedang-menggambar"
    code = ("import sys, time; from pathlib import Path; from reportlab.platypus import BaseDocTemplate; "
            "build = BaseDocTemplate.build\n"
            "def slow(self, *a, **k):\n"
            f"    Path({str(drawing)!r}).touch(); time.sleep(60); return build(self, *a, **k)\n"
            "BaseDocTemplate.build = slow; from spmdocs.cli import run; sys.argv = ['spmdocs'] + sys.argv[1:]; run()")
    process = subprocess.Popen([sys.executable, "-c", code, "build", str(ROOT / "configs" / "laporan-tahunan.yaml"),
                                "--format", "docx,pdf", "--out", str(out)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not drawing.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(getattr(signal, signum))
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 1, errors
    assert "Dihentikan oleh pengguna (Ctrl+C) atau sinyal sebelum selesai" in errors
    assert "Aborted" not in errors and "Traceback" not in errors
    assert not out.exists() or list(out.iterdir()) == []


def test_a_finished_command_still_runs_exit_handlers_and_flushes_its_output(tmp_path):
    """The command skips the interpreter's teardown, not its exit handlers or buffered output."""
    marker = tmp_path / "ditutup"
    code = ("import atexit, sys; from pathlib import Path; "
            f"atexit.register(lambda: Path({str(marker)!r}).write_text('ya')); "
            "from spmdocs.cli import run; sys.argv = ['spmdocs'] + sys.argv[1:]; run()")
    done = subprocess.run([sys.executable, "-c", code, "score", str(SAMPLE), "--format", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["daerah"]) == 6
    assert marker.read_text() == "ya"
    bad = tmp_path / "rusak.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "spmdocs", "validate", str(bad)], capture_output=True, text=True)
    assert refused.returncode == 2 and "Kolom wajib 'Sasaran'" in refused.stderr
