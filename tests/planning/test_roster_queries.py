"""A roster's confirm costs the same statements for 20 rows as for 200 (batch services)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Invitation, Membership, Role
from courses.models import Enrollment
from planning.roster import read_roster
from planning.services.roster import roster_import_confirm
from planning.services.training import training_day_save
from tests.planning.test_roster import _csv, editor, roster_day  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

#: the kind of statement and the table it is about: values and savepoint names vary
KIND = re.compile(r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|\w+)")
TABLE = re.compile(r'(?:FROM|INTO|UPDATE) "(\w+)"')


def _roster(tag: str, count: int):
    return read_roster(
        _csv(
            [
                f"受講者{tag}{i},じゅこうしゃ,{tag}{i}@example.jp,大分市,大分市自立相談支援センター"
                for i in range(count)
            ]
        )
    )


def _statements(queries) -> list[str]:
    """The confirm's statements, an INSERT split into batches (SQLite's 999 values) as one."""
    shape = []
    for query in queries:
        kind, table = KIND.match(query["sql"]).group(1), TABLE.search(query["sql"])
        statement = f"{kind} {table.group(1) if table else ''}"
        if not (kind == "INSERT" and shape and shape[-1] == statement):
            shape.append(statement)
    return shape


def _confirm(day, editor, tag: str, count: int):  # noqa: F811
    with CaptureQueriesContext(connection) as captured:
        roster_import_confirm(
            day=day, roster=_roster(tag, count), invited_by=editor, site_url="http://x"
        )
    return captured.captured_queries


def test_confirm_queries_do_not_grow_with_the_rows(roster_day, editor):  # noqa: F811
    day = roster_day
    day.cohort.capacity = 221
    day.cohort.save(update_fields=["capacity"])
    day = training_day_save(
        plan=day.plan,
        day=day,
        title=day.title,
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        capacity=221,
        cohort=day.cohort,
    )
    _confirm(day, editor, "w", 1)  # the first request's lookups (content types) cached
    small = _confirm(day, editor, "a", 20)
    large = _confirm(day, editor, "b", 200)

    assert Enrollment.objects.filter(cohort=day.cohort).count() == 221
    assert Membership.objects.filter(role=Role.TRAINEE, user__email__startswith="b").count() == 200
    assert Invitation.objects.filter(email__startswith="b").count() == 200
    assert _statements(large) == _statements(small)
    # A fixed handful, not ~18 a row as one service call per row made it.
    assert len(small) <= 45
    assert len(large) <= len(small) + 2 * 5  # SQLite splits an INSERT of many rows in two or three


# Transactional, so the queued task is committed and the real worker (which closes the
# connection when done) picks it up, as in tests/certificates/test_bulk.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bulk_rows_are_announced_and_indexed_as_single_saves(
    client,
    roster_day,  # noqa: F811
    editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache
    from django.urls import reverse
    from wagtail.models import ReferenceIndex

    from courses import page_cache
    from tests.planning.test_roster import run_worker

    client.get(reverse("wagtailadmin_home"))  # the CMS's viewsets register what they index
    assert Enrollment in ReferenceIndex.tracked_models
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_confirm(
            day=roster_day, roster=_roster("c", 3), invited_by=editor, site_url="http://x"
        )
    enrolments = list(Enrollment.objects.filter(cohort=roster_day.cohort))
    # courses' receivers heard each new role and enrolment: the readers' pages are redrawn.
    for enrolment in enrolments:
        assert cache.get(page_cache._reader_key(enrolment.trainee_id))
    # Wagtail's reference index gets the batch from the task worker, once committed.
    referring = ReferenceIndex.get_references_to(roster_day.cohort)
    assert not referring.filter(content_type__model="enrollment").exists()
    run_worker()
    assert {
        int(pk)
        for pk in referring.filter(content_type__model="enrollment").values_list(
            "object_id", flat=True
        )
    } == {enrolment.pk for enrolment in enrolments}
