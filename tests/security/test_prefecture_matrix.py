"""One matrix over every URL: no role of 大分県 reaches or reads 高知県's people, and nothing 500s.

Each URL pattern the project registers (Wagtail's admin viewsets and page tree
included) is filled from tests/security/matrix_factories.py with 高知県's ids, then
called with GET and with an empty POST as anonymous and as 大分県's trainee,
facilitator, committee member and prefecture administrator. One test item per
URL collects every failing role and method into one message.

The world is built once for the module inside a transaction that is rolled back
at the end; every call runs in its own savepoint, rolled back after it, so a POST
that changes something cannot change what the next call sees.
"""

from collections import Counter
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from . import matrix_factories as factories
from .matrix import Entry, declaration_gap, describe, is_refusal, leaks, target, url_entries
from .world import ROLES, build_world

ENTRIES = url_entries()
METHODS = ("GET", "POST")
ROLE_NAMES = ("anonymous", *ROLES)
#: what the matrix ran, for the lead's note: cases are URL × role × method
COVERED: Counter = Counter()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both prefectures, made once; rolled back when the module ends."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            CERTIFICATE_FILES_ROOT=str(tmp_path_factory.mktemp("certificate_files")),
            CERTIFICATE_SIGNING_DIR=str(tmp_path_factory.mktemp("signing")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        with transaction.atomic():
            built = build_world()
            built.sessions = {role: _session_for(built.oita.people[role]) for role in ROLES}
            yield built
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def matrix_client():
    """One test client for every call of the module, its cookies cleared before each.

    A new Client loads the whole middleware stack again on its first request, and
    WhiteNoise's scan of the static files there was most of the matrix's time.
    """
    return Client()


def _signed_in(client: Client, session: str | None) -> Client:
    """`client` with no cookie but, when given, the session: a fresh browser each call."""
    client.cookies = SimpleCookie()
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _session_for(user) -> str:
    """A signed-in session made once; each call's rollback puts it back as it was."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _call(
    client: Client, session: str | None, method: str, path: str
) -> tuple[object | None, list | str]:
    """One request in its own rolled-back savepoint: the response and what of 高知県 it shows."""
    with transaction.atomic():
        client = _signed_in(client, session)
        try:
            response = client.get(path) if method == "GET" else client.post(path, {})
            found = leaks(response)  # reads a streamed body while the savepoint is open
        except Exception as exc:  # the matrix reports every crash, with its type
            response, found = None, f"{type(exc).__name__}: {exc}"[:300]
        transaction.set_rollback(True)
    return response, found


def _failures(entry: Entry, world, client: Client) -> list[str]:
    built = target(entry, world)
    failures = []
    for role in ROLE_NAMES:
        session = world.sessions.get(role)
        for method in METHODS:
            response, found = _call(client, session, method, built.path)
            COVERED["cases"] += 1
            COVERED["kochi cases"] += built.kochi
            where = f"{method} {built.path} as {role}"
            if response is None:
                failures.append(f"{where}: raised {found}")
                continue
            if response.status_code >= 500:
                failures.append(f"{where}: {describe(response)}")
            if built.kochi and not is_refusal(response):
                failures.append(f"{where}: answered {describe(response)} for 高知県's object")
            if found:
                failures.append(f"{where}: 高知県 shown ({', '.join(found)})")
    return failures


def test_the_walk_sees_the_cms_viewsets_and_the_page_tree():
    names = {entry.name for entry in ENTRIES}
    for expected in (
        "cohorts:history",
        "cohorts:usage",
        "enrollments:usage",
        "enrollments:history_results",
        "wagtailsnippets_casestudies_theme:history",
        "wagtailusers_users:edit",
        "workshops:setup",
        "courses:lesson_complete",
        "casestudies_admin:review",
        "wagtail_serve",
    ):
        assert expected in names
    assert len(ENTRIES) > 250


def test_every_url_pattern_is_declared():
    gaps = [
        f"{entry.key} ({entry.route}): {gap}"
        for entry in ENTRIES
        if (gap := declaration_gap(entry))
    ]
    assert not gaps, (
        "Declare how to fill these URLs in tests/security/matrix_factories.py:\n  "
        + "\n  ".join(gaps)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.key for entry in ENTRIES])
def test_no_role_of_oita_reaches_kochi_through(entry: Entry, world, matrix_client):
    gap = declaration_gap(entry)
    assert gap is None, f"{entry.key} ({entry.route}) is not declared: {gap}"
    failures = _failures(entry, world, matrix_client)
    assert not failures, f"{entry.key}:\n  " + "\n  ".join(failures)


def kochi_state(world) -> dict:
    """高知県's people's roles, enrollments, facilitator seats and group places."""
    from django.db.models import Q

    from accounts.models import Membership
    from courses.models import Cohort, Enrollment
    from workshops.models import GroupMember, Workshop

    kochi = world.kochi
    people = [*kochi.people.values(), *kochi.trainees]

    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields))

    return {
        "memberships": rows(
            Membership.objects.filter(user__in=people), "user", "prefecture", "role"
        ),
        "enrollments": rows(
            Enrollment.objects.filter(Q(cohort=kochi.cohort) | Q(trainee__in=people)),
            "trainee",
            "cohort",
            "status",
        ),
        "cohort seats": rows(
            Cohort.facilitators.through.objects.filter(Q(cohort=kochi.cohort) | Q(user__in=people)),
            "cohort",
            "user",
        ),
        "workshop seats": rows(
            Workshop.facilitators.through.objects.filter(
                Q(workshop=kochi.workshop) | Q(user__in=people)
            ),
            "workshop",
            "user",
        ),
        "places": rows(
            GroupMember.objects.filter(Q(workshop=kochi.workshop) | Q(trainee__in=people)),
            "workshop",
            "group",
            "trainee",
        ),
    }


BODY_CASES = [
    (name, index) for name, bodies in factories.BODIES.items() for index in range(len(bodies))
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,index", BODY_CASES, ids=[f"{n}#{i}" for n, i in BODY_CASES])
def test_no_form_of_oita_takes_kochi_ids(name: str, index: int, world, matrix_client):
    """大分県's own screens, posted 高知県's ids in their fields, grant and show nothing."""
    body = factories.BODIES[name][index]
    path = reverse(name, kwargs=body.kwargs(world))
    data = body.data(world)
    failures = []
    for role in ROLE_NAMES:
        with transaction.atomic():
            before = kochi_state(world)
            signed_in = _signed_in(matrix_client, world.sessions.get(role))
            try:
                response = signed_in.post(path, data)
                found, status = leaks(response, typed=str(data)), describe(response)
            except Exception as exc:  # the matrix reports every crash, with its type
                found, status = [], f"raised {type(exc).__name__}: {exc}"[:300]
            changed = [key for key, rows in kochi_state(world).items() if rows != before[key]]
            transaction.set_rollback(True)
        COVERED["body cases"] += 1
        where = f"POST {path} {data} as {role}"
        if status.startswith(("raised", "5")):
            failures.append(f"{where}: {status}")
        if found:
            failures.append(f"{where}: 高知県 shown ({', '.join(found)})")
        if changed:
            failures.append(f"{where}: changed 高知県's {changed} ({status})")
    assert not failures, "\n  ".join([name, *failures])


def test_the_matrix_covered_every_url_role_and_method():
    planned = len(ENTRIES) * len(ROLE_NAMES) * len(METHODS)
    print(
        f"\nprefecture matrix: {len(ENTRIES)} URL patterns × {len(ROLE_NAMES)} roles × "
        f"{len(METHODS)} methods = {planned} cases planned; ran {COVERED['cases']}, "
        f"{COVERED['kochi cases']} of them with 高知県's ids; "
        f"{COVERED['body cases']} POSTs of 高知県's ids into 大分県's forms"
    )
    assert COVERED["cases"] == planned, (
        f"ran {COVERED['cases']} of {planned} cases (run the whole module, not one item)"
    )
    assert planned > 2500
