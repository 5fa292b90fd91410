"""Steps every report kind shares: its rows of the period, scoring, naming, units of a batch."""

from __future__ import annotations

import re

import pandas as pd

from spmdocs.compose.context import kepala_daerah
from spmdocs.config import Daerah, Kop, Penandatangan, ReportBase, Unit
from spmdocs.config.placeholders import fill, names as pattern_fields
from spmdocs.data.period import in_wilayah, latest_rows
from spmdocs.errors import DataError, Location, Problem, TemplateError, raise_if_errors
from spmdocs.fileio import FILE_NAME_BYTES, safe_filename
from spmdocs.fmt import angka
from spmdocs.render import Rendition
from spmdocs.reports.kind import BatchUnit, Report, Tables
from spmdocs.spm.catalog import level_of, load_catalog
from spmdocs.spm.scoring import score as score_rows  # noqa: F401  (kinds score through here)
from spmdocs.yamlsrc import YamlSource


def catalog():
    """The packaged catalog of bidang and Jenis Pelayanan Dasar (loaded once per process)."""
    return load_catalog()


def files_of(config: ReportBase) -> str:
    return ", ".join(str(p) for p in config.data.capaian)


def missing_daerah(config: ReportBase, tahun: int, what: str = "tahun", extra: str = "") -> DataError:
    kode = config.daerah.kode_wilayah
    return DataError([Problem(f"data tidak memuat daerah {kode} untuk {what} {tahun}{extra}",
                              Location(file=files_of(config), column="kode_wilayah"))])


def rows_of_year(config: ReportBase, tables: Tables) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows standing for ``config.tahun`` of the daerah and its kab/kota (the period rule)."""
    frame = tables.capaian
    kode = config.daerah.kode_wilayah
    scoped = frame[in_wilayah(frame, kode) & (frame["tahun"] == config.tahun)]
    if not (scoped["kode_wilayah"].astype(str) == kode).any():
        raise missing_daerah(config, config.tahun)
    return latest_rows(scoped)


def rows_up_to_year(config: ReportBase, tables: Tables, with_members: bool = True
                    ) -> tuple[pd.DataFrame, list[Problem]]:
    """Every year up to ``config.tahun`` (trends, baselines), each by the period rule."""
    frame = tables.capaian
    scoped = frame[in_wilayah(frame, config.daerah.kode_wilayah, with_members) & (frame["tahun"] <= config.tahun)]
    return latest_rows(scoped)


def score(config: ReportBase, rows: pd.DataFrame, tables: Tables):
    return score_rows(rows, config.aturan_penilaian, tables.mutu, catalog())


def raise_narrative(narrative) -> None:
    """Stop with every narrative problem met while composing."""
    raise_if_errors(narrative.problems, TemplateError)


NAME_LIMIT = 100
"""Longest file name stem, so that suffixes and the folder stay within Windows' path limit."""


def output_name(config: ReportBase, values: dict, limit: int = 120) -> str:
    """The file stem from ``keluaran.nama_berkas`` (checked when the config was read) and ``values``.

    A stem too long for ``limit`` is shortened inside its longest text values (an OPD's long
    name), never at its end, so the pattern's own text and its short fields (the code, the year,
    the quarter) stay: ``lampiran-65-Dinas Pemberdayaan ... Keluarga-2025``, not ``...Keluarga B``.
    """
    pattern = config.keluaran.nama_berkas
    values = dict(values)
    for _ in range(_SHORTENINGS):
        whole = safe_filename(fill(pattern, values), _UNLIMITED, _UNLIMITED)
        excess = max(len(whole) - limit, _utf8_excess(whole))
        texts = [name for name in dict.fromkeys(pattern_fields(pattern))
                 if isinstance(values.get(name), str) and len(values[name]) > _SHORTEST_VALUE]
        if excess <= 0 or not texts:
            break
        longest = max(texts, key=lambda name: len(values[name]))
        values[longest] = _shortened(values[longest], max(_SHORTEST_VALUE, len(values[longest]) - excess))
    return safe_filename(fill(pattern, values), limit)


_SHORTENINGS = 8
_UNLIMITED = 10 ** 6
_SHORTEST_VALUE = 12
"""A text value is not cut below this many characters; the end of the stem is cut instead."""


def _utf8_excess(stem: str) -> int:
    """Characters to drop so that ``stem`` keeps within safe_filename's byte limit (4 bytes each at most)."""
    over = len(stem.encode("utf-8")) - FILE_NAME_BYTES
    return -(-over // 4) if over > 0 else 0


def _shortened(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters, at a word's end when one is near."""
    cut = text[:length]
    if len(text) > length and text[length] not in " -,." and " " in cut[-_SHORTEST_VALUE:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.-")


def report(config: ReportBase, src: YamlSource, document, daerah: str, summary: str, tables: Tables,
           warnings: list[Problem], values: dict | None = None, **extras) -> Report:
    """The report of a prepared document: named, with the data's and the period's warnings.

    ``values`` fill the file-name pattern; by default the config's own (:meth:`name_values`).
    """
    name = output_name(config, values if values is not None else config.name_values(daerah))
    rendition = Rendition(document=document, name=name, template=config.templat_word, **extras)
    return Report(rendition=rendition, summary=summary, warnings=list(tables.problems) + list(warnings))


def index_summary(score) -> str:
    """One line for the terminal: daerah, year, index and kategori."""
    if score.indeks is None:
        return f"{score.nama} {score.tahun}: indeks tidak dapat dihitung"
    return f"{score.nama} {score.tahun}: Indeks Pencapaian SPM {angka(score.indeks, 2)} ({score.kategori})"


# --- batch units of the kinds that make one document per daerah ---------------------------------

def code_key(kode: str) -> tuple:
    """Sort key of a Kemendagri code: numeric parts as numbers (65.9 before 65.10)."""
    return tuple(int(part) if part.isdigit() else part for part in kode.split("."))


def first_text(values) -> str:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), "")


def daerah_units(config: ReportBase, tables: Tables) -> tuple[list[BatchUnit], list[Problem]]:
    """One unit per daerah with rows of ``config.tahun`` in the config's scope (a province: with
    members; ``cakupan: nasional``: every daerah of the data, of every province), in code order.

    A province's unit carries its kab/kota rows too, since its report lists them; a kab/kota's
    unit only its own rows. So each unit's rows are those of one province, whatever the file holds.
    The rows are grouped by code once, so a national file costs one pass, not one per daerah.
    """
    frame = tables.capaian
    codes = frame["kode_wilayah"].astype(str)
    years = frame["tahun"] == config.tahun
    scope = years if config.nasional else in_wilayah(frame, config.daerah.kode_wilayah) & years
    present = sorted(set(codes[scope & (codes != "")]), key=code_key)
    rows_of = _positions_by_code(frame.index[years], codes[years])
    mutu = tables.mutu
    mutu_of = _positions_by_code(mutu.index, mutu["kode_wilayah"].astype(str)) if mutu is not None else {}
    names = _names_by_code(frame, codes)
    units = []
    for urut, kode in enumerate(present, 1):
        members = level_of(kode) == "provinsi"
        nama = names.get(kode) or _official_name(kode)
        units.append(BatchUnit(Unit(kode, nama, nama, urut), _rows_of(rows_of, kode, members),
                               _rows_of(mutu_of, kode, members)))
    return units, []


def _positions_by_code(index: pd.Index, codes: pd.Series) -> dict[str, dict[str, list[int]]]:
    """Row labels by province code, then by kode_wilayah (each list ascending)."""
    grouped: dict[str, dict[str, list[int]]] = {}
    labels = [int(i) for i in index]
    for kode, positions in codes.groupby(codes.to_numpy(), sort=False).indices.items():
        grouped.setdefault(kode.split(".")[0], {})[kode] = [labels[i] for i in positions.tolist()]
    return grouped


def _rows_of(grouped: dict[str, dict[str, list[int]]], kode: str, members: bool) -> tuple[int, ...]:
    """The rows of ``kode`` and, with ``members``, of its kab/kota ("kode.*"), in frame order."""
    of_province = grouped.get(kode.split(".")[0], {})
    found = [r for code, rows in of_province.items() if code == kode or (members and code.startswith(f"{kode}."))
             for r in rows]
    return tuple(sorted(found))


def _names_by_code(frame: pd.DataFrame, codes: pd.Series) -> dict[str, str]:
    """The first non-empty daerah name written for each code (any year)."""
    if "daerah" not in frame:
        return {}
    names = frame["daerah"].where(frame["daerah"].map(lambda v: isinstance(v, str))).str.strip()
    named = names.notna() & (names != "")
    return names[named].groupby(codes[named].to_numpy(), sort=False).first().to_dict()


def _official_name(kode: str) -> str:
    from spmdocs.spm.wilayah import nama_wilayah

    return nama_wilayah(kode) or kode


PLACE_PLACEHOLDER = "[isi tempat]"


def config_of_daerah(config: ReportBase, unit: Unit) -> ReportBase:
    """The config of one daerah's own report in a batch over daerah.

    The config's own daerah keeps the config as written. Another daerah gets its code and name,
    a kop "Pemerintah <daerah>", its Kepala Daerah as signatory with the name and the place of
    signing left as placeholders for the clerk ("NAMA BUPATI", "[isi tempat]"), and the packaged
    narratives: the config's texts were written about its own daerah.
    """
    if unit.kode_wilayah == config.daerah.kode_wilayah:
        return config
    nama = unit.daerah
    jabatan = kepala_daerah(level_of(unit.kode_wilayah), nama)
    short = re.sub(r"^(Provinsi|Kabupaten|Kota)\s+", "", nama)
    signer = Penandatangan(jabatan=f"{jabatan.title()} {short}", nama=f"NAMA {jabatan}",
                           tte=config.penandatangan.tte)
    return config.model_copy(update={
        "daerah": Daerah(kode_wilayah=unit.kode_wilayah, nama=nama),
        "kop": Kop(pemerintah=f"Pemerintah {nama}", logo=config.kop.logo),
        "penandatangan": signer,
        "tempat": PLACE_PLACEHOLDER,
        "nomor": None,
        **({"narasi": type(config.narasi)()} if hasattr(config, "narasi") else {}),
    }).with_signatory_identity()
