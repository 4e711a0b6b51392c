"""Post-to-delivery latency of live group work, against a bare Channels broadcast on the same server.

Run as `python -m bench.live --clients 200 --groups 40 --seconds 20 [--redis]`.
Every client is a signed-in trainee on a websocket; each posts about every
`--interval` seconds (under the flood limit) and the benchmark times how long each
post takes to reach the other members of its group. The same load then runs
against a bare broadcast consumer (no auth, no database) on the same server. With
`--redis` two server processes share Redis and the clients are split between them.
The last line is one JSON object.
"""

import argparse
import asyncio
import json
import math
import random
import statistics
import subprocess
import sys
import time

import websockets

from bench import server

GRACE_SECONDS = 5
CONNECT_BATCH = 20


class Load:
    """Counts what was sent and what arrived, and the latencies of the arrivals."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.expected = 0
        self.received = 0
        self.posts = 0
        self.errors: list[str] = []


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


async def _client(target: dict, load: Load, interval: float, workshop: bool, gate: dict) -> None:
    """One socket: open it (a few at a time), wait for the start, post, and time what arrives."""
    name, group_size = target["name"], target["group_size"]
    headers = {"Cookie": target["cookie"]} if target.get("cookie") else {}
    async with gate["opening"]:
        ws = await websockets.connect(
            target["url"], origin=target["origin"], additional_headers=headers, max_queue=None
        )
        if workshop:
            while json.loads(await ws.recv())["type"] != "state":
                pass
    gate["open"] += 1
    if gate["open"] == gate["total"]:
        gate["until"] = time.monotonic() + gate["seconds"]
        gate["go"].set()

    async def reader() -> None:
        async for raw in ws:
            if not workshop:
                sender, _, sent_at = raw.partition("|")
            else:
                frame = json.loads(raw)
                if frame["type"] == "post.ack":
                    load.posts += 1
                    load.expected += group_size - 1
                    continue
                if frame["type"] == "error":
                    load.errors.append(frame.get("code", "?"))
                    continue
                if frame["type"] != "post":
                    continue
                sender, _, sent_at = frame["post"]["text"].partition("|")
            if sender != name:
                load.received += 1
                load.latencies.append((time.monotonic() - float(sent_at)) * 1000)

    reading = asyncio.create_task(reader())
    await gate["go"].wait()
    await asyncio.sleep(random.uniform(0, interval))
    number = 0
    while time.monotonic() < gate["until"]:
        number += 1
        text = f"{name}|{time.monotonic()!r}"
        if workshop:
            frame = {
                "type": "post",
                "client_id": f"{name}-{number}",
                "kind": "notice",
                "text": text,
            }
            await ws.send(json.dumps(frame))
        else:
            await ws.send(text)
            load.posts += 1
            load.expected += group_size - 1
        await asyncio.sleep(interval * random.uniform(0.8, 1.2))
    await asyncio.sleep(GRACE_SECONDS)
    reading.cancel()
    await ws.close()


async def run_load(targets: list[dict], seconds: float, interval: float, workshop: bool) -> Load:
    """Open every socket, let them all post for `seconds`, then wait for stragglers."""
    load = Load()
    gate = {
        "opening": asyncio.Semaphore(CONNECT_BATCH),
        "open": 0,
        "total": len(targets),
        "seconds": seconds,
        "go": asyncio.Event(),
        "until": 0.0,
    }
    await asyncio.gather(*(_client(target, load, interval, workshop, gate) for target in targets))
    return load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between one client's posts"
    )
    parser.add_argument("--redis", action="store_true", help="two server processes on one Redis")
    args = parser.parse_args()
    print(run(args.clients, args.groups, args.seconds, args.interval, args.redis))


def run(clients: int, groups: int, seconds: float, interval: float, redis: bool) -> str:
    workdir = server.workdir()
    ports = [server.free_port() for _ in range(2 if redis else 1)]
    extra = {"BENCH_BASELINE_SOCKET": "1", "LOG_LEVEL": "ERROR"}
    if redis:
        extra["REDIS_URL"] = "redis://127.0.0.1:6379/5"
        _flush_redis(extra["REDIS_URL"])
    env = server.server_env(workdir, ports[0], **extra)
    server.prepare(env)
    seeded = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.seed_live", "--clients", str(clients), "--groups", str(groups)],
            cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=600,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    processes = [
        server.start(
            {**env, "SITE_URL": f"http://127.0.0.1:{port}"},
            port,
            log=workdir / f"server-{port}.log",
        )
        for port in ports
    ]
    try:
        sizes: dict[int, int] = {}
        for trainee in seeded["trainees"]:
            sizes[trainee["group_id"]] = sizes.get(trainee["group_id"], 0) + 1
        live_targets, base_targets = [], []
        for index, trainee in enumerate(seeded["trainees"]):
            port = ports[index % len(ports)]
            common = {
                "origin": f"http://127.0.0.1:{port}",
                "name": f"c{index}",
                "group_size": sizes[trainee["group_id"]],
            }
            live_targets.append(
                {
                    **common,
                    "url": f"ws://127.0.0.1:{port}/ws/workshops/{seeded['workshop_id']}/",
                    "cookie": f"sessionid={trainee['session']}",
                }
            )
            base_targets.append(
                {
                    **common,
                    "url": f"ws://127.0.0.1:{port}/ws/bench/broadcast/g{trainee['group_id']}/",
                }
            )
        live = asyncio.run(run_load(live_targets, seconds, interval, workshop=True))
        baseline = asyncio.run(run_load(base_targets, seconds, interval, workshop=False))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    p95 = _percentile(live.latencies, 0.95)
    base_p95 = _percentile(baseline.latencies, 0.95)
    summary = (
        f"workshop socket: {live.posts} posts, {live.received}/{live.expected} deliveries, "
        f"errors {len(live.errors)}; baseline: {baseline.received}/{baseline.expected} deliveries, "
        f"median {statistics.median(baseline.latencies or [0]):.1f} ms"
    )
    figures = {
        "p50_ms": round(_percentile(live.latencies, 0.50), 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(_percentile(live.latencies, 0.99), 1),
        "posts": live.posts,
        "lost": max(0, live.expected - live.received) + len(live.errors),
        "baseline_p95_ms": round(base_p95, 1),
        "ratio_p95": round(p95 / base_p95, 2) if base_p95 else None,
        "baseline_lost": max(0, baseline.expected - baseline.received),
        "clients": clients,
        "groups": groups,
        "seconds": seconds,
        "interval": interval,
        "redis": redis,
    }
    return summary + "\n" + json.dumps(figures)


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
