"""The Flask application: configuration, security (CSRF, sizes, headers), sessions and error pages."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import Flask, g, render_template, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from spmdocs.serve.jobs import Jobs
from spmdocs.serve.workspace import WorkingFolder

MAX_UPLOAD_MB = 20
SNAPSHOTS_KEPT = 16


@dataclass
class ServerState:
    """What the running server holds besides the files: batch processes and narrative figures."""

    folder: WorkingFolder
    jobs: Jobs = field(default_factory=Jobs)
    snapshots: OrderedDict = field(default_factory=OrderedDict)
    snapshot_lock: threading.Lock = field(default_factory=threading.Lock)
    init_lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, key: str, snapshot) -> None:
        self.snapshots[key] = snapshot
        self.snapshots.move_to_end(key)
        while len(self.snapshots) > SNAPSHOTS_KEPT:
            self.snapshots.popitem(last=False)


def create_app(folder: Path, max_upload_mb: int = MAX_UPLOAD_MB) -> Flask:
    """The web page serving the working folder ``folder`` (created when missing)."""
    from spmdocs.serve import pages

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    working = WorkingFolder(folder)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=working.secret_key(),
        MAX_CONTENT_LENGTH=max_upload_mb * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        SESSION_COOKIE_NAME="spmdocs_sesi",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=timedelta(days=30),
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=False,
        MAX_UPLOAD_MB=max_upload_mb,
    )
    app.extensions["spmdocs"] = ServerState(working)
    CSRFProtect(app)
    app.register_blueprint(pages.blueprint)

    @app.before_request
    def _workspace() -> None:
        state = app.extensions["spmdocs"]
        g.state = state
        g.workspace = None
        if request.endpoint == "static" or not state.folder.initialized:
            return
        session.permanent = True
        g.workspace = state.folder.workspace(session.get("ruang"))
        if g.workspace is None:
            g.workspace = state.folder.new_workspace()
            session["ruang"] = g.workspace.ident

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_template("galat.html", judul="Formulir tidak sah",
                               pesan="Formulir ini kedaluwarsa atau tidak dikirim dari halaman spmdocs. "
                                     "Muat ulang halaman, lalu kirim lagi."), 400

    @app.errorhandler(413)
    def _too_big(error):
        return render_template("galat.html", judul="Berkas terlalu besar",
                               pesan=f"Berkas yang diunggah lebih dari {app.config['MAX_UPLOAD_MB']} MB. Simpan datanya "
                                     "tanpa lembar atau gambar yang tidak perlu, atau pisahkan per tahun, "
                                     "lalu unggah lagi."), 413

    @app.errorhandler(HTTPException)
    def _http(error):
        messages = {404: ("Halaman tidak ditemukan", "Alamat ini tidak ada atau berkasnya bukan milik ruang "
                                                     "kerja Anda."),
                    405: ("Cara membuka halaman tidak sah", "Buka halaman ini melalui tombol di spmdocs."),
                    400: ("Permintaan tidak sah", "Muat ulang halaman lalu coba lagi.")}
        judul, pesan = messages.get(error.code, ("Permintaan tidak dapat dilayani", "Coba lagi."))
        return render_template("galat.html", judul=judul, pesan=pesan), error.code

    @app.errorhandler(Exception)
    def _unexpected(error):
        app.logger.exception("kesalahan tak terduga")
        return render_template("galat.html", judul="Terjadi kesalahan",
                               pesan="Terjadi kesalahan tak terduga di server. Berkas Anda tidak diubah. "
                                     "Coba lagi; bila terulang, hubungi petugas TI."), 500

    return app
