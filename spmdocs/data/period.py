"""The one rule for which data rows stand for a report's period, applied by every report kind.

Quarterly rows are cumulative: the figures of a year are those of its last triwulan, never the
sum of its quarters. The last triwulan is taken **per series**: a daerah's service in a year (and
its unit, mutu item or sub kegiatan, where the table has them). So a kabupaten whose data stops at
Triwulan III, or one service of it whose Puskesmas reported a quarter late, is reported with its
Triwulan III figures instead of disappearing because the rest already reached Triwulan IV; each
such daerah gets one warning. Rows without a triwulan (yearly data) always stand for their year.
"""

from __future__ import annotations

import pandas as pd

from spmdocs.errors import Location, Problem
from spmdocs.fmt import triwulan as triwulan_label


def in_wilayah(frame: pd.DataFrame, kode: str, with_members: bool = True) -> pd.Series:
    """Rows of the daerah ``kode`` and, with ``with_members``, of its kab/kota (codes "kode.*")."""
    codes = frame["kode_wilayah"].astype(str)
    inside = codes == kode
    if with_members:
        inside |= codes.str.startswith(f"{kode}.")
    return inside


SERIES = ("kode_wilayah", "tahun", "kode_layanan", "unit", "jenis_mutu", "uraian", "kode_sub_kegiatan")
"""The columns that name one quarterly series (those of them a table has); its rows differ by triwulan."""


def latest_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The yearly rows and, of every series (:data:`SERIES`), the rows of its last triwulan.

    Returns the rows and a warning per daerah whose last triwulan of a year is older than the
    latest triwulan any daerah has for that year, and per daerah some of whose services stop
    before its own latest triwulan.
    """
    if "triwulan" not in frame or not frame["triwulan"].notna().any():
        return frame, []
    quarterly = frame["triwulan"].notna()
    series = [c for c in SERIES if c in frame]
    last = frame.groupby(series, dropna=False)["triwulan"].transform("max")
    kept = frame[~quarterly | (frame["triwulan"] == last)]
    return kept, _behind(frame[quarterly]) + _services_behind(frame[quarterly])


def _services_behind(quarterly: pd.DataFrame) -> list[Problem]:
    """One warning per daerah and year naming the services whose data stops before the daerah's own."""
    if quarterly.empty or "kode_layanan" not in quarterly:
        return []
    series = [c for c in SERIES if c in quarterly]
    per_series = quarterly.groupby(series, sort=True, dropna=False)["triwulan"].max()
    newest = per_series.groupby(level=["kode_wilayah", "tahun"]).transform("max")
    lagging = per_series[per_series < newest]
    problems = []
    for (kode, tahun), services in lagging.groupby(level=["kode_wilayah", "tahun"], sort=True):
        rows = quarterly[(quarterly["kode_wilayah"] == kode) & (quarterly["tahun"] == tahun)]
        nama = _first_name(rows) or str(kode)
        latest = triwulan_label(int(newest[services.index[0]]))
        listed = ", ".join(f"{_series_name(dict(zip(series, key)))} ({triwulan_label(int(tw))})"
                           for key, tw in services.items())
        where = Location(file=str(rows["_file"].iloc[0])) if "_file" in rows and len(rows) else Location()
        problems.append(Problem(
            f"data {nama} ({kode}) tahun {int(tahun)} sudah sampai {latest}, tetapi layanan {listed} belum; "
            "capaian layanan itu dihitung dari data triwulan terakhirnya", where, "warning"))
    return problems


def _behind(quarterly: pd.DataFrame) -> list[Problem]:
    """A warning for every daerah whose data of a year stops before the other daerah's."""
    if quarterly.empty:
        return []
    per_daerah = quarterly.groupby(["tahun", "kode_wilayah"], sort=True)["triwulan"].max()
    newest = per_daerah.groupby(level="tahun").transform("max")
    problems = []
    for (tahun, kode), tw in per_daerah[per_daerah < newest].items():
        rows = quarterly[(quarterly["kode_wilayah"] == kode) & (quarterly["tahun"] == tahun)]
        nama = _first_name(rows) or str(kode)
        where = Location(file=str(rows["_file"].iloc[0])) if "_file" in rows and len(rows) else Location()
        problems.append(Problem(
            f"data {nama} ({kode}) tahun {int(tahun)} baru sampai {triwulan_label(int(tw))}, sedangkan "
            f"daerah lain sudah sampai {triwulan_label(int(newest[(tahun, kode)]))}; capaian {nama} "
            f"dihitung dari data {triwulan_label(int(tw))}", where, "warning"))
    return problems


def _series_name(key: dict) -> str:
    """"K-KES-1", or "K-KES-1 unit 'Puskesmas B'" when the series is a unit's (or a mutu item's)."""
    parts = [str(key["kode_layanan"])]
    for column, label in (("unit", "unit"), ("jenis_mutu", "mutu"), ("uraian", "uraian"),
                          ("kode_sub_kegiatan", "sub kegiatan")):
        value = key.get(column)
        if isinstance(value, str) and value:
            parts.append(f"{label} '{value}'")
    return " ".join(parts)


def _first_name(rows: pd.DataFrame) -> str:
    if "daerah" not in rows:
        return ""
    return next((v.strip() for v in rows["daerah"] if isinstance(v, str) and v.strip()), "")


def quarter_rows(frame: pd.DataFrame, *triwulan: int) -> pd.DataFrame:
    """The rows of the given triwulan (quarterly figures are cumulative: a quarter is its whole period)."""
    if "triwulan" not in frame:
        return frame.iloc[0:0]
    return frame[frame["triwulan"].isin(triwulan)]
