"""The one checker and filler of every {placeholder} pattern a config holds.

File names (``keluaran.nama_berkas``, ``keluaran.gabungan``), annex titles, signatories' jabatan
and nama, and cover-letter fields are patterns such as ``"{jenis}-{tahun}-tw{triwulan:02d}"``.
:func:`check` runs when the config is validated and :func:`fill` when a document is named, with
the same grammar, so a pattern that passes validation always fills.

The grammar is a small, safe subset of ``str.format``: ``{name}`` or ``{name:spec}`` where
``name`` is one of the fields the key offers and ``spec`` is an alignment, a zero pad and a width
of at most two digits, and ``d`` for numbers (``{urut:03d}``, ``{unit:<20}``). Attribute and
index access (``{tahun.__class__}``), conversions (``{unit!r}``), nested fields and huge widths
are refused: nothing of a pattern reaches Python internals or exhausts memory. ``{{`` and ``}}``
write literal braces.
"""

from __future__ import annotations

import re
import string

NUMBER_FIELDS = frozenset({"tahun", "triwulan", "urut", "mulai", "selesai"})
"""Fields whose values are integers (``d`` and zero padding apply to them)."""

SAMPLE = {"jenis": "laporan-tahunan", "kode_wilayah": "65.01", "daerah": "Kabupaten Bulungan",
          "tahun": 2025, "triwulan": 3, "unit": "Dinas Kesehatan", "urut": 1, "mulai": 2026,
          "selesai": 2030}
"""A value of every field, for checking a pattern against the fields' types."""

_SPEC = re.compile(r"(?P<align>[<>^])?(?P<zero>0)?(?P<width>[1-9]\d?)?(?P<type>[ds])?")
_HINT = "tulis penanda seperti {unit} atau {urut:03d}, dan {{ }} untuk kurung kurawal biasa"


class PatternError(ValueError):
    """A pattern that does not follow the grammar; the message is for a clerk."""


def _fields(pattern: str) -> list[tuple[str, str | None, str]]:
    """(literal, field name or None, spec) items of ``pattern``; PatternError when malformed."""
    try:
        items = list(string.Formatter().parse(pattern))
    except ValueError:
        raise PatternError(f"pola tidak valid: kurung kurawal tidak berpasangan; {_HINT}") from None
    parsed = []
    for literal, name, spec, conversion in items:
        if name is None:
            parsed.append((literal, None, ""))
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if not name:
            raise PatternError(f"pola tidak valid: penanda {shown} tanpa nama; {_HINT}")
        if conversion or not name.isidentifier():
            raise PatternError(f"pola tidak valid: penanda {shown} tidak boleh memakai titik, kurung siku atau tanda seru; "
                               f"{_HINT}")
        if spec and not _SPEC.fullmatch(spec):
            raise PatternError(f"pola tidak valid: format penanda {shown} tidak didukung (paling banyak perataan, "
                               f"nol di depan dan lebar dua angka); {_HINT}")
        parsed.append((literal, name, spec or ""))
    return parsed


def check(pattern: str, fields: tuple[str, ...] | frozenset[str]) -> str:
    """``pattern`` when it fills with the given ``fields``; PatternError (a ValueError) otherwise."""
    for _, name, spec in _fields(pattern):
        if name is None:
            continue
        if name not in fields:
            choices = ", ".join(f"{{{f}}}" for f in fields)
            raise PatternError(f"penanda {{{name}}} tidak dikenal; pilihan: {choices}; "
                               "tulis {{ }} untuk kurung kurawal biasa")
        if spec.endswith("d") and name not in NUMBER_FIELDS:
            raise PatternError(f"format angka :{spec} pada penanda {{{name}}} yang berisi teks; "
                               f"hapus ':{spec}'")
    return pattern


def fill(pattern: str, values: dict) -> str:
    """``pattern`` with every placeholder replaced by its value (checked against ``values``)."""
    out = []
    for literal, name, spec in _fields(pattern):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            check(pattern, tuple(values))
        value = values[name]
        number = isinstance(value, int) and not isinstance(value, bool)
        if number and not spec.endswith("s"):
            out.append(format(value, spec))
        else:
            out.append(format(str(value), spec[:-1] if spec.endswith("d") else spec))
    return "".join(out)


def names(pattern: str) -> list[str]:
    """The field names a (valid) pattern uses."""
    return [name for _, name, _ in _fields(pattern) if name is not None]
