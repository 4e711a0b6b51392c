"""`manage.py db_worker` is django-tasks-db's worker, with the apps' preloads run before it starts."""

import logging

import pytest
from django.core.management import get_commands, load_command_class
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from base import task_worker


@pytest.fixture
def happened(monkeypatch):
    """What ran, in order: the library's handle is stubbed to record "worker"."""
    record = []
    monkeypatch.setattr(
        DbWorkerCommand, "handle", lambda self, *args, **options: record.append("worker")
    )
    return record


def test_db_worker_is_the_library_worker_with_the_preloads():
    assert get_commands()["db_worker"] == "base"
    assert isinstance(load_command_class("base", "db_worker"), DbWorkerCommand)


def test_the_preloads_run_before_the_worker_starts(monkeypatch, happened):
    monkeypatch.setattr(task_worker, "_preloads", {"one": lambda: happened.append("preload")})
    load_command_class("base", "db_worker").handle()
    assert happened == ["preload", "worker"]


def test_a_failing_preload_is_logged_and_the_worker_starts_all_the_same(
    monkeypatch, caplog, happened
):
    def broken():
        raise OSError("no such file")

    monkeypatch.setattr(
        task_worker, "_preloads", {"broken": broken, "next": lambda: happened.append("next")}
    )
    with caplog.at_level(logging.ERROR, logger="base.task_worker"):
        load_command_class("base", "db_worker").handle()
    assert happened == ["next", "worker"]
    assert [record.getMessage() for record in caplog.records] == [
        "task worker preload broken failed"
    ]


def test_the_autoreloaders_parent_preloads_nothing_its_child_does(monkeypatch, happened):
    monkeypatch.setattr(task_worker, "_preloads", {"one": lambda: happened.append("preload")})
    monkeypatch.delenv(DJANGO_AUTORELOAD_ENV, raising=False)
    command = load_command_class("base", "db_worker")
    command.handle(reload=True, batch=False)
    assert happened == ["worker"]  # the parent only restarts the child
    command.handle(reload=True, batch=True)  # the library turns reloading off for --batch
    monkeypatch.setenv(DJANGO_AUTORELOAD_ENV, "true")
    command.handle(reload=True, batch=False)  # the child, which runs the tasks
    assert happened == ["worker", "preload", "worker", "preload", "worker"]


def test_registering_twice_keeps_the_first():
    from certificates import signing

    task_worker.register("certificates.signing", lambda: None)
    assert task_worker._preloads["certificates.signing"] is signing.preload
