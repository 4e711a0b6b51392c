"""Every server starts through config.serve, whose uvicorn refuses frames over 64 KiB itself.

The frame test talks to a real uvicorn process started as the benchmarks and the
browser tests start theirs (bench.server), so it needs no database fixture.
"""

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets

from bench import server
from config import balanced, serve

ROOT = Path(__file__).resolve().parents[2]


def test_the_flags_cap_frames_at_64_kib():
    flags = serve.arguments()
    assert flags[0] == "config.asgi:application"
    assert flags[flags.index("--ws-max-size") + 1] == "65536"
    assert flags[flags.index("--ws-per-message-deflate") + 1] == "false"


def test_the_makefile_readme_and_bench_start_servers_through_config_serve():
    makefile = (ROOT / "Makefile").read_text()
    serve_recipe = re.search(r"^serve:\n\t(.+)$", makefile, re.MULTILINE).group(1)
    assert "-m config.serve " in serve_recipe
    readme = (ROOT / "README.md").read_text()
    assert ".venv/bin/python -m config.serve --host 0.0.0.0" in readme
    bench = (ROOT / "bench" / "server.py").read_text()
    assert '"-m", "config.serve"' in bench
    # Nobody starts uvicorn by hand any more, where the flags could be forgotten.
    for text in (serve_recipe, readme, bench):
        assert "uvicorn config.asgi" not in text and '"uvicorn", "config.asgi' not in text


async def _echo_then_oversized(port: int) -> tuple[str, int]:
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/ws/bench/broadcast/frames/",
        origin=f"http://127.0.0.1:{port}",
        max_size=None,
    ) as socket:
        await socket.send("小さなフレーム")
        echoed = await asyncio.wait_for(socket.recv(), timeout=10)
        await socket.send("x" * (100 * 1024))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), timeout=10)
        return echoed, closed.value.rcvd.code


def _migrate(env: dict) -> None:
    """The tables a page request needs, in the server's own database."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=server.ROOT, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def test_the_server_refuses_a_100_kib_frame_with_1009_and_takes_a_small_one(tmp_path):
    port = server.free_port()
    # The bare broadcast socket echoes frames without signing in; pages need the tables.
    env = server.server_env(tmp_path, port, BENCH_BASELINE_SOCKET="1")
    _migrate(env)
    process = server.start(env, port, log=tmp_path / "server.log")
    try:
        echoed, code = asyncio.run(_echo_then_oversized(port))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert echoed == "小さなフレーム"
    assert code == 1009


def test_several_processes_get_a_listening_socket_each_and_one_process_stays_uvicorns():
    plan = serve.balanced_plan(["--host", "0.0.0.0", "--port=8001", "--workers", "4", "--x"])
    assert balanced.available()  # Linux, where production runs
    assert plan == (4, "0.0.0.0", 8001, ["--x"])
    assert serve.balanced_plan(["--workers", "1", "--port", "8001"]) is None
    assert serve.balanced_plan(["--port", "8001"]) is None
    assert serve.balanced_plan(["--workers", "2", "--uds", "/tmp/s"]) is None
    assert serve.take_option(["--a", "1", "--b=2"], "--b") == ("2", ["--a", "1"])


def _children(pid: int) -> set[int]:
    return set(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))


def _sockets(pid: int) -> set[str]:
    """The sockets a process holds, as `socket:[inode]`."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:"):
                found.add(target)
    return found


def _listening_on(port: int) -> set[str]:
    """Every socket in the LISTEN state on `port`, from the kernel's own table."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            found.add(f"socket:[{fields[9]}]")
    return found


def _own_listener(pid: int, port: int) -> str:
    (listener,) = _sockets(pid) & _listening_on(port)
    return listener


def _until(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _gone(pid: int) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def _balanced_server(tmp_path) -> tuple[subprocess.Popen, int, dict]:
    """config.serve with two processes on a migrated SQLite file: (process, port, env)."""
    port = server.free_port()
    env = server.server_env(tmp_path, port)
    _migrate(env)
    return server.start(env, port, workers=2, log=tmp_path / "server.log"), port, env


def test_two_processes_each_listen_on_their_own_socket_and_one_that_dies_is_replaced(tmp_path):
    process, port, env = _balanced_server(tmp_path)
    try:
        first, second = sorted(
            _until(lambda: len(_children(process.pid)) == 2 and _children(process.pid))
        )
        # uvicorn's own --workers would show one listening socket, held by both.
        assert len(_listening_on(port)) == 2
        assert _own_listener(first, port) != _own_listener(second, port)
        # A second server on the same port is refused, not let in beside this one.
        taken = subprocess.run(
            [sys.executable, "-m", "config.serve", "--port", str(port), "--workers", "2"],
            cwd=server.ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert taken.returncode != 0 and "in use already" in taken.stderr
        os.kill(first, signal.SIGKILL)
        replaced = _until(
            lambda: (
                first not in _children(process.pid)
                and len(_children(process.pid)) == 2
                and _children(process.pid)
            )
        )
        (new,) = replaced - {second}
        _until(lambda: len(_listening_on(port)) == 2 and _sockets(new) & _listening_on(port))
        assert _own_listener(new, port) != _own_listener(second, port)
        for _request in range(20):
            health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
            assert health.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
    assert _gone(new) and _gone(second)


def test_the_server_processes_end_when_their_supervisor_is_killed(tmp_path):
    process, port, _env = _balanced_server(tmp_path)
    children = _until(lambda: len(_children(process.pid)) == 2 and _children(process.pid))
    process.kill()
    process.wait(timeout=10)
    _until(lambda: all(_gone(child) for child in children))
    # The kernel may list a socket its last holder closed for a moment longer.
    _until(lambda: not _listening_on(port), seconds=10)
