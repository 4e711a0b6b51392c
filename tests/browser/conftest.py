"""Browser tests: Debian's Chromium, driven by Playwright, against a real ASGI server process.

The server runs in its own process on its own database, migrated and seeded with
the demo content exactly as `make run` does, so websockets, static files and
sign-in behave as they do for people.
"""

import os
from pathlib import Path

import pytest

from bench import server

DEMO_PASSWORD = "browser-demo-pass"
CHROMIUM = "/usr/bin/chromium"


def _browser_database_url(tmp: Path) -> str:
    """A database of the server's own: a fresh SQLite file, or a fresh PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    import psycopg

    base, _, _name = url.rpartition("/")
    name = "tsunagu_browser"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def start_server(
    tmp: Path, extra_env: dict | None = None, port: int | None = None, seed: bool = True
):
    """Migrate, seed and start one uvicorn process; returns (process, base URL, env)."""
    port = port or server.free_port()
    extra = dict(extra_env or {})
    database_url = extra.pop("DATABASE_URL", None) or _browser_database_url(tmp)
    env = server.server_env(tmp, port, database_url=database_url, **extra)
    if seed:
        server.prepare(env, password=DEMO_PASSWORD)
    process = server.start(env, port, log=tmp / f"server-{port}.log")
    return process, f"http://127.0.0.1:{port}", env


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    """Base URL of a seeded server process shared by the browser tests."""
    tmp = tmp_path_factory.mktemp("live")
    process, url, _env = start_server(tmp)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browser here; drive Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def sign_in(live_server_url):
    """Sign a page in through the real login form."""

    def do(page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{live_server_url}/accounts/login/")
        page.get_by_label("メールアドレス").fill(email)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_load_state()

    return do


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Browse as a Japanese user would."""
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}
