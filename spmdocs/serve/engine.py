"""The web page's one door into spmdocs: every call the page makes into the engine is in this module.

The page never validates, scores or renders by itself; it calls the public API
(:mod:`spmdocs.api`, the same pipeline as the command line, so the same sandbox, template and
path checks apply) and shows its :class:`~spmdocs.errors.Problem` lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spmdocs.errors import ConfigError, DataError, Location, Problem, SpmdocsError, TemplateError, tally

__all__ = ["ConfigError", "DataError", "Location", "Problem", "SpmdocsError", "TemplateError", "tally"]

FORMATS = ("docx", "pdf")


@dataclass
class Checked:
    """One data file checked: its table kind, its row count and every problem found."""

    kind: str
    rows: int
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class Sheet:
    """The raw cells of a data file as spmdocs reads them, with each row's number in the file."""

    title: str | None
    cells: list[list[Any]]
    rows: list[int]


@dataclass(frozen=True)
class NarrativeField:
    """One narrative text a report kind accepts: its YAML key path and whether it is a list."""

    path: tuple[str, ...]
    is_list: bool = False


@dataclass
class NarrativeSnapshot:
    """The figures a report's narratives are filled with, captured from a real (file-less) build.

    ``extras`` holds, per key path of each text the document uses, the extra figures it was
    rendered with (``ini`` for a bidang); a key the document does not use is absent.
    ``problems`` are the config, data or narrative problems the build met.
    """

    context: dict | None = None
    src: Any = None
    extras: dict[tuple, dict | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    headline: str = ""


def init_folder(folder: Path, kode: str, tahun: int, force: bool = False):
    """``spmdocs init``: scaffold a working folder (configs, data workbook, templates)."""
    from spmdocs.init import init_folder as scaffold

    return scaffold(folder, kode, tahun, force)


def validate(path: Path) -> Checked:
    """``spmdocs validate`` on one file, with every problem (no cap per rule)."""
    from spmdocs import api

    result = api.validate([path], limit=None)
    return Checked(result.kind, len(result.frame), list(result.problems))


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The cells of ``path`` (a CSV, or one sheet of a workbook) exactly as the loader reads them."""
    from spmdocs.data.loader import read_cells

    grid = read_cells(path, sheet)
    cells = [[None if _blank(v) else v for v in row] for row in grid.cells.itertuples(index=False)]
    return Sheet(grid.sheet, cells, [int(r) for r in grid.rows])


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def load_config(path: Path):
    """Validate a report config like every command does; raises :class:`ConfigError`."""
    from spmdocs import api

    return api.load_config(path)[0]


def report_kinds() -> tuple[str, ...]:
    """Every report kind's ``jenis``."""
    from spmdocs.config import REPORT_KINDS

    return tuple(REPORT_KINDS)


def is_batch(jenis: str) -> bool:
    """True for kinds built by ``spmdocs batch`` (one document per unit)."""
    from spmdocs.reports import REGISTRY

    return REGISTRY[jenis].batch_only


def signatory_prefixes() -> tuple[str, ...]:
    """The prefixes a signatory may carry (a.n., u.b., Plt., Plh., Pj.)."""
    from typing import get_args

    from spmdocs.config import Penandatangan

    return tuple(arg for arg in get_args(get_args(Penandatangan.model_fields["prefiks"].annotation)[0]))


@dataclass
class NarrativeLayout:
    """The narrative texts a report kind accepts: its own, and those each bidang has."""

    texts: list[NarrativeField] = field(default_factory=list)
    per_bidang: tuple[str, ...] = ()
    bidang_key: str = "bidang"

    def bidang_path(self, kode: str, name: str) -> tuple[str, ...]:
        return ("narasi", self.bidang_key, kode, name)


def narrative_fields(jenis: str) -> NarrativeLayout:
    """The narrative texts of a report kind, from its config model."""
    import types
    from typing import Union, get_args, get_origin

    from pydantic import BaseModel

    from spmdocs.config import REPORT_KINDS

    annotation = REPORT_KINDS[jenis].model_fields["narasi"].annotation
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return NarrativeLayout([NarrativeField(("narasi",))])
    layout = NarrativeLayout()
    for name, info in annotation.model_fields.items():
        union = get_origin(info.annotation) in (Union, types.UnionType)
        members = get_args(info.annotation) if union else (info.annotation,)
        kinds = {get_origin(a) or a: a for a in members}
        if dict in kinds:
            layout.per_bidang = tuple(get_args(kinds[dict])[1].model_fields)
            layout.bidang_key = name
        else:
            layout.texts.append(NarrativeField(("narasi", name), is_list=list in kinds))
    return layout


def default_narratives(jenis: str) -> dict:
    """The packaged default texts of a kind, keyed like its ``narasi`` (``narasi`` itself for one text)."""
    from spmdocs.reports import REGISTRY
    from spmdocs.yamlsrc import read_yaml

    return dict(read_yaml(REGISTRY[jenis].narrative_defaults).data or {})


def bidang_of(kode_wilayah: str) -> list[tuple[str, str]]:
    """(kode, nama) of the bidang a daerah of this code reports; all bidang for an unknown code."""
    from spmdocs.spm.catalog import level_of, load_catalog

    catalog = load_catalog()
    level = level_of(str(kode_wilayah))
    return [(b.kode, b.nama) for b in catalog.bidang_list
            if level is None or catalog.services(level, b.kode)]


def build(config_path: Path, out_dir: Path, strict: bool = False):
    """``spmdocs build CONFIG --format docx,pdf --out OUT_DIR``; raises :class:`SpmdocsError`."""
    from spmdocs import api

    return api.build(Path(config_path), formats=FORMATS, out_dir=Path(out_dir), strict=strict)


def batch(config_path: Path, out_dir: Path, resume: bool, make_zip: bool, progress):
    """``spmdocs batch CONFIG --out OUT_DIR [--resume] [--zip]``; ``progress`` has start/advance."""
    from spmdocs import api

    return api.batch(Path(config_path), out_dir=Path(out_dir), resume=resume, formats=FORMATS, make_zip=make_zip,
                     progress=progress)


def narrative_snapshot(config_path: Path) -> NarrativeSnapshot:
    """Compose the report of ``config_path`` (nothing is rendered or written) and keep its narrative figures.

    For a kind made per unit the first unit is composed. Any problem (config, data, narrative) is
    returned in the snapshot, never raised.
    """
    from spmdocs import api
    from spmdocs.narrative import recording

    snapshot = NarrativeSnapshot()
    with recording() as renderers:
        try:
            api.compose(Path(config_path))
        except SpmdocsError as exc:
            snapshot.problems, snapshot.headline = list(exc.problems), exc.headline
    if renderers:
        snapshot.context, snapshot.src = renderers[0].context, renderers[0].src
        for renderer in renderers:
            snapshot.extras.update(renderer.extras or {})
    return snapshot


def render_narrative(snapshot: NarrativeSnapshot, text: str, key_path: tuple) -> tuple[list[str], list[Problem]]:
    """``text`` filled in as the document would fill it at ``key_path``: (paragraphs, problems)."""
    from spmdocs.narrative import NarrativeRenderer, paragraphs

    renderer = NarrativeRenderer(snapshot.context or {}, snapshot.src)
    rendered = renderer.render(text, key_path, extra=snapshot.extras.get(tuple(key_path)))
    return paragraphs(rendered), renderer.problems


def safe_filename(text: str) -> str:
    """A file name safe on Windows and Linux (the one batch output names get)."""
    from spmdocs.fileio import safe_filename as safe

    return safe(text)


def angka(value: float, decimals: int | None = None) -> str:
    """A number written the Indonesian way (1.234,5), as in the documents."""
    from spmdocs.fmt import angka as written

    return written(value, decimals)
