"""Start uvicorn with the flags every Tsunagu server needs: `python -m config.serve [options]`.

`make serve`, the README's production command, the benchmarks and the tests that start
a real server all come here, so none of them can drift from these flags. Any other
uvicorn option (`--host`, `--port`, `--workers`, ...) is passed on as given.

`--task-workers N` (ours, not uvicorn's) also starts N background-task workers
(`manage.py db_worker`) as child processes, so `make run` is one command that serves
pages and issues certificates; they stop when the server stops, Ctrl-C included.
Production runs its workers as services of their own (README).
With `--workers N` (N >= 2), `--host` and `--port` are not passed on: the N server
processes each listen on a socket of their own (config/balanced.py), so connections
are spread evenly among them.
"""

import os
import subprocess
import sys
from pathlib import Path

from config import balanced

APPLICATION = "config.asgi:application"
# uvicorn's default is 16 MiB, held in memory per frame before the app can refuse it
# (four sockets sending 15 MB frames took a server from 378 to 629 MB). The app takes at
# most 16,000 characters, 48 kB of Japanese in UTF-8, so 64 KiB leaves room for JSON.
WS_MAX_SIZE = 64 * 1024
FLAGS = [
    "--lifespan",
    "off",
    # Group-work frames are a few hundred bytes; compressing each for every receiver
    # cost more CPU than it saved (bench.live).
    "--ws-per-message-deflate",
    "false",
    "--ws-max-size",
    str(WS_MAX_SIZE),
]


def arguments(*extra: str) -> list[str]:
    """uvicorn's command-line arguments: the application, the fixed flags, then `extra`."""
    return [APPLICATION, *FLAGS, *extra]


TASK_WORKERS_FLAG = "--task-workers"
ROOT = Path(__file__).resolve().parent.parent
#: How long a stopping task worker may take to finish the certificate in hand.
WORKER_STOP_SECONDS = 10


def take_option(argv: list[str], name: str) -> tuple[str | None, list[str]]:
    """(the value of `--name V` or `--name=V`, the arguments without it)."""
    value, rest, items = None, [], iter(argv)
    for item in items:
        if item == name:
            value = next(items, None)
        elif item.startswith(name + "="):
            value = item.split("=", 1)[1]
        else:
            rest.append(item)
    return value, rest


def split_task_workers(argv: list[str]) -> tuple[int, list[str]]:
    """(how many task workers to start, the arguments left for uvicorn)."""
    count, rest = take_option(argv, TASK_WORKERS_FLAG)
    return int(count or 0), rest


def worker_command() -> list[str]:
    """One background-task worker, as the README tells production to run it."""
    # "background" is settings.BACKGROUND_TASKS; settings are not loaded in this process.
    return [
        sys.executable, "manage.py", "db_worker", "--backend", "background",
        "--no-reload", "--interval", "0.5",
    ]  # fmt: skip


def start_task_workers(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen(worker_command(), cwd=ROOT) for _number in range(count)]


def stop_task_workers(workers: list[subprocess.Popen]) -> None:
    """Ask each worker to stop (it finishes its current task), then make sure it has."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def balanced_plan(argv: list[str]) -> tuple[int, str, int, list[str]] | None:
    """(processes, host, port, the other options) when several processes should share host:port.

    None when one process serves, or uvicorn is given a socket of its own (--fd, --uds),
    or the system cannot balance (config/balanced.py): uvicorn runs as given.
    """
    workers, rest = take_option(argv, "--workers")
    if not workers or int(workers) < 2 or not balanced.available():
        return None
    if any(item.split("=", 1)[0] in ("--fd", "--uds", "--reload") for item in rest):
        return None
    host, rest = take_option(rest, "--host")
    port, rest = take_option(rest, "--port")
    # uvicorn's own defaults and environment variables, as a single process would read them.
    host = host or os.environ.get("UVICORN_HOST") or "127.0.0.1"
    port = int(port or os.environ.get("UVICORN_PORT") or 8000)
    if port == 0:  # a free port each: N servers on N ports, not one balanced
        return None
    return int(workers), host, port, rest


def main() -> None:
    """Run uvicorn with the project's flags and the caller's options, several processes balanced."""
    import uvicorn.main

    count, rest = split_task_workers(sys.argv[1:])
    workers = start_task_workers(count)
    try:
        plan = balanced_plan(rest)
        if plan is None:
            uvicorn.main.main(args=arguments(*rest))
        else:
            processes, host, port, others = plan

            def command(fd: int) -> list[str]:
                # --workers 1: else WEB_CONCURRENCY would make each a supervisor of its own.
                options = ("--fd", str(fd), "--workers", "1", *others)
                return [sys.executable, "-m", "uvicorn", *arguments(*options)]

            code = balanced.run(command, host=host, port=port, processes=processes)
            if code:
                raise SystemExit(code)
    finally:
        stop_task_workers(workers)


if __name__ == "__main__":
    main()
