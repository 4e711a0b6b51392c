"""Seconds to bulk-issue N signed 修了証 through the real task worker, and the verify page's p95.

Run as `python -m bench.certificates [--count N] [--workers W] [--servers S] [--concurrency C]
[--rounds R] [--production]`. A fresh database is migrated and seeded as `make run` does
(with --production a fresh PostgreSQL database on DATABASE_URL's server, as production
runs; else SQLite, the embedded default); W `manage.py db_worker` processes
(django-tasks-db) are started, and each round waits until every one has said it is
ready, as production's are before anyone clicks. Each of R rounds adds a 大分県 cohort
of N complete trainees, and the clock runs from bulk_run_start until the run is done.
The baseline renders that round's certificates when it goes second, and the round
before's (as many, the same HTML but for names, numbers and codes) when it goes first;
the two alternate which goes first, round by round, and the JSON gives the median with
its spread. Each certificate
is rendered by WeasyPrint, signed with pyHanko and stored, as in production.

The baseline renders certificates' PDFs with the same WeasyPrint call
(certificates.pdf.certificate_pdf: same HTML, fetcher and font set-up), with no
database, numbering, signature or file: bare_seconds. It runs on equal terms with
the issue: the certificates are split over W processes that render at the same time,
and its clock is the wall clock until the last one is done (not one process's time
divided by W, which would assume W free cores on a shared machine).

Then a real server (config.serve) is started with S processes, as production runs
several, and C concurrent keep-alive connections fetch /verify/<code>/ of the issued
certificates, each request with no cookie, as an employer's first visit from the QR
code: verify_p95_ms. The client is wrk when it is installed (`apt-get install wrk`),
for --verify-seconds: written in C, it measures the server, where C Python threads
on the same cores measured their own GIL too; without it the Python client runs and
the JSON says so ("client"); wrk runs R times after the issue rounds, and the JSON
gives the median. The rate limit goes through the cache as in production;
with several processes that must be one cache they share, so every process is given
Redis (--redis, REDIS_URL in production) rather than each process's own memory; the
task workers share through it the line of certificates being rendered. The
limit per address is raised for the run (every client is 127.0.0.1), so the page
itself is measured, not its 429. The last line is one JSON object.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import threading
import time

from bench import server, stats
from bench.databases import bench_database, bench_redis_url, flush_redis
from config import serve

CLIENT_NOTE = (
    "wrk not found: the verify figures come from Python client threads sharing the "
    "cores and the GIL with each other, so they count the client's time as well"
)
MEASURED = (
    "median of {rounds} rounds on {database}: seconds from bulk_run_start to the run being done for {count} complete trainees, "
    "issued by {workers} db_worker process(es): WeasyPrint render, pyHanko signature, "
    "stored file and database rows per certificate; baseline the same WeasyPrint render of "
    "each certificate alone, split over {workers} process(es) rendering at once, wall clock; "
    "verify page p95 under {concurrency} concurrent keep-alive connections, each request a "
    "first visit with no cookie, on a real server of {servers} process(es) sharing the Redis "
    "cache for the rate limit"
)


def _setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _trainees(count: int, round_index: int = 0):
    """A 大分県 cohort of `count` complete trainees, its administrator, and the profile in place."""
    from django.utils import timezone

    from accounts.models import Prefecture, Role, User
    from accounts.services import membership_grant
    from certificates.models import IssuerProfile
    from courses import services as course_services
    from courses.models import Cohort, Enrollment

    oita = Prefecture.objects.get(slug="oita")
    assert IssuerProfile.objects.filter(prefecture=oita).exists(), "seed_demo makes the profile"
    admin = User.objects.get(email="admin.oita@example.jp")
    template = Cohort.objects.filter(prefecture=oita).order_by("pk").first()
    cohort = course_services.cohort_create(
        program=template.program,
        prefecture=oita,
        fiscal_year=template.fiscal_year,
        title=f"ベンチマークの回 {round_index + 1}",
        starts_on=template.starts_on,
        ends_on=template.ends_on,
        venue="会場",
        capacity=count + 10,
        facilitators=[],
    )
    names = ["𠮷田", "髙橋", "山田", "佐藤", "鈴木", "渡邉"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-trainee-{round_index}-{index}@example.jp",
                full_name=f"{names[index % len(names)]} 花子{index}",
                furigana=f"べんち はなこ{index}",
            )
            for index in range(count)
        ]
    )
    for user in users:
        membership_grant(user=user, prefecture=oita, role=Role.TRAINEE)
    now = timezone.now()
    for user in users:
        enrollment = course_services.enrollment_create(trainee=user, cohort=cohort)
        course_services.enrollment_completion_set(enrollment=enrollment, completed_at=now)
    assert Enrollment.objects.filter(cohort=cohort, status="completed").count() == count
    return cohort, admin


#: What db_worker logs (at -v1) once Django is set up and it starts looking for tasks.
READY_LINE = b"Starting worker"


def _workers(env: dict, count: int, log_path) -> list[subprocess.Popen]:
    """`count` task workers, returned once each is set up and looking for tasks.

    A production worker is running before anyone clicks, so its start is not timed:
    the clock starts when every worker has said it is ready, not after a guessed pause
    (two workers importing Django side by side took longer than the 2 s once slept).
    """
    command = [*serve.worker_command(), "--no-startup-delay", "-v1"]
    already = log_path.read_bytes().count(READY_LINE) if log_path.exists() else 0
    with open(log_path, "ab") as log:
        workers = [
            subprocess.Popen(
                command, cwd=server.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            for _number in range(count)
        ]
    deadline = time.monotonic() + 120
    while log_path.read_bytes().count(READY_LINE) < already + count:
        if any(worker.poll() is not None for worker in workers) or time.monotonic() > deadline:
            for worker in workers:
                worker.kill()
                worker.wait()
            raise RuntimeError(f"the task workers did not start: see {log_path}")
        time.sleep(0.05)
    return workers


def _bulk(cohort, admin, timeout: float) -> tuple[float, object]:
    from certificates import bulk
    from certificates.bulk_models import BulkIssueRun

    started = time.perf_counter()
    run = bulk.bulk_run_start(cohort=cohort, by=admin)
    deadline = time.monotonic() + timeout
    while True:
        run = BulkIssueRun.objects.get(pk=run.pk)
        if not run.is_running:
            return time.perf_counter() - started, run
        if time.monotonic() > deadline:
            raise RuntimeError(f"the run did not finish: {run.done_count}/{run.total}")
        time.sleep(0.05)


def _contents(certificates) -> list:
    """What each issued certificate prints, as the issue rendered it."""
    from certificates.pdf import CertificateContent

    return [
        CertificateContent(
            title=certificate.title,
            body=certificate.body,
            holder_name=certificate.holder_name,
            number=certificate.number,
            issued_on_text=str(certificate.issued_on),
            issuer_line=certificate.issuer_line,
            code=certificate.code,
            seal_name=certificate.prefecture.certificate_issuer.seal.name or "",
        )
        for certificate in certificates
    ]


def _render_share(contents) -> list[int]:
    """One baseline process: render its share of the certificates, return the sizes."""
    from certificates.pdf import certificate_pdf

    return [len(certificate_pdf(content)) for content in contents]


def _bare(certificates, processes: int) -> tuple[float, list[int]]:
    """Render every certificate's PDF alone, over `processes` at once: wall seconds, sizes."""
    from django.db import connections

    contents = _contents(certificates)
    shares = [contents[index::processes] for index in range(processes)]
    connections.close_all()  # the forked processes must not share this one's connection
    # Fork: the children start with Django set up, as the workers do before the clock.
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        started = time.perf_counter()
        sizes = pool.map(_render_share, shares, chunksize=1)
        seconds = time.perf_counter() - started
    return seconds, [size for share in sizes for size in share]


def _verify_latencies(port: int, codes: list[str], clients: int, per_client: int) -> tuple:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        barrier.wait()
        for _request in range(per_client):
            path = f"/verify/{rng.choice(codes)}/"
            begun = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - begun) * 1000)
            if response.status != 200:
                with lock:
                    failures.append(f"{path}: {response.status}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


# Each request names one of the issued codes at random and carries no cookie, as an
# employer's first visit from a QR code does; wrk keeps each connection alive.
WRK_SCRIPT = """
codes = {%(codes)s}
request = function()
  return wrk.format("GET", "/verify/" .. codes[math.random(#codes)] .. "/")
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK {\\"p50_ms\\": %%.3f, \\"p95_ms\\": %%.3f, \\"requests\\": %%d, \\"failures\\": %%d}\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    errors.status + errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def _verify_wrk(port: int, codes: list[str], clients: int, seconds: int, workdir) -> dict:
    """p50, p95, requests and failures of `clients` keep-alive connections from wrk, for `seconds`."""
    script = workdir / "verify.lua"
    script.write_text(WRK_SCRIPT % {"codes": ",".join(f'"{code}"' for code in codes)})
    output = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    return json.loads(line[4:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    # Two task workers and two server processes: production runs several of each, and
    # this machine has two cores.
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--servers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
        help="the cache the server processes share (its own database number)",
    )
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="issue and bare render, alternated")
    parser.add_argument(
        "--production",
        action="store_true",
        help="a fresh PostgreSQL database on DATABASE_URL's server and Redis at REDIS_URL's",
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="verify requests per client (Python client)"
    )
    parser.add_argument(
        "--verify-seconds", type=int, default=5, help="how long wrk fetches the verify page"
    )
    options = parser.parse_args()

    workdir = server.workdir()
    port = server.free_port()
    redis_url = bench_redis_url() if options.production else options.redis
    with bench_database(workdir, enabled=options.production) as database_url:
        env = server.server_env(
            workdir,
            port,
            database_url,
            CERTIFICATE_FILES_ROOT=str(workdir / "certificate_files"),
            CERTIFICATE_SIGNING_DIR=str(workdir / "signing"),
            CERTIFICATE_VERIFY_RATE="1000000/m",
            # Production sets REDIS_URL for every process: the workers share the line of
            # certificates being rendered through it, the servers their rate-limit counts.
            REDIS_URL=redis_url,
        )
        result = _run(options, workdir, port, env)
        if options.production:
            from django.db import connections

            connections.close_all()  # before the database is dropped
            flush_redis(redis_url)
    print(json.dumps(result, ensure_ascii=False))


def _issue_round(options, env, round_index: int, log_path, previous: list) -> dict:
    """One round: bulk-issue a new cohort through the workers, and render it bare; both timed."""
    from django.db.models import Count

    from certificates.models import Certificate

    cohort, admin = _trainees(options.count, round_index)
    figures = {}
    # Round 0 issues first: a bare render that leads renders the round before's certificates.
    for side in stats.round_order(round_index + 1, "issue", "bare"):
        if side == "issue":
            workers = _workers(env, options.workers, log_path)
            try:
                figures["seconds"], run = _bulk(cohort, admin, timeout=max(600, options.count * 5))
            finally:
                for worker in workers:
                    worker.terminate()
                for worker in workers:
                    worker.wait(timeout=30)
            figures["run"] = run
            issued = list(
                Certificate.objects.filter(enrollment__cohort=cohort).select_related(
                    "prefecture__certificate_issuer"
                )
            )
            figures["issued"] = issued
        else:
            # Leading, it renders the round before's certificates: as many, the same
            # HTML but for names, numbers and codes.
            sample = figures.get("issued") or previous
            figures["bare_seconds"], figures["bare_sizes"] = _bare(sample, options.workers)
    figures["duplicates"] = (
        Certificate.objects.filter(enrollment__cohort=cohort, status="valid")
        .values("enrollment")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return figures


def _run(options, workdir, port, env) -> dict:
    print(f"preparing {workdir} ...", file=sys.stderr)
    server.prepare(env)
    _setup_django(env)

    rounds: list[dict] = []
    for index in range(options.rounds):
        previous = rounds[-1]["issued"] if rounds else []
        rounds.append(_issue_round(options, env, index, workdir / "workers.log", previous))
    issued = [certificate for figures in rounds for certificate in figures["issued"]]
    sizes = [certificate.pdf.size for certificate in issued]
    bare_sizes = [size for figures in rounds for size in figures["bare_sizes"]]
    seconds = stats.spread([figures["seconds"] for figures in rounds], 2)
    bare_seconds = stats.spread([figures["bare_seconds"] for figures in rounds], 2)
    ratios = stats.spread(
        [stats.ratio(figures["seconds"], figures["bare_seconds"]) for figures in rounds], 3
    )
    for name, figures, unit in (
        ("seconds", seconds, " s"),
        ("bare_seconds", bare_seconds, " s"),
        ("ratio", ratios, ""),
    ):
        print(stats.describe(name, figures, unit), file=sys.stderr)

    process = server.start(env, port, workers=options.servers, log=workdir / "server.log")
    try:
        codes = [certificate.code for certificate in issued]
        _verify_latencies(port, codes, 5, 4)  # warm the server's threads and connections
        if shutil.which("wrk"):
            runs = [
                _verify_wrk(port, codes, options.concurrency, options.verify_seconds, workdir)
                for _round in range(options.rounds)
            ]
            p95s = stats.spread([run["p95_ms"] for run in runs], 1)
            print(stats.describe("verify_p95_ms", p95s, " ms"), file=sys.stderr)
            verify = {
                "p50_ms": stats.spread([run["p50_ms"] for run in runs], 1)["median"],
                "p95_ms": p95s["median"],
                "p95_spread": [p95s["min"], p95s["max"]],
                "requests": sum(run["requests"] for run in runs),
                "failures": sum(run["failures"] for run in runs),
                "client": "wrk",
            }
        else:
            latencies, failures = _verify_latencies(
                port, codes, options.concurrency, options.requests
            )
            verify = {
                "p50_ms": stats.percentile(latencies, 0.5),
                "p95_ms": stats.percentile(latencies, 0.95),
                "requests": len(latencies),
                "failures": len(failures),
                "client": "python",
                "client_note": CLIENT_NOTE,
            }
    finally:
        process.terminate()
        process.wait(timeout=30)

    return {
        "count": options.count,
        "workers": options.workers,
        "servers": options.servers,
        "rounds": options.rounds,
        "database": "postgresql" if options.production else "sqlite",
        "issued": sum(figures["run"].issued for figures in rounds),
        "failed": sum(figures["run"].failed for figures in rounds),
        "duplicates": sum(figures["duplicates"] for figures in rounds),
        "seconds": seconds["median"],
        "seconds_spread": [seconds["min"], seconds["max"]],
        "per_certificate_ms": round(seconds["median"] * 1000 / max(1, options.count), 1),
        "mean_kb": round(sum(sizes) / max(1, len(sizes)) / 1024, 1),
        "max_kb": round(max(sizes, default=0) / 1024, 1),
        "bare_seconds": bare_seconds["median"],
        "bare_seconds_spread": [bare_seconds["min"], bare_seconds["max"]],
        "bare_mean_kb": round(sum(bare_sizes) / max(1, len(bare_sizes)) / 1024, 1),
        "ratio": ratios["median"],
        "ratio_spread": [ratios["min"], ratios["max"]],
        "verify_p50_ms": round(verify["p50_ms"], 1),
        "verify_p95_ms": round(verify["p95_ms"], 1),
        **({"verify_p95_spread": verify["p95_spread"]} if "p95_spread" in verify else {}),
        "verify_requests": verify["requests"],
        "verify_failures": verify["failures"],
        "client": verify["client"],
        **({"client_note": verify["client_note"]} if "client_note" in verify else {}),
        "measured": MEASURED.format(
            count=options.count,
            workers=options.workers,
            servers=options.servers,
            concurrency=options.concurrency,
            rounds=options.rounds,
            database="PostgreSQL" if options.production else "SQLite",
        ),
    }


if __name__ == "__main__":
    main()
