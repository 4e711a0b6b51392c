"""The databases bench.assessments and bench.certificates run on: a SQLite file, or production's kind.

Production runs PostgreSQL and Redis (README). A bench must never write into a
database someone else is using, so `--production` creates a fresh PostgreSQL
database on the server DATABASE_URL names, and drops it afterwards, and uses a Redis
database of its own on REDIS_URL's server (flushed before and after), never REDIS_URL's.
"""

import contextlib
import os
import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

#: The Redis database (on REDIS_URL's server) these benches empty and use, one at a time;
#: bench.pages has 6 and bench.live 5.
REDIS_DB = 7
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def _with_path(url: str, path: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=path))


def _admin_connection(url: str):
    """An autocommit connection to the server's maintenance database, to create and drop ours."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


@contextlib.contextmanager
def bench_database(workdir: Path, *, enabled: bool) -> Iterator[str]:
    """Yield the database URL to run on: a fresh PostgreSQL database when `enabled`, else SQLite.

    The SQLite URL is explicit, so a DATABASE_URL left in the shell never turns a
    SQLite run into one on someone's PostgreSQL database.
    """
    if not enabled:
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    server_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"--production needs a PostgreSQL DATABASE_URL, not {server_url!r}")
    import psycopg

    name = f"tsunagu_bench_{secrets.token_hex(4)}"
    try:
        with _admin_connection(server_url) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise SystemExit(f"PostgreSQL at DATABASE_URL did not answer: {exc}") from exc
    try:
        yield _with_path(server_url, f"/{name}")
    finally:
        with _admin_connection(server_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_redis_url() -> str:
    """This bench's own Redis database on REDIS_URL's server, emptied; SystemExit if none answers."""
    import redis

    url = _with_path(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL, f"/{REDIS_DB}")
    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise SystemExit(f"Redis at REDIS_URL did not answer: {exc}") from exc
    return url


def flush_redis(url: str) -> None:
    """Empty the bench's own Redis database (and only that one) after a run."""
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()
