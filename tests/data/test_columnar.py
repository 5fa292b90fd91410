"""The batched reading of large CSV files gives the problems and scores of the row-by-row loader."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from spmdocs import api
from spmdocs.data import columnar
from spmdocs.data.validate import validate_files
from spmdocs.spm.export import to_json
from spmdocs.spm.scoring import score

REPO = Path(__file__).resolve().parents[2]
COLUMNS = ["kode_wilayah", "daerah", "tahun", "kode_layanan", "jenis_pelayanan", "opd", "unit", "sasaran",
           "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]


def _national():
    spec = importlib.util.spec_from_file_location("national_data_for_columnar", REPO / "scripts" / "national_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kaltara(tmp_path_factory) -> list[list[str]]:
    """Rows of Kalimantan Utara from a national file with several units per service."""
    folder = tmp_path_factory.mktemp("columnar")
    path = _national().write_national(folder / "n.csv", 15438 * 4, seed=5)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [rows[0]] + [r for r in rows[1:] if r[0] == "65" or r[0].startswith("65.")]


def _write(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def batched(monkeypatch):
    """Every CSV takes the batched path, in blocks of a few dozen rows."""
    monkeypatch.setattr(columnar, "LARGE_CSV_BYTES", 0)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(columnar, "MERGE_EVERY", 3)


def _both(path, **options):
    whole = validate_files(path, kind="capaian", **options)
    summed = validate_files(path, kind="capaian", aggregate=True, **options)
    return whole, summed


def _problems(result):
    return [(p.message, p.location, p.severity) for p in result.problems]


def test_clean_file_same_scores_from_summed_rows(kaltara, tmp_path, batched):
    path = _write(tmp_path / "kaltara.csv", kaltara)
    whole, summed = _both(path)
    assert summed.rows_read == len(whole.frame) == len(kaltara) - 1
    assert len(summed.frame) == 14 + 5 * 29  # one row per daerah × service
    assert _problems(whole) == _problems(summed) == []
    assert to_json(score(summed.frame)) == to_json(score(whole.frame))


def test_bad_cells_same_located_messages(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows[5][7] = "12a"                       # unreadable number
    rows[40][8] = str(int(rows[40][7]) + 9)  # terlayani > sasaran (warning)
    rows[77][9] = "-5"                       # negative
    rows[120][2] = ""                        # empty tahun
    rows[150][3] = "K-XYZ-9"                 # unknown service
    rows[200][7] = "1.234"                   # Indonesian thousands: fine
    rows[260][6] = "Jumlah"                  # a total row, left out with a warning
    rows.append(list(rows[10]))              # a duplicate in a later batch
    rows[300][0] = "65.99"                   # code of no daerah: warning only
    path = _write(tmp_path / "bad.csv", rows)
    whole, summed = _both(path)
    problems = _problems(whole)
    assert summed.rows_read is not None
    assert problems == _problems(summed)
    text = " ".join(p[0] for p in problems)
    assert "Baris ganda" in text and "negatif" in text and "jumlah/total dilewati" in text
    assert any(p[1].row == 6 and p[1].column == "sasaran" for p in problems)


def test_many_bad_cells_capped_alike(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    for i in range(3, len(rows), 7):
        rows[i][10] = "-1"
    whole, summed = _both(_write(tmp_path / "many.csv", rows))
    assert _problems(whole) == _problems(summed)
    assert "masih ada" in whole.problems[-1].message


def test_table_rules_across_batches(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows[-1][2] = "2024"                      # a second year at the end
    rows[-2][1] = "Kabupaten Lain"            # a second name for one code
    rows.append(["64", "Provinsi Kalimantan Timur"] + rows[1][2:])  # another province
    whole, summed = _both(_write(tmp_path / "table.csv", rows))
    assert _problems(whole) == _problems(summed)
    assert len(whole.errors) >= 2
    whole, summed = _both(_write(tmp_path / "years.csv", rows[:-1]), allow_years=True)
    assert _problems(whole) == _problems(summed)


def test_semicolons_bom_and_strict(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows[9][8] = str(int(rows[9][7]) + 1)
    path = _write(tmp_path / "semi.csv", rows, ";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    whole, summed = _both(path, strict=True)
    assert summed.rows_read is not None
    assert _problems(whole) == _problems(summed)
    assert [p.severity for p in summed.problems] == ["error"]


def test_files_it_does_not_take(kaltara, tmp_path, batched):
    titled = _write(tmp_path / "titled.csv", [["PEMERINTAH PROVINSI KALIMANTAN UTARA"], *kaltara])
    assert columnar.eligible(titled, "capaian", None, None, None) is None
    assert columnar.eligible(_write(tmp_path / "plain.csv", kaltara), "capaian", None, None, None)
    assert columnar.eligible(REPO / "data" / "sample" / "capaian-2025-bulungan.xlsx", "capaian", None, None,
                             None) is None
    whole, summed = _both(titled)
    assert summed.rows_read is None and _problems(whole) == _problems(summed)


def test_quoted_line_break_falls_back_to_rows(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows[30][6] = "Puskesmas\nBaru"
    whole, summed = _both(_write(tmp_path / "break.csv", rows))
    assert summed.rows_read is None
    assert _problems(whole) == _problems(summed)


def test_small_files_keep_the_row_by_row_loader(kaltara, tmp_path):
    path = _write(tmp_path / "small.csv", kaltara)
    assert columnar.eligible(path, "capaian", None, None, None) is None
    assert validate_files(path, kind="capaian", aggregate=True).rows_read is None


def test_api_score_identical(kaltara, tmp_path, monkeypatch):
    path = _write(tmp_path / "api.csv", kaltara)
    whole = to_json(api.score(path).scores)
    monkeypatch.setattr(columnar, "LARGE_CSV_BYTES", 0)
    assert to_json(api.score(path).scores) == whole


def test_duplicates_between_clean_batches(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows.append(list(rows[3]))
    rows.append([c.upper() if i == 6 else c for i, c in enumerate(rows[200])])  # unit in capitals
    whole, summed = _both(_write(tmp_path / "twice.csv", rows))
    assert summed.rows_read == len(rows) - 1
    assert _problems(whole) == _problems(summed)
    assert [p.location.row for p in summed.problems] == [len(rows) - 1, len(rows)]


def test_commands_validate_and_score(kaltara, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from spmdocs.cli import main

    rows = [list(r) for r in kaltara]
    rows[12][7] = "abc"
    good, bad = _write(tmp_path / "good.csv", kaltara), _write(tmp_path / "bad.csv", rows)
    runner = CliRunner()
    before = [runner.invoke(main, args) for args in (["score", str(good), "--format", "json"],
                                                     ["validate", str(bad)])]
    monkeypatch.setattr(columnar, "LARGE_CSV_BYTES", 0)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 8192)
    checked = runner.invoke(main, ["validate", str(good)])
    assert checked.exit_code == 0 and f"Data valid: {len(kaltara) - 1:,} baris".replace(",", ".") in checked.output
    after = [runner.invoke(main, args) for args in (["score", str(good), "--format", "json"],
                                                    ["validate", str(bad)])]
    assert [(r.exit_code, r.output) for r in after] == [(r.exit_code, r.output) for r in before]
    assert after[1].exit_code == 2 and "baris 13" in after[1].output and "abc" in after[1].output


def test_a_number_convention_told_in_one_batch_holds_for_the_ambiguous_cells_of_another(kaltara, tmp_path,
                                                                                         batched):
    """The row-by-row loader reads a column's "1.500" by the whole column: 1,5 when the column also
    holds "1,250,000" (US). Read batch by batch, the later batch alone would say 1 500."""
    rows = [list(r) for r in kaltara]
    rows[5][11] = "1,250,000"   # anggaran written the US way: the column is US
    rows[300][11] = "1.500"     # ambiguous, in a batch with no evidence of its own
    whole, summed = _both(_write(tmp_path / "us.csv", rows))
    assert whole.frame.loc[whole.frame["_row"] == 301, "anggaran"].tolist() == [1.5]
    assert summed.rows_read is None  # read row by row, as the loader reads it
    assert _problems(whole) == _problems(summed)
    assert to_json(score(summed.frame)) == to_json(score(whole.frame))


def test_ambiguous_cells_beside_their_evidence_keep_the_batched_path(kaltara, tmp_path, batched):
    rows = [list(r) for r in kaltara]
    rows[5][11] = "1,250,000"
    rows[6][11] = "1.500"       # the same batch: read by the same evidence either way
    whole, summed = _both(_write(tmp_path / "same.csv", rows))
    assert summed.rows_read == len(rows) - 1
    assert _problems(whole) == _problems(summed)
    assert to_json(score(summed.frame)) == to_json(score(whole.frame))
