"""One registry of report kinds, complete for every kind and refusing an incomplete one."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

import pytest

from spmdocs.config import REPORT_KINDS, ReportBase, load_config
from spmdocs.reports import EXAMPLES, REGISTRY, IncompleteKind, register


def test_every_config_kind_has_a_registered_report_kind_with_all_its_parts():
    assert set(REGISTRY) == set(REPORT_KINDS)
    for jenis, kind in REGISTRY.items():
        assert kind.config is REPORT_KINDS[jenis]
        assert kind.narrative_defaults.is_file()
        config, _ = load_config(EXAMPLES / kind.example)
        assert config.jenis == jenis


def _variant(**changes):
    return dataclasses.replace(REGISTRY["laporan_tahunan"], **changes)


class _Unregistered(ReportBase):
    jenis: Literal["belum_terdaftar"] = "belum_terdaftar"


@pytest.mark.parametrize("changes, lack", [
    ({"jenis": "laporan_tahunan"}, "a jenis not registered twice"),
    ({"example": "tidak-ada.yaml"}, "example config configs/tidak-ada.yaml"),
    ({"narrative_defaults": Path("/tidak/ada.yaml")}, "narrative defaults file"),
    ({"jenis": "belum_terdaftar", "config": _Unregistered}, "registered in spmdocs.config.REPORT_KINDS"),
    ({"jenis": "lain"}, "jenis is Literal['lain']"),
    ({"compose": None}, "compose"),
    ({"batch_only": True, "units": None}, "units"),
])
def test_register_refuses_a_kind_missing_a_part(changes, lack):
    with pytest.raises(IncompleteKind, match="lacks") as caught:
        register(_variant(**changes))
    assert lack in str(caught.value)
    assert set(REGISTRY) == set(REPORT_KINDS)
