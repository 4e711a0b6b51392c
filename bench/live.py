"""Post-to-delivery latency of live group work, against a bare Channels broadcast on the same server.

Run as `python -m bench.live --clients 200 --groups 40 --seconds 20 [--rounds 3] [--redis]`.
Every client is a signed-in trainee on a websocket; each posts about every
`--interval` seconds (under the flood limit) and the benchmark times how long each
post takes to reach the other members of its group and the two screens a real
session has open: the facilitator's console and the plenary projector, which get
every group's posts. Loss is counted against the posts sent, so a post the server
never acknowledged counts as lost for every socket that should have seen it.

The same load runs against a bare broadcast consumer (no auth, no database, the
same two screens) on the same server, alternating with the app over `--rounds`
rounds; the ratio reported is the median of the rounds' p95 ratios, with its
spread. With `--redis` two server processes share Redis and the clients are split
between them (Redis at REDIS_URL, or database 5 of the local Redis, flushed
before and after the run). The last line is one JSON object.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time

import websockets

from bench import server, stats

GRACE_SECONDS = 5
CONNECT_BATCH = 20
SCREENS = ("console", "plenary")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
MEASURED = (
    "post-to-delivery latency over every delivery (each other member of the sender's group, "
    "plus the facilitator's console and the plenary screen), app workshop socket vs bare "
    "Channels broadcast with the same screens, alternated over rounds; loss counted against "
    "posts sent"
)


class Load:
    """What one run sent and what arrived where, so loss is counted against what was sent."""

    def __init__(self, screens: int = 0) -> None:
        self.screens = screens
        self.sent = 0
        self.acked = 0
        self.expected = 0
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.board_latencies: list[float] = []
        self.screen_latencies: list[float] = []
        self.duplicates = 0
        self._wanted: dict[str, int] = {}
        self._arrived: dict[str, int] = {}
        self._seen: set[tuple[str, str]] = set()

    def sent_post(self, key: str, group_size: int) -> None:
        """A post left a client: every other member and every screen should see it."""
        self.sent += 1
        wanted = group_size - 1 + self.screens
        self.expected += wanted
        self._wanted[key] = wanted

    def arrived(self, recipient: str, key: str, latency_ms: float, screen: bool) -> None:
        """A post reached a socket; a second copy to the same socket is not a delivery."""
        if (recipient, key) in self._seen:
            self.duplicates += 1
            return
        self._seen.add((recipient, key))
        self._arrived[key] = self._arrived.get(key, 0) + 1
        self.latencies.append(latency_ms)
        (self.screen_latencies if screen else self.board_latencies).append(latency_ms)

    @property
    def received(self) -> int:
        return len(self._seen)

    @property
    def lost(self) -> int:
        """Deliveries that the sent posts owed and that never came."""
        return sum(
            max(0, wanted - self._arrived.get(key, 0)) for key, wanted in self._wanted.items()
        )

    @property
    def lost_posts(self) -> int:
        """Sent posts that did not reach every socket they should have."""
        return sum(1 for key, wanted in self._wanted.items() if self._arrived.get(key, 0) < wanted)


def _payload(raw: str, workshop: bool) -> str | None:
    """The `sender|number|time` text a frame carries, or None for frames that are not posts."""
    if not workshop:
        return raw
    frame = json.loads(raw)
    if frame.get("type") != "post":
        return None
    return frame["post"]["text"]


async def _connect(target: dict, workshop: bool, gate: dict):
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
    return ws


async def _client(target: dict, load: Load, interval: float, workshop: bool, gate: dict) -> None:
    """One socket: open it (a few at a time), wait for the start, post, and time what arrives."""
    name, screen = target["name"], target.get("screen", False)
    ws = await _connect(target, workshop, gate)

    async def reader() -> None:
        async for raw in ws:
            if workshop:
                frame = json.loads(raw)
                if frame["type"] == "post.ack":
                    load.acked += 1
                    continue
                if frame["type"] == "error":
                    load.errors.append(frame.get("code", "?"))
                    continue
            text = _payload(raw, workshop)
            if text is None:
                continue
            sender, number, sent_at = text.split("|")
            if sender != name:
                latency = (time.monotonic() - float(sent_at)) * 1000
                load.arrived(name, f"{sender}|{number}", latency, screen)

    reading = asyncio.create_task(reader())
    await gate["go"].wait()
    if not screen:
        await asyncio.sleep(random.uniform(0, interval))
        number = 0
        while time.monotonic() < gate["until"]:
            number += 1
            text = f"{name}|{number}|{time.monotonic()!r}"
            load.sent_post(f"{name}|{number}", target["group_size"])
            if workshop:
                frame = {
                    # Unique across rounds: a repeated client_id is an idempotent retry.
                    "client_id": f"{gate['tag']}-{name}-{number}",
                    "type": "post",
                    "kind": "notice",
                    "text": text,
                }
                await ws.send(json.dumps(frame))
            else:
                await ws.send(text)
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))
    else:
        await asyncio.sleep(max(0.0, gate["until"] - time.monotonic()))
    await asyncio.sleep(GRACE_SECONDS)
    reading.cancel()
    await ws.close()


async def run_load(
    targets: list[dict], seconds: float, interval: float, workshop: bool, tag: str = "r"
) -> Load:
    """Open every socket, let them all post for `seconds`, then wait for stragglers."""
    load = Load(screens=sum(1 for target in targets if target.get("screen")))
    gate = {
        "opening": asyncio.Semaphore(CONNECT_BATCH),
        "open": 0,
        "total": len(targets),
        "seconds": seconds,
        "go": asyncio.Event(),
        "until": 0.0,
        "tag": tag,
    }
    await asyncio.gather(*(_client(target, load, interval, workshop, gate) for target in targets))
    return load


def targets_for(seeded: dict, ports: list[int]) -> tuple[list[dict], list[dict]]:
    """The app's sockets and the baseline's: the same clients, groups and two screens."""
    sizes: dict[int, int] = {}
    for trainee in seeded["trainees"]:
        sizes[trainee["group_id"]] = sizes.get(trainee["group_id"], 0) + 1
    live, base = [], []
    for index, trainee in enumerate(seeded["trainees"]):
        port = ports[index % len(ports)]
        common = {
            "origin": f"http://127.0.0.1:{port}",
            "name": f"c{index}",
            "group_size": sizes[trainee["group_id"]],
        }
        live.append(
            {
                **common,
                "url": f"ws://127.0.0.1:{port}/ws/workshops/{seeded['workshop_id']}/",
                "cookie": f"sessionid={trainee['session']}",
            }
        )
        base.append(
            {**common, "url": f"ws://127.0.0.1:{port}/ws/bench/broadcast/g{trainee['group_id']}/"}
        )
    # The console on the first server, the plenary on the last (the other one under --redis).
    for screen, port in zip(SCREENS, (ports[0], ports[-1]), strict=True):
        common = {"origin": f"http://127.0.0.1:{port}", "name": screen, "screen": True}
        live.append(
            {
                **common,
                "url": f"ws://127.0.0.1:{port}/ws/workshops/{seeded['workshop_id']}/",
                "cookie": f"sessionid={seeded['facilitator']}",
            }
        )
        base.append({**common, "url": f"ws://127.0.0.1:{port}/ws/bench/broadcast/console/"})
    return live, base


def summarise(app_rounds: list[Load], base_rounds: list[Load]) -> dict:
    """The JSON figures: pooled percentiles, totals, and per-round ratios with their spread."""
    pooled = [value for load in app_rounds for value in load.latencies]
    base_pooled = [value for load in base_rounds for value in load.latencies]
    app_p95 = [stats.percentile(load.latencies, 0.95) for load in app_rounds]
    base_p95 = [stats.percentile(load.latencies, 0.95) for load in base_rounds]
    ratios = [stats.ratio(a, b, 2) for a, b in zip(app_p95, base_p95, strict=True)]
    ratio_spread = stats.spread(ratios, 2)
    p95_spread = stats.spread(app_p95, 1)
    return {
        "p50_ms": round(stats.percentile(pooled, 0.50), 1),
        "p95_ms": round(stats.percentile(pooled, 0.95), 1),
        "p99_ms": round(stats.percentile(pooled, 0.99), 1),
        "board_p95_ms": round(
            stats.percentile([v for load in app_rounds for v in load.board_latencies], 0.95), 1
        ),
        "screens_p95_ms": round(
            stats.percentile([v for load in app_rounds for v in load.screen_latencies], 0.95), 1
        ),
        "sent": sum(load.sent for load in app_rounds),
        "posts": sum(load.acked for load in app_rounds),
        "deliveries": sum(load.received for load in app_rounds),
        "expected": sum(load.expected for load in app_rounds),
        "lost": sum(load.lost for load in app_rounds),
        "lost_posts": sum(load.lost_posts for load in app_rounds),
        "errors": sum(len(load.errors) for load in app_rounds),
        "baseline_p95_ms": round(stats.percentile(base_pooled, 0.95), 1),
        "ratio_p95": ratio_spread["median"],
        "ratio_p95_rounds": ratios,
        "ratio_p95_spread": [ratio_spread["min"], ratio_spread["max"]],
        "ratio_p95_iqr": ratio_spread["iqr"],
        "p95_ms_rounds": [round(value, 1) for value in app_p95],
        "p95_ms_spread": [p95_spread["min"], p95_spread["max"]],
        "baseline_p95_ms_rounds": [round(value, 1) for value in base_p95],
        "baseline_sent": sum(load.sent for load in base_rounds),
        "baseline_lost": sum(load.lost for load in base_rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20, help="posting time of each run")
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between one client's posts"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="app/baseline rounds, alternated (at least 3)"
    )
    parser.add_argument("--redis", action="store_true", help="two server processes on one Redis")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    print(run(args.clients, args.groups, args.seconds, args.interval, args.redis, args.rounds))


def run(
    clients: int, groups: int, seconds: float, interval: float, redis: bool, rounds: int = 3
) -> str:
    workdir = server.workdir()
    ports = [server.free_port() for _ in range(2 if redis else 1)]
    # REDIS_URL is set either way, so one left in the shell never turns an in-memory run into Redis.
    extra = {"BENCH_BASELINE_SOCKET": "1", "LOG_LEVEL": "ERROR", "REDIS_URL": ""}
    if redis:
        extra["REDIS_URL"] = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
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
    app_rounds: list[Load] = []
    base_rounds: list[Load] = []
    lines = []
    try:
        live_targets, base_targets = targets_for(seeded, ports)
        for index in range(rounds):
            for side in stats.round_order(index):
                if side == "app":
                    load = asyncio.run(
                        run_load(live_targets, seconds, interval, workshop=True, tag=f"r{index}")
                    )
                    app_rounds.append(load)
                else:
                    load = asyncio.run(run_load(base_targets, seconds, interval, workshop=False))
                    base_rounds.append(load)
            app, base = app_rounds[-1], base_rounds[-1]
            lines.append(
                f"round {index + 1}: app {app.sent} sent, {app.acked} acked, "
                f"{app.received}/{app.expected} deliveries, p95 "
                f"{stats.percentile(app.latencies, 0.95):.1f} ms; baseline "
                f"{base.received}/{base.expected}, p95 {stats.percentile(base.latencies, 0.95):.1f} ms"
            )
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        if redis:
            _flush_redis(extra["REDIS_URL"])
    layer = "Redis, two server processes" if redis else "in-memory, one server process"
    figures = {
        **summarise(app_rounds, base_rounds),
        "measured": f"{MEASURED}; channel layer {layer}",
        "rounds": rounds,
        "clients": clients,
        "groups": groups,
        "screens": len(SCREENS),
        "seconds": seconds,
        "interval": interval,
        "redis": redis,
    }
    ratio_line = stats.describe(
        "ratio_p95 (app/baseline)", stats.spread(figures["ratio_p95_rounds"], 2)
    )
    p95_line = stats.describe("app p95", stats.spread(figures["p95_ms_rounds"], 1), " ms")
    return "\n".join([*lines, ratio_line, p95_line, json.dumps(figures, ensure_ascii=False)])


def _flush_redis(url: str) -> None:
    """Empty the bench's own Redis database (and only that one) before a run."""
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
