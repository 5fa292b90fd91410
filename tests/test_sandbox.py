"""The sandbox bounds every construct: generated sizes over every width, count and number construct."""

from __future__ import annotations

import time

from hypothesis import given, settings, strategies as st

from spmdocs.narrative import NarrativeRenderer

CONSTRUCTS = [
    "{{{{ 'x'|center({n}) }}}}", "{{{{ 'x'.center({n}) }}}}", "{{{{ 'x'.ljust({n}) }}}}", "{{{{ 'x'.rjust({n}) }}}}",
    "{{{{ 'x'.zfill({n}) }}}}", "{{{{ '%{n}d'|format(1) }}}}", "{{{{ '{{:>{n}}}'.format(1) }}}}",
    "{{{{ '%{n}s' % 'a' }}}}", "{{{{ {n}|romawi }}}}", "{{{{ lipsum({n}) }}}}", "{{{{ range({n})|list|length }}}}",
    "{{{{ 'SPM ' * {n} }}}}", "{{{{ [1] * {n} }}}}", "{{{{ ({n} ** {n}) }}}}", "{{{{ 'a b'|wordwrap({n}) }}}}",
    "{{{{ 'a'|indent({n}) }}}}", "{{{{ ('x' * 1000)|replace('x', 'y' * ({n} // 1000)) }}}}",
    "{{% for i in range({n}) %}}x{{% endfor %}}", "{{{{ 'x'.expandtabs({n}) }}}}",
    "{{{{ ('x'.encode() * {n})|length }}}}", "{{{{ ('x'.encode() ~ 'y') * {n} }}}}",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CONSTRUCTS), st.integers(min_value=5_000_000, max_value=10 ** 12))
def test_every_construct_with_a_huge_size_is_refused_quickly(construct, n):
    renderer = NarrativeRenderer({})
    start = time.monotonic()
    text = renderer.render(construct.format(n=n), ("narasi", "uji"))
    assert time.monotonic() - start < 6
    assert text == ""
    assert [p.message for p in renderer.problems], construct
    assert all("templat narasi" in p.message for p in renderer.problems)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=60))
def test_doubling_a_text_is_bounded_at_any_depth(depth):
    renderer = NarrativeRenderer({})
    text = ("{% set ns = namespace(s='" + "x" * 1000 + "') %}{% for i in range(" + str(depth) + ") %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}")
    out = renderer.render(text, ("narasi", "uji"))
    if 1000 * 2 ** depth <= 100_000:
        assert out == str(1000 * 2 ** depth) and not renderer.problems
    else:
        assert out == "" and "terlalu panjang" in renderer.problems[0].message


@given(st.integers(min_value=1, max_value=3999))
def test_ordinary_sizes_still_render(n):
    renderer = NarrativeRenderer({})
    assert renderer.render("{{ n|romawi }} {{ 'ab'|center(20) }} {{ range(n % 100)|list|length }}", ("narasi", "uji"),
                           extra={"n": n}) != ""
    assert not renderer.problems


def test_only_plain_data_can_be_opened():
    from datetime import date
    from pathlib import Path

    from jinja2.utils import Cycler

    from spmdocs.sandbox import plain_data

    assert all(plain_data(v) for v in ("teks", 1, 2.5, None, [1], {"a": 1}, date(2025, 1, 1), Cycler("a")))
    assert not any(plain_data(v) for v in (b"x", bytearray(b"x"), Path("."), object(), open))
