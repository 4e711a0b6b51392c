"""Start a seeded ASGI server process for a benchmark, on a fresh database of its own."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "bench-demo-pass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, port: int, database_url: str | None = None, **extra: str) -> dict:
    """Environment for one server: its own SQLite file unless a database URL is given."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "DATABASE_URL": database_url
        or os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def prepare(env: dict, password: str = DEMO_PASSWORD) -> None:
    """Migrate and seed the demo content, as `make run` does."""
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--password", password]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )


def start(env: dict, port: int, workers: int = 1, log: Path | None = None) -> subprocess.Popen:
    """Start uvicorn and wait until it answers; its output goes to `log` when given."""
    # config.serve adds the flags every server runs with (frame cap, no compression).
    command = [
        sys.executable, "-m", "config.serve", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log", "--workers", str(workers),
    ]  # fmt: skip
    output = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                detail = log.read_text(errors="replace") if log else ""
                raise RuntimeError(f"the server did not start\n{detail}") from None
            time.sleep(0.2)


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="tsunagu-bench-"))
