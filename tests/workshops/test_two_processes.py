"""Two server processes on one Redis: a post sent through one reaches sockets on the other.

This talks to real uvicorn processes, not the test database, so it needs no `db`
fixture. With `REDIS_URL` set (CI's second pass) the servers share that Redis;
otherwise the test starts Debian's redis-server (`scripts/system-deps.sh test`) on
a free port of its own and stops it afterwards. Without a Redis the test fails.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import redis
import websockets

from bench import server

REDIS_SERVER = "redis-server"


def _own_redis(port: int) -> subprocess.Popen:
    """A throwaway redis-server on `port`: nothing saved to disk, reachable only locally."""
    binary = shutil.which(REDIS_SERVER) or f"/usr/bin/{REDIS_SERVER}"
    if not os.path.exists(binary):
        pytest.fail(f"{REDIS_SERVER} is not installed: run scripts/system-deps.sh test")
    return subprocess.Popen(
        [binary, "--save", "", "--appendonly", "no", "--port", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def redis_url():
    """The Redis the two servers share: REDIS_URL's when set, else one started here."""
    if os.environ.get("REDIS_URL"):
        url = urlsplit(os.environ["REDIS_URL"])._replace(path="/6").geturl()  # its own database
        redis.Redis.from_url(url).flushdb()  # fails loudly when that Redis is not there
        yield url
        return
    port = server.free_port()
    process = _own_redis(port)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                # Ours, not whatever else may answer there (a system Redis on 6379).
                if redis.Redis.from_url(url).info("server")["process_id"] == process.pid:
                    break
                pytest.fail(f"another Redis answers on port {port}")
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{REDIS_SERVER} did not start on port {port}")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _database_url(tmp) -> str:
    """The servers' own database: a fresh PostgreSQL database when the suite runs on one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'two.sqlite3'}"
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS tsunagu_two_processes WITH (FORCE)")
        conn.execute("CREATE DATABASE tsunagu_two_processes")
    return f"{base}/tsunagu_two_processes"


async def _open(port: int, workshop_id: int, session: str):
    socket = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/workshops/{workshop_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session}"},
    )
    while json.loads(await socket.recv())["type"] != "state":
        pass
    return socket


async def _next_post(socket) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if frame["type"] == "post":
            return frame["post"]


async def _exchange(ports: list[int], seeded: dict) -> tuple[dict, dict]:
    workshop_id = seeded["workshop_id"]
    writer, reader = seeded["trainees"][:2]
    assert writer["group_id"] == reader["group_id"]
    on_first = await _open(ports[0], workshop_id, writer["session"])
    on_second = await _open(ports[1], workshop_id, reader["session"])
    console = await _open(ports[1], workshop_id, seeded["facilitator"])
    try:
        await on_first.send(
            json.dumps(
                {
                    "type": "post",
                    "client_id": "two-1",
                    "kind": "notice",
                    "text": "別のプロセスへ届く",
                }
            )
        )
        return await _next_post(on_second), await _next_post(console)
    finally:
        for socket in (on_first, on_second, console):
            await socket.close()


def test_a_post_through_one_process_reaches_a_socket_on_the_other(tmp_path, redis_url):
    ports = [server.free_port(), server.free_port()]
    env = server.server_env(
        tmp_path, ports[0], database_url=_database_url(tmp_path), REDIS_URL=redis_url
    )
    server.prepare(env)
    seeded = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.seed_live", "--clients", "2", "--groups", "1"],
            cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    processes = []
    try:
        for port in ports:
            processes.append(
                server.start(
                    {**env, "SITE_URL": f"http://127.0.0.1:{port}"},
                    port,
                    log=tmp_path / f"{port}.log",
                )
            )
        delivered, on_console = asyncio.run(_exchange(ports, seeded))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    assert delivered["text"] == "別のプロセスへ届く" and delivered["seq"] == 1
    assert on_console["text"] == "別のプロセスへ届く" and on_console["client_id"] == "two-1"
