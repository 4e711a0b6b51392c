"""Browser tests: Debian's Chromium, driven by Playwright, against a real ASGI server process.

The server runs in its own process on its own database, migrated and seeded with
the demo content exactly as `make run` does, so websockets, static files and
sign-in behave as they do for people.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "browser-demo-pass"
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = port or _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "MEDIA_ROOT": str(tmp / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        **(extra_env or {}),
    }
    env.setdefault("DATABASE_URL", _browser_database_url(tmp))
    if seed:
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["seed_demo", "--password", DEMO_PASSWORD],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
    log = open(tmp / f"server-{port}.log", "wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((tmp / f"server-{port}.log").read_text()) from None
            time.sleep(0.2)
    return process, url, env


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
