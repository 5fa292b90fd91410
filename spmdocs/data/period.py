"""The one rule for which data rows stand for a report's period, applied by every report kind.

Quarterly rows are cumulative: the figures of a year are those of its last triwulan, never the
sum of its quarters. The last triwulan is taken **per daerah and year**, so a kabupaten whose
data stops at Triwulan III is reported with its Triwulan III figures instead of disappearing
because another daerah already sent Triwulan IV; such a daerah gets a warning. Rows without a
triwulan (yearly data) always stand for their year.
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


def latest_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Per daerah and year: the yearly rows and the rows of that daerah's last triwulan.

    Returns the rows and one warning per daerah whose last triwulan of a year is older than the
    latest triwulan any daerah has for that year.
    """
    if "triwulan" not in frame or not frame["triwulan"].notna().any():
        return frame, []
    quarterly = frame["triwulan"].notna()
    last = frame.groupby(["kode_wilayah", "tahun"])["triwulan"].transform("max")
    kept = frame[~quarterly | (frame["triwulan"] == last)]
    return kept, _behind(frame[quarterly])


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


def _first_name(rows: pd.DataFrame) -> str:
    if "daerah" not in rows:
        return ""
    return next((v.strip() for v in rows["daerah"] if isinstance(v, str) and v.strip()), "")


def quarter_rows(frame: pd.DataFrame, *triwulan: int) -> pd.DataFrame:
    """The rows of the given triwulan (quarterly figures are cumulative: a quarter is its whole period)."""
    if "triwulan" not in frame:
        return frame.iloc[0:0]
    return frame[frame["triwulan"].isin(triwulan)]
