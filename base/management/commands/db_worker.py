"""django-tasks-db's `db_worker`, which first runs the apps' preloads (base/task_worker.py)."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from base import task_worker


class Command(DbWorkerCommand):
    """The library's worker under its own name, loaded before it says it is ready.

    `base` comes before django_tasks_db in INSTALLED_APPS, so this command is the one
    `manage.py db_worker` runs; every option and behaviour stays the library's.
    django-tasks has no signal or hook for a worker's start, hence the subclass.
    """

    def handle(self, *args, **options):
        if takes_tasks(options):
            task_worker.preload_all()
        return super().handle(*args, **options)


def takes_tasks(options: dict) -> bool:
    """Whether this process runs tasks: not the autoreloader's parent, which only restarts its child."""
    reloads = options.get("reload") and not options.get("batch")
    return not reloads or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
