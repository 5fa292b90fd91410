"""Batch annexes (``lampiran_opd``): one lampiran per OPD, daerah or other unit of the data."""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd

from spmdocs.compose.blocks import kop_block
from spmdocs.compose.lampiran_opd import DEFAULTS_FILE, LampiranInputs, compose_lampiran, letter_context
from spmdocs.config import LampiranConfig, Unit
from spmdocs.data.period import in_wilayah, latest_rows
from spmdocs.errors import DataError, Location, Problem
from spmdocs.render import Letter
from spmdocs.reports import common
from spmdocs.reports.kind import BatchUnit, Job, Report, ReportKind, Tables


def units(config: LampiranConfig, tables: Tables) -> tuple[list[BatchUnit], list[Problem]]:
    """One unit per value of ``unit_kolom`` in every daerah, from the rows standing for the year.

    Rows of the config's year and wilayah (``cakupan``; ``nasional``: every daerah of the data)
    are kept by the period rule; rows
    without a unit value go to no annex, with a warning.
    """
    frame = tables.capaian
    year = frame["tahun"] == config.tahun
    if config.nasional:
        scoped, notes = latest_rows(frame[year])
    else:
        inside = in_wilayah(frame, config.daerah.kode_wilayah, config.cakupan != "daerah_ini")
        scoped, notes = latest_rows(frame[inside & year])
    if scoped.empty:
        wilayah = "seluruh data" if config.nasional else f"wilayah {config.daerah.kode_wilayah}"
        raise DataError([Problem(f"data tidak memuat baris tahun {config.tahun} di {wilayah}",
                                 Location(file=common.files_of(config)))])
    column = config.unit_kolom
    if column not in scoped.columns or scoped[column].isna().all():
        raise DataError([Problem(f"kolom '{column}' (unit_kolom) tidak ada atau kosong di data "
                                 f"tahun {config.tahun}", Location(column=column))])
    values = scoped["kode_wilayah"].astype(str) if config.per_daerah else \
        scoped[column].astype("string").str.strip()
    empty = values.isna() | (values == "")
    if empty.any():
        rows = ", ".join(str(r) for r in scoped.loc[empty, "_row"].head(10))
        notes.append(Problem(f"{int(empty.sum())} baris tanpa isi kolom '{column}' tidak masuk lampiran mana "
                             f"pun (baris {rows})", Location(file=str(scoped.loc[empty, "_file"].iloc[0]),
                                                              column=column), "warning"))
        scoped, values = scoped[~empty], values[~empty]
    positions = scoped.groupby([scoped["kode_wilayah"].astype(str), values], sort=False).indices
    keys = sorted(positions, key=lambda key: (common.code_key(key[0]), str(key[1]).casefold()))
    mutu_index = _mutu_index(tables.mutu, config.tahun)
    labels = scoped.index.tolist()
    names = scoped["daerah"].tolist() if "daerah" in scoped else None
    services = scoped["kode_layanan"].tolist()
    found = []
    for urut, key in enumerate(keys, 1):
        own = positions[key].tolist()
        daerah = (common.first_text([names[i] for i in own]) if names is not None else "") or key[0]
        unit = Unit(kode_wilayah=key[0], nama=daerah if config.per_daerah else str(key[1]), daerah=daerah,
                    urut=urut)
        mutu_rows = sorted(p for kode in dict.fromkeys(services[i] for i in own)
                           for p in mutu_index.get((key[0], kode), ()))
        found.append(BatchUnit(unit, tuple(labels[i] for i in own), tuple(mutu_rows)))
    return found, notes


def _mutu_index(mutu: pd.DataFrame | None, tahun: int) -> dict[tuple[str, str], list[int]]:
    """Positions of the year's mutu items by (kode_wilayah, kode_layanan)."""
    if mutu is None or mutu.empty:
        return {}
    of_year = mutu[mutu["tahun"] == tahun]
    return {(str(k), str(s)): [int(i) for i in v] for (k, s), v in
            of_year.groupby(["kode_wilayah", "kode_layanan"], sort=False).groups.items()}


def prepare(job: Job) -> Report:
    """One unit's annex (and its cover letter) from the unit's rows."""
    config, src, tables, unit = job.config, job.src, job.tables, job.unit
    scores = common.score(config, tables.capaian, tables)
    inputs = LampiranInputs(config, src, unit, scores.daerah[0])
    document, narrative = compose_lampiran(inputs)
    common.raise_narrative(narrative)
    letter = None
    if config.surat_pengantar is not None:
        context, letter_narrative = letter_context(inputs)
        common.raise_narrative(letter_narrative)
        letter = Letter(template=config.surat_pengantar.templat, context=context,
                        title=f"Surat Pengantar Lampiran {unit.title(config.per_daerah)}",
                        subject=context["perihal"], author=config.kop.pemerintah,
                        created=datetime.combine(config.tanggal, time(8, 0)),
                        kop=kop_block(config.kop, config.tata_letak.to_layout()))
    return common.report(config, src, document, unit.daerah, unit.title(config.per_daerah), tables, [],
                         values=unit.fields(config), letter=letter)


KIND = ReportKind(
    jenis="lampiran_opd", config=LampiranConfig, compose=compose_lampiran, prepare=prepare,
    narrative_defaults=DEFAULTS_FILE, example="lampiran-opd.yaml", title="lampiran per unit",
    units=units, batch_only=True)
