"""Real server processes for tests: `uvicorn app.main:app` on 127.0.0.1, on a database of the test's choosing.

The in-process TestClient runs one request at a time; races between requests, several processes
sharing one database and crashes only show with real servers. Each server runs in a process group
of its own, so stopping it (gracefully or with SIGKILL) also stops any workers it started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
READY_SECONDS = 20.0
STOP_SECONDS = 5.0


def free_port() -> int:
    """A port nobody listens on right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One `uvicorn` process; `stop` and `start` again keep the port, so clients can reconnect."""

    def __init__(self, database_url: str, workers: int = 1) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`

    def start(self) -> None:
        """Start the process and return once /healthz answers 200 (or fail with the server's output)."""
        assert self.process is None or self.process.poll() is not None, "already running"
        command = [str(PYTHON), "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        env = {**os.environ, "TNS_ENV": "test", "TNS_DATABASE_URL": self.database_url}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop(kill=True)
        raise RuntimeError(f"the server was not ready within {READY_SECONDS} s:\n{self.output()}")

    def stop(self, kill: bool = False) -> None:
        """SIGTERM (SIGKILL if it has not exited within a few seconds), or SIGKILL straight away."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        for sig in [signal.SIGKILL] if kill else [signal.SIGTERM, signal.SIGKILL]:
            try:
                os.killpg(process.pid, sig)  # the group this server leads: its workers too
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=STOP_SECONDS)
                return
            except subprocess.TimeoutExpired:
                continue
        raise RuntimeError(f"server {process.pid} did not stop")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-5000:]

    def close(self) -> None:
        self.stop()
        self.log.close()


@contextmanager
def serve(database_url: str, workers: int = 1) -> Iterator[Server]:
    """A started server on `database_url`, stopped (and killed if need be) when the block ends."""
    server = Server(database_url, workers)
    try:
        server.start()
        yield server
    finally:
        server.close()
