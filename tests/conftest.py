"""Small factories shared by the test tree; each test builds only what it needs."""

import itertools

import pytest

from accounts import services
from accounts.models import Organisation, Prefecture, Role, User

pytest_plugins = ["tests.course_fixtures", "tests.casestudy_fixtures", "tests.workshop_fixtures"]

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make hundreds of people; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in Japanese: a request in English leaves its thread in English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_kept_connections(django_db_setup, django_db_blocker):
    """Close what worker threads keep (CONN_MAX_AGE), so the test database can be dropped."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    with django_db_blocker.unblock():
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()
        connections.close_all()


def _prefecture(code: str) -> Prefecture:
    """The migration loads every prefecture, but transactional tests flush it away."""
    from accounts.prefecture_data import PREFECTURES

    _code, name, name_en = next(row for row in PREFECTURES if row[0] == code)
    prefecture, _ = Prefecture.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "slug": name_en.lower()}
    )
    return prefecture


@pytest.fixture
def oita(db) -> Prefecture:
    return _prefecture("44")


@pytest.fixture
def kochi(db) -> Prefecture:
    return _prefecture("39")


@pytest.fixture
def make_person(db):
    """Make a person holding `role` in `prefecture`, with a verified address."""
    from allauth.account.models import EmailAddress

    def make(prefecture: Prefecture | None = None, role: str = Role.TRAINEE, **fields) -> User:
        number = next(_numbers)
        email = fields.pop("email", f"person{number}@example.jp")
        user = User.objects.create_user(
            email=email,
            password=PASSWORD,
            full_name=fields.pop("full_name", f"利用者 {number}"),
            **fields,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if prefecture is not None:
            services.membership_grant(user=user, prefecture=prefecture, role=role)
        return user

    return make


@pytest.fixture
def make_organisation(db):
    def make(prefecture: Prefecture, name: str = "相談支援センター", **fields) -> Organisation:
        return services.organisation_create(
            prefecture=prefecture,
            name=f"{name}{next(_numbers)}",
            kind=fields.pop("kind", Organisation.Kind.SELF_RELIANCE),
            municipality=fields.pop("municipality", ""),
        )

    return make
