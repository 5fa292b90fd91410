"""Parse numbers as clerks type them: Indonesian "1.234,5", "Rp1.250.000", "85,3%", or plain.

Rules (see the SPM domain reference, section 7.7):

* The comma is the decimal separator and the period the thousands separator ("1.250.000,50").
* US style ("1,234.5", "1,234,567") is accepted when it cannot be read the Indonesian way: both
  separators present with the comma first, or more than one comma.
* A single comma is decimal: "1,234" is 1.234 (Indonesian convention).
* A single period followed by exactly three digits, after one to three digits that do not start
  with 0, is a thousands separator: "1.234" is 1234 and "12.500" is 12500. Any other single period
  is decimal: "1234.5", "0.125", "12.5".
* Those two forms ("1,234" and "1.234") are *ambiguous*; a whole column decides how they are read
  (:func:`column_reading`). A column that elsewhere holds a number only the US way can be read
  ("1,000,000", "1,234.5") and none only the Indonesian way ("1.250.000", "85,5") is US: "800,000"
  is 800000 and "1.234" is 1.234. A column of counts or amounts with no evidence either way reads
  "1,234" as 1234 (no count has three decimals), with a warning. A column holding both kinds of
  evidence refuses its ambiguous cells: they could mean either.
* "1.23E+05" (scientific notation, as Excel exports a wide number) is refused: digits may be lost.
* "Rp", "Rp.", "IDR" before and "%" or ",-" after the number are dropped; "85,3%" is 85.3.
  Spaces inside the number ("1 250 000") are ignored. "(1.234)" is negative.
* Empty cells, "-" and dashes are missing values (``None``), never zero.
* Infinity, NaN and magnitudes above 1e15 are refused with a reason.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Hashable, Literal, NamedTuple

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

MAX_MAGNITUDE = 1e15

_MISSING_TEXT = frozenset({"", "-", "--", "–", "—"})
_NON_FINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "-nan"})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY = re.compile(r"^(?:rp\.?|idr)", re.IGNORECASE)
_BODY = re.compile(r"^[0-9.,]+$")
_ID_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_US_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DOT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?e[+-]?\d+$", re.IGNORECASE)

Reading = Literal["id", "us", "whole", "mixed"]
"""How a column reads its ambiguous cells "1,234" and "1.234" (see the module rules).

``id``: 1,234 and 1234; ``us``: 1234 and 1,234; ``whole``: 1234 both; ``mixed``: refused."""

# Evidence of a column's convention, on cell bodies (sign, currency, %, spaces removed).
_US_ONLY = r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+"
_ID_ONLY = r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d+,\d+"
_AMBIGUOUS = r"[1-9]\d{0,2}[.,]\d{3}"
_AMBIGUOUS_BODY = re.compile(f"^{_AMBIGUOUS}$")
NOT_A_NUMBER = "hanya boleh berisi angka, titik pemisah ribuan dan koma desimal, misalnya 1.250 atau 85,5"
"""The reason for text that is no number at all (a caller may replace it with a hint of its own)."""
_BODY_OF = re.compile(r"^\(?[+-]?(?:rp\.?|idr)?[+-]?([0-9.,]*?)(?:%|,-|\.-)?\)?$", re.IGNORECASE)

# Text converted in bulk: integers and decimals with a period that cannot be the Indonesian
# thousands pattern go straight to pandas; Indonesian grouping ("1.250.000,5") is rewritten first.
_PLAIN_INT = r"[+-]?\d{1,15}"
_PLAIN_DECIMAL = r"[+-]?\d+\.\d+"
_AMBIGUOUS_DOT = r"[+-]?[1-9]\d{0,2}\.\d{3}"
_INDONESIAN = r"[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?"


def _too_big(number: float) -> str:
    return f"nilai {number:.6g} terlalu besar (batas 1e15); periksa apakah ada angka yang tertempel"


def _check(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        raise ValueError("nilai tak hingga atau NaN bukan angka yang sah")
    if abs(number) > MAX_MAGNITUDE:
        raise ValueError(_too_big(number))
    return float(number)


def indonesian(value: float) -> str:
    """``value`` written the Indonesian way, for messages: 1234567.5 gives "1.234.567,5"."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale="id_ID")


def _ambiguity(body: str) -> str:
    separator = "koma" if "," in body else "titik"
    whole, _, frac = body.replace(",", ".").partition(".")
    return (f"bisa berarti {whole}{frac} ({separator} sebagai pemisah ribuan) atau {whole},{frac} "
            f"({separator} sebagai tanda desimal), karena kolom ini memakai format angka Indonesia "
            "(1.250.000 atau 85,5) dan format Inggris (1,250,000 atau 85.5) sekaligus; tulis tanpa "
            f"pemisah ribuan ({whole}{frac}) atau pakai satu format untuk seluruh kolom")


def _body_value(body: str, reading: Reading = "id") -> float:
    """Value of digits with separators, following the module's separator rules."""
    if reading != "id" and _AMBIGUOUS_BODY.match(body):
        if reading == "mixed":
            raise ValueError(_ambiguity(body))
        if reading == "whole" or "," in body:
            return float(body.replace(",", "").replace(".", ""))
        return float(body)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        if body.rfind(",") > body.rfind("."):
            whole, _, frac = body.rpartition(",")
            if commas > 1 or not _ID_GROUPED.match(whole):
                raise ValueError("pemisah ribuan (titik) tidak tepat; contoh yang benar: 1.234.567,89")
            return float(whole.replace(".", "") + "." + frac)
        whole, _, frac = body.rpartition(".")
        if dots > 1 or not _US_GROUPED.match(whole):
            raise ValueError("pemisah ribuan (koma) tidak tepat; contoh yang benar: 1.234.567,89")
        return float(whole.replace(",", "") + "." + frac)
    if commas > 1:
        if not _US_GROUPED.match(body):
            raise ValueError("terlalu banyak koma; koma hanya boleh satu sebagai tanda desimal")
        return float(body.replace(",", ""))
    if commas == 1:
        whole, _, frac = body.partition(",")
        if not whole or not frac:
            raise ValueError("koma harus diapit angka, contoh: 12,5")
        return float(whole + "." + frac)
    if dots > 1:
        if not _ID_GROUPED.match(body):
            raise ValueError("pemisah ribuan (titik) tidak tepat; contoh yang benar: 1.250.000")
        return float(body.replace(".", ""))
    if dots == 1:
        if _DOT_THOUSANDS.match(body):
            return float(body.replace(".", ""))
        whole, _, frac = body.partition(".")
        if not whole or not frac:
            raise ValueError("titik harus diapit angka, contoh: 1.250")
        return float(body)
    return float(body)


def _parse_text(text: str, reading: Reading = "id") -> float | None:
    s = _SPACES.sub("", text)
    if s in _MISSING_TEXT:
        return None
    if s.startswith("="):
        raise ValueError("sel berisi rumus Excel tanpa hasil tersimpan; buka berkas di Excel lalu simpan "
                         "ulang agar hasil rumusnya ikut tersimpan")
    if s.lower() in _NON_FINITE:
        raise ValueError("nilai tak hingga atau NaN bukan angka yang sah")
    if _SCIENTIFIC.match(s):
        raise ValueError("angka ditulis dalam notasi ilmiah (misalnya 1,23E+05), sehingga angka "
                         "belakangnya bisa hilang; di Excel ubah format sel menjadi Number tanpa "
                         "desimal lalu simpan ulang")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith(("+", "-")):
        negative, s = negative ^ (s[0] == "-"), s[1:]
    unprefixed = _CURRENCY.sub("", s)
    if unprefixed != s and unprefixed.startswith(("+", "-")):
        negative, unprefixed = negative ^ (unprefixed[0] == "-"), unprefixed[1:]
    s = unprefixed
    if s.endswith("%"):
        s = s[:-1]
    if s.endswith((",-", ".-")):
        s = s[:-2]
    if not s or not _BODY.match(s) or not any(ch.isdigit() for ch in s):
        raise ValueError(NOT_A_NUMBER)
    value = _body_value(s, reading)
    return _check(-value if negative else value)


class PercentCell(str):
    """A number a workbook formats as a percentage: its text is what the clerk sees ("85%" for
    0,85), its ``number`` the percentage (85). A count column refuses it as it refuses the typed
    text "85%"; a percentage column reads the percentage."""

    number: float

    def __new__(cls, fraction: float) -> "PercentCell":
        percent = float(fraction) * 100
        made = super().__new__(cls, f"{round(percent, 10):.10g}".replace(".", ",") + "%")
        made.number = percent
        return made

    def __reduce__(self):
        return PercentCell, (self.number / 100,)


def _shown_date(value) -> str:
    try:
        return value.strftime("%d-%m-%Y")
    except (AttributeError, ValueError):
        return str(value)


def parse_number(value: object, reading: Reading = "id") -> float | None:
    """Return ``value`` as a float, ``None`` when the cell is empty; raise ``ValueError`` for garbage.

    The ``ValueError`` message is an Indonesian reason fit to show to a clerk. ``reading`` is how
    the cell's column reads "1,234" and "1.234" (:func:`column_reading`).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("nilai benar/salah (TRUE/FALSE) bukan angka")
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None
        return _check(number)
    if isinstance(value, PercentCell):
        return _check(value.number)
    if isinstance(value, str):
        return _parse_text(value, reading)
    if hasattr(value, "strftime") or hasattr(value, "total_seconds"):
        raise ValueError(f"sel berformat tanggal atau waktu (tampil sebagai {_shown_date(value)}) bukan angka; ubah "
                         "format selnya menjadi Angka (Number) lalu isi angkanya")
    raise ValueError("isi sel ini bukan angka")


class ParsedColumn(NamedTuple):
    """A parsed column: float64 values (NaN where empty or bad), the reason per bad index label,
    and at most one warning for the whole column as (index label of its first cell, message)."""

    values: pd.Series
    errors: dict[Hashable, str]
    warning: tuple[Hashable, str] | None = None


class Evidence(NamedTuple):
    """What a column's cells say of its convention: a number only the US way can be read, one only
    the Indonesian way, and whether it has ambiguous cells ("1,234", "1.234") at all."""

    us: bool
    local: bool
    ambiguous: bool


def evidence(bodies: pd.Series) -> Evidence:
    """The :class:`Evidence` in ``bodies`` (cell texts without spaces, sign, currency or %)."""
    ambiguous = bodies.str.fullmatch(_AMBIGUOUS).to_numpy(dtype=bool)
    return Evidence(bool(bodies.str.fullmatch(_US_ONLY).to_numpy(dtype=bool).any()),
                    bool((bodies.str.fullmatch(_ID_ONLY).to_numpy(dtype=bool) & ~ambiguous).any()),
                    bool(ambiguous.any()))


def text_evidence(cells: pd.Series) -> Evidence:
    """The :class:`Evidence` of a column of cell texts as a clerk typed them."""
    return evidence(_bodies(cells.astype(object)))


def column_reading(bodies: pd.Series, amounts: bool = False) -> Reading:
    """How a column reads its ambiguous cells, from the evidence in ``bodies`` (distinct cell texts
    without spaces, sign, currency or %); ``amounts`` for columns of counts or amounts."""
    found = evidence(bodies)
    if found.us and found.local:
        return "mixed"
    if found.us:
        return "us"
    if found.local:
        return "id"
    return "whole" if amounts else "id"


def reading_of(cells, amounts: bool = False) -> Reading:
    """:func:`column_reading` of any cells (the text ones count)."""
    text = pd.Series([c for c in cells if isinstance(c, str)], dtype=object)
    return column_reading(_bodies(text) if len(text) else pd.Series([], dtype=object), amounts)


def _bodies(text: pd.Series) -> pd.Series:
    """The digits-and-separators part of each text ("Rp 1.250,-" gives "1.250"; other text "")."""
    squeezed = text.str.replace(_SPACES, "", regex=True)
    return squeezed.str.extract(_BODY_OF, expand=False).fillna("")


def parse_number_series(series: pd.Series, *, amounts: bool = False) -> ParsedColumn:
    """Parse a column of numbers (see the module rules); ``amounts`` for counts and amounts, where
    a percent sign is refused and "1,234" with no other evidence is 1234.

    Numeric columns are converted in one vectorized step; text columns convert plain integers and
    unambiguous decimals in bulk and parse only the remaining distinct strings one by one.
    """
    if ptypes.is_numeric_dtype(series.dtype) and not ptypes.is_bool_dtype(series.dtype):
        values = series.astype("float64")
        bad = np.isinf(values.to_numpy()) | (values.abs().to_numpy() > MAX_MAGNITUDE)
        errors = {}
        if bad.any():
            for label, number in values[bad].items():
                errors[label] = ("nilai tak hingga bukan angka yang sah" if math.isinf(number)
                                 else _too_big(number))
            values = values.mask(bad)
        return ParsedColumn(values, errors)

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    distinct = np.asarray(uniques, dtype=object)
    parsed, reasons = _parse_distinct(distinct)
    changed = _apply_reading(distinct, parsed, reasons, amounts)
    if ptypes.is_object_dtype(series.dtype):
        # factorize merges True with 1; booleans typed into a number column are refused apart.
        is_bool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in series), bool, len(series))
    else:
        is_bool = np.zeros(len(series), dtype=bool)
    result = np.append(parsed, np.nan)[codes]
    bad = np.append(np.array([r is not None for r in reasons], dtype=bool), False)[codes] | is_bool
    result[bad] = np.nan
    labels = series.index
    errors: dict[Hashable, str] = {}
    for position in np.flatnonzero(bad):
        errors[labels[position]] = ("nilai benar/salah (TRUE/FALSE) bukan angka" if is_bool[position]
                                    else reasons[codes[position]])
    warning = None
    if changed is not None:
        reading, flagged = changed
        rows = np.flatnonzero(np.append(flagged, False)[codes] & ~bad)
        if len(rows):
            first = int(rows[0])
            warning = (labels[first], _reading_note(reading, str(series.iloc[first]).strip(),
                                                    float(result[first]), len(rows)))
    return ParsedColumn(pd.Series(result, index=labels, dtype="float64", name=series.name), errors, warning)


def _apply_reading(distinct: np.ndarray, parsed: np.ndarray, reasons: list[str | None],
                   amounts: bool) -> tuple[Reading, np.ndarray] | None:
    """Re-read the ambiguous cells (and refuse % in amounts) by the column's evidence, in place.

    Returns the reading and which distinct values it changed when they deserve a warning."""
    is_text = np.fromiter((isinstance(v, str) for v in distinct), bool, len(distinct))
    if not is_text.any():
        return None
    positions = np.flatnonzero(is_text)
    text = pd.Series(distinct[is_text], dtype=object)
    if amounts:
        percent = text.str.strip().str.endswith("%").to_numpy(dtype=bool)
        for position in positions[percent]:
            parsed[position] = np.nan
            reasons[position] = ("tanda persen (%) tidak boleh di kolom jumlah; isi jumlahnya (orang, "
                                 "unit atau rupiah), bukan persentase")
    separated = text.str.contains(r"[.,]", regex=True).to_numpy(dtype=bool)
    if not separated.any():
        return None
    positions, bodies = positions[separated], _bodies(text[separated])
    reading = column_reading(bodies, amounts)
    if reading == "id":
        return None
    ambiguous = bodies.str.fullmatch(_AMBIGUOUS).to_numpy(dtype=bool)
    if reading == "whole":
        ambiguous = ambiguous & bodies.str.contains(",", regex=False).to_numpy(dtype=bool)
    flagged = np.zeros(len(distinct), dtype=bool)
    for position in positions[ambiguous]:
        if reasons[position] is not None:
            continue
        try:
            value = parse_number(distinct[position], reading)
            parsed[position] = np.nan if value is None else value
            flagged[position] = True
        except ValueError as exc:
            parsed[position] = np.nan
            reasons[position] = str(exc)
    return (reading, flagged) if reading != "mixed" and flagged.any() else None


def _reading_note(reading: Reading, cell: str, value: float, count: int) -> str:
    others = f" dan {count - 1} sel lain yang serupa" if count > 1 else ""
    if reading == "us":
        return (f"Kolom ini memakai format angka Inggris (koma pemisah ribuan, titik desimal), jadi "
                f"'{cell}'{others} dibaca {indonesian(value)}. Periksa bila maksudnya lain.")
    return (f"'{cell}'{others} dibaca {indonesian(value)} (koma sebagai pemisah ribuan), karena kolom "
            f"jumlah tidak berisi pecahan. Tulis {indonesian(value)} agar jelas.")


def _parse_distinct(distinct: np.ndarray) -> tuple[np.ndarray, list[str | None]]:
    """Values and reasons (None when fine) for distinct cell values; text is parsed in bulk."""
    out = np.full(len(distinct), np.nan)
    reasons: list[str | None] = [None] * len(distinct)
    is_text = np.fromiter((isinstance(v, str) for v in distinct), bool, len(distinct))
    one_by_one = list(np.flatnonzero(~is_text))
    if is_text.any():
        positions = np.flatnonzero(is_text)
        text = pd.Series(distinct[is_text], dtype=object).str.strip()
        digits = text.str.isdigit().to_numpy(dtype=bool) & (text.str.len() <= 15).to_numpy()
        plain = np.zeros(len(text), dtype=bool)
        local = np.zeros(len(text), dtype=bool)
        others = text[~digits]
        if len(others):
            plain[~digits] = (others.str.fullmatch(_PLAIN_INT).to_numpy(dtype=bool)
                              | (others.str.fullmatch(_PLAIN_DECIMAL).to_numpy(dtype=bool)
                                 & ~others.str.fullmatch(_AMBIGUOUS_DOT).to_numpy(dtype=bool)))
            local[~digits] = others.str.fullmatch(_INDONESIAN).to_numpy(dtype=bool) & ~plain[~digits]
        direct = digits | plain
        if direct.any():
            out[positions[direct]] = pd.to_numeric(text[direct], errors="coerce")
        if local.any():
            rewritten = text[local].str.replace(".", "", regex=False).str.replace(",", ".",
                                                                                regex=False)
            out[positions[local]] = pd.to_numeric(rewritten, errors="coerce")
        converted = direct | local
        one_by_one.extend(positions[~converted])
        one_by_one.extend(positions[converted][np.isnan(out[positions[converted]])])
    for position in one_by_one:
        try:
            value = parse_number(distinct[position])
            out[position] = np.nan if value is None else value
        except ValueError as exc:
            out[position] = np.nan
            reasons[position] = str(exc)
    for position in np.flatnonzero(np.abs(out) > MAX_MAGNITUDE):
        reasons[position] = _too_big(float(out[position]))
        out[position] = np.nan
    return out, reasons
