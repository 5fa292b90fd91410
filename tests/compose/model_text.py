"""Read a composed document model the way a reader reads the printed page: texts, table rows, signatures."""

from __future__ import annotations

from spmdocs.model import Heading, LampiranHeading, Paragraph, SignatureBlock, Table


def blocks(document):
    return [block for section in document.sections for block in section.blocks]


def texts(document) -> list[str]:
    """Every heading and paragraph, in order (a chapter heading as "BAB I" and its title)."""
    out: list[str] = []
    for block in blocks(document):
        if isinstance(block, Heading):
            out += [part for part in (block.number, block.title) if part]
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, LampiranHeading):
            out += list(block.lines)
    return out


def tables(document) -> list[Table]:
    return [block for block in blocks(document) if isinstance(block, Table)]


def rows(document) -> list[list[str]]:
    """The text of every body row of every table."""
    return [[cell.text for cell in row] for table in tables(document) for row in table.body]


def signatures(document) -> list[SignatureBlock]:
    return [block for block in blocks(document) if isinstance(block, SignatureBlock)]
