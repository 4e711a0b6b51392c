"""Two seats freeing at once in two requests: each moves exactly one waiting person up, once.

Real threads with their own connections (SQLite file copy, or PostgreSQL with DATABASE_URL),
as tests/certificates/test_race.py does, so the day's and cohort's row locks are what keep
one freed seat from moving two people, not the test's ordering.
"""

import pytest

from courses.models import Enrollment
from courses.services import enrollment_set_status
from planning.models import TrainingDay, WaitingEntry
from planning.services.waiting import waiting_fill
from tests.certificates.test_race import _in_thread, _run_together, threads_database
from tests.planning.test_waiting import ROWS, _confirm, wait_day  # noqa: F401 -- a fixture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_withdrawals_and_fills_move_each_waiting_person_up_once(
    wait_day,  # noqa: F811
    make_member,
    tmp_path,
):
    user = make_member(wait_day.plan).user
    # 別府市 has one seat: b1 enrolled; b2, b4 wait.
    _confirm(wait_day, user, [*ROWS[:4], ROWS[5]])
    first = wait_day.cohort.enrollments.get(trainee__email="b1@example.jp")

    def withdraw():
        enrollment = Enrollment.objects.get(pk=first.pk)
        enrollment_set_status(enrollment=enrollment, status=Enrollment.Status.WITHDRAWN)
        return "withdrawn"

    def fill():
        return [entry.email for entry in waiting_fill(day=TrainingDay.objects.get(pk=wait_day.pk))]

    def seated_and_waiting():
        seated = Enrollment.objects.filter(
            cohort_id=wait_day.cohort_id, trainee__email__startswith="b"
        ).exclude(status=Enrollment.Status.WITHDRAWN)
        return (
            list(seated.values_list("trainee__email", flat=True)),
            list(WaitingEntry.objects.values_list("email", flat=True)),
        )

    with threads_database(tmp_path):
        results, errors = _run_together([withdraw, fill, fill, fill])
        assert errors == [] and "withdrawn" in results
        seated, waiting = _in_thread(seated_and_waiting)
    # one seat freed: b2 took it, whichever call moved them, and b4 still waits
    assert seated == ["b2@example.jp"]
    assert waiting == ["b4@example.jp"]
