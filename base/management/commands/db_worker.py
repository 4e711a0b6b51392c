"""django-tasks-db's `db_worker`, which first runs the apps' preloads (base/task_worker.py)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from base import task_worker


class Command(DbWorkerCommand):
    """The library's worker under its own name, loaded before it says it is ready.

    `base` comes before django_tasks_db in INSTALLED_APPS, so this command is the one
    `manage.py db_worker` runs; every option and behaviour stays the library's.
    django-tasks has no signal or hook for a worker's start, hence the subclass.
    """

    def handle(self, *args, **options):
        task_worker.preload_all()
        return super().handle(*args, **options)
