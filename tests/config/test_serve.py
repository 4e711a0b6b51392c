"""Every server starts through config.serve, whose uvicorn refuses frames over 64 KiB itself.

The frame test talks to a real uvicorn process started as the benchmarks and the
browser tests start theirs (bench.server), so it needs no database fixture.
"""

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import pytest
import websockets

from bench import server
from config import serve

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


def test_the_server_refuses_a_100_kib_frame_with_1009_and_takes_a_small_one(tmp_path):
    port = server.free_port()
    # The bare broadcast socket echoes frames without signing in; pages need the tables.
    env = server.server_env(tmp_path, port, BENCH_BASELINE_SOCKET="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=server.ROOT, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    process = server.start(env, port, log=tmp_path / "server.log")
    try:
        echoed, code = asyncio.run(_echo_then_oversized(port))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert echoed == "小さなフレーム"
    assert code == 1009
