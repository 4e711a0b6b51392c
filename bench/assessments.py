"""Quiz submissions at once, completion decided in the request, and the cohort's completion table.

Run as `python -m bench.assessments [--production] [--quiz-trainees 200] [--cohort 500] [--rounds 5]`.
It starts a real server (config.serve, as production starts it) on a fresh database
with the demo seeded:

- by default one uvicorn process on a SQLite file of its own, the figure earlier
  runs reported, kept for comparison;
- with `--production`, as production runs (README): two server processes
  (`--workers 2`) on a fresh PostgreSQL database made on DATABASE_URL's server and
  dropped afterwards, with the cache and sessions in Redis (a database of its own on
  REDIS_URL's server, flushed before and after; bench/databases.py). It stops
  with a message if either does not answer, never falling back to SQLite.

The setup is a flag, not read from whether DATABASE_URL is exported, so the same
command always measures the same thing, and no database is made on a server the
command did not ask for. The load is the same in both:

1. quiz: 200 signed-in trainees, each with an open attempt on the demo's 10-question
   quiz, submit at the same moment over HTTP; every fourth also double-clicks (a
   second identical submit in parallel). quiz_p95_ms is from sending the submit to
   having the marked result page. Afterwards the database is read: `lost` counts
   submissions with no submitted attempt stored, `doubled` enrollments with more
   than one.
2. completion: a 500-trainee cohort whose trainees have done every step of the demo
   rule but the last lesson; each completes that lesson over HTTP. The server times
   each completion decision inside the request and says so in a Server-Timing header
   (bench/assessments_timing.py, loaded only by this bench's settings): completion_ms
   is the median of those, completion_p95_ms the p95. `completed_in_request` counts
   the responses that already said the program was complete.
3. table: the administrator's completion table of that cohort (no cache anywhere on
   its path). table_queries_5 and table_queries_500 are the SQL queries of the whole
   request for a 5-trainee and the 500-trainee cohort. table_ratio is the view's time
   (its queries, the completion selector and its template) divided by a plain Django
   template over the same rows (two plain queries, the site's layout and one table
   with as many columns), both rendered in one process for the same signed-in
   request and alternated over rounds: the median with its spread. table_http_ms is
   the page over HTTP from the real server, for scale.

The last line printed is one JSON object.
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

from bench import server, stats
from bench.databases import bench_database, bench_redis_url, flush_redis

MEASURED = (
    "quiz: {quiz} trainees submit at once over HTTP (every 4th double-clicks), p95 from "
    "submit to the marked result page; completion: {cohort} trainees complete the last step, "
    "decision timed in the request (Server-Timing); table: the admin's completion table view "
    "vs a plain Django template over the same rows, alternated in one process; server: {setup}"
)


def setup_of(production: bool, workers: int) -> str:
    if production:
        return f"PostgreSQL and Redis, {workers} server processes"
    return "SQLite, 1 server process, in-process cache"


TIMING = re.compile(r"completion;dur=([0-9.]+)")
APP_TIMING = re.compile(r"app;dur=([0-9.]+)")


class Session:
    """A keep-alive HTTP connection carrying one signed-in person's cookies."""

    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, data

    def csrf_from(self, path: str) -> str:
        """Open a page with a form, as the trainee would, and keep its CSRF token."""
        response, page = self.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise RuntimeError(f"{path} has no form")
        return found.group(1).decode()


def _run_threads(targets) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def quiz_phase(port: int, seeded: dict) -> dict:
    """Every trainee submits the quiz at the same moment; time to the marked result."""
    trainees = seeded["quiz_trainees"]
    sessions = [Session(port, t["session"]) for t in trainees]
    tokens = [session.csrf_from(seeded["quiz_url"]) for session in sessions]
    # The double click: a second browser connection of the same person, same form.
    doubles = {i: Session(port, trainees[i]["session"]) for i in range(0, len(trainees), 4)}
    for index, double in doubles.items():
        double.cookies = dict(sessions[index].cookies)
    latencies: list[float] = []
    server_ms: list[float] = []
    decision_ms: list[float] = []
    failures: list[str] = []
    barrier = threading.Barrier(len(sessions) + len(doubles))

    def submit(session: Session, trainee: dict, token: str, timed: bool) -> None:
        path = f"/assessments/quizzes/attempts/{trainee['attempt_id']}/submit/"
        body = f"csrfmiddlewaretoken={token}&{seeded['quiz_form']}"
        # A fresh connection: the warm-up's may have been closed by the server's keep-alive limit.
        session.connection.close()
        session.connection.connect()
        barrier.wait()
        started = time.perf_counter()
        try:
            response, _ = session.request("POST", path, body)
            # 303 for the first, 302/303 for the double click's refused second, as browsers follow.
            if response.status not in (302, 303):
                failures.append(f"submit answered {response.status}")
                return
            result, page = session.request("GET", response.getheader("Location"))
            if result.status != 200 or b"quiz-result" not in page:
                failures.append(f"result answered {result.status}")
                return
        except OSError as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
            return
        if timed:
            latencies.append((time.perf_counter() - started) * 1000)
            for answer in (response, result):
                server_ms.extend(
                    float(v) for v in APP_TIMING.findall(answer.getheader("Server-Timing") or "")
                )
            decision_ms.extend(
                float(v) for v in TIMING.findall(response.getheader("Server-Timing") or "")
            )

    targets = [
        (lambda s=s, t=t, k=k: submit(s, t, k, True))
        for s, t, k in zip(sessions, trainees, tokens, strict=True)
    ]
    targets += [
        (lambda i=i, d=d: submit(d, trainees[i], tokens[i], False)) for i, d in doubles.items()
    ]
    started = time.perf_counter()
    _run_threads(targets)
    wall = time.perf_counter() - started
    return {
        "quiz_p95_ms": round(stats.percentile(latencies, 0.95), 1),
        "quiz_p50_ms": round(stats.percentile(latencies, 0.5), 1),
        "quiz_max_ms": round(max(latencies), 1) if latencies else None,
        # Time inside Django per request (submit and result page), without the queue's wait.
        "quiz_server_p50_ms": round(stats.percentile(server_ms, 0.5), 1),
        "quiz_server_p95_ms": round(stats.percentile(server_ms, 0.95), 1),
        "quiz_completion_ms": round(statistics.median(decision_ms), 2) if decision_ms else None,
        "quiz_submissions": len(trainees),
        "quiz_double_clicks": len(doubles),
        "quiz_answered": len(latencies),
        "quiz_failures": failures[:5],
        "quiz_failure_count": len(failures),
        "quiz_wall_s": round(wall, 2),
    }


def completion_phase(port: int, seeded: dict, concurrency: int) -> dict:
    """Each of the cohort's trainees completes the last lesson; the server times the decision."""
    large = seeded["large"]
    trainees = large["trainees"]
    decisions: list[float] = []
    requests_ms: list[float] = []
    completed_in_request = 0
    failures: list[str] = []
    lock = threading.Lock()
    queue = list(range(len(trainees)))
    lesson_id = large["last_lesson_id"]

    def worker() -> None:
        nonlocal completed_in_request
        while True:
            with lock:
                if not queue:
                    return
                index = queue.pop()
            session = Session(port, trainees[index]["session"])
            try:
                token = session.csrf_from(large["last_lesson_url"])
                started = time.perf_counter()
                response, _ = session.request(
                    "POST",
                    f"/courses/lessons/{lesson_id}/complete/",
                    f"csrfmiddlewaretoken={token}",
                )
                elapsed = (time.perf_counter() - started) * 1000
            except (OSError, RuntimeError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            timing = TIMING.findall(response.getheader("Server-Timing") or "")
            with lock:
                requests_ms.append(elapsed)
                decisions.extend(float(value) for value in timing)
                # The view sends a completed trainee to マイページ, decided in this request.
                if response.status == 302 and response.getheader("Location") == "/mypage/":
                    completed_in_request += 1
                elif response.status != 302:
                    failures.append(f"complete answered {response.status}")

    _run_threads([worker] * concurrency)
    return {
        "completion_ms": round(statistics.median(decisions), 2) if decisions else None,
        "completion_p95_ms": round(stats.percentile(decisions, 0.95), 2),
        "completion_request_p50_ms": round(stats.percentile(requests_ms, 0.5), 1),
        "completion_request_p95_ms": round(stats.percentile(requests_ms, 0.95), 1),
        "completion_decisions": len(decisions),
        "completed_in_request": completed_in_request,
        "completion_trainees": len(trainees),
        "completion_failures": failures[:5],
    }


def table_http_ms(port: int, seeded: dict, rounds: int) -> float:
    """The administrator's table of the large cohort over HTTP, median of a few loads."""
    session = Session(port, seeded["admin"]["session"])
    path = f"/assessments/completion/cohorts/{seeded['large']['cohort_id']}/"
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        response, _ = session.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"the table answered {response.status}")
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times[1:]), 1)


#: The plain page: the site's layout and one table over the same rows, nothing else.
BASELINE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ title }}</h1><table><thead><tr>'
    "<th>氏名</th><th>状態</th>{% for label in labels %}<th>{{ label }}</th>{% endfor %}"
    '</tr></thead><tbody>{% for row in rows %}<tr><th><a href="{{ row.url }}">{{ row.name }}'
    "</a></th><td>{{ row.status }}</td>{% for cell in row.cells %}"
    '<td class="c-{{ cell }}">{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>'
    "{% endblock %}"
)


def table_in_process(env: dict, seeded: dict, rounds: int) -> dict:
    """Queries for 5 and 500 trainees, and the view against a plain template, alternated."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT", "REDIS_URL")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from assessments.models import QuizAttempt
    from courses.models import Enrollment, LessonProgress

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=seeded["admin"]["id"]))

    def url(key: str) -> str:
        return f"/assessments/completion/cohorts/{seeded[key]['cohort_id']}/"

    def view_queries(key: str) -> int:
        client.get(url(key))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(key)).status_code == 200
        return len(queries)

    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory
    from django.urls import reverse

    from assessments.selectors.completion import completion_table
    from assessments.views.completion import completion_table as table_view
    from courses.models import Cohort

    admin = User.objects.get(pk=seeded["admin"]["id"])
    large_id = seeded["large"]["cohort_id"]
    steps = len(completion_table(Cohort.objects.get(pk=large_id)).steps)
    template = engines["django"].from_string(BASELINE)

    def request():
        # The same request both sides render with: signed in, with the site's context processors.
        made = RequestFactory(HTTP_HOST="127.0.0.1").get(url("large"))
        made.user, made.session = admin, SessionStore()
        made._messages = FallbackStorage(made)
        return made

    def baseline() -> None:
        enrollments = list(
            Enrollment.objects.filter(cohort_id=large_id)
            .select_related("trainee")
            .order_by("trainee__furigana")
        )
        done = set(
            LessonProgress.objects.filter(
                enrollment__cohort_id=large_id, completed_at__isnull=False
            ).values_list("enrollment_id", "lesson_id")
        )
        rows = [
            {
                "url": reverse("assessments:completion_status", kwargs={"enrollment_id": e.pk}),
                "name": e.trainee.full_name,
                "status": e.get_status_display(),
                "cells": ["完了" if (e.pk, n) in done else "未完了" for n in range(steps)],
            }
            for e in enrollments
        ]
        context = {"title": "修了状況", "labels": [f"項目{n}" for n in range(steps)], "rows": rows}
        template.render(context, request())

    def app() -> None:
        response = table_view(request(), cohort_id=large_id)
        response.render()
        assert response.status_code == 200

    times: dict[str, list[float]] = {"app": [], "baseline": []}
    for side in ("app", "baseline"):  # warm both once
        (app if side == "app" else baseline)()
    for index in range(rounds):
        for side in stats.round_order(index):
            started = time.perf_counter()
            (app if side == "app" else baseline)()
            times[side].append((time.perf_counter() - started) * 1000)
    ratios = [stats.ratio(a, b) for a, b in zip(times["app"], times["baseline"], strict=True)]
    spread = stats.spread(ratios)

    quiz_ids = [t["enrollment_id"] for t in seeded["quiz_trainees"]]
    submitted = {}
    for enrollment_id in QuizAttempt.objects.filter(
        enrollment_id__in=quiz_ids, submitted_at__isnull=False
    ).values_list("enrollment_id", flat=True):
        submitted[enrollment_id] = submitted.get(enrollment_id, 0) + 1
    completed = Enrollment.objects.filter(
        cohort_id=large_id, status=Enrollment.Status.COMPLETED, completed_at__isnull=False
    ).count()
    return {
        "table_queries_5": view_queries("small"),
        "table_queries_500": view_queries("large"),
        "table_ratio": spread["median"],
        "table_ratio_rounds": ratios,
        "table_ratio_spread": [spread["min"], spread["max"]],
        "table_ratio_iqr": spread["iqr"],
        "table_view_ms": round(statistics.median(times["app"]), 1),
        "table_baseline_ms": round(statistics.median(times["baseline"]), 1),
        "table_steps": steps,
        "lost": sum(1 for pk in quiz_ids if submitted.get(pk, 0) == 0),
        "doubled": sum(1 for pk in quiz_ids if submitted.get(pk, 0) > 1),
        "completed_after": completed,
    }


def run(args, workdir, port: int, database_url: str, redis_url: str) -> dict:
    """Seed, serve, load and measure on one database; the server is stopped before the table."""
    env = server.server_env(
        workdir,
        port,
        database_url,
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="bench.assessments_settings",
    )
    server.prepare(env)
    seeded = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.seed_assessments",
             "--quiz-trainees", str(args.quiz_trainees), "--cohort", str(args.cohort)],
            cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=900,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    workers = args.workers if args.production else 1
    process = server.start(env, port, workers=workers, log=workdir / "server.log")
    try:
        figures = quiz_phase(port, seeded)
        print(f"quiz phase: {figures}", file=sys.stderr)
        figures.update(completion_phase(port, seeded, args.concurrency))
        figures["table_http_ms"] = table_http_ms(port, seeded, 3)
    finally:
        process.terminate()
        process.wait(timeout=20)
    figures.update(table_in_process(env, seeded, args.rounds))
    from django.db import connections

    connections.close_all()  # before the database is dropped
    figures["server_processes"] = workers
    figures["database"] = "postgresql" if args.production else "sqlite"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiz-trainees", type=int, default=200)
    parser.add_argument("--cohort", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8, help="clients completing lessons")
    parser.add_argument("--rounds", type=int, default=5, help="table view/baseline rounds")
    parser.add_argument(
        "--production",
        action="store_true",
        help="PostgreSQL at DATABASE_URL's server, Redis at REDIS_URL's, several server processes",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="server processes under --production"
    )
    args = parser.parse_args()
    if min(args.quiz_trainees, args.cohort, args.concurrency, args.rounds) < 1:
        parser.error("every count must be at least 1")
    if args.production and args.workers < 2:
        parser.error("--production runs at least 2 server processes")

    workdir = server.workdir()
    port = server.free_port()
    redis_url = bench_redis_url() if args.production else ""
    try:
        with bench_database(workdir, enabled=args.production) as database_url:
            figures = run(args, workdir, port, database_url, redis_url)
    finally:
        if redis_url:
            flush_redis(redis_url)
    figures["measured"] = MEASURED.format(
        quiz=args.quiz_trainees, cohort=args.cohort, setup=setup_of(args.production, args.workers)
    )
    figures["production"] = args.production
    figures["rounds"] = args.rounds
    print(
        f"quiz: p95 {figures['quiz_p95_ms']} ms over {figures['quiz_answered']} submissions, "
        f"lost {figures['lost']}, doubled {figures['doubled']}"
    )
    print(
        f"completion: decision median {figures['completion_ms']} ms, "
        f"p95 {figures['completion_p95_ms']} ms, {figures['completed_in_request']} of "
        f"{figures['completion_trainees']} complete within their request"
    )
    print(
        stats.describe(
            "table_ratio (view/plain template)", stats.spread(figures["table_ratio_rounds"])
        )
    )
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
