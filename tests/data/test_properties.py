"""Properties of loading and scoring random clerk tables: nothing crashes, and the scores add up.

Tables are written as real CSV and XLSX files with random Unicode names (units, daerah), random
numbers written the Indonesian way (or as garbage), random services and regions, then loaded
with :func:`~spmdocs.data.validate.validate_files`. Whatever the table holds, the loader either
returns problems located in the file, or a clean canonical frame that scores within the rules.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from spmdocs.data.cells import without_invisible
from spmdocs.data.validate import validate_files
from spmdocs.errors import Problem
from spmdocs.fmt import angka
from spmdocs.spm.catalog import load_catalog
from spmdocs.spm.scoring import ScoringRules, score

CATALOG = load_catalog()
KAB = [s.kode for s in CATALOG.services("kabupaten_kota")]
PROV = [s.kode for s in CATALOG.services("provinsi")]
HEADER = ["kode_wilayah", "daerah", "tahun", "kode_layanan", "unit", "sasaran", "terlayani"]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=25)
"""Any Unicode text but NUL and lone surrogates: accents, scripts, emoji, quotes, commas, line breaks.

(A NUL byte makes a CSV file binary; the loader says so, see the corpus in tests/bad_inputs.)"""

counts = st.integers(min_value=0, max_value=10**9)
garbage = st.one_of(names, st.sampled_from(["NaN", "inf", "-1", "1e400", "1.234.5", "=A1*2", "12,5%", "(300)",
                                            "Rp1.250.000,-", "", "-", "TRUE", "99999999999999999999"]))


@st.composite
def clean_rows(draw) -> list[dict]:
    """Rows a clerk could send: kab/kota services with counts, served never above the target."""
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        sasaran = draw(counts)
        rows.append({"kode_wilayah": draw(st.sampled_from(["65.01", "65.02", "65.71"])),
                     "kode_layanan": draw(st.sampled_from(KAB)), "unit": draw(names),
                     "sasaran": sasaran, "terlayani": draw(st.integers(min_value=0, max_value=sasaran))})
    return rows


@st.composite
def messy_rows(draw) -> list[list[str]]:
    """Anything in any cell: random services, regions, numbers and text."""
    cell = st.one_of(names, garbage, counts.map(angka))
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=10))):
        rows.append([draw(st.one_of(st.sampled_from(["65", "65.01", "64.01", "6501", ""]), names)),
                     draw(names), draw(st.one_of(st.sampled_from(["2025", "2025,0", "1925", ""]), names)),
                     draw(st.one_of(st.sampled_from(KAB + PROV + ["K-KES-99", ""]), names)),
                     draw(names), draw(cell), draw(cell)])
    return rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tabel-acak")


def write_csv(folder: Path, rows: list[list], name: str = "tabel.csv", delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = folder / name
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path


def start_lines(rows: list[list]) -> list[int]:
    """The line each written record starts on (a cell with a line break spans lines)."""
    lines, line = [], 2
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        lines.append(line)
        line += buffer.getvalue().count("\n")
    return lines


def write_xlsx(folder: Path, rows: list[list], name: str = "tabel.xlsx") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([_xlsx_safe(value) for value in row])
    path = folder / name
    workbook.save(path)
    return path


def _xlsx_safe(value):
    """openpyxl refuses control characters in cells; Excel cannot hold them either."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return value


def as_cells(rows: list[dict]) -> list[list]:
    return [[r["kode_wilayah"], "", "2025", r["kode_layanan"], r["unit"], angka(r["sasaran"]),
             angka(r["terlayani"])] for r in rows]


def assert_located(problems: list[Problem], files: set[str]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message
        assert problem.location.file in files, problem


def assert_scores_add_up(result, rules: ScoringRules) -> None:
    for daerah in result.daerah:
        bidang = [b.indeks for b in daerah.bidang if b.indeks is not None]
        if bidang:
            assert daerah.indeks == pytest.approx(math.fsum(bidang) / len(bidang))
            assert 0 <= daerah.indeks <= 100
        assert daerah.kategori == rules.kategori_of(daerah.indeks)
        for b in daerah.bidang:
            nilai = [s.nilai for s in b.layanan if s.nilai is not None]
            assert (b.indeks is None) == (not nilai)
            if nilai:
                assert b.indeks == pytest.approx(math.fsum(nilai) / len(nilai))
            for layanan in b.layanan:
                assert layanan.terlayani <= layanan.sasaran
                if layanan.sasaran > 0:
                    assert layanan.capaian_penerima == pytest.approx(layanan.terlayani / layanan.sasaran * 100)
                    assert 0 <= layanan.nilai <= 100
                else:
                    assert layanan.nilai is None  # sasaran 0 is left out of the index by default


@SETTINGS
@given(messy_rows(), st.sampled_from(["csv", "csv;", "cp1252", "xlsx"]))
def test_any_table_gives_located_problems_or_a_clean_frame(folder, rows, form):
    if form == "xlsx":
        path = write_xlsx(folder, rows)
    else:
        path = write_csv(folder, rows, delimiter=";" if form == "csv;" else ",",
                         encoding="cp1252" if form == "cp1252" else "utf-8")
    result = validate_files([path], kind="capaian")
    assert_located(result.problems, {str(path)})
    if result.ok:
        frame = result.frame
        assert (frame["kode_layanan"] != "").all()
        assert frame["sasaran"].notna().all() and frame["terlayani"].notna().all()
        assert (frame[["sasaran", "terlayani"]] >= 0).all().all()
        assert_scores_add_up(score(frame), ScoringRules())


@SETTINGS
@given(clean_rows())
def test_clean_tables_load_exactly_and_score_within_the_rules(folder, rows):
    path = write_csv(folder, as_cells(rows))
    result = validate_files([path], kind="capaian")
    duplicates = pd.DataFrame(rows)[["kode_wilayah", "kode_layanan", "unit"]]
    duplicates["unit"] = duplicates["unit"].map(lambda u: " ".join(u.split()).casefold())
    assume(not duplicates.duplicated().any())
    assert result.ok, "\n".join(map(str, result.problems))
    frame = result.frame
    assert len(frame) == len(rows)
    assert list(frame["sasaran"]) == [float(r["sasaran"]) for r in rows]
    assert list(frame["terlayani"]) == [float(r["terlayani"]) for r in rows]
    assert list(frame["_row"]) == start_lines(as_cells(rows))
    assert_scores_add_up(score(frame), ScoringRules())


def split_counts(sasaran: int, terlayani: int, parts: int) -> list[tuple[int, int]]:
    """``sasaran`` and ``terlayani`` spread over ``parts`` units, served never above a unit's target."""
    shares = [sasaran // parts + (sasaran % parts if i == 0 else 0) for i in range(parts)]
    out, left = [], terlayani
    for share in shares:
        out.append((share, min(share, left)))
        left -= out[-1][1]
    return out


@SETTINGS
@given(clean_rows(), st.integers(min_value=2, max_value=5), st.randoms(use_true_random=False))
def test_a_table_split_into_units_and_shuffled_scores_the_same(folder, rows, parts, rnd):
    whole: dict[tuple, dict] = {}
    for r in rows:
        total = whole.setdefault((r["kode_wilayah"], r["kode_layanan"]), {**r, "unit": "", "sasaran": 0,
                                                                          "terlayani": 0})
        total["sasaran"] += r["sasaran"]
        total["terlayani"] += r["terlayani"]
    split = [{**r, "unit": f"Puskesmas «{n}» {part}", "sasaran": s, "terlayani": t}
             for n, r in enumerate(whole.values())
             for part, (s, t) in enumerate(split_counts(r["sasaran"], r["terlayani"], parts))]
    rnd.shuffle(split)
    a = validate_files([write_csv(folder, as_cells(list(whole.values())), "utuh.csv")], kind="capaian")
    b = validate_files([write_xlsx(folder, as_cells(split), "pecah.xlsx")], kind="capaian")
    assert a.ok and b.ok, "\n".join(map(str, a.problems + b.problems))
    scored_a, scored_b = score(a.frame), score(b.frame)
    assert [d.kode_wilayah for d in scored_a.daerah] == [d.kode_wilayah for d in scored_b.daerah]
    for da, db in zip(scored_a.daerah, scored_b.daerah):
        assert da.indeks == pytest.approx(db.indeks)
        assert [(s.kode, s.sasaran, s.terlayani, s.nilai) for s in da.layanan()] == \
               [(s.kode, s.sasaran, s.terlayani, s.nilai) for s in db.layanan()]


@SETTINGS
@given(st.lists(st.tuples(names, counts), min_size=1, max_size=len(KAB)), st.sampled_from(["csv", "xlsx"]))
def test_unicode_unit_names_survive_loading(folder, entries, form):
    rows = [["65.01", "Kabupaten Bulungan", "2025", KAB[i], name, angka(n), "0"]
            for i, (name, n) in enumerate(entries)]
    path = write_xlsx(folder, rows, "nama.xlsx") if form == "xlsx" else write_csv(folder, rows, "nama.csv")
    result = validate_files([path], kind="capaian")
    assert result.ok, "\n".join(map(str, result.problems))
    clean = _xlsx_safe if form == "xlsx" else str
    # Invisible and control characters are removed (with a warning): they make a name look right but differ.
    assert list(result.frame["unit"]) == [" ".join(without_invisible(clean(name)).split()) for name, _ in entries]
