"""Indonesian formatting for every figure a reader sees: numbers, Rupiah, percent, dates, words.

1.234.567,89 · Rp1.250.000 · 86,43% · 19 Januari 2026 · Triwulan IV · "satu juta … rupiah".
Rounding for display is half-up, as spreadsheets do, on ``Decimal`` values; computation elsewhere
stays on unrounded numbers. Missing values (None, NaN) print as a dash. Score figures (capaian,
nilai, indeks) print through :func:`nilai`, with the decimals and rounding of the scoring rules the
document is composed under (:func:`score_style`), so a printed figure and its kategori agree.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from numbers import Real

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"
MISSING = "-"
DEFAULT_DECIMALS = 2

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def is_missing(value) -> bool:
    """True for None and NaN (pandas' missing values included)."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


ROUNDING = {"setengah_ke_atas": ROUND_HALF_UP, "ke_bawah": ROUND_DOWN}
"""How a figure is rounded for display: half-up (86,435 → 86,44) or down (89,996 → 89,99)."""


def round_half_up(value: Real | Decimal, decimals: int = DEFAULT_DECIMALS) -> Decimal:
    """``value`` rounded half-up to ``decimals`` places (86,435 → 86,44), via its shortest repr."""
    return rounded(value, decimals)


def rounded(value: Real | Decimal, decimals: int = DEFAULT_DECIMALS,
            rounding: str = "setengah_ke_atas") -> Decimal:
    """``value`` rounded to ``decimals`` places the way :data:`ROUNDING` names, via its shortest repr."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUNDING[rounding])


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


_ID_SEPARATORS = str.maketrans({",": ".", ".": ","})


@cache
def _id_symbols_plain() -> bool:
    """True when babel's id_ID symbols are the plain ones :func:`_grouped` writes (checked once)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    return (get_decimal_symbol(LOCALE), get_group_symbol(LOCALE),
            get_minus_sign_symbol(LOCALE)) == (",", ".", "-")


def _grouped(shown: Decimal, decimals: int) -> str:
    """``shown`` (already rounded to ``decimals`` places) as babel's ``#,##0.00`` writes it in id_ID.

    The same text as ``format_decimal(shown, format=_pattern(decimals), locale="id_ID",
    decimal_quantization=False)`` at a fraction of the cost (about 100 µs → 2 µs a figure; an
    annex prints a few dozen), checked against babel in tests/test_fmt.py.
    """
    if not _id_symbols_plain() or not shown.is_finite():
        return format_decimal(shown, format=_pattern(decimals), locale=LOCALE, decimal_quantization=False)
    return f"{shown:,.{decimals}f}".translate(_ID_SEPARATORS)


def angka(value, decimals: int | None = None, rounding: str = "setengah_ke_atas") -> str:
    """A number with Indonesian separators: 1.234.567,89.

    ``decimals=None`` prints whole numbers without decimals and others with two (counts that are
    estimates, such as 12.345,6 penderita, keep their fraction).
    """
    if is_missing(value):
        return MISSING
    if decimals is None:
        decimals = 0 if float(value) == int(float(value)) else DEFAULT_DECIMALS
    shown = rounded(value, decimals, rounding)
    if shown == 0:
        shown = abs(shown)
    return _grouped(shown, decimals)


_SCORE_STYLE: ContextVar[tuple[int, str]] = ContextVar("score_style", default=(DEFAULT_DECIMALS,
                                                                              "setengah_ke_atas"))


@contextmanager
def score_style(decimals: int, rounding: str = "setengah_ke_atas"):
    """Within the block, :func:`nilai` prints score figures with ``decimals`` and ``rounding``."""
    if rounding not in ROUNDING:
        raise ValueError(f"pembulatan '{rounding}' tidak dikenal; pilihan: {', '.join(ROUNDING)}")
    token = _SCORE_STYLE.set((decimals, rounding))
    try:
        yield
    finally:
        _SCORE_STYLE.reset(token)


def nilai(value) -> str:
    """A score figure (capaian, nilai, indeks) with the decimals and rounding of :func:`score_style`."""
    decimals, rounding = _SCORE_STYLE.get()
    return angka(value, decimals, rounding)


def persen(value, decimals: int = DEFAULT_DECIMALS) -> str:
    """A percentage given on the 0-100 scale: 86,43%."""
    if is_missing(value):
        return MISSING
    return f"{angka(value, decimals)}%"


def rupiah(value, decimals: int = 0) -> str:
    """Rupiah as PUEBI writes it, no space after Rp: Rp1.250.000 (negative: -Rp1.250.000)."""
    if is_missing(value):
        return MISSING
    text = angka(abs(float(value)) if not isinstance(value, Decimal) else abs(value), decimals)
    return f"-Rp{text}" if round_half_up(value, decimals) < 0 else f"Rp{text}"


def tanggal(value: date | datetime | str) -> str:
    """A date as 19 Januari 2026 (ISO strings accepted)."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "d MMMM y", locale=LOCALE)


def bulan(month: int) -> str:
    """The Indonesian month name: 1 → Januari."""
    return format_date(date(2000, month, 1), "MMMM", locale=LOCALE)


class FormatError(ValueError):
    """A value a filter cannot write (Roman numeral of 0, triwulan 5); the message is in Bahasa Indonesia."""


ROMAN_MAX = 3999
"""Largest number written in Roman numerals (MMMCMXCIX); 10**12 would be a billion M's."""


def romawi(number: int) -> str:
    """Upper-case Roman numeral: 4 → IV (BAB, LAMPIRAN and Triwulan numbering)."""
    if number <= 0 or number > ROMAN_MAX:
        raise FormatError(f"angka Romawi hanya untuk bilangan 1 sampai {ROMAN_MAX}, bukan {number}")
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def triwulan(number: int) -> str:
    """Triwulan I … Triwulan IV."""
    if number not in (1, 2, 3, 4):
        raise FormatError(f"triwulan harus 1 sampai 4, bukan {number}")
    return f"Triwulan {romawi(number)}"


def huruf(index: int, upper: bool = True) -> str:
    """The letter numbering sections: 1 → A (or a); 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters if upper else letters.lower()


def terbilang(value, currency: bool = False) -> str:
    """A number in lower-case words: 1250000 → satu juta dua ratus lima puluh ribu (rupiah)."""
    from lokal import terbilang as _terbilang

    if is_missing(value):
        return MISSING
    return _terbilang(round_half_up(value, 2).normalize() if not float(value).is_integer()
                      else int(value), currency=currency)


FILTERS = {
    "angka": angka,
    "nilai": nilai,
    "persen": persen,
    "rupiah": rupiah,
    "tanggal": tanggal,
    "bulan": bulan,
    "romawi": romawi,
    "triwulan": triwulan,
    "terbilang": terbilang,
}
"""Formatting functions exposed to narrative templates as Jinja filters."""


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value):
    """``value`` for a CSV cell a clerk opens in Excel: text a spreadsheet would run as a formula
    (starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break) gets a leading apostrophe.

    Numbers stay numbers; a lone "-" (an empty figure) stays as it is.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and (len(value) > 1 or value in "=@"):
        return "'" + value
    return value
