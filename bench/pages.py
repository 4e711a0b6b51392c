"""Requests per second for a lesson page, against a static file from the same ASGI server.

Run as `python -m bench.pages [--seconds S] [--concurrency C] [--rounds R] [--redis]`.
Each of the C clients is a different trainee with a session of their own, so the
page cache holds one page per reader as it does in a real cohort. The headline is
the first visit: drawn_rps and drawn_ratio (drawn/static) are the lesson page drawn
afresh each time (a query string bypasses the reader page cache), as most trainees
read each lesson once. lesson_rps and ratio are the same page reread, replayed from
the cache. Lesson and static file alternate over R rounds; the figures are the
rounds' medians, printed with their spread. queries, replayed_queries and
queries_after_change are SQL per lesson view, counted in-process: drawn as measured,
replayed, and drawn just after a content change (shared data read again). With `--redis` the cache and channel layer are the
production ones: Redis at REDIS_URL, or database 6 of the local Redis; that one
database is flushed before and after the run. The last line is one JSON object.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from bench import server, stats

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
STATIC_PATH = "/static/css/site.css"
MEASURED = (
    "requests per second from {clients} keep-alive clients, each a different trainee with "
    "their own session, on their lesson page: drawn afresh (first visit, the headline) and "
    "replayed from the reader page cache (reread), each divided by the same server's static "
    "file rate; lesson and static alternated over rounds; cache {cache}"
)


class Session:
    """A keep-alive HTTP connection carrying one signed-in person's cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def sign_in(port: int, email: str) -> dict[str, str]:
    """Sign a demo person in over HTTP, as a browser does; their cookies (bench.anonymise)."""
    session = Session(port)
    _status, page = session.request("GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": email, "password": server.DEMO_PASSWORD}
    )
    status, _ = session.request("POST", "/accounts/login/", form)
    if status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError("sign-in failed")
    return session.cookies


def measure(port: int, paths: list[str], jars: list[dict], seconds: float) -> float:
    """Requests per second one keep-alive client per cookie jar gets, each for its own path."""
    counts = [0] * len(jars)
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        session = Session(port, jars[index])
        while time.monotonic() < stop:
            status, _ = session.request("GET", paths[index])
            if status != 200:
                failures.append(f"{paths[index]} answered {status}")
                return
            counts[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jars))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / (time.monotonic() - started)


def lesson_path_of(port: int, jar: dict) -> str:
    """The lesson a trainee's マイページ sends them to (続きから)."""
    _status, mypage = Session(port, jar).request("GET", "/mypage/")
    found = re.search(rb'<a class="button" href="([^"#]+)[^"]*">', mypage)
    if found is None:
        raise RuntimeError("マイページ has no lesson link for the bench trainee")
    return found.group(1).decode()


def lesson_queries(env: dict, user_id: int, path: str) -> tuple[int, int, int]:
    """SQL queries of one lesson view, counted in-process on the bench database.

    Drawn as the measured first visits are (a query string skips the reader page
    cache, shared data stays kept), replayed, and drawn just after a content change,
    when the shared data is read again too.
    """
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT", "REDIS_URL")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from courses import page_cache

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=user_id))
    for _ in range(3):  # learn the path, start the lesson, store the page
        client.get(path)
    with CaptureQueriesContext(connection) as replayed:
        client.get(path)
    with CaptureQueriesContext(connection) as drawn:
        client.get(f"{path}?draw=1")
    page_cache.content_changed()
    with CaptureQueriesContext(connection) as after_change:
        client.get(path)
    return len(drawn), len(replayed), len(after_change)


def run_rounds(measure_side, rounds: int) -> list[dict]:
    """Per round: static, reread and drawn rates, lesson and static alternated in order."""
    results = []
    for index in range(rounds):
        figures = {}
        for side in stats.round_order(index, app="lesson", baseline="static"):
            if side == "static":
                figures["static"] = measure_side("static")
            else:
                figures["reread"] = measure_side("reread")
                figures["drawn"] = measure_side("drawn")
        results.append(figures)
    return results


def summarise(results: list[dict]) -> dict:
    """Medians over the rounds, the drawn (first visit) ratio first, each with its spread."""
    drawn_ratios = [stats.ratio(r["drawn"], r["static"]) for r in results]
    reread_ratios = [stats.ratio(r["reread"], r["static"]) for r in results]
    drawn_spread, reread_spread = stats.spread(drawn_ratios), stats.spread(reread_ratios)
    return {
        "drawn_ratio": drawn_spread["median"],
        "drawn_ratio_rounds": drawn_ratios,
        "drawn_ratio_spread": [drawn_spread["min"], drawn_spread["max"]],
        "drawn_ratio_iqr": drawn_spread["iqr"],
        "ratio": reread_spread["median"],
        "ratio_rounds": reread_ratios,
        "ratio_spread": [reread_spread["min"], reread_spread["max"]],
        "ratio_iqr": reread_spread["iqr"],
        "drawn_rps": round(statistics.median(r["drawn"] for r in results), 1),
        "lesson_rps": round(statistics.median(r["reread"] for r in results), 1),
        "static_rps": round(statistics.median(r["static"] for r in results), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5, help="length of each measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="clients, one trainee each")
    parser.add_argument("--rounds", type=int, default=3, help="lesson/static rounds, alternated")
    parser.add_argument(
        "--redis",
        action="store_true",
        help=f"production cache: Redis at REDIS_URL or {DEFAULT_REDIS_URL} (that db is flushed)",
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.concurrency < 1:
        parser.error("--rounds and --concurrency must be at least 1")

    redis_url = (os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL) if args.redis else ""
    if redis_url:
        _flush_redis(redis_url)
    workdir = server.workdir()
    port = server.free_port()
    # REDIS_URL is set either way, so one left in the shell never turns a locmem run into Redis.
    env = server.server_env(workdir, port, REDIS_URL=redis_url)
    server.prepare(env)
    seeded = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.seed_live", "--clients", str(args.concurrency), "--groups", "1"],
            cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=600,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    process = server.start(env, port, log=workdir / "server.log")
    try:
        jars = [{"sessionid": trainee["session"]} for trainee in seeded["trainees"]]
        lessons = [lesson_path_of(port, jar) for jar in jars]
        variants = {
            "static": [STATIC_PATH] * len(jars),
            "reread": lessons,
            "drawn": [f"{path}?draw=1" for path in lessons],
        }
        for side in ("reread", "drawn"):  # learn the path, start the lesson, store each page
            for _ in range(3):
                for jar, path in zip(jars, variants[side], strict=True):
                    Session(port, jar).request("GET", path)
        measure(port, variants["static"], jars, 1)
        results = run_rounds(
            lambda side: measure(port, variants[side], jars, args.seconds), args.rounds
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
    queries, replayed_queries, changed_queries = lesson_queries(
        env, seeded["trainees"][0]["id"], lessons[0]
    )
    if redis_url:
        _flush_redis(redis_url)
    figures = {
        **summarise(results),
        "queries": queries,
        "replayed_queries": replayed_queries,
        "queries_after_change": changed_queries,
        "measured": MEASURED.format(
            clients=len(jars), cache="Redis" if redis_url else "in-process (locmem)"
        ),
        "lesson_path": lessons[0],
        "clients": len(jars),
        "sessions": len({jar["sessionid"] for jar in jars}),
        "rounds": args.rounds,
        "seconds": args.seconds,
        "redis": bool(redis_url),
    }
    for index, result in enumerate(results, 1):
        print(
            f"round {index}: drawn {result['drawn']:.1f} req/s, reread {result['reread']:.1f} "
            f"req/s, static {result['static']:.1f} req/s"
        )
    print(
        stats.describe(
            "first visit drawn_ratio (drawn/static)", stats.spread(figures["drawn_ratio_rounds"])
        )
    )
    print(stats.describe("reread ratio (cached/static)", stats.spread(figures["ratio_rounds"])))
    print(json.dumps(figures, ensure_ascii=False))


def _flush_redis(url: str) -> None:
    """Empty the bench's own Redis database (and only that one)."""
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
