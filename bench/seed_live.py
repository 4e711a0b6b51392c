"""Seed a workshop with many signed-in trainees for bench.live and the two-process test.

Run as `python -m bench.seed_live --clients N --groups G` with the server's
environment. It prints one JSON object: the workshop id and, per trainee, a
session key made directly (signing 200 people in over HTTP would trip the login
rate limit, which is the point of the limit).
"""

import argparse
import json
import math
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo


def seed(clients: int, groups: int) -> dict:
    """Create the cohort, trainees, workshop and groups; return ids and session keys."""
    from django.conf import settings

    if settings.PRODUCTION:
        raise SystemExit("bench.seed_live refuses to run in production.")
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from accounts import services as account_services
    from accounts.models import Membership, Prefecture, Role, User
    from courses import services as course_services
    from courses.models import Enrollment, ProgramPage
    from workshops import services
    from workshops.methods import Method

    prefecture = Prefecture.objects.get(slug="oita")
    stamp = datetime.now().strftime("%H%M%S%f")
    facilitator = User.objects.create_user(
        email=f"bench-f-{stamp}@example.jp", full_name="進行 ベンチ"
    )
    account_services.membership_grant(
        user=facilitator, prefecture=prefecture, role=Role.FACILITATOR
    )
    cohort = course_services.cohort_create(
        program=ProgramPage.objects.live().first(),
        prefecture=prefecture,
        fiscal_year=2026,
        title=f"ベンチマークの回 {stamp}",
        starts_on=date(2026, 11, 24),
        ends_on=date(2026, 11, 24),
        capacity=clients,
        facilitators=[facilitator],
    )
    trainees = User.objects.bulk_create(
        [
            User(email=f"bench-{stamp}-{n}@example.jp", full_name=f"受講者 {n}", password="!")
            for n in range(clients)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=t, prefecture=prefecture, role=Role.TRAINEE) for t in trainees]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(trainee=t, cohort=cohort, status=Enrollment.Status.ENROLLED) for t in trainees]
    )
    workshop = services.workshop_create(
        cohort=cohort,
        title="ベンチマーク",
        starts_at=datetime(2026, 11, 24, 13, tzinfo=ZoneInfo("Asia/Tokyo")),
        method=Method.GSV,
        facilitators=[facilitator],
        group_size=max(2, math.ceil(clients / groups)),
    )
    services.groups_assign(workshop=workshop, group_size=max(2, math.ceil(clients / groups)))
    members = dict(workshop.members.values_list("trainee_id", "group_id"))

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.PasswordBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    return {
        "workshop_id": workshop.pk,
        "facilitator": session_for(facilitator),
        "trainees": [
            {"id": t.pk, "group_id": members[t.pk], "session": session_for(t)} for t in trainees
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--groups", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(seed(args.clients, args.groups)))


if __name__ == "__main__":
    main()
