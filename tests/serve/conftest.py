"""A real browser (Debian's chromium through Playwright) against the page served by waitress in a thread.

Screenshots of every screen go to ``$SPMDOCS_SCREENSHOTS`` when it is set (to look at them), else
to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from spmdocs.serve.server import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).is_file():
    pytest.skip("chromium is not installed (.ci/run installs it)", allow_module_level=True)


class Served:
    """A running server: its address, working folder and app."""

    def __init__(self, folder: Path, **options):
        self.folder = folder
        self.app, self.server = make_server(folder, "127.0.0.1", 0, **options)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self._thread.start()

    def workspaces(self) -> list[Path]:
        spaces = self.folder / "ruang-kerja"
        return sorted(p for p in spaces.iterdir() if p.is_dir()) if spaces.is_dir() else []

    def stop(self) -> None:
        self.app.extensions["spmdocs"].jobs.shutdown()
        self.server.task_dispatcher.shutdown()
        self.server.close()
        self._thread.join(10)


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve(tmp_path):
    """Start servers on folders of the test; every one is stopped at the end."""
    started = []

    def start(folder: Path | None = None, **options) -> Served:
        served = Served(folder or tmp_path / f"kerja{len(started)}", **options)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture(scope="session")
def province_folder(tmp_path_factory) -> Path:
    """A working folder of Provinsi Kalimantan Utara with sample mutu and kegiatan (made once, copied per test)."""
    from spmdocs.serve import engine

    folder = tmp_path_factory.mktemp("provinsi") / "kerja"
    engine.init_folder(folder, "65", 2025)
    for name in ("mutu-2025.csv", "kegiatan-2025.csv"):
        shutil.copy(SAMPLE / name, folder / "data" / name)
    return folder


@pytest.fixture
def shots(tmp_path):
    """``shots(page, name)`` saves a full-page screenshot of the current screen."""
    folder = Path(os.environ.get("SPMDOCS_SCREENSHOTS") or tmp_path / "layar")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def clerk(browser):
    """``clerk()`` opens a new browser profile (its own cookies: another clerk) and returns a page."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(locale="id-ID", accept_downloads=True, viewport={"width": 1100, "height": 900},
                                      **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
