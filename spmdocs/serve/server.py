"""Serving the page with waitress: one process, a few threads, batch runs stopped on exit."""

from __future__ import annotations

from pathlib import Path

import click
from waitress import create_server

from spmdocs.serve.app import MAX_UPLOAD_MB, create_app

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
THREADS = 8


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8080, max_upload_mb: int = MAX_UPLOAD_MB):
    """(the WSGI app, a waitress server bound to ``host:port``); port 0 picks a free one."""
    app = create_app(folder, max_upload_mb)
    return app, create_server(app, host=host, port=port, threads=THREADS, clear_untrusted_proxy_headers=True,
                              ident="spmdocs")


def run(folder: Path, host: str, port: int) -> None:
    """Serve ``folder`` until Ctrl-C; running batch processes are stopped (they can be resumed)."""
    app, server = make_server(folder, host, port)
    address = f"http://{'localhost' if host in LOCAL_HOSTS else host}:{server.effective_port}/"
    click.echo(f"spmdocs melayani folder {Path(folder).resolve()} di {address}")
    if host not in LOCAL_HOSTS:
        click.echo("Perhatian: halaman ini terbuka untuk komputer lain di jaringan. Halaman tidak memakai "
                   "kata sandi; pakai hanya di jaringan kantor yang tepercaya.", err=True)
    click.echo("Tekan Ctrl+C untuk berhenti.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["spmdocs"].jobs.shutdown()
        click.echo("Server dihentikan.")
