"""Heading matching (spmdocs.data.schema): the quick answer for rows that name no column."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from spmdocs.data import schema
from spmdocs.data.schema import SCHEMAS, TableSchema


def _matched_score(table: TableSchema, headings, extra=None) -> tuple[int, int]:
    """What score() answers when every row is matched in full."""
    match = table.match(headings, extra)
    matched = set(match.columns) | ({"terlayani"} if match.ambiguous else set())
    return sum(name in matched for name in table.distinctive), len(matched)


def _headings() -> list[object]:
    """Every heading the schemas know, written a little differently, and cells of data rows."""
    known = []
    for table in SCHEMAS.values():
        for column in table.columns + table.checks:
            for alias in (column.name, column.label, *column.aliases, *column.weak_aliases):
                known += [alias, alias.upper(), f"{alias} (Rp)", f"% {alias}", f"{alias} (%)"]
    return known + ["Realisasi", "Jumlah Realisasi", "Persentase", "Dinas Kesehatan", "1.234", "65",
                    "", None, 12, 3.5, "Rp", "%"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_headings()), max_size=12),
       st.sampled_from([None, {"terlayani": ["Jumlah Dilayani Khusus"]}, {"sasaran": ["Target Kami"]}]))
def test_score_is_the_full_match_for_any_row(headings, extra):
    for table in SCHEMAS.values():
        assert table.score(headings, extra) == _matched_score(table, headings, extra)


def test_a_data_row_is_not_matched(monkeypatch):
    table = SCHEMAS["capaian"]
    calls = []
    monkeypatch.setattr(TableSchema, "match", lambda self, *a, **k: calls.append(a))
    assert table.score(["6501", "Dinas Kesehatan", "1.234", "98,5", ""]) == (0, 0)
    assert not calls
    monkeypatch.undo()
    assert table.score(["Kode Wilayah", "OPD", "Jenis Pelayanan Dasar", "Sasaran", "Terlayani"])[1] >= 3


def test_an_alias_from_the_config_is_recognised_in_a_row():
    table = SCHEMAS["capaian"]
    row = ["Target Kami", "Jumlah Dilayani Khusus"]
    assert table.score(row) == (0, 0)
    assert table.score(row, {"sasaran": ["Target Kami"], "terlayani": ["Jumlah Dilayani Khusus"]})[1] == 2
    assert schema._may_name("Jumlah Dilayani Khusus", *schema._naming_keys(
        table, (("terlayani", ("Jumlah Dilayani Khusus",)),)))
