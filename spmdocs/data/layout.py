"""Find the tables in a sheet: heading rows, title rows and what they say, and the rows each table holds.

Clerks' sheets are not always one table under one heading row. Files from SPM applications and
Dinas Kesehatan exports carry, between and above their tables:

* title rows (one text, often merged across the sheet) that name the daerah ("PEMERINTAH
  KABUPATEN MOROWALI UTARA"), the period ("PERIODE: Triwulan I 2025", "TAHUN 2025"), the service
  ("SECTION 1: PELAYANAN KESEHATAN USIA PRODUKTIF") or a block of the e-SPM format ("A. PERSENTASE
  PENCAPAIAN PENERIMA LAYANAN DASAR (80%)", "B. ... MUTU MINIMAL ...", "B.1 BARANG / JASA",
  "C. ALOKASI ANGGARAN DAN REALISASI");
* several heading rows, one per table, each possibly over two rows ("Jumlah Yang Terlayani" above
  "Jan … Des, Total");
* summary sections computed from the table ("REKAPITULASI NILAI AKHIR") and notes.

:func:`segments` splits a sheet into :class:`Segment` objects: one heading, the body rows under it
and the context its titles give. Finding heading rows looks at the first rows of the sheet and then
only at rows whose cells under the first table's number columns are text, so a large file costs
one vectorised pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from spmdocs.data.cells import without_invisible
from spmdocs.data.schema import (KINDS, SCHEMAS, TableSchema, heading_key, month_of,
                                 normalize_heading)

HEADER_SEARCH_ROWS = 30
MAX_HEADER_CANDIDATES = 2_000
"""Rows looked at as possible later heading rows (text under number columns); more is a broken file."""

_YEAR = re.compile(r"\b(20\d{2})\b")
_PERIOD_WORDS = frozenset({"tahun", "ta", "periode", "triwulan", "tw", "semester", "bulan", "anggaran",
                           "tanggal", "sd", "januari", "desember"})
_TRIWULAN = re.compile(r"\b(?:triwulan|tw)\s*(?:ke\s*)?(iv|iii|ii|i|[1-4])\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_REGION = re.compile(r"\b(provinsi|kabupaten|kota)\s+([a-z][a-z .'-]*)")
_UNIT = re.compile(r"^(?:puskesmas|unit|upt|sekolah|kecamatan)\s*:\s*(.+)$")
_SERVICE_LABEL = re.compile(r"^(?:section\s*\d*|bagian\s*\d*|jenis pelayanan dasar|jenis pelayanan|"
                            r"layanan|indikator|program)\b[\s:.-]*")
_SERVICE_NOISE = ("rekapitulasi", "seluruh puskesmas", "semua puskesmas", "capaian spm", "laporan",
                  "data")
_NOT_TITLES = ("dicetak", "diunduh", "tanggal cetak", "catatan", "sumber", "keterangan")
_SUMMARY = ("nilai akhir", "rekapitulasi capaian spm", "rekapitulasi nilai", "ringkasan nilai")


@dataclass
class Header:
    """A heading row: the label of every column, and the months grouped under a parent heading.

    ``labels`` combine a two-row heading (the lower cell, or the upper one where the lower is
    empty). ``months`` maps a column position to its month (1–12) or 0 for the months' "Total";
    ``parents`` holds, for those columns, the upper heading they sit under ("Jumlah Yang
    Terlayani"), or "" in a one-row heading.
    """

    at: int
    labels: list[str]
    kind: str
    months: dict[int, int] = field(default_factory=dict)
    parents: dict[int, str] = field(default_factory=dict)
    top: int = -1

    def __post_init__(self) -> None:
        if self.top < 0:
            self.top = self.at

    def named(self, default_parent: str) -> list[str]:
        """The labels a schema matches: month columns replaced by the heading they add up to."""
        labels = ["" if p in self.months else label for p, label in enumerate(self.labels)]
        if self.months:
            labels += sorted(set(self.parents.values()) - {""}) or [default_parent]
        return labels


@dataclass
class Segment:
    """One table of a sheet: its heading, its body rows (grid positions) and its titles' context."""

    header: Header
    rows: np.ndarray
    context: dict = field(default_factory=dict)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)


def cell_label(value: object) -> str:
    """A cell as a heading: its text, invisible characters (U+200B …) left out, spaces collapsed."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return " ".join(without_invisible(str(value)).split())


def _with_months(labels: list[str], upper: list[str] | None) -> tuple[dict[int, int], dict[int, str]]:
    """Month columns (and the "Total" after them) of a heading row, with their parent heading."""
    months: dict[int, int] = {}
    for position, label in enumerate(labels):
        month = month_of(label)
        if month is not None:
            months[position] = month
    if len(months) < 2:
        return {}, {}
    last = max(months)
    if last + 1 < len(labels) and heading_key(labels[last + 1]) in ("total", "jumlah", "jumlahtotal"):
        months[last + 1] = 0
    parents: dict[int, str] = {}
    if upper is not None:
        current = ""
        for position in range(len(labels)):
            if position < len(upper) and upper[position]:
                current = upper[position]
            if position in months:
                parents[position] = current
    return months, parents


def _row_labels(cells: pd.DataFrame, index: int) -> list[str]:
    """The labels of one grid row."""
    return [cell_label(v) for v in cells.iloc[index].tolist()]


def _best_header(cells: pd.DataFrame, positions: Iterable[int], schemas: list[TableSchema], aliases,
                 threshold: tuple[int, int] = (0, 2)) -> Header | None:
    """The heading row among ``positions`` naming the most known columns (two-row headings combined)."""
    best: tuple | None = None
    found: Header | None = None
    for index in positions:
        labels = _row_labels(cells, index)
        upper = _row_labels(cells, index - 1) if index > 0 else None
        candidates = [(labels, None, index)]
        if upper is not None and any(upper):
            combined = [low or high for high, low in zip(upper, labels)] + labels[len(upper):]
            candidates.append((combined, upper, index - 1))
        for candidate, parent_row, top in candidates:
            months, parents = _with_months(candidate, parent_row)
            for order, schema in enumerate(schemas):
                header = Header(index, candidate, schema.kind, months, parents, top)
                score = schema.score(header.named(schema.column(schema.done).label), aliases)
                rank = (score, bool(months), -order)
                if score[1] >= threshold[1] and score[0] >= threshold[0] and (best is None or rank > best):
                    best, found = rank, header
    return found


def first_header(cells: pd.DataFrame, kind: str | None, aliases) -> Header | None:
    """The heading row among the first rows of a sheet (None when no row names two known columns).

    The topmost row naming at least two distinctive and three known columns is the first table's
    heading (a sheet of several tables starts with its first); failing that, the row naming most.
    """
    schemas = [SCHEMAS[kind]] if kind else [SCHEMAS[k] for k in KINDS]
    rows = range(min(HEADER_SEARCH_ROWS, len(cells)))
    for index in rows:
        found = _best_header(cells, [index], schemas, aliases, threshold=(2, 3))
        if found is not None:
            following = _best_header(cells, [index + 1], schemas, aliases, threshold=(2, 3)) \
                if index + 1 < len(cells) else None
            below = _row_labels(cells, index + 1) if index + 1 < len(cells) else []
            two_rows = following is not None and following.top == index and (
                following.months or max(schema.score(below, aliases)[1] for schema in schemas) >= 2)
            return following if two_rows else found
    return _best_header(cells, rows, schemas, aliases)


def _text_cells(column: pd.Series) -> np.ndarray:
    """Cells holding a word (a heading under a number column), judged once per distinct value.

    A cell counts when it starts with a letter other than a currency prefix ("Rp", "IDR").
    """
    if pd.api.types.is_numeric_dtype(column.dtype):
        return np.zeros(len(column), dtype=bool)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    found = np.zeros(len(uniques) + 1, dtype=bool)
    for position, value in enumerate(np.asarray(uniques, dtype=object)):
        if isinstance(value, str):
            text = value.lstrip()
            found[position] = text[:1].isalpha() and text[:2].lower() not in ("rp", "id")
    return found[codes]


def filled_counts(cells: pd.DataFrame) -> np.ndarray:
    """The number of non-empty cells of every row (vectorised)."""
    filled = cells.notna().to_numpy()
    if len(cells.columns) and not all(pd.api.types.is_numeric_dtype(t) for t in cells.dtypes):
        filled = filled & (cells.to_numpy(dtype=object) != "")
    return filled.sum(axis=1)


MAX_TITLE_ROWS = 5_000
"""One-text rows read as titles; beyond this a file is not a report with titles, they are data."""


def single_texts(cells: pd.DataFrame, counts: np.ndarray, merged: Mapping[int, str]) -> dict[int, str]:
    """The text of every row with one filled cell (or one text merged across the row), by row."""
    values = cells.to_numpy(dtype=object)
    found: dict[int, str] = dict(merged)
    for row in np.flatnonzero(counts == 1)[:MAX_TITLE_ROWS]:
        text = next((cell_label(v) for v in values[row] if cell_label(v)), "")
        if text and not _is_number_text(text):
            found[int(row)] = text
    return found


def _is_number_text(text: str) -> bool:
    return bool(re.fullmatch(r"[-+(]?[0-9][0-9.,\s]*%?\)?", text.strip()))


def title_context(text: str, catalog, level: str | None = None) -> dict:
    """What one title row says: blok, jenis_mutu, layanan, daerah, unit, tahun, triwulan, ringkasan."""
    key = normalize_heading(text)
    if not key or key.startswith(_NOT_TITLES) or text.lstrip().startswith(("-", "•", "*")):
        return {}
    found: dict = {}
    block = _block_of(key)
    if block:
        found["blok"] = block
        if block == "mutu":
            if re.search(r"\bb\s*1\b|barang", key):
                found["jenis_mutu"] = "barang_jasa"
            elif re.search(r"\bb\s*2\b|sumber daya manusia|\bsdm\b", key):
                found["jenis_mutu"] = "sdm"
        return found
    if any(word in key for word in _SUMMARY):
        return {"ringkasan": True}
    words = set(key.split())
    year = _YEAR.findall(key)
    if year and words & _PERIOD_WORDS:
        found["tahun"] = int(year[-1])
    quarter = _TRIWULAN.search(key)
    if quarter:
        value = quarter.group(1)
        found["triwulan"] = _ROMAN.get(value) or int(value)
    unit = _UNIT.match(key)
    if unit:
        found["unit"] = " ".join(text.split(":", 1)[1].split())
        return found
    region = _REGION.search(key)
    if region:
        found["daerah"] = f"{region.group(1).title()} {region.group(2).strip().title()}"
    service = _service_in(text, catalog, level)
    if service is not None:
        found["layanan"] = service
    return found


def _block_of(key: str) -> str:
    if "anggaran" in key and ("alokasi" in key or "realisasi" in key or key.startswith("c ")):
        return "anggaran"
    if "mutu" in key and ("minimal" in key or "20" in key or key.startswith("b ")) or \
            re.match(r"^b\s*[12]\b", key):
        return "mutu"
    if "penerima layanan" in key or "penerimaan layanan" in key or \
            (key.startswith("a ") and ("dilayani" in key or "layanan dasar" in key)):
        return "penerima"
    return ""


def _service_in(text: str, catalog, level: str | None):
    """The catalog service a title names ("SECTION 1: PELAYANAN KESEHATAN USIA PRODUKTIF"), or None."""
    key = normalize_heading(text)
    parts = [key] + [normalize_heading(p) for p in re.split(r"[:\u2013\u2014]| - ", text) if p.strip()]
    for part in parts:
        part = _SERVICE_LABEL.sub("", part)
        for noise in _SERVICE_NOISE:
            part = part.replace(noise, " ")
        part = " ".join(w for w in part.split() if not w.isdigit())
        if len(part) < 3:
            continue
        service = catalog.find(part, level=level)
        if service is not None:
            return service
    return None


def segments(cells: pd.DataFrame, first: Header, aliases, catalog, level: str | None = None,
             merged: Mapping[int, str] | None = None) -> list[Segment]:
    """The tables of a sheet whose first heading row is ``first``, each with its titles' context.

    Title rows above the first heading give the context of every table; a title row further down
    gives the context of the rows and tables after it. A summary title ("REKAPITULASI NILAI
    AKHIR") skips the rows up to the next heading row. ``merged`` holds the rows whose one text
    was merged across the row in the workbook.
    """
    schema = SCHEMAS[first.kind]
    counts = filled_counts(cells)
    titles = single_texts(cells, counts, merged or {})
    context: dict = {}
    for index in range(first.top):
        if index in titles:
            context.update(title_context(titles[index], catalog, level))
    context.pop("ringkasan", None)
    headers = [first] + _later_headers(cells, first, schema, aliases, counts, set(titles))
    named = {id(h): set(schema.match(h.named(schema.column(schema.done).label), aliases).columns.values())
             for h in headers}
    result: list[Segment] = []
    for number, header in enumerate(headers):
        stop = headers[number + 1].top if number + 1 < len(headers) else len(cells)
        own = dict(context)
        rows: list[int] = []
        skipped: list[tuple[int, int, str]] = []
        skipping: tuple[int, int, str] | None = None
        for index in range(header.at + 1, stop):
            if counts[index] == 0:
                continue
            text = titles.get(index)
            if text is not None and (index in (merged or {}) or _outside(cells, index, named[id(header)],
                                                                         header) or _block_of(normalize_heading(text))):
                said = title_context(text, catalog, level)
                if said.get("ringkasan"):
                    if skipping is not None:
                        skipped.append(skipping)
                    skipping = (index, index, text)
                    continue
                if said:
                    if rows:
                        result.append(Segment(header, np.array(rows, dtype=int), dict(own)))
                        rows = []
                    own.update(said)
                    context.update(said)
                continue
            if skipping is not None:
                skipping = (skipping[0], index, skipping[2])
                continue
            rows.append(index)
        if skipping is not None:
            skipped.append(skipping)
        result.append(Segment(header, np.array(rows, dtype=int), own, skipped))
    return [s for s in result if len(s.rows) or s.skipped] or result[:1]


def _outside(cells: pd.DataFrame, index: int, named: set[int], header: Header) -> bool:
    """Whether the one text of row ``index`` sits outside the table's named columns."""
    positions = [p for p, v in enumerate(cells.iloc[index].tolist()) if cell_label(v)]
    return bool(positions) and all(p not in named and p not in header.months for p in positions)


def _later_headers(cells: pd.DataFrame, first: Header, schema: TableSchema, aliases,
                   counts: np.ndarray, titles: set[int]) -> list[Header]:
    """Heading rows after the first: rows with text under the first table's number columns.

    A heading over two rows is found from either of them; ``titles`` (one-text rows) are none.
    """
    match = schema.match(first.named(schema.column(schema.done).label), aliases)
    numeric = [p for name, p in match.columns.items()
               if p < len(first.labels) and schema.column(name).type in ("number", "percent")]
    numeric += list(first.months)
    if not numeric or first.at + 2 >= len(cells):
        return []
    body = cells.iloc[first.at + 1:]
    texty = np.zeros(len(body), dtype=bool)
    for position in numeric:
        texty |= _text_cells(body.iloc[:, position])
    texty &= counts[first.at + 1:] >= 2
    candidates = [int(i) for i in (np.flatnonzero(texty) + first.at + 1)[:MAX_HEADER_CANDIDATES]
                  if int(i) not in titles]
    headers: list[Header] = []
    for index in candidates:
        if headers and index <= headers[-1].at:
            continue
        nearby = [index] + ([index + 1] if index + 1 < len(cells) and index + 1 not in titles else [])
        found = _best_header(cells, nearby, [schema], aliases, threshold=(1, 2))
        if found is not None:
            if headers and found.top <= headers[-1].at:
                found = Header(found.at, _row_labels(cells, found.at), found.kind, top=found.at)
            headers.append(found)
    return headers
