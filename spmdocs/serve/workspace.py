"""The working folder and each clerk's own workspace inside it; every file path the page touches.

The working folder is one made by ``spmdocs init`` (configs, ``data/``, ``templat/``). Each browser
session gets its own copy under ``ruang-kerja/<id>/``: uploads, settings and documents of one
clerk never touch another's. Every path that comes from a request is resolved here and refused
when it would leave the workspace.
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.utils import secure_filename

WORKSPACES = "ruang-kerja"
KEY_FILE = ".kunci-sesi"
STATE = ".web"
"""The server's own files in a workspace: check results, page images, batch status."""
OUTPUT = "keluaran"
DATA = "data"
COPIED = ("data", "templat", "bukti")
DATA_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class OutsideWorkspace(ValueError):
    """A requested path is not a file of the workspace."""


def inside(base: Path, relative: str) -> Path:
    """``base / relative`` when it stays in ``base`` (links resolved); else :class:`OutsideWorkspace`."""
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")) or ":" in relative:
        raise OutsideWorkspace(relative)
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()) or target == base.resolve():
        raise OutsideWorkspace(relative)
    return target


def upload_name(filename: str, suffixes: tuple[str, ...], fallback: str) -> str | None:
    """A safe file name for an upload (no folders, no dots in front), or None for a wrong type."""
    name = Path(filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        return None
    stem = secure_filename(Path(name).stem).strip("._")[:80] or fallback
    return f"{stem}{suffix}"


class WorkingFolder:
    """The folder ``spmdocs serve`` serves, and the workspaces under it."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.spaces = self.root / WORKSPACES
        self._lock = threading.Lock()

    @property
    def initialized(self) -> bool:
        return any(self.root.glob("*.yaml"))

    def only_ours(self) -> bool:
        """True when the folder is missing, empty, or holds only the server's own folder."""
        if not self.root.exists():
            return True
        return all(entry == self.spaces for entry in self.root.iterdir())

    def secret_key(self) -> bytes:
        """The key that signs session cookies, kept so sessions survive a restart."""
        path = self.spaces / KEY_FILE
        with self._lock:
            if not path.is_file():
                self.spaces.mkdir(parents=True, exist_ok=True)
                path.write_bytes(secrets.token_bytes(32))
                path.chmod(0o600)
            return path.read_bytes()

    def workspace(self, ident: str | None) -> "Workspace | None":
        """The workspace of a session id, or None for an id that is malformed or unknown."""
        if not ident or not _ID.match(ident):
            return None
        path = self.spaces / ident
        return Workspace(path, ident) if path.is_dir() else None

    def new_workspace(self) -> "Workspace":
        """A new workspace: a copy of the folder's configs, data, templates and evidence."""
        ident = secrets.token_urlsafe(18)
        path = self.spaces / ident
        path.mkdir(parents=True)
        for config in self.root.glob("*.yaml"):
            shutil.copy2(config, path / config.name)
        for name in COPIED:
            if (self.root / name).is_dir():
                shutil.copytree(self.root / name, path / name, dirs_exist_ok=True)
        (path / DATA).mkdir(exist_ok=True)
        return Workspace(path, ident)

    def data_files(self) -> list[str]:
        """Data files of the working folder itself, which a clerk may pick."""
        folder = self.root / DATA
        return sorted(p.name for p in folder.glob("*") if p.suffix.lower() in DATA_SUFFIXES) \
            if folder.is_dir() else []


@dataclass
class ConfigFile:
    """One report config of a workspace."""

    name: str
    jenis: str
    judul: str


class Workspace:
    """One clerk's files: configs, ``data/``, ``keluaran/`` and the server's ``.web/`` state."""

    def __init__(self, path: Path, ident: str):
        self.path = Path(path).resolve()
        self.ident = ident
        self.lock = threading.Lock()

    @property
    def data_dir(self) -> Path:
        return self.path / DATA

    def state(self, *parts: str) -> Path:
        folder = self.path / STATE
        for part in parts[:-1]:
            folder = folder / part
        folder.mkdir(parents=True, exist_ok=True)
        return folder / parts[-1] if parts else folder

    def data_files(self) -> list[str]:
        return sorted(p.name for p in self.data_dir.glob("*")
                      if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)

    def data_file(self, name: str) -> Path:
        """A data file of the workspace by its name; :class:`OutsideWorkspace` otherwise."""
        path = inside(self.data_dir, name)
        if path.parent != self.data_dir or path.suffix.lower() not in DATA_SUFFIXES or not path.is_file():
            raise OutsideWorkspace(name)
        return path

    def config(self, name: str) -> Path:
        """A report config (a ``.yaml`` at the top of the workspace) by its name."""
        path = inside(self.path, name)
        if path.parent != self.path or path.suffix != ".yaml" or not path.is_file():
            raise OutsideWorkspace(name)
        return path

    def output_dir(self, config_name: str) -> Path:
        return self.path / OUTPUT / Path(config_name).stem

    def served(self, relative: str) -> Path:
        """A file the page may send: under ``data/`` or ``keluaran/`` of this workspace only."""
        path = inside(self.path, relative)
        top = path.relative_to(self.path).parts[0]
        if top not in (DATA, OUTPUT) or not path.is_file() or path.name.startswith("."):
            raise OutsideWorkspace(relative)
        return path
