"""`make run` starts a task worker beside the server (config.serve --task-workers), and stops it too."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench import server
from config import serve

ROOT = Path(__file__).resolve().parents[2]


def test_the_task_worker_flag_is_ours_and_the_rest_goes_to_uvicorn():
    assert serve.split_task_workers(["--host", "h", "--task-workers", "2", "--port", "1"]) == (
        2,
        ["--host", "h", "--port", "1"],
    )
    assert serve.split_task_workers(["--task-workers=3"]) == (3, [])
    assert serve.split_task_workers(["--workers", "4"]) == (0, ["--workers", "4"])
    assert serve.worker_command()[1:5] == ["manage.py", "db_worker", "--backend", "background"]


def test_make_serve_starts_one_worker():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^serve:\n\t(.+)$", makefile, re.MULTILINE).group(1)
    assert "--task-workers $(TASK_WORKERS)" in recipe
    assert re.search(r"^TASK_WORKERS \?= 1$", makefile, re.MULTILINE)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_ctrl_c_on_the_server_stops_its_worker_too(tmp_path):
    port = server.free_port()
    env = server.server_env(tmp_path, port)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "config.serve", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--task-workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            workers = [
                child
                for child in _children(process.pid)
                if b"db_worker" in Path(f"/proc/{child}/cmdline").read_bytes()
            ]
            time.sleep(0.2)
        assert workers, "no db_worker child started"
        # Only the server gets the signal here, the harder case than a terminal's Ctrl-C,
        # which reaches the whole process group.
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
