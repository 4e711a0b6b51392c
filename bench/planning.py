"""The plan page on a real server against a plain template, the plan's checks, and a roster import.

Run as `python -m bench.planning [--seconds S] [--concurrency C] [--rounds R] [--rows N]`
(`--import-only` for part 3 alone).
A fresh SQLite database is migrated and seeded as `make run` does; then, through the
planning services, 大分県 gets a 2027年度 plan from the ひな形 with its five meetings
(minutes, every member attending, two action items each) and four training days of 12
slots each, every required role given (bench/seed_planning.py), and a 2028年度 plan
twice as large for the query count.

1. plan: a real server (config.serve, bench/planning_settings.py: the project's settings
   plus one URL) answers C keep-alive clients of one signed-in committee member for S
   seconds: the plan page, which runs every check on each draw (nothing on its path is
   cached), and the baseline, a plain Django template over the same plan's days,
   meetings and milestones read with three plain queries, in the same layout
   (bench/planning_urls.py). The two alternate over R rounds; plan_ratio is
   baseline req/s / plan req/s per round (the plan page's time over the plain page's),
   the median with its spread. plan_queries and plan_queries_large are the SQL of one
   plan page for the plan and for the larger one, counted in-process.
2. checks: every check of planning/checks.py (plan_problems) over the plan already
   loaded, dated as on the 後期 training's first day, so three of the four days are in
   the 14-day window of the unassigned-role check and it reads their roles: median ms
   over R rounds. snapshot_ms is loading the plan for them (the selector's queries).
3. import: an N-row UTF-8 roster (Japanese names, 大分県's 18 municipalities by
   population, a seat plan with enough seats for each) goes through the views, signed in
   as the committee member, in-process: import_preview_s is the upload (the form reads the
   file, roster_check checks every row, the rows are signed, the preview page of N rows is
   drawn), import_confirm_s the confirm (the signed rows read back, roster_import_confirm
   invites and enrols everyone, and queues the N invitation mails for the task worker in
   slices of 200: the worker renders and sends them after the response, so they are not in
   the figure; a mail left in the request goes to the console backend, written to a file).
   A fresh training day and cohort each round.

The last line printed is one JSON object.
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import sys
import time

from bench import server, stats
from bench.pages import measure, sign_in

MEASURED = (
    "plan: requests/s of the plan page (5 meetings, 4 days of 12 slots, roles given) from "
    "{clients} keep-alive clients of one signed-in committee member on a real server, vs a "
    "plain Django template over the same rows on the same server, alternated over {rounds} "
    "rounds; checks: plan_problems over the loaded plan; import: {rows}-row UTF-8 roster "
    "through the upload and confirm views in-process, mails queued for the task worker"
)
COMMITTEE_EMAIL = "committee.oita@example.jp"
BENCH_YEAR, LARGE_YEAR = 2027, 2028


def _setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _committee_users():
    from accounts.models import Membership, Prefecture, Role, User

    oita = Prefecture.objects.get(slug="oita")
    users = list(
        User.objects.filter(
            pk__in=Membership.objects.filter(prefecture=oita, role=Role.COMMITTEE).values("user")
        ).order_by("email")
    )
    assert any(user.email == COMMITTEE_EMAIL for user in users), "seed_demo makes the member"
    return oita, users


def seed_plans() -> tuple[int, int]:
    """The measured 2027年度 plan and the larger 2028年度 one, made through the services."""
    from bench.seed_planning import fill_plan
    from planning.services.committee import committee_member_add
    from planning.services.plans import plan_create

    oita, users = _committee_users()
    ids = []
    for year, size in ((BENCH_YEAR, {"days": 4, "items": 12}), (LARGE_YEAR, None)):
        plan = plan_create(prefecture=oita, fiscal_year=year)
        members = [committee_member_add(committee=plan.committee, user=u) for u in users]
        fill_plan(plan, members, **(size or {"days": 8, "items": 12, "meetings": 10}))
        ids.append(plan.pk)
    return ids[0], ids[1]


def http_rounds(port: int, plan_id: int, args) -> list[dict]:
    """Plan page and baseline req/s per round, alternated."""
    jar = sign_in(port, COMMITTEE_EMAIL)
    jars = [dict(jar) for _ in range(args.concurrency)]
    paths = {
        "plan": f"/planning/plans/{plan_id}/",
        "baseline": f"/bench/plan-baseline/{plan_id}/",
    }
    for side in paths:  # warm both: the server's threads, templates and translations
        measure(port, [paths[side]] * len(jars), jars, 1)
    results = []
    for index in range(args.rounds):
        figures = {}
        for side in stats.round_order(index, app="plan", baseline="baseline"):
            figures[side] = measure(port, [paths[side]] * len(jars), jars, args.seconds)
        results.append(figures)
    return results


def _client():
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=COMMITTEE_EMAIL))
    return client


def page_queries(client, path: str) -> int:
    """SQL queries of one draw of a page, after a first one has warmed the process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200 and "確認が必要なこと" in response.content.decode()
    return len(queries)


def checks_rounds(plan_id: int, rounds: int, repeat: int = 20) -> dict:
    """plan_problems over the loaded plan: ms per run, median of `repeat` runs per round."""
    from planning.checks import plan_problems
    from planning.models import AnnualPlan
    from planning.selectors.plans import plan_snapshot

    plan = AnnualPlan.objects.select_related("committee__prefecture").get(pk=plan_id)
    loads = []
    for _ in range(rounds):
        started = time.perf_counter()
        snapshot = plan_snapshot(plan)
        loads.append((time.perf_counter() - started) * 1000)
    days = sorted(snapshot.days, key=lambda d: d.date)
    today = days[1].date  # the 後期 training's first day: three days within the 14-day window
    problems = plan_problems(snapshot, today)
    per_round = []
    for _ in range(rounds):
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            plan_problems(snapshot, today)
            runs.append((time.perf_counter() - started) * 1000)
        per_round.append(statistics.median(runs))
    spread = stats.spread(per_round)
    return {
        "checks_ms": spread["median"],
        "checks_ms_rounds": [round(ms, 3) for ms in per_round],
        "checks_ms_spread": [spread["min"], spread["max"]],
        "checks_problems": len(problems),
        "checks_today": today.isoformat(),
        "checks_items": sum(len(snapshot.items_of(day)) for day in snapshot.days),
        "snapshot_ms": round(statistics.median(loads), 2),
    }


def _import_day(round_index: int, rows: int):
    """A training day of the bench plan with a cohort and seats for `rows` trainees."""
    from datetime import date

    from bench.seed_planning import roster_counts, roster_organisations
    from courses import services as course_services
    from courses.models import Cohort
    from planning.models import AnnualPlan
    from planning.seats import SeatRule
    from planning.services.seats import seats_adjust, seats_share
    from planning.services.training import training_day_save

    oita, _users = _committee_users()
    roster_organisations(oita)
    plan = AnnualPlan.objects.get(committee__prefecture=oita, committee__fiscal_year=BENCH_YEAR)
    template = Cohort.objects.filter(prefecture=oita).order_by("pk").first()
    cohort = course_services.cohort_create(
        program=template.program,
        prefecture=oita,
        fiscal_year=BENCH_YEAR,
        title=f"名簿ベンチ{round_index + 1}",
        starts_on=date(BENCH_YEAR, 11, 1),
        ends_on=date(BENCH_YEAR, 11, 30),
        venue="ベンチ会場",
        capacity=rows,
    )
    day = training_day_save(
        plan=plan,
        title=f"名簿ベンチの研修日{round_index + 1}",
        date=date(BENCH_YEAR, 11, 10 + round_index),
        starts_at=plan.training_days.first().starts_at,
        ends_at=plan.training_days.first().ends_at,
        venue="ベンチ会場",
        capacity=rows,
        program=template.program,
        cohort=cohort,
    )
    seat_plan = seats_share(day=day, rule=SeatRule.EQUAL)
    wanted = roster_counts(rows)
    seats_adjust(
        day=day,
        seats={a.pk: wanted.get(a.municipality, 0) for a in seat_plan.allocations.all()},
    )
    return day, cohort


def import_rounds(rows: int, rounds: int, mail_log) -> dict:
    """Upload and confirm an N-row roster through the views, a fresh day each round."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from bench.seed_planning import roster_csv
    from courses.models import Enrollment

    client = _client()
    previews, confirms = [], []
    for index in range(rounds):
        day, cohort = _import_day(index, rows)
        data = roster_csv(rows, tag=f"r{index}", seed=index)
        upload = SimpleUploadedFile("名簿.csv", data, content_type="text/csv")
        started = time.perf_counter()
        preview = client.post(reverse("planning:roster_upload", args=[day.pk]), {"file": upload})
        previews.append(time.perf_counter() - started)
        page = preview.content.decode()
        found = re.search(r'name="payload" value="([^"]+)"', page)
        if preview.status_code != 200 or found is None:
            errors = re.findall(r'class="error[^"]*"[^>]*>([^<]+)', page)[:5]
            raise RuntimeError(f"the preview refused the roster: {preview.status_code} {errors}")
        started = time.perf_counter()
        with contextlib.redirect_stdout(mail_log):
            confirm = client.post(
                reverse("planning:roster_confirm", args=[day.pk]), {"payload": found.group(1)}
            )
        confirms.append(time.perf_counter() - started)
        enrolled = Enrollment.objects.filter(cohort=cohort).count()
        if confirm.status_code != 302 or enrolled != rows:
            raise RuntimeError(f"the confirm answered {confirm.status_code}, {enrolled} enrolled")
    preview_spread, confirm_spread = stats.spread(previews, 2), stats.spread(confirms, 2)
    return {
        "import_preview_s": preview_spread["median"],
        "import_preview_s_rounds": [round(s, 2) for s in previews],
        "import_preview_s_spread": [preview_spread["min"], preview_spread["max"]],
        "import_confirm_s": confirm_spread["median"],
        "import_confirm_s_rounds": [round(s, 2) for s in confirms],
        "import_confirm_s_spread": [confirm_spread["min"], confirm_spread["max"]],
        "import_rows": rows,
        "import_bytes": len(data),
        "import_rounds": rounds,
    }


def summarise(results: list[dict]) -> dict:
    """Plan and baseline rates, and the ratio per round with its spread."""
    ratios = [stats.ratio(r["baseline"], r["plan"]) for r in results]
    spread = stats.spread(ratios)
    return {
        "plan_rps": round(statistics.median(r["plan"] for r in results), 1),
        "plan_rps_rounds": [round(r["plan"], 1) for r in results],
        "baseline_rps": round(statistics.median(r["baseline"] for r in results), 1),
        "baseline_rps_rounds": [round(r["baseline"], 1) for r in results],
        "plan_ratio": spread["median"],
        "plan_ratio_rounds": ratios,
        "plan_ratio_spread": [spread["min"], spread["max"]],
        "plan_ratio_iqr": spread["iqr"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="length of each measurement")
    parser.add_argument("--concurrency", type=int, default=4, help="keep-alive clients")
    parser.add_argument("--rounds", type=int, default=5, help="plan/baseline and checks rounds")
    parser.add_argument("--rows", type=int, default=2000, help="rows of the roster")
    parser.add_argument("--import-rounds", type=int, default=2, help="imports, a fresh day each")
    parser.add_argument(
        "--import-only", action="store_true", help="measure only the roster import (part 3)"
    )
    args = parser.parse_args()
    if min(args.rounds, args.concurrency, args.rows, args.import_rounds) < 1:
        parser.error("every count must be at least 1")

    workdir = server.workdir()
    port = server.free_port()
    env = server.server_env(
        workdir, port, REDIS_URL="", DJANGO_SETTINGS_MODULE="bench.planning_settings"
    )
    print(f"preparing {workdir} ...", file=sys.stderr)
    server.prepare(env)
    _setup_django(env)
    plan_id, large_id = seed_plans()
    results, figures = [], {}
    if not args.import_only:
        from django.db import connections

        connections.close_all()  # the server gets the SQLite file to itself while measured
        process = server.start(env, port, log=workdir / "server.log")
        try:
            results = http_rounds(port, plan_id, args)
        finally:
            process.terminate()
            process.wait(timeout=30)

        client = _client()
        figures = summarise(results)
        figures["plan_queries"] = page_queries(client, f"/planning/plans/{plan_id}/")
        figures["plan_queries_large"] = page_queries(client, f"/planning/plans/{large_id}/")
        figures.update(checks_rounds(plan_id, args.rounds))
    with open(workdir / "mail.log", "w") as mail_log:
        figures.update(import_rounds(args.rows, args.import_rounds, mail_log))
    figures.update(
        {
            "measured": MEASURED.format(
                clients=args.concurrency, rounds=args.rounds, rows=args.rows
            ),
            "clients": args.concurrency,
            "rounds": args.rounds,
            "seconds": args.seconds,
        }
    )
    for index, result in enumerate(results, 1):
        print(
            f"round {index}: plan {result['plan']:.1f} req/s, "
            f"baseline {result['baseline']:.1f} req/s"
        )
    if results:
        print(
            stats.describe(
                "plan_ratio (plain/plan req/s)", stats.spread(figures["plan_ratio_rounds"])
            )
        )
        print(stats.describe("checks", stats.spread(figures["checks_ms_rounds"]), " ms"))
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
