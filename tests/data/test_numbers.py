"""Indonesian and plain number parsing, one cell and whole columns."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from spmdocs.data.numbers import parse_number, parse_number_series


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
    values, errors = parse_number_series(pd.Series(cells, dtype="str"))
    for label, cell in enumerate(cells):
        try:
            expected = parse_number(cell)
        except ValueError as exc:
            assert errors[label] == str(exc)
            assert math.isnan(values[label])
            continue
        assert label not in errors
        assert (math.isnan(values[label]) if expected is None else values[label] == expected)


def test_series_of_mixed_excel_cells():
    values, errors = parse_number_series(pd.Series([1, "1.234", 2.5, None, "abc", True],
                                                   dtype=object))
    assert values.tolist()[:3] == [1.0, 1234.0, 2.5]
    assert set(errors) == {4, 5}
    assert "benar/salah" in errors[5]


def test_numeric_column_fast_path_flags_infinite_and_huge():
    values, errors = parse_number_series(pd.Series([1.0, np.inf, 2e15, 3.0]))
    assert values.dtype == "float64"
    assert sorted(errors) == [1, 2]
    assert values.isna().tolist() == [False, True, True, False]


def test_million_numbers_parse_in_seconds():
    numbers = np.random.default_rng(1).integers(0, 10**6, 1_000_000)
    start = time.perf_counter()
    values, errors = parse_number_series(pd.Series(numbers))
    assert time.perf_counter() - start < 1
    text = pd.Series(numbers.astype(str), dtype="str")
    start = time.perf_counter()
    parsed, errors = parse_number_series(text)
    assert time.perf_counter() - start < 15
    assert not errors and (parsed.to_numpy() == numbers).all()
