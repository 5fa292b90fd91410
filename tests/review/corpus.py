"""The documents the page review looks at: every shipped config and the data shapes issue 10 names.

:func:`build_corpus` builds them into a folder, in Word and PDF, through the same commands a
clerk runs (``build_report``, ``run_batch``). While it runs, ``render_pdf_bytes`` is wrapped so that the
document model of every PDF is kept (pickled next to the PDF: batch workers are forked processes)
for the review to compare the printed words with.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "configs"
SAMPLE = ROOT / "data" / "sample"
MODEL_SUFFIX = ".model.pickle"

LONG_NAME = "Prof. Dr. Ir. H. MUHAMMAD ABDURRAHMAN WIRAATMADJA KUSUMANEGARA, S.H., M.H., M.Si., Ph.D."
LONG_OPD = "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"


@dataclass(frozen=True)
class Entry:
    """One built document: its name in the corpus, its model, and its files."""

    name: str
    pdf: Path
    docx: Path

    @property
    def document(self):
        return pickle.loads(self.pdf.with_name(self.pdf.name + MODEL_SUFFIX).read_bytes())


def _keep_models(monkeypatch, models: Path) -> None:
    """Wrap the PDF renderer so every PDF's model is kept in ``models`` under the PDF's file name.

    ``render_pdf_bytes`` is what every renderer entry point calls (``render_pdf`` included), with
    the PDF's file name. Forked batch workers inherit the wrapper. :func:`_collect` moves the
    models of one build next to its published PDFs (a build writes in a staging folder first).
    """
    import spmdocs.render.pdf as pdf_module

    original = pdf_module.render_pdf_bytes
    models.mkdir(parents=True, exist_ok=True)

    def recording(document, name, *args, **kwargs):
        made = original(document, name, *args, **kwargs)
        (models / (Path(name).name + MODEL_SUFFIX)).write_bytes(pickle.dumps(document))
        return made

    monkeypatch.setattr(pdf_module, "render_pdf_bytes", recording)


def _collect(models: Path, out: Path) -> None:
    for model in models.glob(f"*{MODEL_SUFFIX}"):
        shutil.move(model, out / model.name)


def _write_config(folder: Path, source: Path, name: str, change) -> Path:
    """A copy of ``source`` in ``folder`` with absolute data paths, changed by ``change(data)``."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    base = source.parent

    def absolute(value):
        if isinstance(value, list):
            return [absolute(v) for v in value]
        return str((base / value).resolve())

    for key in ("capaian", "mutu", "kegiatan"):
        if key in data.get("data", {}):
            data["data"][key] = absolute(data["data"][key])
    for key in ("templat_word",):
        if key in data:
            data[key] = absolute(data[key])
    if data.get("kop", {}).get("logo"):
        logo = (base / data["kop"]["logo"]).resolve()
        shutil.copyfile(logo, folder / logo.name)
        data["kop"]["logo"] = logo.name
    if data.get("surat_pengantar", {}).get("templat"):
        data["surat_pengantar"]["templat"] = absolute(data["surat_pengantar"]["templat"])
    for komponen in data.get("komponen", []):
        for bukti in komponen.get("bukti", []):
            bukti["berkas"] = absolute(bukti["berkas"])
    change(data)
    target = folder / f"{name}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _kabupaten_annual(data: dict) -> None:
    data["daerah"] = {"kode_wilayah": "65.01", "nama": "Kabupaten Bulungan", "ibu_kota": "Tanjung Selor"}
    data["kop"]["pemerintah"] = "Pemerintah Kabupaten Bulungan"
    data["penandatangan"] = {"jabatan": "Bupati Bulungan", "nama": "NAMA BUPATI"}
    data.pop("narasi", None)


def _long_names_triwulan(data: dict) -> None:
    data["penandatangan"]["nama"] = LONG_NAME
    data["penandatangan"]["jabatan"] = ("Sekretaris Daerah Provinsi Kalimantan Utara selaku Ketua Tim "
                                        "Penerapan Standar Pelayanan Minimal")


def _long_names_opd(data: dict, capaian: Path) -> None:
    data["data"]["capaian"] = str(capaian)
    data.pop("mutu", None)
    data["data"].pop("mutu", None)
    data["cakupan"] = "daerah_ini"
    data["daerah"] = {"kode_wilayah": "65.01", "nama": "Kabupaten Bulungan"}
    data["kop"]["pemerintah"] = "Pemerintah Kabupaten Bulungan"
    data["penandatangan"] = {"jabatan": "Kepala {unit} {daerah}", "nama": LONG_NAME,
                             "pangkat": "Pembina Utama Muda (IV/c)", "nip": "197001011995031001"}
    data["penandatangan_unit"] = {}
    data.pop("surat_pengantar", None)


def _opd_data(folder: Path) -> Path:
    """Kabupaten Bulungan's capaian rows (108 of them per puskesmas for its Dinas Kesehatan) with
    its Dinas Sosial renamed to a long OPD name."""
    frame = pd.read_csv(SAMPLE / "capaian-2025.csv", dtype={"kode_wilayah": str})
    own = frame[frame["kode_wilayah"] == "65.01"].copy()
    own.loc[own["opd"] == "Dinas Sosial", "opd"] = LONG_OPD
    target = folder / "capaian-opd-uji.csv"
    own.to_csv(target, index=False)
    return target


MEASURES = {"Sasaran": "sasaran", "Terlayani": "terlayani", "Mutu Yang Harus Dipenuhi": "mutu_target",
            "Mutu Terpenuhi": "mutu_terpenuhi", "Alokasi Anggaran": "anggaran",
            "Realisasi Anggaran": "realisasi_anggaran"}


def fill_init_sheet(path: Path, kode: str) -> None:
    """Fill an ``spmdocs init`` data sheet from the sample data of ``kode`` (summed per service)."""
    from spmdocs.init import DATA_SHEET

    sample = pd.read_csv(SAMPLE / "capaian-2025.csv", dtype={"kode_wilayah": str})
    sums = sample[sample["kode_wilayah"] == kode].groupby("kode_layanan")[list(MEASURES.values())].sum()
    workbook = load_workbook(path)
    sheet = workbook[DATA_SHEET]
    heading = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        kode_layanan = row[heading.index("Kode Layanan")].value
        for label, column in MEASURES.items():
            row[heading.index(label)].value = float(sums.loc[kode_layanan, column])
    workbook.save(path)


def _documents(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.pdf") if p.with_suffix(".docx").is_file())


SHIPPED = ("laporan-tahunan", "laporan-triwulan", "rencana-aksi", "spm-award")
SHIPPED_BATCHES = ("lampiran-opd", "lampiran-daerah")
SHAPES = ("kabupaten", "nama-panjang", "opd-uji", "init")


def build_corpus(folder: Path, monkeypatch, only: tuple[str, ...] | None = None) -> list[Entry]:
    """Build the documents of the corpus into ``folder`` (all, or the groups named in ``only``:
    shipped config names, batch config names and :data:`SHAPES`); entries in a fixed order."""
    from spmdocs.batch import run_batch
    from spmdocs.build import build_report
    from spmdocs.init import init_folder

    models = folder / "_model"
    _keep_models(monkeypatch, models)
    formats = ("docx", "pdf")
    entries: list[Entry] = []

    def built(name: str, out: Path) -> None:
        _collect(models, out)
        for pdf in _documents(out):
            entries.append(Entry(f"{name}/{pdf.stem}", pdf, pdf.with_suffix(".docx")))

    def wanted(name: str) -> bool:
        return only is None or name in only

    for config in filter(wanted, SHIPPED):
        out = folder / config
        build_report(CONFIGS / f"{config}.yaml", formats, out_dir=out)
        built(config, out)
    for config in filter(wanted, SHIPPED_BATCHES):
        out = folder / config
        run_batch(CONFIGS / f"{config}.yaml", out_dir=out, jobs=2, formats=formats)
        built(config, out)

    shapes = folder / "bentuk"
    shapes.mkdir()
    if wanted("kabupaten"):
        kab = _write_config(shapes, CONFIGS / "laporan-tahunan.yaml", "kabupaten", _kabupaten_annual)
        build_report(kab, formats, out_dir=shapes / "kabupaten")
        built("kabupaten", shapes / "kabupaten")
    if wanted("nama-panjang"):
        names = _write_config(shapes, CONFIGS / "laporan-triwulan.yaml", "nama-panjang", _long_names_triwulan)
        build_report(names, formats, out_dir=shapes / "nama-panjang")
        built("nama-panjang", shapes / "nama-panjang")
    if wanted("opd-uji"):
        capaian = _opd_data(shapes)
        opd = _write_config(shapes, CONFIGS / "lampiran-opd.yaml", "opd-uji",
                            lambda data: _long_names_opd(data, capaian))
        run_batch(opd, out_dir=shapes / "opd-uji", jobs=2, formats=formats)
        built("opd-uji", shapes / "opd-uji")
    if not wanted("init"):
        return entries

    init = folder / "init"
    init_folder(init, "65.01", 2025)
    fill_init_sheet(init / "data" / "capaian-2025.xlsx", "65.01")
    for config in ("laporan-tahunan", "rencana-aksi", "spm-award"):
        out = init / "keluaran" / config
        build_report(init / f"{config}.yaml", formats, out_dir=out)
        built(f"init/{config}", out)
    run_batch(init / "lampiran-opd.yaml", out_dir=init / "keluaran" / "lampiran-opd", jobs=2,
              formats=formats)
    built("init/lampiran-opd", init / "keluaran" / "lampiran-opd")
    return entries


def word_pdfs(docx_files: list[Path], folder: Path) -> dict[Path, Path]:
    """Each .docx printed as LibreOffice prints it when opened (no field update): docx → pdf."""
    folder.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    targets: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="spmdocs-review-lo-") as profile:
        staged = []
        for docx in docx_files:
            digest = hashlib.sha1(str(docx).encode()).hexdigest()[:12]
            copy = folder / f"{digest}.docx"
            shutil.copyfile(docx, copy)
            staged.append(copy)
            targets[docx] = folder / f"{digest}.pdf"
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(folder), *map(str, staged)],
                       check=True, capture_output=True, timeout=600)
    return targets
