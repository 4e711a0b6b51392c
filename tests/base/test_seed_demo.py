"""seed_demo: the demo accounts of every role in two prefectures, idempotent, never in production."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Membership, Organisation, User
from base.models import HomePage


def _snapshot():
    return (
        sorted(User.objects.values_list("email", "full_name", "password")),
        sorted(
            Membership.objects.values_list(
                "user__email", "prefecture__code", "role", "organisation__name"
            )
        ),
        sorted(Organisation.objects.values_list("name", "prefecture__code")),
        list(HomePage.objects.values_list("pk", "title", "latest_revision_id")),
    )


def test_seed_demo_creates_every_role_in_oita_and_kochi_and_prints_the_logins(db):
    out = StringIO()
    call_command("seed_demo", "--password", "demo-pass-123", stdout=out)
    table = out.getvalue()
    for prefix in ("trainee", "facilitator", "committee", "admin"):
        for slug in ("oita", "kochi"):
            email = f"{prefix}.{slug}@example.jp"
            assert email in table
            assert User.objects.get(email=email).check_password("demo-pass-123")
    assert "editor@example.jp" in table
    editor = User.objects.get(email="editor@example.jp")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert Membership.objects.get(user__email="admin.kochi@example.jp").prefecture.name == "高知県"
    assert HomePage.objects.count() == 1


def test_a_second_run_changes_nothing(db):
    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())
    assert _snapshot() == first


def test_without_a_password_a_default_is_used_and_printed(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "パスワード: tsunagu-demo-2026" in out.getvalue()
    assert User.objects.get(email="trainee.oita@example.jp").check_password("tsunagu-demo-2026")


@override_settings(PRODUCTION=True)
def test_seed_demo_refuses_in_production_mode(db):
    with pytest.raises(CommandError, match="本番モード"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
