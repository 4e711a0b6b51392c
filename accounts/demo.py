"""Demo people for two prefectures, one of each role, plus a CMS editor."""

from django.contrib.auth.models import Group

from accounts import services
from accounts.models import Organisation, Prefecture, Role, User

DEMO_PREFECTURES = {
    "oita": {
        "organisations": [
            ("大分市自立相談支援センター（デモ）", Organisation.Kind.SELF_RELIANCE, "大分市"),
            ("大分県地域生活定着支援センター（デモ）", Organisation.Kind.SETTLEMENT_CENTER, ""),
            ("大分県庁 福祉保健部（デモ）", Organisation.Kind.MUNICIPALITY, ""),
        ],
    },
    "kochi": {
        "organisations": [
            ("高知市社会福祉協議会（デモ）", Organisation.Kind.SHAKYO, "高知市"),
            ("高知県地域生活定着支援センター（デモ）", Organisation.Kind.SETTLEMENT_CENTER, ""),
            ("高知県庁 子ども・福祉政策部（デモ）", Organisation.Kind.MUNICIPALITY, ""),
        ],
    },
}

# (address prefix, role, 氏名, ふりがな, index of the organisation above)
DEMO_PEOPLE = [
    ("trainee", Role.TRAINEE, "受講 花子", "じゅこう はなこ", 0),
    ("facilitator", Role.FACILITATOR, "進行 誠", "しんこう まこと", 1),
    ("committee", Role.COMMITTEE, "企画 恵", "きかく めぐみ", 1),
    ("admin", Role.PREFECTURE_ADMIN, "県庁 太郎", "けんちょう たろう", 2),
]
EDITOR_EMAIL = "editor@example.jp"


def _user(email: str, full_name: str, furigana: str, password: str) -> User:
    """Create the demo user once; later runs only repair a changed password."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, furigana=furigana
        )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Create the demo organisations and accounts; returns (address, prefecture, role) rows."""
    logins: list[tuple[str, str, str]] = []
    for slug, spec in DEMO_PREFECTURES.items():
        prefecture = Prefecture.objects.get(slug=slug)
        organisations = []
        for name, kind, municipality in spec["organisations"]:
            organisation = Organisation.objects.filter(
                prefecture=prefecture, municipality_text=municipality, name=name
            ).first() or services.organisation_create(
                prefecture=prefecture, name=name, kind=kind, municipality=municipality
            )
            organisations.append(organisation)
        for prefix, role, full_name, furigana, org_index in DEMO_PEOPLE:
            email = f"{prefix}.{slug}@example.jp"
            user = _user(email, full_name, furigana, password)
            services.membership_grant(
                user=user, prefecture=prefecture, role=role, organisation=organisations[org_index]
            )
            logins.append((email, prefecture.name, str(Role(role).label)))
    editor = _user(EDITOR_EMAIL, "編集 さくら", "へんしゅう さくら", password)
    # Wagtail's Editors may write; Moderators may also publish, which the demo editor does.
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        if not editor.groups.filter(pk=group.pk).exists():
            editor.groups.add(group)
    logins.append((EDITOR_EMAIL, "—", "編集者 (CMS)"))
    return logins
