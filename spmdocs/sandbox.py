"""The sandbox every text from an input is rendered in: narratives, file-name patterns, Word templates.

A bottom module (no pandas, no click, no renderer): the narrative module and the Word renderer
both build on it, so a clerk's text can never reach Python internals or exhaust memory or time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from spmdocs.fmt import FILTERS


MAX_TEXT_LENGTH = 100_000
"""Longest text or list a narrative may build with ``*`` (a sentence repeated into gigabytes is refused)."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing ``*`` and ``**`` whose result would exhaust memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 100 and abs(left) > 1:
                raise SecurityError("pangkat terlalu besar")
        else:
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int) \
                        and len(sized) * count > MAX_TEXT_LENGTH:
                    raise SecurityError("teks atau daftar yang dibuat terlalu panjang")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandboxed, strict Jinja environment every narrative is rendered in."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1024)
def compiled(text: str):
    """The compiled template of a narrative text; the same texts recur in every section and unit."""
    return environment().from_string(text)


_SYNTAX = (
    (re.compile(r"expected token 'end of print statement', got '([^']*)'"),
     "penanda {{{{ … }}}} belum ditutup dengan }}}} sebelum '{0}'"),
    (re.compile(r"unexpected end of template, expected 'end of print statement'"),
     "penanda {{{{ … }}}} tidak ditutup dengan }}}}"),
    (re.compile(r"(?i)unexpected end of template.*innermost block that needs to be closed is '(\w+)'"),
     "blok {{% {0} %}} tidak ditutup; tambahkan {{% end{0} %}}"),
    (re.compile(r"Encountered unknown tag '(end\w+)'"), "{{% {0} %}} tanpa pembuka yang sesuai"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "perintah {{% {0} %}} tidak dikenal"),
    (re.compile(r"unexpected char (.+) at \d+"), "karakter {0} tidak diharapkan (tanda kutip tidak ditutup?)"),
    (re.compile(r"Expected an expression, got"), "ungkapan (nama data) hilang di dalam penanda"),
    (re.compile(r"expected token 'name', got"), "nama filter hilang setelah tanda |"),
    (re.compile(r"unexpected '(.)'"), "tanda '{0}' tidak diharapkan; periksa pasangan kurung"),
    (re.compile(r"Missing end of comment tag"), "komentar {{# … #}} tidak ditutup"),
    (re.compile(r"No filter named '([^']+)'"), "filter '{0}' tidak dikenal"),
)


def syntax_reason(message: str) -> str:
    """A Jinja syntax error message in Bahasa Indonesia (the original when it is not a common one)."""
    for pattern, text in _SYNTAX:
        found = pattern.search(message)
        if found:
            return text.format(*found.groups())
    return message
