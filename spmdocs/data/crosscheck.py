"""Cross-check what a file states twice, row by row: its percentage, its "not yet served" and month totals.

Clerks' tables often repeat a figure: "% Capaian" beside Sasaran and Realisasi, "Yang Belum
Terlayani" beside both counts, months Jan … Des beside their "Total". When the repeated figure
disagrees with the counts the file is misread or wrong, so each function returns the rows where
it disagrees. All work is vectorised.

Rules:

* A percentage agrees when it is within :data:`TOLERANCE` points of done / target × 100; a
  percentage capped at 100 agrees with a count over its target. A column whose values are all
  between 0 and 1 while the counts give more than 1% is read as fractions (Excel's percent cells).
* "Belum" agrees with max(target − done, 0) within half a unit (or with target − done).
* Months agree with their Total when they add up to it, or when they are cumulative (never
  decreasing, the last month filled equal to the Total).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOLERANCE = 0.5
"""Percentage points a stated percentage may differ from the counts (rounding to whole percent)."""
UNIT_TOLERANCE = 0.5


def ratio(done: pd.Series, target: pd.Series) -> np.ndarray:
    """done / target × 100 where both are present and target > 0, else NaN."""
    d, t = done.to_numpy(dtype=float), target.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, d / t * 100.0, np.nan)


def percent_scale(percent: pd.Series, computed: np.ndarray) -> float:
    """100 when the column holds fractions (0,8 for 80%), else 1."""
    values = percent.to_numpy(dtype=float)
    present = ~np.isnan(values)
    if not present.any():
        return 1.0
    fractions = np.nanmax(np.abs(values[present])) <= 1.0 + 1e-9
    return 100.0 if fractions and np.nanmax(np.where(present, computed, np.nan), initial=0.0) > 1.5 else 1.0


def percent_mismatch(done: pd.Series, target: pd.Series, percent: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows that disagree, the percentage the counts give, the stated percentage on the 0–100 scale)."""
    computed = ratio(done, target)
    stated = percent.to_numpy(dtype=float) * percent_scale(percent, computed)
    both = ~np.isnan(computed) & ~np.isnan(stated)
    close = np.abs(stated - computed) <= TOLERANCE + 1e-9
    capped = (computed > 100.0) & (np.abs(stated - 100.0) <= TOLERANCE + 1e-9)
    return both & ~close & ~capped, computed, stated


def belum_mismatch(done: pd.Series, target: pd.Series, belum: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(rows whose "belum" disagrees with the counts, max(target − done, 0))."""
    gap = target.to_numpy(dtype=float) - done.to_numpy(dtype=float)
    expected = np.clip(gap, 0.0, None)
    stated = belum.to_numpy(dtype=float)
    both = ~np.isnan(gap) & ~np.isnan(stated)
    agree = (np.abs(stated - expected) <= UNIT_TOLERANCE) | (np.abs(stated - gap) <= UNIT_TOLERANCE)
    return both & ~agree, expected


def month_total(months: pd.DataFrame, total: pd.Series | None) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(the row's figure, rows where months and Total disagree, the months' sum).

    The figure is the Total where given, else the sum of the months (empty when no month is filled).
    """
    values = months.to_numpy(dtype=float)
    filled = ~np.isnan(values)
    summed = np.where(filled.any(axis=1), np.nansum(values, axis=1), np.nan)
    if total is None:
        return pd.Series(summed, index=months.index), np.zeros(len(months), dtype=bool), summed
    stated = total.to_numpy(dtype=float)
    grid = pd.DataFrame(values)
    carried = grid.ffill(axis=1)
    previous = carried.shift(1, axis=1)
    increasing = ~((grid < previous) & grid.notna() & previous.notna()).any(axis=1).to_numpy()
    last = carried.iloc[:, -1].to_numpy(dtype=float)
    both = ~np.isnan(summed) & ~np.isnan(stated)
    adds_up = np.abs(summed - stated) <= UNIT_TOLERANCE
    cumulative = increasing & (np.abs(last - stated) <= UNIT_TOLERANCE)
    figure = np.where(np.isnan(stated), summed, stated)
    return pd.Series(figure, index=months.index), both & ~adds_up & ~cumulative, summed
