"""Indonesian and plain number parsing, one cell and whole columns."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from spmdocs.data.numbers import parse_number, parse_number_series, reading_of


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", 1234.5),
    ("1.250.000", 1250000),
    ("Rp1.250.000", 1250000),
    ("Rp 1.250.000,00", 1250000),
    ("Rp. 1.000,-", 1000),
    ("85,3%", 85.3),
    ("12,5", 12.5),
    ("1234.5", 1234.5),
    ("1,234.5", 1234.5),
    ("1,234,567", 1234567),
    ("1.234", 1234),          # single dot + 3 digits: thousands (Indonesian convention)
    ("12.500", 12500),
    ("0.125", 0.125),         # leading zero: cannot be a thousands group
    ("1,234", 1.234),         # a single comma is always decimal
    ("-5", -5),
    ("(1.234)", -1234),
    (" 1 250 000 ", 1250000),
    ("950", 950),
    (3, 3.0),
    (2.5, 2.5),
    (np.int64(7), 7.0),
])
def test_parses_indonesian_and_plain_numbers(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("empty", ["", "-", "  ", "—", None, float("nan"), pd.NA])
def test_empty_cells_are_none_not_zero(empty):
    assert parse_number(empty) is None


@pytest.mark.parametrize("garbage, reason", [
    ("abc", "hanya boleh berisi angka"),
    ("12 orang", "hanya boleh berisi angka"),
    ("1.23.4", "pemisah ribuan"),
    ("12,3,4", "koma"),
    ("inf", "tak hingga"),
    ("NaN", "tak hingga"),
    ("-Infinity", "tak hingga"),
    ("9999999999999999", "terlalu besar"),
    (1e16, "terlalu besar"),
    (float("inf"), "tak hingga"),
    (True, "benar/salah"),
])
def test_garbage_raises_with_indonesian_reason(garbage, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(garbage)


def _indonesian(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_indonesian_integers_round_trip(number):
    assert parse_number(_indonesian(number, 0)) == number
    assert parse_number("Rp" + _indonesian(abs(number), 0) + ",00") == abs(number)


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=1, max_value=4))
def test_indonesian_decimals_round_trip(cents, decimals):
    value = cents / 10**decimals
    assert parse_number(_indonesian(value, decimals)) == pytest.approx(value, rel=1e-12)


@given(st.lists(st.sampled_from(
    ["1", "2,5", "1.234", "0.500", "1.250.000", "Rp5.000", "x", "", "-", "12.5", "-7", "1,234.5",
     "85,3%", "inf", "99999999999999999"]), max_size=30))
def test_series_agrees_with_single_values(cells):
    values, errors, _ = parse_number_series(pd.Series(cells, dtype="str"))
    reading = reading_of(cells)
    for label, cell in enumerate(cells):
        try:
            expected = parse_number(cell, reading)
        except ValueError as exc:
            assert errors[label] == str(exc)
            assert math.isnan(values[label])
            continue
        assert label not in errors
        assert (math.isnan(values[label]) if expected is None else values[label] == expected)


def test_series_of_mixed_excel_cells():
    values, errors, _ = parse_number_series(pd.Series([1, "1.234", 2.5, None, "abc", True],
                                                   dtype=object))
    assert values.tolist()[:3] == [1.0, 1234.0, 2.5]
    assert set(errors) == {4, 5}
    assert "benar/salah" in errors[5]


def test_numeric_column_fast_path_flags_infinite_and_huge():
    values, errors, _ = parse_number_series(pd.Series([1.0, np.inf, 2e15, 3.0]))
    assert values.dtype == "float64"
    assert sorted(errors) == [1, 2]
    assert values.isna().tolist() == [False, True, True, False]


def test_million_numbers_parse_in_seconds():
    numbers = np.random.default_rng(1).integers(0, 10**6, 1_000_000)
    start = time.perf_counter()
    values, errors, _ = parse_number_series(pd.Series(numbers))
    assert time.perf_counter() - start < 1
    text = pd.Series(numbers.astype(str), dtype="str")
    start = time.perf_counter()
    parsed, errors, _ = parse_number_series(text)
    assert time.perf_counter() - start < 15
    assert not errors and (parsed.to_numpy() == numbers).all()


@pytest.mark.parametrize("cells, amounts, expected", [
    # US evidence ("1,000,000", "1,234.5") makes "800,000" thousands and "1.234" decimal.
    (["1,000,000", "800,000", "1.234"], True, [1_000_000, 800_000, 1.234]),
    (["1,234.5", "12,500"], False, [1234.5, 12500]),
    (["Rp 1,250,000", "Rp 800,000"], True, [1_250_000, 800_000]),
    # Indonesian evidence keeps the Indonesian reading, in a count column too.
    (["1.250.000", "1,234", "1.234"], True, [1_250_000, 1.234, 1234]),
    (["0,5", "1,234"], True, [0.5, 1.234]),
    # No evidence: a count or amount reads "1,234" as 1234; a percent column as 1,234.
    (["1,234", "856", "1.500"], True, [1234, 856, 1500]),
    (["1,234", "85"], False, [1.234, 85]),
])
def test_a_column_reads_its_ambiguous_cells_by_its_own_evidence(cells, amounts, expected):
    values, errors, _ = parse_number_series(pd.Series(cells, dtype=object), amounts=amounts)
    assert errors == {}
    assert values.tolist() == pytest.approx(expected)


def test_a_changed_reading_is_warned_once_for_the_column():
    _, _, (label, message) = parse_number_series(
        pd.Series(["950", "1,000,000", "800,000", "12,345"], dtype=object), amounts=True)
    assert label == 2
    assert "'800,000' dan 1 sel lain" in message and "800.000" in message and "Inggris" in message
    _, _, (label, message) = parse_number_series(pd.Series(["5", "1,234"], dtype=object), amounts=True)
    assert label == 1 and "dibaca 1.234 (koma sebagai pemisah ribuan)" in message
    assert parse_number_series(pd.Series(["1.250.000", "1,5"], dtype=object), amounts=True).warning is None


def test_a_column_of_both_conventions_refuses_only_its_ambiguous_cells():
    values, errors, warning = parse_number_series(
        pd.Series(["85,5", "1,000,000", "1,234", "1.234", "7"], dtype=object), amounts=True)
    assert values.tolist()[:2] == [85.5, 1_000_000] and values[4] == 7
    assert sorted(errors) == [2, 3] and warning is None
    assert "bisa berarti 1234 (koma sebagai pemisah ribuan) atau 1,234" in errors[2]
    assert "bisa berarti 1234 (titik sebagai pemisah ribuan)" in errors[3]


def test_a_percent_sign_is_refused_in_a_count_column_only():
    values, errors, _ = parse_number_series(pd.Series(["85%", "12"], dtype=object), amounts=True)
    assert list(errors) == [0] and "tanda persen" in errors[0] and values[1] == 12
    values, errors, _ = parse_number_series(pd.Series(["85,5%", "12"], dtype=object))
    assert errors == {} and values.tolist() == [85.5, 12]


@pytest.mark.parametrize("text", ["1.00E+02", "1,23E+05", "5e3", "1.234567E+10"])
def test_scientific_notation_is_refused_by_name(text):
    with pytest.raises(ValueError, match="notasi ilmiah"):
        parse_number(text)
