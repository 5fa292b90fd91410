"""Fuzzing the two parsers that read what clerks type: the YAML config loader and the number parser.

A fixed number of examples, derandomized, so CI runs the same inputs every time. Any bytes given
as a config must end as a config or a :class:`~spmdocs.errors.ConfigError`; any cell text must
end as a number, an empty cell or a ``ValueError`` with a reason; never another exception.
"""

from __future__ import annotations

import copy
import math
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from spmdocs.config import REPORT_KINDS, load_config
from spmdocs.data.numbers import MAX_MAGNITUDE, parse_number, parse_number_series, reading_of
from spmdocs.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
BASE_TEXT = (REPO / "configs" / "laporan-tahunan.yaml").read_bytes()
BASE = yaml.safe_load(BASE_TEXT)

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Path:
    """Where the fuzzed config is written: configs/ of a copy of the repository's project layout."""
    project = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "configs", project / "configs")
    shutil.copytree(REPO / "data" / "sample", project / "data" / "sample")
    shutil.copytree(REPO / "templates", project / "templates", ignore=shutil.ignore_patterns("*.py"))
    return project / "configs" / "fuzz.yaml"


def load(target: Path, raw: bytes) -> None:
    """Load ``raw`` as a config; a ConfigError is a fine answer, anything else fails the test."""
    target.write_bytes(raw)
    try:
        config, src = load_config(target)
    except ConfigError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert exc.exit_code == 2
    else:
        assert config.jenis in REPORT_KINDS and src.path == target


yaml_bits = st.sampled_from([
    b":", b"- ", b"\t", b"  ", b"\n", b"'", b'"', b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!python/name:os.system",
    b"? ", b"|", b">", b"#", b"%YAML 1.1\n", b"---\n", b"...\n", b"<<: ", b"2026-02-30", b"0x1F", b".inf", b"~",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xe2\x80\xae", "é".encode("cp1252"), b"tahun", b"kop", b"jenis",
])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_a_config_or_a_config_error(target, raw):
    load(target, raw)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(BASE_TEXT)), st.integers(0, 30),
                          st.lists(yaml_bits, max_size=4).map(b"".join)), min_size=1, max_size=4))
def test_the_example_config_mutated_in_place(target, edits):
    raw = BASE_TEXT
    for at, cut, insert in edits:
        raw = raw[:at] + insert + raw[at + cut:]
    load(target, raw)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=15), st.dates(),
                    st.sampled_from(["65", "65.01", "{daerah}", "{{ x }}", "../../etc/passwd", "tnd-f4", "A4"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=10), st.integers(), st.booleans()), inner, max_size=3)),
    max_leaves=8)


def _key_paths(data, prefix=()):
    for key, value in data.items():
        yield prefix + (key,)
        if isinstance(value, dict):
            yield from _key_paths(value, prefix + (key,))


KEY_PATHS = list(_key_paths(BASE))


@FUZZ
@given(st.sampled_from(KEY_PATHS), values, st.sampled_from(sorted(REPORT_KINDS)))
def test_any_value_at_any_key_of_any_report_kind(target, path, value, jenis):
    data = copy.deepcopy(BASE)
    data["jenis"] = jenis
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    load(target, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


cell_text = st.one_of(
    st.text(max_size=30),
    st.text(st.sampled_from(list("0123456789.,-+()% RpIDR\u00a0eE=infINFa—–")), max_size=25),
    st.builds(lambda whole, frac, sep: f"{whole:,}".replace(",", sep) + frac,
              st.integers(0, 10**16), st.sampled_from(["", ",5", ".25", ",-"]), st.sampled_from([".", ",", " "])),
)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(cell_text)
def test_number_parser_gives_a_number_an_empty_cell_or_a_reason(text):
    try:
        value = parse_number(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert value is None or (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(cell_text, st.floats(), st.integers(-10**17, 10**17), st.booleans(), st.none(),
                          st.dates()), max_size=25))
def test_number_column_agrees_with_the_cell_parser(cells):
    values, reasons, _ = parse_number_series(pd.Series(cells, dtype=object))
    reading = reading_of(cells)
    assert len(values) == len(cells)
    for i, cell in enumerate(cells):
        if i in reasons:
            assert math.isnan(values[i]) and reasons[i]
            continue
        expected = parse_number(cell, reading)
        assert (math.isnan(values[i]) if expected is None else values[i] == expected), (cell, values[i])


def test_fuzz_targets_are_real(target, monkeypatch):
    """The fuzzed base config itself loads (so mutations start from a valid config), run in its project."""
    monkeypatch.chdir(target.parent.parent)
    config, _ = load_config(target.parent / "laporan-tahunan.yaml")
    assert config.jenis == "laporan_tahunan" and config.tanggal == date(2026, 1, 19)
