"""The one checker and filler of {placeholder} patterns: what validates always fills, nothing unsafe passes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spmdocs.config import placeholders
from spmdocs.config.placeholders import PatternError, check, fill

FIELDS = ("jenis", "kode_wilayah", "daerah", "tahun", "triwulan", "unit", "urut")


@pytest.mark.parametrize("pattern, filled", [
    ("{jenis}-{tahun}-tw{triwulan:02d}", "laporan-tahunan-2025-tw03"),
    ("{urut:03d} {unit}", "001 Dinas Kesehatan"),
    ("{unit:<18}|", "Dinas Kesehatan   |"),
    ("{{harfiah}} {tahun}", "{harfiah} 2025"),
    ("{tahun:>6}", "  2025"),
    ("{urut:s}", "1"),
])
def test_a_valid_pattern_fills(pattern, filled):
    assert check(pattern, FIELDS) == pattern
    assert fill(pattern, placeholders.SAMPLE) == filled


@pytest.mark.parametrize("pattern, reason", [
    ("{tahun.__class__.__mro__}", "tidak boleh memakai titik"),
    ("{unit[0]}", "tidak boleh memakai titik, kurung siku"),
    ("{unit!r}", "tanda seru"),
    ("{tahun:>1000000000}", "tidak didukung"),
    ("{tahun:{urut}}", "tidak didukung"),
    ("{}", "tanpa nama"),
    ("{0}", "tidak boleh memakai"),
    ("{opd}", "penanda {opd} tidak dikenal"),
    ("lampiran-{unit", "kurung kurawal tidak berpasangan"),
    ("lampiran-}", "kurung kurawal tidak berpasangan"),
    ("{unit:03d}", "format angka :03d pada penanda {unit}"),
])
def test_unsafe_or_unknown_patterns_are_refused_in_indonesian(pattern, reason):
    with pytest.raises(PatternError) as caught:
        check(pattern, FIELDS)
    assert reason in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("{}:<>^0123456789dsx.!_[] ") + list(FIELDS)), max_size=20).map("".join))
def test_whatever_passes_the_check_fills_with_bounded_length(pattern):
    try:
        check(pattern, FIELDS)
    except PatternError:
        return
    text = fill(pattern, placeholders.SAMPLE)
    assert len(text) <= len(pattern) + 100 * (pattern.count("{") + 1)
