"""The pages: set up the folder, upload and check data, fill the settings, build, preview, download."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request, send_file,
                   url_for)

from spmdocs.serve import advice, annotate, engine, preview, settings
from spmdocs.serve.jobs import DONE, FAILED, RUNNING, STOPPED, WAITING, problem_record
from spmdocs.serve.workspace import DATA_SUFFIXES, OutsideWorkspace, upload_name

blueprint = Blueprint("halaman", __name__)
PROBLEMS_PER_PAGE = 200
EAGER_PAGES = 8
"""Pages drawn right after a build, so the result page shows them at once (the rest on demand)."""


# --- helpers ------------------------------------------------------------------------------------

@blueprint.app_template_filter("angka")
def _angka(value, decimals=None) -> str:
    return engine.angka(value, decimals)


def _workspace():
    if g.workspace is None:
        abort(redirect(url_for("halaman.siapkan")))
    return g.workspace


def problem_view(problem: engine.Problem) -> dict:
    """One row of a problem table: where (file, sheet, row, column or key) and what to do."""
    what, todo = advice.split(problem.message)
    location = problem.location
    return {"galat": problem.is_error, "berkas": Path(location.file).name if location.file else "",
            "lembar": location.sheet or "", "baris": location.row if location.row is not None else "",
            "kolom": location.column or "", "kunci": location.key or "",
            "bagian": " ".join(x for x in (location.part, location.element) if x),
            "masalah": what, "lakukan": todo}


def _problem(record: dict) -> engine.Problem:
    return engine.Problem(record["message"], engine.Location(**record["location"]), record["severity"],
                          record.get("count", 1))


def _config_or_404(name: str) -> Path:
    try:
        return _workspace().config(name)
    except OutsideWorkspace:
        abort(404)


def _config_file(name: str) -> settings.ConfigFile:
    _config_or_404(name)
    found = next((c for c in settings.configs(_workspace()) if c.name == name), None)
    if found is None or not found.jenis:
        abort(404)
    return found


# --- start --------------------------------------------------------------------------------------

@blueprint.route("/")
def beranda():
    if not g.state.folder.initialized:
        return redirect(url_for("halaman.siapkan"))
    workspace = _workspace()
    return render_template("beranda.html", configs=settings.configs(workspace),
                           data_files=workspace.data_files())


@blueprint.route("/siapkan", methods=["GET", "POST"])
def siapkan():
    folder = g.state.folder
    if folder.initialized:
        return redirect(url_for("halaman.beranda"))
    problems, values = [], {"kode": "", "tahun": ""}
    if request.method == "POST":
        values = {"kode": request.form.get("kode", "").strip(), "tahun": request.form.get("tahun", "").strip()}
        if not values["tahun"].isdigit() or not 2000 <= int(values["tahun"]) <= 2100:
            problems = [engine.Problem("tahun harus empat angka antara 2000 dan 2100, mis. 2025",
                                       engine.Location(key="tahun"))]
        else:
            with g.state.init_lock:
                if not folder.initialized:
                    try:
                        engine.init_folder(folder.root, values["kode"], int(values["tahun"]),
                                           force=folder.only_ours())
                    except engine.SpmdocsError as exc:
                        problems = exc.problems
            if not problems:
                return redirect(url_for("halaman.beranda"))
    return render_template("siapkan.html", problems=[problem_view(p) for p in problems], values=values,
                           folder=folder.root), 422 if problems else 200


# --- data ---------------------------------------------------------------------------------------

@blueprint.route("/data")
def data():
    workspace = _workspace()
    checked = {name: _stored_check(name) for name in workspace.data_files()}
    return render_template("data.html", files=workspace.data_files(), checked=checked,
                           folder_files=[n for n in g.state.folder.data_files() if n not in workspace.data_files()],
                           limit=current_app.config["MAX_UPLOAD_MB"], pesan=request.args.get("pesan", ""))


@blueprint.route("/data/unggah", methods=["POST"])
def unggah():
    workspace = _workspace()
    upload = request.files.get("berkas")
    if upload is None or not upload.filename:
        return redirect(url_for("halaman.data", pesan="kosong"))
    name = upload_name(upload.filename, DATA_SUFFIXES, "data")
    if name is None:
        return render_template("galat.html", judul="Jenis berkas tidak didukung",
                               pesan="Unggah berkas Excel (.xlsx), LibreOffice Calc (.ods) atau CSV (.csv). Berkas .xls lama: buka di "
                                     "Excel lalu Simpan Sebagai .xlsx.", kembali=url_for("halaman.data")), 400
    target = workspace.data_dir / name
    tmp = workspace.data_dir / f".{name}.unggah"
    upload.save(tmp)
    tmp.replace(target)
    _check(name)
    return redirect(url_for("halaman.periksa", name=name))


@blueprint.route("/data/pilih", methods=["POST"])
def pilih():
    workspace = _workspace()
    name = request.form.get("berkas", "")
    if name in g.state.folder.data_files():
        shutil.copy2(g.state.folder.root / "data" / name, workspace.data_dir / name)
    try:
        workspace.data_file(name)
    except OutsideWorkspace:
        abort(404)
    _check(name)
    return redirect(url_for("halaman.periksa", name=name))


def _check_file(name: str) -> Path:
    return _workspace().state("periksa", f"{name}.json")


def _check(name: str) -> dict:
    """Validate a data file of the workspace and keep the result (with the file's stamp)."""
    path = _workspace().data_file(name)
    result = engine.validate(path)
    stored = {"stamp": path.stat().st_mtime_ns, "kind": result.kind, "rows": result.rows,
              "problems": [problem_record(p) for p in result.problems]}
    _check_file(name).write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return stored


def _stored_check(name: str) -> dict | None:
    try:
        stored = json.loads(_check_file(name).read_text(encoding="utf-8"))
        if stored["stamp"] == _workspace().data_file(name).stat().st_mtime_ns:
            return stored
    except (OSError, ValueError, KeyError, OutsideWorkspace):
        pass
    return None


@blueprint.route("/data/periksa/<name>")
def periksa(name: str):
    try:
        _workspace().data_file(name)
    except OutsideWorkspace:
        abort(404)
    stored = _stored_check(name) or _check(name)
    problems = [_problem(p) for p in stored["problems"]]
    errors = engine.tally(p for p in problems if p.is_error)
    pages = max(1, -(-len(problems) // PROBLEMS_PER_PAGE))
    page = min(max(request.args.get("halaman", 1, type=int), 1), pages)
    shown = problems[(page - 1) * PROBLEMS_PER_PAGE: page * PROBLEMS_PER_PAGE]
    return render_template("periksa.html", name=name, kind=stored["kind"], rows=stored["rows"],
                           errors=errors, warnings=engine.tally(p for p in problems if not p.is_error), page=page, pages=pages,
                           first=(page - 1) * PROBLEMS_PER_PAGE, problems=[problem_view(p) for p in shown],
                           configs=[c for c in settings.configs(_workspace()) if c.jenis])


@blueprint.route("/data/tandai/<name>")
def tandai(name: str):
    workspace = _workspace()
    try:
        path = workspace.data_file(name)
    except OutsideWorkspace:
        abort(404)
    stored = _stored_check(name) or _check(name)
    target = workspace.state("unduhan", f"{Path(name).stem}-ditandai.xlsx")
    annotate.annotate(path, [_problem(p) for p in stored["problems"]], target)
    return send_file(target, as_attachment=True, download_name=target.name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- settings -----------------------------------------------------------------------------------

@blueprint.route("/pengaturan")
def pengaturan_awal():
    configs = [c for c in settings.configs(_workspace()) if c.jenis]
    chosen = request.args.get("berkas") or next((c.name for c in configs if c.jenis == "laporan_tahunan"),
                                                configs[0].name if configs else None)
    if chosen is None:
        abort(404)
    return redirect(url_for("halaman.pengaturan", name=chosen, data=request.args.get("data")))


def _form(name: str) -> settings.Form | None:
    config = _config_file(name)
    try:
        tree = settings.read(_config_or_404(name))
    except engine.SpmdocsError as exc:
        g.read_problems = exc.problems
        return None
    return settings.build_form(_workspace(), config, tree)


def _render_form(name: str, form: settings.Form | None, previews: dict | None = None, status: int = 200):
    configs = [c for c in settings.configs(_workspace()) if c.jenis]
    problems = []
    for problem in (form.problems if form else getattr(g, "read_problems", [])):
        view = problem_view(problem)
        view["isian"] = settings.field_of(form, problem.location.key) if form else None
        problems.append(view)
    return render_template("pengaturan.html", name=name, form=form, configs=configs, problems=problems,
                           previews=previews or {}, batch=engine.is_batch(form.config.jenis) if form else False,
                           saved=request.args.get("tersimpan") == "1"), status


@blueprint.route("/pengaturan/<name>", methods=["GET", "POST"])
def pengaturan(name: str):
    form = _form(name)
    if form is None:
        return _render_form(name, None, status=422)
    if request.method == "GET":
        wanted = request.args.get("data")
        if wanted and f"data/{wanted}" in dict(form.data["capaian"]):
            form.data["capaian"] = [(p, p == f"data/{wanted}") for p, _ in form.data["capaian"]]
        return _render_form(name, form)
    settings.take(form, request.form)
    if request.form.get("aksi") == "pratinjau":
        return _render_form(name, form, _previews(form, [n.key for n in form.narratives]))
    with _workspace().lock:
        settings.save(_workspace(), form)
    if form.saved:
        return redirect(url_for("halaman.pengaturan", name=name, tersimpan=1))
    return _render_form(name, form, status=422)


@blueprint.route("/pengaturan/<name>/pratinjau", methods=["POST"])
def pratinjau_narasi(name: str):
    form = _form(name)
    if form is None:
        abort(404)
    settings.take(form, request.form)
    key = request.args.get("kunci", "")
    if form.narrative(key) is None:
        abort(404)
    return render_template("_pratinjau.html", item=_previews(form, [key])[key])


def _snapshot(form: settings.Form) -> engine.NarrativeSnapshot:
    state = g.state
    key = f"{_workspace().ident}:{settings.snapshot_key(form, _workspace())}"
    with state.snapshot_lock:
        found = state.snapshots.get(key)
        if found is None:
            found = settings.preview_snapshot(_workspace(), form)
            state.remember(key, found)
    return found


def _previews(form: settings.Form, keys: list[str]) -> dict:
    """Per narrative key: its filled-in paragraphs and problems, as the document would have them."""
    if engine.is_batch(form.config.jenis):
        note = ("Pratinjau langsung belum tersedia untuk lampiran batch: teks ini diisi per unit saat "
                "lampiran dibuat, dan galatnya ditampilkan per unit di halaman hasil.")
        return {key: {"catatan": note, "paragraf": [], "masalah": [], "bawaan": False} for key in keys}
    snapshot = _snapshot(form)
    general = [problem_view(p) for p in snapshot.problems if p.location.key is None
               or not p.location.key.startswith("narasi")]
    previews = {}
    for key in keys:
        text = form.narrative(key)
        value = text.value or text.default
        item = {"bawaan": not text.value, "paragraf": [], "masalah": [], "catatan": "", "umum": general}
        if snapshot.context is None:
            item["catatan"] = "Pratinjau belum dapat dibuat karena ada masalah pada pengaturan atau data:"
        elif text.is_list:
            lines = [line.strip() for line in value.split("\n") if line.strip()]
            for i, line in enumerate(lines):
                done, problems = engine.render_narrative(snapshot, line, text.path + (i,))
                item["paragraf"] += done
                item["masalah"] += [p.message for p in problems]
        elif text.path not in snapshot.extras:
            item["catatan"] = ("Bagian ini tidak muncul di dokumen (tidak ditampilkan, atau tidak ada data "
                               "untuk bidang ini).")
        else:
            item["paragraf"], problems = engine.render_narrative(snapshot, value, text.path)
            item["masalah"] = [p.message for p in problems]
        previews[key] = item
    return previews


# --- build and results --------------------------------------------------------------------------

def _result_file(name: str) -> Path:
    return _workspace().state("hasil", f"{Path(name).stem}.json")


def _batch_folder(name: str) -> Path:
    return _workspace().state("batch", Path(name).stem, "x").parent


@blueprint.route("/buat/<name>", methods=["POST"])
def buat(name: str):
    config = _config_file(name)
    path = _config_or_404(name)
    workspace = _workspace()
    out_dir = workspace.output_dir(name)
    if engine.is_batch(config.jenis):
        g.state.jobs.start(_batch_folder(name), path, out_dir, resume=request.form.get("lanjutkan") == "1")
        return redirect(url_for("halaman.hasil", name=name))
    record = {"waktu": time.time(), "strict": request.form.get("ketat") == "1"}
    with workspace.lock:
        try:
            result = engine.build(path, out_dir, strict=record["strict"])
        except engine.SpmdocsError as exc:
            record.update(berhasil=False, judul=exc.headline, masalah=[problem_record(p) for p in exc.problems])
        else:
            record.update(berhasil=True, ringkasan=result.summary,
                          keluaran=[str(Path(p).resolve().relative_to(workspace.path)) for p in result.outputs],
                          masalah=[problem_record(p) for p in result.warnings])
            for pdf in (Path(p) for p in result.outputs if Path(p).suffix == ".pdf"):
                for number in range(1, EAGER_PAGES + 1):
                    preview.page_image(pdf, number, workspace.state("pratinjau", "x").parent)
        _result_file(name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return redirect(url_for("halaman.hasil", name=name))


def _outputs(name: str) -> list[dict]:
    """The documents in the config's output folder, newest build first."""
    folder = _workspace().output_dir(name)
    if not folder.is_dir():
        return []
    found = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")]
    return [{"nama": p.name, "rel": str(p.relative_to(_workspace().path)), "ukuran": p.stat().st_size,
             "jenis": p.suffix.lower().lstrip(".")} for p in found]


@blueprint.route("/hasil/<name>")
def hasil(name: str):
    config = _config_file(name)
    if engine.is_batch(config.jenis):
        status = g.state.jobs.status(_batch_folder(name))
        return render_template("batch.html", name=name, config=config, status=_batch_view(status),
                               outputs=_outputs(name))
    try:
        record = json.loads(_result_file(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    problems = [problem_view(_problem(p)) for p in record["masalah"]] if record else []
    outputs = _outputs(name)
    pdf = next((o for o in outputs if o["jenis"] == "pdf"), None)
    pages = preview.page_count(_workspace().path / pdf["rel"]) if pdf else 0
    return render_template("hasil.html", name=name, config=config, record=record, problems=problems,
                           outputs=outputs, pages=pages, eager=EAGER_PAGES)


def _batch_view(status: dict | None) -> dict | None:
    if status is None:
        return None
    view = dict(status)
    view["berjalan"] = status["keadaan"] in (RUNNING, WAITING)
    view["selesai_semua"] = status["keadaan"] == DONE
    view["terhenti"] = status["keadaan"] == STOPPED
    view["gagal_semua"] = status["keadaan"] == FAILED
    view["masalah"] = [problem_view(_problem(p)) for p in status.get("masalah", [])]
    view["berhasil"] = status["selesai"] - status["gagal"]
    return view


@blueprint.route("/hasil/<name>/status")
def status(name: str):
    config = _config_file(name)
    if not engine.is_batch(config.jenis):
        abort(404)
    view = _batch_view(g.state.jobs.status(_batch_folder(name)))
    return render_template("_kemajuan.html", name=name, status=view, outputs=_outputs(name))


@blueprint.route("/hasil/<name>/hentikan", methods=["POST"])
def hentikan(name: str):
    _config_file(name)
    g.state.jobs.stop(_batch_folder(name))
    return redirect(url_for("halaman.hasil", name=name))


@blueprint.route("/pratinjau/<name>/<int:number>.png")
def halaman_pdf(name: str, number: int):
    _config_file(name)
    pdf = next((o for o in _outputs(name) if o["jenis"] == "pdf"), None)
    if pdf is None:
        abort(404)
    image = preview.page_image(_workspace().path / pdf["rel"], number, _workspace().state("pratinjau", "x").parent)
    if image is None:
        abort(404)
    return send_file(image, mimetype="image/png", max_age=0)


@blueprint.route("/unduh/<path:rel>")
def unduh(rel: str):
    try:
        path = _workspace().served(rel)
    except OutsideWorkspace:
        abort(404)
    return send_file(path, as_attachment=True, download_name=path.name)
