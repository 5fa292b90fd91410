"""`spmdocs serve` as a clerk starts it: it serves the folder on localhost and stops cleanly on Ctrl+C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_on_localhost_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "spmdocs", "serve", "--port", str(port), "--folder",
                                str(tmp_path / "kerja")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not answer")
        assert "Siapkan folder kerja" in page and 'lang="id"' in page
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert re.search(rf"melayani folder .*kerja di http://localhost:{port}/", output)
    assert "Server dihentikan." in output and "Traceback" not in output
