"""Validate and sum a large capaian CSV in batches: memory bounded, every rule and message kept.

Used by :func:`spmdocs.data.validate.validate_files` with ``aggregate=True`` (``spmdocs score``)
for plain CSV files of at least :data:`LARGE_CSV_BYTES`: one heading row on line 1 whose every
column is a canonical capaian column, then data rows. Anything else (XLSX, title rows, month
columns, percentages, other encodings, quoted line breaks) takes the row-by-row loader.

How it stays exact while reading 10^7 rows in bounded memory:

- The file is cut into pieces of :data:`BLOCK_BYTES` at line ends; pyarrow parses the next piece
  (every core, all cells as text) and checks it (:func:`_prepare`) in a thread while the main
  thread works on the current one, so at most two pieces are in memory. Line numbers are counted
  from the pieces; a value holding a line break (quoted) or a row of the wrong width sends the
  file to the row-by-row loader (:class:`Fallback`).
- A batch is *clean* when every count cell is a plain whole number (digits only) and every unit
  name is trimmed and not a total label. Its text columns are read by running the row-by-row
  loader (:func:`spmdocs.data.loader.load_table`'s own functions) on one representative row per
  distinct combination of daerah, tahun, service and OPD: what the loader makes of that row it
  makes of every row with the same cells. A representative that raises any problem makes the
  batch *dirty*, and a dirty batch is read entirely by the row-by-row loader, so bad cells get
  exactly today's located messages.
- The row rules of :mod:`spmdocs.data.validate` run on each batch's canonical rows; the table
  rules run on what they need: the first row of every distinct daerah × name × tahun (one
  tahun, one province, one name per code) and a 64-bit hash of every row's duplicate key, whose
  collisions are checked again on the real rows in a second pass (only when there are any).
- Problems are gathered per stage and rule, so their order and the per-rule caps are those of a
  one-pass run.
- Rows are summed per daerah × tahun × triwulan × service as each batch is read (scoring sums
  them anyway); the first OPD and daerah name of each are kept as scoring picks them.

The summed frame has the canonical columns with ``unit`` empty (unit names are not kept).

A number column whose dirty batches would read an ambiguous "1,234" or "1.234" otherwise than the
whole column does (US evidence in one piece, an ambiguous cell in another) sends the file to the
row-by-row loader too.

Known limits: a group heading whose service applies to the rows under it, or a section split
across two pieces, is read per piece (a 10^7-row export has none); fractional counts make a piece
dirty and are summed per piece, then added: such a sum can differ from scoring's one-pass sum in
its last binary digit (whole numbers, the usual counts, are exact).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from spmdocs.data.problems import MAX_PER_RULE, ProblemCollector
from spmdocs.data.rows import map_distinct
from spmdocs.errors import Location

LARGE_CSV_BYTES = 4 * 1024 ** 2
"""CSV files from this size on (about 25 000 rows) take the batched path; smaller ones are read
whole, where the batched path would gain nothing."""
BLOCK_BYTES = 64 * 1024 ** 2
"""Bytes of CSV parsed per batch (about 380 000 rows of national data): larger batches spend less
on the fixed cost of reading each batch's representatives row by row, smaller ones less memory."""
HEAD_BYTES = 256 * 1024
HEAD_LINES = 30
"""Lines of the file's start read row by row to decide whether the batched path applies."""
_TEXT = ("kode_wilayah", "daerah", "tahun", "triwulan", "kode_layanan", "jenis_pelayanan", "opd")
_NUMBERS = ("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran")
_ALLOWED = frozenset(_TEXT + _NUMBERS + ("unit",))
_FIRST_ROWS_RULES = frozenset({"_one_year", "_one_province", "_one_name_per_code"})
"""Table rules that need only the first row of each distinct daerah × name × tahun."""
_DUPLICATES = "_duplicates"
"""Every other rule of :data:`spmdocs.data.validate.RULES` is a row rule and runs batch by batch."""
_SCORE_KEYS = ["kode_wilayah", "tahun", "_tw", "kode_layanan"]


class Fallback(Exception):
    """The file is not plain enough for the batched path after all; read it row by row."""


@dataclass
class _Plan:
    """How one eligible CSV is read: delimiter, its heading row, column positions."""

    path: Path
    delimiter: str
    header_cells: list[str]
    positions: dict[str, int]
    headings: dict[str, str]
    bom: bool


def eligible(path, kind: str | None, sheet: str | None, aliases, defaults) -> _Plan | None:
    """The reading plan of ``path`` when the batched path applies to it, else None."""
    from spmdocs.data import loader

    if kind not in ("capaian", None) or sheet or defaults or aliases:
        return None
    file_path, path_sheet = loader.split_sheet(path)
    if path_sheet is not None or not file_path.is_file():
        return None
    try:
        if file_path.stat().st_size < LARGE_CSV_BYTES:
            return None
        with file_path.open("rb") as handle:
            raw = handle.read(HEAD_BYTES)
    except OSError:
        return None
    if raw.startswith((loader._ZIP_MAGIC, loader._OLE_MAGIC)) or file_path.suffix.lower() in (
            ".xlsx", ".xlsm", ".xls"):
        return None
    bom = raw.startswith(b"\xef\xbb\xbf")
    raw = raw[3:] if bom else raw
    cut = raw.rfind(b"\n")
    if cut < 0:
        return None
    try:
        text = raw[:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    lines = text.split("\n")[:HEAD_LINES]
    delimiter = loader._guess_delimiter(lines[:loader.HEADER_SEARCH_ROWS], aliases)
    records = list(csv.reader(lines, delimiter=delimiter))
    if kind is None:
        from spmdocs.data.layout import first_header

        found = first_header(pd.DataFrame(records[:1], dtype="str"), None, aliases)
        if found is None or found.kind != "capaian":
            return None
    width = len(records[0])
    if len(records) < 2 or any(len(r) != width for r in records) or len(set(records[0])) != width:
        return None
    frame, problems, headings = _slow(str(file_path), records[0], records[1:],
                                      np.arange(2, len(records) + 1), aliases)
    used = headings.get((str(file_path), None), {})
    if not used or set(used) - _ALLOWED or len(used) != width:
        return None
    by_label = {heading: i for i, heading in enumerate(records[0])}
    if any(heading not in by_label for heading in used.values()):
        return None
    if len(frame) != len(records) - 1:
        return None  # title rows, totals or sections in the head: the row-by-row loader decides
    return _Plan(file_path, delimiter, records[0], {c: by_label[h] for c, h in used.items()}, dict(used),
                 bom)


def _slow(file: str, header: list[str], records, rows: np.ndarray, aliases, catalog=None,
          collector: ProblemCollector | None = None, defaults=None):
    """The row-by-row loader on ``header`` + ``records`` (lines ``rows``) of ``file``."""
    from spmdocs.data import loader
    from spmdocs.data.layout import first_header
    from spmdocs.data.schema import get_schema

    catalog = catalog or loader._default_catalog()
    collector = collector if collector is not None else ProblemCollector(None)
    cells = pd.DataFrame([header, *records], dtype="str") if not isinstance(records, pd.DataFrame) else \
        pd.concat([pd.DataFrame([header], columns=records.columns, dtype="str"), records], ignore_index=True)
    grid = loader._Grid(file, None, cells, np.concatenate([[1], rows]).astype("int64"))
    schema = get_schema("capaian")
    headings: dict = {}
    header_row = first_header(grid.cells, "capaian", aliases)
    frames = loader._read_sheet(grid, header_row, schema, aliases, catalog, dict(defaults or {}),
                                collector, headings)
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        frame["_sheet"] = frame["_sheet"].astype(object)
        frame = loader._resolve(frame, catalog, headings, "capaian", collector)
    else:
        frame = loader.empty_frame("capaian")
    return frame, collector.problems, headings


class _BatchOrder(ProblemCollector):
    """The loader's problems gathered batch by batch, listed as one pass over the whole file lists
    them: per file, total rows, then column by column (schema order) the cells, then the row
    cross-checks; after every file, the daerah names, then the services in row order."""

    _RESOLVE = {"daerah-nama": 0, "blok-yatim": 1, "service-empty": 1, "service": 1, "service-mismatch": 1}
    _CROSS = ("bulan", "persen", "belum")

    def __init__(self, limit: int | None, plans: list[_Plan]):
        from spmdocs.data.schema import get_schema

        super().__init__(limit)
        schema = get_schema("capaian")
        order = [c.name for c in schema.columns + schema.checks]
        self.files = {str(plan.path): i for i, plan in enumerate(plans)}
        self.columns = {(str(plan.path), heading): order.index(name) if name in order else len(order)
                        for plan in plans for name, heading in plan.headings.items()}
        self.keyed: list[tuple] = []
        self.first_over: dict = {}

    def _key(self, location: Location, group) -> tuple:
        file = self.files.get(location.file, len(self.files))
        row = location.row or 0
        kind = group[0] if isinstance(group, tuple) and group else None
        if kind in self._RESOLVE:
            return (1, self._RESOLVE[kind], file, row)
        if kind == "total":
            return (0, file, 0, 0, row)
        if kind in ("invisible", "cell"):
            column = self.columns.get((location.file, location.column), 999)
            return (0, file, 1, column * 2 + (kind == "cell"), row)
        if kind in self._CROSS:
            return (0, file, 2, self._CROSS.index(kind), row)
        return (0, file, 3, 0, row)

    def add(self, message, location=Location(), severity="error", group=None) -> None:
        before = len(self.problems)
        super().add(message, location, severity, group)
        key = self._key(location, group)
        if len(self.problems) > before:
            self.keyed.append((key, len(self.keyed), self.problems[-1]))
        elif group is not None and group not in self.first_over:
            self.first_over[group] = key

    def end_batch(self) -> None:
        """Nothing to do between batches: the order is decided by each problem's place."""

    def finish(self):
        self.problems = [p for _, _, p in sorted(self.keyed, key=lambda item: item[:2])]
        self._overflow = {group: self._overflow[group] for group in
                          sorted(self._overflow, key=lambda g: self.first_over.get(g, (9,)))}
        return super().finish()


@dataclass
class _State:
    """What the batches of one run leave behind."""

    loader: ProblemCollector
    rules: dict[str, ProblemCollector]
    headings: dict
    sums: list[pd.DataFrame] = field(default_factory=list)
    firsts: list[pd.DataFrame] = field(default_factory=list)
    hashes: list[np.ndarray] = field(default_factory=list)
    positions: list[np.ndarray] = field(default_factory=list)
    rows: int = 0
    evidence: dict[tuple[str, str], list] = field(default_factory=dict)
    """(file, number column) -> the :class:`~spmdocs.data.numbers.Evidence` of each dirty batch."""


def _chunks(plan: _Plan) -> Iterator[memoryview]:
    """The file's data lines in pieces of about :data:`BLOCK_BYTES`, each ending at a line end."""
    with plan.path.open("rb") as handle:
        if plan.bom:
            handle.read(3)
        handle.readline()
        while True:
            data = handle.read(BLOCK_BYTES)
            if not data:
                return
            cut = data.rfind(b"\n") + 1
            if 0 < cut < len(data):
                handle.seek(cut - len(data), 1)  # the unfinished line starts the next piece
                yield memoryview(data)[:cut]
            elif cut == len(data):
                yield memoryview(data)
            else:
                yield memoryview(data + handle.readline())


def _batches(plan: _Plan) -> Iterator[tuple[list, np.ndarray]]:
    """(text columns of the batch, line number of each row), in file order.

    The next piece is parsed (pyarrow, on every core, without the GIL) while the caller works on
    the current one; at most two pieces are in memory.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    width = len(plan.header_cells)
    read = pacsv.ReadOptions(autogenerate_column_names=True, encoding="utf8", block_size=1 << 22)
    parse = pacsv.ParseOptions(delimiter=plan.delimiter, quote_char='"', newlines_in_values=False,
                               ignore_empty_lines=False)
    names = [f"f{i}" for i in range(width)]
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                   quoted_strings_can_be_null=False, null_values=[])

    def parsed(data: bytes):
        table = pacsv.read_csv(pa.py_buffer(data), read_options=read, parse_options=parse,
                               convert_options=convert)
        if table.num_columns != width:
            raise Fallback
        columns = [table.column(i).combine_chunks() for i in range(width)]
        if any(pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py() for column in columns):
            raise Fallback  # a quoted line break: line numbers must be counted row by row
        return columns, table.num_rows, _prepare(columns, plan)

    line = 2
    pieces = _chunks(plan)
    with ThreadPoolExecutor(1) as pool:
        try:
            pending = pool.submit(parsed, next(pieces, memoryview(b"")))
            for data in pieces:
                following = pool.submit(parsed, data)
                columns, count, prepared = pending.result()
                pending = following
                if count:
                    yield columns, np.arange(line, line + count, dtype="int64"), prepared
                line += count
            columns, count, prepared = pending.result()
            if count:
                yield columns, np.arange(line, line + count, dtype="int64"), prepared
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise Fallback from exc


def _prepare(columns, plan: _Plan):
    """What the pyarrow side can tell of a batch (run beside the main thread): its counts when all
    are plain whole numbers (else None), and then each row's text combination."""
    numbers = _clean_numbers(columns, plan)
    if numbers is None or ("unit" in plan.positions and not _clean_units(columns[plan.positions["unit"]])):
        return None
    return numbers, _combos(columns, plan)


def _clean_numbers(columns, plan: _Plan) -> dict[str, np.ndarray] | None:
    import pyarrow.compute as pc

    found = {}
    for name in _NUMBERS:
        if name not in plan.positions:
            continue
        column = columns[plan.positions[name]]
        if not pc.all(pc.match_substring_regex(column, r"^[0-9]{1,15}$")).as_py():
            return None
        found[name] = pc.cast(column, "uint64").to_numpy(zero_copy_only=False).astype("float64")
    return found


def _clean_units(column) -> bool:
    import pyarrow.compute as pc

    from spmdocs.data.rows import _totals

    distinct = pc.unique(column)
    trimmed = pc.utf8_trim_whitespace(distinct)
    if not pc.all(pc.equal(trimmed, distinct)).as_py():
        return False
    if not pc.all(pc.invert(pc.match_substring_regex(distinct, r"[\x00-\x1f\x7f\x{00a0}\x{200b}-\x{200f}\x{feff}]"))).as_py():
        return False
    values = np.asarray(distinct.to_pylist(), dtype=object)
    return not _totals(values).any()


def _combos(columns, plan: _Plan) -> tuple[np.ndarray, np.ndarray]:
    """(first row of each distinct text combination, combination of every row)."""
    import pyarrow.compute as pc

    code = np.zeros(len(columns[0]), dtype=np.int64)
    bound = 1
    for name in _TEXT:
        if name not in plan.positions:
            continue
        encoded = pc.dictionary_encode(columns[plan.positions[name]])
        indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        size = len(encoded.dictionary) + 1
        if bound * size >= 1 << 62:  # keep the combined codes in 64 bits
            code = np.unique(code, return_inverse=True)[1].astype(np.int64)
            bound = int(code.max()) + 1
        code = code * size + indices
        bound *= size
    uniques, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse]


@dataclass
class _Compact:
    """A clean batch by text combination: its representatives' canonical rows (``reps``), where
    each stands in the batch (``first``), every row's combination (``inverse``), the counts."""

    reps: pd.DataFrame
    first: np.ndarray
    inverse: np.ndarray
    numbers: dict[str, np.ndarray]


def _canonical(columns, lines: np.ndarray, prepared, plan: _Plan, aliases, catalog,
               state: _State) -> tuple[pd.DataFrame, _Compact | None]:
    """The canonical rows of one batch, exactly as the row-by-row loader reads them."""
    file = str(plan.path)
    clean = prepared is not None
    if clean:
        numbers, (first, inverse) = prepared
        table = pd.DataFrame({i: col.take(first).to_pylist() for i, col in enumerate(columns)}, dtype="str")
        reps, problems, _ = _slow(file, plan.header_cells, table, lines[first], aliases, catalog)
        clean = not problems and len(reps) == len(first) and (reps["_row"].to_numpy() == lines[first]).all()
        if clean and "unit" in plan.positions:
            clean = (reps["unit"].to_numpy(dtype=object) == np.asarray(table[plan.positions["unit"]], dtype=object)).all()
        if clean:
            for name, values in numbers.items():
                clean = clean and np.array_equal(reps[name].to_numpy(), values[first])
    if not clean:
        table = pd.DataFrame({i: col.to_pylist() for i, col in enumerate(columns)}, dtype="str")
        _same_reading(table, plan, state)
        frame, _, headings = _slow(file, plan.header_cells, table, lines, aliases, catalog, state.loader)
        for key, used in headings.items():
            state.headings.setdefault(key, {}).update({k: v for k, v in used.items()
                                                       if k not in state.headings.get(key, {})})
        return frame, None
    data = {}
    for name in reps.columns:
        if name in numbers:
            data[name] = pd.Series(numbers[name], dtype="float64")
        elif name == "unit" and "unit" in plan.positions:
            data[name] = pd.Series(columns[plan.positions["unit"]].to_pandas(), dtype="str")
        elif name == "_row":
            data[name] = pd.Series(lines, dtype="int64")
        elif reps[name].dtype == "str":
            # the texts of a combination, shared: pointers to the same strings, not copies of them
            data[name] = pd.Series(reps[name].to_numpy(dtype=object)[inverse], dtype=object)
        else:
            data[name] = reps[name].take(inverse).reset_index(drop=True)
    frame = pd.DataFrame(data)
    frame["_sheet"] = frame["_sheet"].astype(object)
    return frame, _Compact(reps, first, inverse, numbers)


def _same_reading(table: pd.DataFrame, plan: _Plan, state: _State) -> None:
    """Fall back to the row-by-row loader when a number column's batches would read "1,234" or
    "1.234" otherwise than the whole file does.

    The row-by-row loader decides how a column reads its ambiguous cells from the whole column
    (:func:`spmdocs.data.numbers.column_reading`); a dirty batch is read by it on its own, from
    its own cells. That agrees with the file as long as every batch holding ambiguous cells has
    the evidence the file has so far; evidence only grows, so the first disagreement is final.
    (A clean batch has digits only: neither evidence nor ambiguous cells.)
    """
    from spmdocs.data.numbers import text_evidence

    for name in _NUMBERS:
        if name not in plan.positions:
            continue
        batches = state.evidence.setdefault((str(plan.path), name), [])
        batches.append(text_evidence(table[plan.positions[name]]))
        us, local = any(e.us for e in batches), any(e.local for e in batches)
        if any(e.ambiguous and (e.us, e.local) != (us, local) for e in batches):
            raise Fallback


def _context(frame: pd.DataFrame, headings, collector, catalog, allow_years, already, one_province=False):
    from spmdocs.data.schema import get_schema
    from spmdocs.data.validate import _Context

    class _BatchContext(_Context):
        """The rules' context; a rule that flags no row of the batch costs no copy of it."""

        def rows(self, mask):
            mask = np.asarray(mask, dtype=bool)
            return super().rows(mask) if mask.any() else iter(())

    return _BatchContext(frame, get_schema("capaian"), headings, collector, catalog, allow_years, already,
                         one_province)


def _rule(name: str):
    from spmdocs.data import validate

    return getattr(validate, name)


def _duplicate_hashes(frame: pd.DataFrame, compact: _Compact | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(hash of the duplicate key of every resolved row, which rows are resolved), keyed as
    _duplicates keys them; in a clean batch the columns other than ``unit`` are hashed once per
    text combination."""
    resolved = (frame["kode_layanan"] != "").to_numpy()
    if compact is None:
        parts = [pd.util.hash_array(v) for v in _key_values(frame)]
    else:
        # the unit is the last column of the key; the others are the same for a whole combination
        parts = [pd.util.hash_array(v)[compact.inverse] for v in _key_values(compact.reps, skip_unit=True)]
        parts += [pd.util.hash_array(v) for v in _key_values(frame, only_unit=True)]
    hashes = np.zeros(len(frame), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for part in parts:
            hashes = hashes * np.uint64(1_000_003) ^ part  # by value, not by position
    return hashes[resolved], resolved


def _key_values(frame: pd.DataFrame, skip_unit: bool = False, only_unit: bool = False) -> list[np.ndarray]:
    """The columns of the duplicate key as _duplicates builds them, as plain arrays."""
    from spmdocs.data.schema import get_schema
    from spmdocs.data.validate import _wilayah_key

    schema = get_schema("capaian")
    assert schema.duplicate_key[-1] == "unit", "the unit must close the duplicate key (see _duplicate_hashes)"
    values = []
    if not only_unit:
        values.append(_wilayah_key(frame).to_numpy(dtype=object, na_value=None))
    for name in schema.duplicate_key:
        if name == "kode_wilayah" or (skip_unit and name == "unit") or (only_unit and name != "unit"):
            continue
        column = frame[name]
        if schema.column(name).type in ("number", "year", "triwulan"):
            values.append(column.astype("float64").to_numpy(dtype="float64"))
        else:
            values.append(_casefold(column).to_numpy(dtype=object, na_value=None))
    return values


def _casefold(column: pd.Series) -> pd.Series:
    """``column.str.casefold()``, by pyarrow when every text is ASCII (lower case is case folding there)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(column.to_numpy(dtype=object), type=pa.string()) if column.dtype == object else \
        pa.array(column.array)
    if len(values) and pc.all(pc.string_is_ascii(values)).as_py():
        folded = pc.ascii_lower(values).to_pandas().astype("str")
        folded.index = column.index
        return folded
    return column.str.casefold()


_FIRSTS = ["daerah", "_file", "_sheet", "_row", "triwulan", "jenis_pelayanan"]


def _sum(frame: pd.DataFrame, offset: int, compact: _Compact | None = None) -> pd.DataFrame:
    """Counts summed per daerah × tahun × triwulan × service, with the first row of each and the
    first non-empty OPD and daerah name (and where they stand). A clean batch is first summed per
    text combination (its rows share every text of the key)."""
    if compact is not None:
        positions = compact.first + offset
        frame = frame.iloc[compact.first].reset_index(drop=True)
        for name, values in compact.numbers.items():
            frame[name] = np.bincount(compact.inverse, weights=values, minlength=len(frame))
    else:
        positions = np.arange(len(frame)) + offset
    frame = frame.assign(_tw=frame["triwulan"].astype("Int64").fillna(0), _pos=positions)
    for name in ("opd", "daerah"):
        texts = pd.Series(map_distinct(frame[name], _stripped), index=frame.index, dtype="str")
        frame[f"_{name}"] = texts
        frame[f"_{name}_pos"] = frame["_pos"].where(texts != "")
    return _merge([frame], presorted=True)


def _merge(parts: list[pd.DataFrame], presorted: bool = False) -> pd.DataFrame:
    """Rows (or earlier sums) added up per key; firsts by position."""
    every = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not presorted:
        every = every.sort_values("_pos", kind="stable")
    grouped = every.groupby(_SCORE_KEYS, sort=False, dropna=False)
    result = grouped[list(_NUMBERS)].sum(min_count=1)
    result = result.join(every.drop_duplicates(_SCORE_KEYS).set_index(_SCORE_KEYS)[["_pos", *_FIRSTS]])
    for name in ("opd", "daerah"):
        given = every[every[f"_{name}_pos"].notna()].sort_values(f"_{name}_pos", kind="stable")
        first = given.drop_duplicates(_SCORE_KEYS).set_index(_SCORE_KEYS)[[f"_{name}", f"_{name}_pos"]]
        result = result.join(first)
    return result.reset_index()


def _stripped(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The batch sums added up into one row per daerah × tahun × triwulan × service."""
    from spmdocs.data.loader import empty_frame

    if not parts:
        return empty_frame("capaian")
    result = _merge(parts).sort_values("_pos", kind="stable").reset_index(drop=True)
    result["opd"] = result["_opd"].fillna("").astype("str")
    named = result[result["_daerah_pos"].notna()].sort_values("_daerah_pos", kind="stable") \
        .drop_duplicates(_SCORE_KEYS[:3]).set_index(_SCORE_KEYS[:3])["_daerah"]
    lookup = named.reindex(pd.MultiIndex.from_frame(result[_SCORE_KEYS[:3]])).to_numpy(dtype=object)
    result["daerah"] = pd.Series([v if isinstance(v, str) else "" for v in lookup], dtype="str")
    result["unit"] = pd.Series([""] * len(result), dtype="str")
    result["tahun"] = result["tahun"].astype("Int64")
    result["triwulan"] = result["triwulan"].astype("Int64")
    result["_sheet"] = result["_sheet"].astype(object)
    return result[list(empty_frame("capaian").columns)]


MERGE_EVERY = 8
"""Batch sums kept before they are added up (bounds memory for many batches)."""


def validate_large(plans: list[_Plan], *, allow_years: bool, aliases, catalog=None,
                   limit: int | None = MAX_PER_RULE, one_province: bool = False):
    """Load, check and sum every file of ``plans``; a :class:`LoadResult` of the summed rows.

    Raises :class:`Fallback` when a file turns out not to be plain CSV after all.
    """
    from spmdocs.data.loader import LoadResult

    if catalog is None:
        from spmdocs.spm.catalog import load_catalog

        catalog = load_catalog()
    state = _State(_BatchOrder(limit, plans), {name: ProblemCollector(limit) for name in _rule_names()}, {})
    for plan in plans:
        state.headings.setdefault((str(plan.path), None), dict(plan.headings))
    file_starts = []
    for plan in plans:
        file_starts.append(state.rows)
        for columns, lines, prepared in _batches(plan):
            frame, compact = _canonical(columns, lines, prepared, plan, aliases, catalog, state)
            frame.index = pd.RangeIndex(state.rows, state.rows + len(frame))
            state.loader.end_batch()
            _check_batch(frame, state, catalog, allow_years, compact)
            state.rows += len(frame)
    _check_table(plans, state, aliases, catalog, allow_years, one_province)
    problems = state.loader.finish()
    problems += _ordered_rule_problems(state)
    frame = _combine(state.sums)
    return LoadResult(frame, problems, "capaian", state.headings, frozenset(state.loader.error_cells),
                      rows_read=state.rows)


def _check_batch(frame: pd.DataFrame, state: _State, catalog, allow_years: bool,
                 compact: _Compact | None = None) -> None:
    if frame.empty:
        return
    already = frozenset(state.loader.error_cells)
    for name in _rule_names():
        if name in _FIRST_ROWS_RULES or name == _DUPLICATES:
            continue
        _rule(name)(_context(frame, state.headings, state.rules[name], catalog, allow_years, already))
    firsts = ["kode_wilayah", "daerah", "tahun"]
    if compact is not None:
        chosen = compact.reps.drop_duplicates(firsts).index.to_numpy()
        state.firsts.append(frame.iloc[compact.first[chosen]])
    else:
        state.firsts.append(frame.drop_duplicates(firsts))
    hashes, resolved = _duplicate_hashes(frame, compact)
    state.hashes.append(hashes)
    state.positions.append(frame.index.to_numpy()[resolved])
    state.sums.append(_sum(frame, frame.index[0], compact))
    if len(state.sums) >= MERGE_EVERY:
        state.sums = [_merge(state.sums)]


def _check_table(plans, state: _State, aliases, catalog, allow_years: bool, one_province: bool = False) -> None:
    if not state.firsts:
        return
    firsts = pd.concat(state.firsts).drop_duplicates(["kode_wilayah", "daerah", "tahun"])
    already = frozenset(state.loader.error_cells)
    for name in _rule_names():
        if name not in _FIRST_ROWS_RULES:
            continue
        _rule(name)(_context(firsts, state.headings, state.rules[name], catalog, allow_years, already,
                             one_province))
    hashes = np.concatenate(state.hashes)
    positions = np.concatenate(state.positions)
    state.hashes, state.positions = [], []
    twice = pd.Series(hashes).duplicated(keep=False).to_numpy()
    if not twice.any() or _DUPLICATES not in state.rules:
        return
    wanted = np.sort(positions[twice])
    candidates = []
    start = 0
    for plan in plans:
        for columns, lines, prepared in _batches(plan):
            frame, _ = _canonical(columns, lines, prepared, plan, aliases, catalog,
                                  _State(ProblemCollector(None), {}, {}))
            frame.index = pd.RangeIndex(start, start + len(frame))
            chosen = wanted[(wanted >= start) & (wanted < start + len(frame))]
            if len(chosen):
                candidates.append(frame.loc[chosen])
            start += len(frame)
    subset = pd.concat(candidates)
    _rule("_duplicates")(_context(subset, state.headings, state.rules["_duplicates"], catalog, allow_years,
                                  already))


def _rule_names() -> list[str]:
    from spmdocs.data.validate import RULES

    return [rule.__name__ for rule in RULES]


def _ordered_rule_problems(state: _State):
    """The rule problems in the order one pass over the whole table gives, then the capped counts."""
    problems = []
    overflow = []
    for name in _rule_names():
        collector = state.rules[name]
        problems += collector.problems
        before = len(collector.problems)
        finished = collector.finish()
        overflow += finished[before:]
    return problems + overflow
