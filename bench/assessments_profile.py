"""What one quiz submission costs the server, end to end: milliseconds, SQL queries, a profile.

Run as `python -m bench.assessments_profile [--submissions 20] [--profile] [--production]`.
It seeds its own database as bench.assessments does (SQLite, or with `--production` a
fresh PostgreSQL database and a Redis cache of its own, bench/databases.py), then, in one process and one at a time, signs each
trainee's browser in, opens the quiz page for its CSRF token and submits the right
answers through the real URL and middleware (CSRF enforced), following the redirect
to the marked result. For each submission it counts the queries of the submit and of
the result page (CaptureQueriesContext) and times both. `--profile` adds cProfile's
top functions over ten more submissions. This is the per-request cost that the burst in
bench.assessments queues up; the burst itself is measured only there.

The last line printed is one JSON object.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections import Counter

from bench import server
from bench.databases import bench_database, bench_redis_url, flush_redis

#: Submissions cProfile watches with --profile, after the measured ones.
PROFILED = 10


def _seed(env: dict, trainees: int) -> dict:
    return json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.seed_assessments",
             "--quiz-trainees", str(trainees), "--cohort", "5"],
            cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=900,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip


def measure(env: dict, seeded: dict, submissions: int, profile: bool) -> dict:
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT", "REDIS_URL")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def opened(trainee: dict):
        """The trainee's browser on the quiz page, with its CSRF token, ready to submit."""
        client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = trainee["session"]
        page = client.get(seeded["quiz_url"])
        token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
        token = token or client.cookies["csrftoken"].value
        return client, f"csrfmiddlewaretoken={token}&{seeded['quiz_form']}"

    def one(trainee: dict, browser=None) -> dict:
        client, body = browser or opened(trainee)
        path = f"/assessments/quizzes/attempts/{trainee['attempt_id']}/submit/"
        with CaptureQueriesContext(connection) as submit_queries:
            started, cpu = time.perf_counter(), time.thread_time()
            submitted = client.post(path, body, content_type="application/x-www-form-urlencoded")
            submit_ms = (time.perf_counter() - started) * 1000
            submit_cpu_ms = (time.thread_time() - cpu) * 1000
        assert submitted.status_code in (302, 303), submitted.status_code
        with CaptureQueriesContext(connection) as result_queries:
            started, cpu = time.perf_counter(), time.thread_time()
            result = client.get(submitted["Location"])
            result_ms = (time.perf_counter() - started) * 1000
            result_cpu_ms = (time.thread_time() - cpu) * 1000
        assert result.status_code == 200 and b"quiz-result" in result.content
        return {
            "submit_ms": submit_ms,
            "result_ms": result_ms,
            "submit_cpu_ms": submit_cpu_ms,
            "result_cpu_ms": result_cpu_ms,
            "submit_queries": [q["sql"] for q in submit_queries.captured_queries],
            "result_queries": [q["sql"] for q in result_queries.captured_queries],
        }

    trainees = seeded["quiz_trainees"]
    one(trainees[0])  # warm imports, templates and connections
    runs = [one(trainee) for trainee in trainees[1 : 1 + submissions]]
    figures = {
        "submit_ms": round(statistics.median(r["submit_ms"] for r in runs), 2),
        "result_ms": round(statistics.median(r["result_ms"] for r in runs), 2),
        "total_ms": round(statistics.median(r["submit_ms"] + r["result_ms"] for r in runs), 2),
        # This thread's CPU time: the app's own cost, less blurred by a busy machine than
        # the wall clock (SQLite runs in this thread; PostgreSQL's own work is not in it).
        "submit_cpu_ms": round(statistics.median(r["submit_cpu_ms"] for r in runs), 2),
        "result_cpu_ms": round(statistics.median(r["result_cpu_ms"] for r in runs), 2),
        "total_cpu_ms": round(
            statistics.median(r["submit_cpu_ms"] + r["result_cpu_ms"] for r in runs), 2
        ),
        "submit_queries": len(runs[0]["submit_queries"]),
        "result_queries": len(runs[0]["result_queries"]),
        "submissions": len(runs),
        "database": connection.vendor,
    }
    for name in ("submit_queries", "result_queries"):
        kinds = Counter(sql.split()[0] for sql in runs[0][name])
        print(f"{name}: {dict(kinds)}", file=sys.stderr)
        for sql in runs[0][name]:
            print(f"  {sql[:220]}", file=sys.stderr)
    if profile:
        # Over several submissions, so one slow moment of a busy machine weighs little.
        browsers = [(t, opened(t)) for t in trainees[1 + submissions :]]
        profiler = cProfile.Profile()
        profiler.enable()
        for trainee, browser in browsers:
            one(trainee, browser)
        profiler.disable()
        out = io.StringIO()
        profile_stats = pstats.Stats(profiler, stream=out)
        profile_stats.sort_stats("cumulative").print_stats(90)
        profile_stats.sort_stats("tottime").print_stats(40)
        print(f"cProfile over {len(browsers)} submissions", file=sys.stderr)
        print(out.getvalue(), file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument(
        "--profile", action="store_true", help=f"cProfile {PROFILED} more submissions"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="a fresh database on DATABASE_URL's server, and Redis on REDIS_URL's",
    )
    args = parser.parse_args()
    if args.submissions < 1:
        parser.error("--submissions must be at least 1")
    workdir = server.workdir()
    port = server.free_port()
    redis_url = bench_redis_url() if args.production else ""
    with bench_database(workdir, enabled=args.production) as database_url:
        env = server.server_env(workdir, port, database_url, REDIS_URL=redis_url)
        server.prepare(env)
        seeded = _seed(env, args.submissions + 1 + (PROFILED if args.profile else 0))
        figures = measure(env, seeded, args.submissions, args.profile)
        from django.db import connections

        connections.close_all()
    if redis_url:
        flush_redis(redis_url)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
