"""The document model's own computations (table grids)."""

from __future__ import annotations

from spmdocs.model import Cell, Column, Table


def _reference_grid(table: Table) -> list[tuple[int, int, str, bool]]:
    """Spans placed the plain way: every place a cell covers, its own row included, is taken."""
    taken, out = set(), []
    for r, row in enumerate(table.all_rows()):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell.text, r < table.header_row_count))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return out


def test_grid_places_row_and_column_spans_like_html():
    header = ((Cell("No", rowspan=2), Cell("Jenis", rowspan=2), Cell("Penerima", colspan=2),
               Cell("Nilai", rowspan=3)),
              (Cell("Harus"), Cell("Terlayani")))
    body = ((Cell("A", colspan=2), Cell("1", rowspan=2), Cell("2")),
            (Cell("B"), Cell("C"), Cell("3")),
            (Cell("Jumlah", colspan=3), Cell("4"), Cell("5")))
    table = Table(columns=tuple(Column() for _ in range(5)), header=header, body=body, number_row=True)
    placed = [(p.row, p.col, p.cell.text, p.is_header) for p in table.grid()]
    assert placed == _reference_grid(table)
    assert placed[2] == (0, 2, "Penerima", True) and placed[4] == (1, 2, "Harus", True)


def test_split_rows_keep_the_grid():
    table = Table(columns=(Column(), Column()), header=((Cell("a"), Cell("b")),), body=((Cell("1"), Cell("2")),))
    grid = table.grid()
    split = table.with_split_rows(frozenset({0}))
    assert split.split_rows == frozenset({0}) and split.grid() is grid
