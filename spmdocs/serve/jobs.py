"""Batch runs started from the page: one child process per run, its progress in the workspace.

The server starts ``python -m spmdocs.serve.jobs FOLDER``; the child runs the batch and rewrites
``FOLDER/status.json`` as units finish (units done, failed, rate). The page reads that file, so a
reload, a closed tab or a second browser of the same clerk sees the same run. A run whose process
is gone without finishing is shown as stopped and can be resumed (``--resume``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from spmdocs.fileio import process_running
from spmdocs.serve import engine

STATUS = "status.json"
REQUEST = "permintaan.json"
LOG = "catatan.txt"
RUNNING, DONE, FAILED, STOPPED, WAITING = "berjalan", "selesai", "gagal", "terhenti", "menunggu"
WRITE_EVERY = 0.3


def read_status(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_status(folder: Path, status: dict) -> None:
    tmp = folder / f".{STATUS}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / STATUS)


def _alive(pid: int | None) -> bool:
    return bool(pid) and process_running(int(pid))


class Jobs:
    """The batch processes this server started; one run at a time per workspace and config."""

    def __init__(self) -> None:
        self._children: dict[Path, subprocess.Popen] = {}
        self._lock = threading.Lock()

    def status(self, folder: Path) -> dict | None:
        """The run's status; a run whose process ended without a final word is STOPPED."""
        status = read_status(folder)
        if status is None or status["keadaan"] not in (RUNNING, WAITING):
            return status
        with self._lock:
            child = self._children.get(folder)
            gone = child.poll() is not None if child is not None else not _alive(status.get("pid"))
        if gone:
            status = read_status(folder) or status
            if status["keadaan"] in (RUNNING, WAITING):
                status["keadaan"] = STOPPED
                status["pesan"] = "Proses berhenti sebelum selesai."
        return status

    def start(self, folder: Path, config: Path, out_dir: Path, resume: bool) -> bool:
        """Start a run unless one is going; False when one is."""
        with self._lock:
            child = self._children.get(folder)
            if child is not None and child.poll() is None:
                return False
            folder.mkdir(parents=True, exist_ok=True)
            (folder / REQUEST).write_text(json.dumps({"config": str(config), "out_dir": str(out_dir),
                                                      "resume": resume}), encoding="utf-8")
            write_status(folder, {"keadaan": WAITING, "total": 0, "selesai": 0, "gagal": 0, "dipakai": 0,
                                  "laju": 0.0, "mulai": time.time(), "pid": None, "pesan": "",
                                  "masalah": [], "keluaran": [], "unit_gagal": []})
            with (folder / LOG).open("w", encoding="utf-8") as log:
                child = subprocess.Popen([sys.executable, "-m", "spmdocs.serve.jobs", str(folder)],
                                         cwd=str(config.parent), stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT)
            self._children[folder] = child
            return True

    def stop(self, folder: Path) -> None:
        """Ask the run to stop (it finishes the units in hand; a later run may resume)."""
        status = read_status(folder) or {}
        with self._lock:
            child = self._children.get(folder)
        pid = child.pid if child is not None else status.get("pid")
        if _alive(pid):
            os.kill(pid, signal.SIGTERM)

    def shutdown(self) -> None:
        """Stop every run this server started and wait for them (the server is closing)."""
        with self._lock:
            children = list(self._children.values())
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


class _Progress:
    """What the batch tells its progress object, written to the status file."""

    def __init__(self, folder: Path, status: dict):
        self.folder, self.status = folder, status
        self._start = time.perf_counter()
        self._written = 0.0

    def start(self, total: int) -> None:
        self.status.update(keadaan=RUNNING, total=total)
        self._write(force=True)

    def advance(self, record, reused: bool) -> None:
        self.status["selesai"] += 1
        self.status["dipakai"] += bool(reused)
        if not record.ok:
            self.status["gagal"] += 1
            self.status["unit_gagal"].append([record.unit, record.galat])
        self.status["laju"] = self.status["selesai"] / max(time.perf_counter() - self._start, 1e-6)
        self._write(force=self.status["selesai"] == self.status["total"])

    def _write(self, force: bool = False) -> None:
        now = time.perf_counter()
        if force or now - self._written >= WRITE_EVERY:
            write_status(self.folder, self.status)
            self._written = now


def problem_record(problem: engine.Problem) -> dict:
    location = problem.location
    return {"message": problem.message, "severity": problem.severity, "count": problem.count,
            "location": {name: getattr(location, name) for name in
                         ("file", "sheet", "row", "column", "key", "line", "part", "element")}}


def run(folder: Path) -> int:
    """The child's work: run the batch the request file describes, keeping the status file current."""
    request = json.loads((folder / REQUEST).read_text(encoding="utf-8"))
    status = read_status(folder) or {}
    status.update(keadaan=RUNNING, pid=os.getpid(), mulai=time.time())
    write_status(folder, status)
    progress = _Progress(folder, status)
    out_dir = Path(request["out_dir"])
    try:
        result = engine.batch(Path(request["config"]), out_dir, request["resume"], True, progress)
    except engine.SpmdocsError as exc:
        status.update(keadaan=FAILED, pesan=exc.headline, masalah=[problem_record(p) for p in exc.problems])
        write_status(folder, status)
        return exc.exit_code
    except Exception:  # noqa: BLE001 - the clerk gets a message, the log the traceback
        traceback.print_exc()
        status.update(keadaan=FAILED, pesan="Terjadi kesalahan tak terduga; lihat catatan server.")
        write_status(folder, status)
        return 1
    status["masalah"] = [problem_record(p) for p in result.problems]
    status["keluaran"] = [str(Path(p).resolve().relative_to(out_dir.resolve().parent.parent))
                          for p in result.outputs]
    status["detik"] = result.seconds
    if result.interrupted:
        status.update(keadaan=STOPPED, pesan=f"Dihentikan ({result.interrupted}).")
    else:
        status.update(keadaan=DONE, pesan="")
    write_status(folder, status)
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1])))
