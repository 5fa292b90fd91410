"""The report settings form: which fields a config kind has, reading them from YAML, writing them back.

The YAML is edited by round trip (ruamel.yaml), so the clerk's comments, key order and untouched
keys survive. A saved form is written to a candidate file beside the config and checked with the
same config validation as the command line; the config is replaced only when that passes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from spmdocs.serve import engine
from spmdocs.serve.workspace import ConfigFile, Workspace

MAX_CONFIG_BYTES = 1_000_000
"""Largest config the form opens (a real one is a few kilobytes)."""

KIND_LABELS = {
    "laporan_tahunan": "Laporan Penerapan SPM Tahunan",
    "laporan_triwulan": "Laporan Triwulan (e-SPM)",
    "rencana_aksi": "Rencana Aksi Penerapan SPM",
    "spm_award": "Dokumen SPM Awards",
    "lampiran_opd": "Lampiran per OPD atau per daerah (banyak dokumen)",
}

TEXT_LABELS = {
    "narasi": "Narasi lampiran", "kata_pengantar": "Kata Pengantar", "latar_belakang": "Latar Belakang",
    "dasar_hukum": "Dasar Hukum", "kebijakan_umum": "Kebijakan Umum", "arah_kebijakan": "Arah Kebijakan",
    "program_kegiatan": "Program dan Kegiatan", "penutup": "Penutup", "jenis_pelayanan": "Jenis Pelayanan Dasar",
    "target": "Target Pencapaian", "realisasi": "Realisasi", "anggaran": "Alokasi Anggaran",
    "personil": "Dukungan Personil", "permasalahan": "Permasalahan", "solusi": "Solusi",
    "tindak_lanjut": "Tindak Lanjut", "kepada": "Kepada (surat pengantar)", "pengantar": "Pengantar",
    "periode_data": "Periode Data", "capaian": "Capaian", "maksud_tujuan": "Maksud dan Tujuan",
    "sistematika": "Sistematika", "gambaran_umum": "Gambaran Umum", "analisis_penerima": "Analisis Penerima",
    "analisis_mutu": "Analisis Mutu", "analisis_biaya": "Analisis Biaya", "kapasitas_fiskal": "Kapasitas Fiskal",
    "rencana_aksi": "Rencana Aksi", "pemantauan": "Pemantauan dan Evaluasi", "strategi": "Strategi",
    "profil_daerah": "Profil Daerah", "tren": "Tren Capaian", "penilaian": "Penilaian Mandiri",
    "inovasi": "Inovasi",
}

DATA_KINDS = (("capaian", "Data capaian (wajib)"), ("mutu", "Rincian mutu (boleh kosong)"),
              ("kegiatan", "Kegiatan dan anggaran (boleh kosong)"))


class _Keyed:
    """A form entry named by its YAML key path ("kop.pemerintah"): the path and the HTML id."""

    key: str

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def ident(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.key)


@dataclass
class Field(_Keyed):
    """One input of the form: its YAML key path (also the input's name), label and widget."""

    key: str
    label: str
    widget: str = "text"
    help: str = ""
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    kinds: tuple[str, ...] = ()
    value: Any = ""
    problems: list[str] = field(default_factory=list)


def _common_fields() -> list[Field]:
    prefixes = (("", "(tanpa)"),) + tuple((p, p) for p in engine.signatory_prefixes())
    return [
        Field("judul", "Judul dokumen"),
        Field("daerah.kode_wilayah", "Kode wilayah Kemendagri", required=True,
              help="65 untuk provinsi, 65.01 untuk kabupaten/kota."),
        Field("daerah.nama", "Nama daerah", help="Misalnya Kabupaten Bulungan."),
        Field("daerah.ibu_kota", "Ibu kota"),
        Field("tahun", "Tahun laporan", "number", required=True),
        Field("triwulan", "Triwulan", "select", required=True, kinds=("laporan_triwulan",),
              options=(("1", "Triwulan I"), ("2", "Triwulan II"), ("3", "Triwulan III"), ("4", "Triwulan IV"))),
        Field("data.lembar", "Nama lembar Excel", help="Kosongkan bila datanya di lembar pertama."),
        Field("kop.pemerintah", "Nama pemerintah daerah (kop)", required=True,
              help="Misalnya Pemerintah Kabupaten Bulungan."),
        Field("kop.perangkat_daerah", "Perangkat daerah (kop)", help="Boleh kosong."),
        Field("kop.alamat", "Alamat (kop)", "lines", help="Satu baris alamat per baris."),
        Field("penandatangan.prefiks", "Awalan jabatan penanda tangan", "select", options=prefixes,
              help="a.n. atau u.b. bila menandatangani atas nama pejabat lain; Plt., Plh. atau Pj. untuk "
                   "pejabat sementara."),
        Field("penandatangan.atas_nama", "Atas nama (untuk a.n./u.b.)", help="Misalnya Bupati Bulungan."),
        Field("penandatangan.jabatan", "Jabatan penanda tangan", required=True),
        Field("penandatangan.nama", "Nama penanda tangan", required=True),
        Field("penandatangan.pangkat", "Pangkat/golongan", help="Kosongkan untuk Kepala Daerah."),
        Field("penandatangan.nip", "NIP", help="18 digit angka; kosongkan untuk Kepala Daerah."),
        Field("tempat", "Tempat penandatanganan", required=True),
        Field("tanggal", "Tanggal penandatanganan", "date", required=True,
              help="Tulis sebagai TTTT-BB-HH, misalnya 2026-01-19."),
        Field("nomor", "Nomor dokumen", help="Boleh kosong."),
    ]


@dataclass
class Narrative(_Keyed):
    """One narrative text of the form, with its packaged default."""

    key: str
    label: str
    is_list: bool
    default: str
    value: str = ""
    group: str = ""


@dataclass
class Form:
    """The settings form of one config file: fields, data files, narratives, and problems found."""

    config: ConfigFile
    fields: list[Field]
    data: dict[str, list[tuple[str, bool]]]
    narratives: list[Narrative]
    problems: list[engine.Problem] = field(default_factory=list)
    saved: bool = False

    def groups(self) -> list[tuple[str, list[Narrative]]]:
        """The bidang groups of narratives, in catalog order."""
        found: dict[str, list[Narrative]] = {}
        for text in self.narratives:
            if text.group:
                found.setdefault(text.group, []).append(text)
        return list(found.items())

    def narrative(self, key: str) -> Narrative | None:
        return next((n for n in self.narratives if n.key == key), None)


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 100
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def read(path: Path) -> CommentedMap:
    """The config's YAML tree; :class:`engine.ConfigError` when it is too big or not YAML."""
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise engine.ConfigError([engine.Problem("berkas konfigurasi terlalu besar untuk formulir",
                                                 engine.Location(file=path.name))])
    try:
        tree = _yaml().load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError, ValueError):
        engine.load_config(path)
        raise engine.ConfigError([engine.Problem("berkas konfigurasi tidak dapat dibaca",
                                                 engine.Location(file=path.name))])
    if not isinstance(tree, CommentedMap):
        raise engine.ConfigError([engine.Problem("konfigurasi harus berupa pemetaan kunci: nilai",
                                                 engine.Location(file=path.name))])
    return tree


def configs(workspace: Workspace) -> list[ConfigFile]:
    """Every report config of the workspace, by file name."""
    found = []
    for path in sorted(workspace.path.glob("*.yaml")):
        if path.name.startswith("."):
            continue
        try:
            tree = read(path)
        except engine.ConfigError:
            found.append(ConfigFile(path.name, "", "(konfigurasi tidak terbaca)"))
            continue
        jenis = str(tree.get("jenis", "laporan_tahunan"))
        found.append(ConfigFile(path.name, jenis, KIND_LABELS.get(jenis, jenis)))
    return found


def _get(tree: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_as_text(v) for v in value)
    return str(value)


def build_form(workspace: Workspace, config: ConfigFile, tree: CommentedMap) -> Form:
    """The form of ``config`` filled with the values of its YAML ``tree``."""
    jenis = config.jenis
    fields = [f for f in _common_fields() if not f.kinds or jenis in f.kinds]
    for item in fields:
        item.value = _as_text(_get(tree, item.path))
    data = {}
    for kind, _ in DATA_KINDS:
        chosen = _get(tree, ("data", kind))
        chosen = [str(p) for p in (chosen if isinstance(chosen, list) else [chosen] if chosen else [])]
        names = [f"data/{name}" for name in workspace.data_files()]
        data[kind] = [(path, path in chosen) for path in dict.fromkeys(names + chosen)]
    return Form(config, fields, data, _narratives(jenis, tree))


def _narratives(jenis: str, tree: CommentedMap) -> list[Narrative]:
    layout = engine.narrative_fields(jenis)
    defaults = engine.default_narratives(jenis)
    found = []
    for text in layout.texts:
        name = text.path[-1]
        found.append(Narrative(".".join(text.path), TEXT_LABELS.get(name, name.replace("_", " ").title()),
                               text.is_list, _as_text(defaults.get(name)), _as_text(_get(tree, text.path))))
    if layout.per_bidang:
        kode = str(_get(tree, ("daerah", "kode_wilayah")) or "")
        for bidang, nama in engine.bidang_of(kode):
            for name in layout.per_bidang:
                path = layout.bidang_path(bidang, name)
                found.append(Narrative(".".join(path), TEXT_LABELS.get(name, name), False,
                                       _as_text((defaults.get(layout.bidang_key) or {}).get(name)),
                                       _as_text(_get(tree, path)), group=f"{bidang}: {nama}"))
    return found


def take(form: Form, values) -> None:
    """Put the submitted ``values`` (a request's form) into ``form``."""
    for item in form.fields:
        item.value = _clean(values.get(item.key, ""))
    for kind in form.data:
        chosen = values.getlist(f"data.{kind}")
        form.data[kind] = [(path, path in chosen) for path, _ in form.data[kind]]
    for text in form.narratives:
        text.value = _clean(values.get(text.key, ""))


def _clean(text: str) -> str:
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _typed(item: Field, text: str) -> Any:
    if item.widget == "lines":
        return CommentedSeq([line.strip() for line in text.split("\n") if line.strip()])
    if item.widget in ("number", "select") and re.fullmatch(r"-?\d{1,6}", text) and item.key != "penandatangan.prefiks":
        return int(text)
    if item.widget == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _narrative_value(text: Narrative, value: str) -> Any:
    if text.is_list:
        return CommentedSeq([line.strip() for line in value.split("\n") if line.strip()])
    return LiteralScalarString(value + "\n") if "\n" in value else value


def _set(tree: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` to ``value`` (None removes it); an equal value is left as the clerk wrote it."""
    parent = tree
    for part in path[:-1]:
        child = parent.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = parent[part] = CommentedMap()
        parent = child
    key = path[-1]
    if value is None:
        parent.pop(key, None)
    elif key not in parent or _as_text(parent[key]).strip() != _as_text(value).strip():
        parent[key] = value


def apply(form: Form, tree: CommentedMap, narratives_filled: bool = False) -> CommentedMap:
    """Write the form's values into ``tree``; empty optional fields are removed (defaults apply).

    ``narratives_filled`` writes every narrative, the packaged default for an empty one: the
    preview's build then renders each text at its own key.
    """
    for item in form.fields:
        _set(tree, item.path, _typed(item, item.value) if item.value else None)
    for kind, files in form.data.items():
        chosen = [path for path, on in files if on]
        _set(tree, ("data", kind), None if not chosen else chosen[0] if len(chosen) == 1 else CommentedSeq(chosen))
    for text in form.narratives:
        value = text.value or (text.default if narratives_filled else "")
        _set(tree, text.path, _narrative_value(text, value) if value else None)
    for parent in (("narasi", "bidang"), ("narasi",)):
        node = _get(tree, parent)
        if isinstance(node, dict):
            for key in [k for k, v in node.items() if isinstance(v, dict) and not v]:
                del node[key]
    return tree


def dump(tree: CommentedMap) -> str:
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


def _candidate(config: Path, text: str) -> Path:
    path = config.with_name(f".{config.stem}.{secrets.token_hex(4)}.kandidat.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def _relabelled(problems: list[engine.Problem], config: Path) -> list[engine.Problem]:
    """Problems of a candidate file told as problems of the config (its lines are not the clerk's)."""
    from dataclasses import replace

    return [engine.Problem(p.message, replace(p.location, file=config.name, line=None), p.severity)
            if p.location.file and Path(p.location.file).name.endswith(".kandidat.yaml") else p
            for p in problems]


def field_of(form: Form, key: str | None) -> tuple[str, str] | None:
    """(label, input id) of the form input a YAML key belongs to, or None."""
    if not key:
        return None
    for item in [*form.fields, *form.narratives]:
        if key == item.key or key.startswith(item.key + "."):
            return item.label, item.ident
    if key.startswith("data."):
        return "Berkas data", "berkas-data"
    return None


def save(workspace: Workspace, form: Form) -> Form:
    """Validate the form as a config and, when it passes, replace the config file with it."""
    config = workspace.config(form.config.name)
    candidate = _candidate(config, dump(apply(form, read(config))))
    try:
        engine.load_config(candidate)
    except engine.SpmdocsError as exc:
        candidate.unlink(missing_ok=True)
        form.problems = _relabelled(exc.problems, config)
        attach(form, form.problems)
        return form
    os.replace(candidate, config)
    form.saved = True
    return form


def attach(form: Form, problems: list[engine.Problem]) -> None:
    """Show each problem under the field its YAML key belongs to."""
    for problem in problems:
        key = problem.location.key or ""
        for item in form.fields:
            if key == item.key or key.startswith(item.key + "."):
                item.problems.append(problem.message)
                break


def snapshot_key(form: Form, workspace: Workspace) -> str:
    """What the narrative figures depend on: every setting but the narratives, and the data files."""
    digest = hashlib.sha256(form.config.name.encode())
    for item in form.fields:
        digest.update(f"{item.key}={item.value}\n".encode())
    for kind, files in form.data.items():
        for path, on in files:
            if on:
                target = workspace.path / path
                stamp = target.stat().st_mtime_ns if target.is_file() else 0
                digest.update(f"{kind}:{path}:{stamp}\n".encode())
    return digest.hexdigest()


def preview_snapshot(workspace: Workspace, form: Form) -> engine.NarrativeSnapshot:
    """Build the form's report without writing a document and capture its narrative figures."""
    config = workspace.config(form.config.name)
    candidate = _candidate(config, dump(apply(form, read(config), narratives_filled=True)))
    try:
        snapshot = engine.narrative_snapshot(candidate)
    finally:
        candidate.unlink(missing_ok=True)
    snapshot.problems = _relabelled(snapshot.problems, config)
    return snapshot
