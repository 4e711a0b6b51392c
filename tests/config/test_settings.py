"""Settings come from the environment: embedded by default, strict in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(**env) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with exactly these variables."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.CHANNEL_LAYERS['default']['BACKEND'],"
            " settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS,"
            " settings.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_nothing_set_means_sqlite_and_the_in_memory_layer():
    result = _start(DJANGO_ENV="local")
    assert result.returncode == 0, result.stderr
    engine, layer, debug, secure, _hsts, conn_age = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert layer == "base.channel_layer.SweepingInMemoryChannelLayer"
    assert (debug, secure, conn_age) == ("False", "False", "60")


def test_database_and_redis_urls_select_postgres_and_redis():
    result = _start(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode == 0, result.stderr
    engine, layer, *_rest = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert layer == "channels_redis.core.RedisChannelLayer"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "tsunagu.example.jp"}, "SECRET_KEY"),
        ({"SECRET_KEY": "s" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_and_names_the_missing_setting(env, missing):
    result = _start(DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert f"{missing} が設定されていません" in result.stderr


def test_production_turns_debug_off_and_cookies_secure():
    result = _start(
        DJANGO_ENV="production", SECRET_KEY="s" * 50, ALLOWED_HOSTS="tsunagu.example.jp", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    _engine, _layer, debug, secure, hsts, conn_age = result.stdout.split()
    assert (debug, secure, conn_age) == ("False", "True", "60")
    assert int(hsts) >= 31536000


def test_prepared_statements_are_on_by_default_and_can_be_turned_off():
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import database_prepare_threshold

    assert database_prepare_threshold("5") == 5
    assert database_prepare_threshold("0") == 0
    assert database_prepare_threshold("off") is None
    assert database_prepare_threshold(" None ") is None
    for wrong in ("-1", "five", ""):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARE_THRESHOLD"):
            database_prepare_threshold(wrong)
