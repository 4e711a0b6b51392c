"""Requests per second for a lesson page, against a static file from the same ASGI server.

Run as `python -m bench.pages [--seconds S] [--concurrency C]`. The last line is
one JSON object: lesson_rps, static_rps, ratio (lesson/static, the figure that
stays comparable on a noisy shared machine) and queries (SQL per lesson view).
A reader's lesson page is replayed from the reader page cache after the first
visit, so lesson_rps is the page as a trainee rereads it; drawn_rps, drawn_ratio
and drawn_queries are the same page drawn afresh each time (a query string
bypasses the cache), as on a first visit or after any change.
"""

import argparse
import http.client
import json
import os
import re
import threading
import time
import urllib.parse

from bench import server


class Session:
    """A keep-alive HTTP connection carrying one signed-in person's cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
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


def measure(port: int, path: str, cookies: dict, seconds: float, concurrency: int) -> float:
    """Requests per second that `concurrency` keep-alive clients get for `path`."""
    counts = [0] * concurrency
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        session = Session(port, cookies)
        while time.monotonic() < stop:
            status, _ = session.request("GET", path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            counts[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def lesson_queries(env: dict, email: str, path: str) -> tuple[int, int]:
    """SQL queries of one lesson view, drawn and replayed, counted in-process on the bench database."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from courses import page_cache

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=email))
    for _ in range(3):  # learn the path, start the lesson, store the page
        client.get(path)
    with CaptureQueriesContext(connection) as replayed:
        client.get(path)
    page_cache.content_changed()
    with CaptureQueriesContext(connection) as drawn:
        client.get(path)
    return len(drawn), len(replayed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    workdir = server.workdir()
    port = server.free_port()
    env = server.server_env(workdir, port)
    server.prepare(env)
    process = server.start(env, port)
    email = "trainee.oita@example.jp"
    try:
        cookies = sign_in(port, email)
        session = Session(port, cookies)
        _status, mypage = session.request("GET", "/mypage/")
        lesson_path = (
            re.search(rb'<a class="button" href="([^"#]+)[^"]*">', mypage).group(1).decode()
        )
        static_path = "/static/css/site.css"
        measure(port, lesson_path, cookies, 1, 2)  # warm up
        lesson_rps = measure(port, lesson_path, cookies, args.seconds, args.concurrency)
        static_rps = measure(port, static_path, cookies, args.seconds, args.concurrency)
        drawn_path = f"{lesson_path}?draw=1"
        measure(port, drawn_path, cookies, 1, 2)
        drawn_rps = measure(port, drawn_path, cookies, args.seconds, args.concurrency)
    finally:
        process.terminate()
        process.wait(timeout=10)
    queries, replayed_queries = lesson_queries(env, email, lesson_path)
    print(
        f"lesson page {lesson_path}: {lesson_rps:.1f} req/s; static {static_path}: {static_rps:.1f} req/s"
    )
    print(
        json.dumps(
            {
                "lesson_rps": round(lesson_rps, 1),
                "static_rps": round(static_rps, 1),
                "ratio": round(lesson_rps / static_rps, 3),
                "queries": queries,
                "replayed_queries": replayed_queries,
                "drawn_rps": round(drawn_rps, 1),
                "drawn_ratio": round(drawn_rps / static_rps, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
