"""English mode speaks English: no Japanese on the key pages of any role, nor in the scripts.

What may stay Japanese in English mode:
- CMS content, which the CMS keeps in Japanese only: page titles, summaries, bodies and
  StreamField output, case-study sections, job roles and themes.
- Data that people typed or the database holds: person names and ふりがな, organisation,
  cohort, workshop and group names, phases copied into a workshop, posts, prefecture names.
Both are taken out by value (the test reads every text the database holds, so no template
has to be trusted to mark them), and templates may also mark such text: `data-cms-content`
for CMS output, `translate="no"` (the HTML attribute for text no translator should touch)
for typed data, `lang="ja"` for text that is Japanese on purpose, such as 日本語 in the
language switch. What the search box echoes back is what the person typed.
Everything else, the <title> and the alt/title/placeholder/aria-label attributes included,
must have no hiragana, katakana, CJK punctuation or ideograph. The Wagtail admin's listings
are data from their first cell on, so only their chrome is checked there.
"""

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Role, User

from ..security.world import ROLES, build_world

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f\u3000-\u303f]")
MARKED = "[data-cms-content], [translate=no], [lang=ja]"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both prefectures with every role, made once and rolled back when the module ends."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        with transaction.atomic():
            built = build_world()
            _publish_case(built.cms["case_page"])
            yield built
            transaction.set_rollback(True)


def _publish_case(page) -> None:
    """The imported case is a draft under review; readers see it once every finding is decided."""
    from casestudies import services
    from casestudies.models import CaseStudyPage, Finding

    reviewer = User.objects.get(email="reviewer@example.jp")
    for finding in page.source.findings.filter(status=Finding.Status.OPEN):
        services.finding_accept(finding=finding, user=reviewer)
    CaseStudyPage.objects.get(pk=page.pk).get_latest_revision().publish()


def stored_texts() -> list[str]:
    """Every Japanese line the database holds: CMS content and typed data, longest first."""
    from django.apps import apps

    found: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str):
            found.update(line.strip() for line in value.splitlines() if JAPANESE.search(line))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField", "JSONField")
        ]
        if fields and model._meta.app_label not in ("sessions", "admin", "contenttypes"):
            for row in model._base_manager.values_list(*fields):
                collect(list(row))
    found.discard("")
    return sorted(found, key=len, reverse=True)


def japanese_outside_content(html: str, stored: list[str] = ()) -> list[str]:
    """The Japanese lines of a page that are neither CMS content, stored data nor marked."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template"]):
        element.decompose()
    for rows in soup.select(".w-main table tbody, main table.listing tbody"):
        rows.decompose()
    for element in soup.select(MARKED):
        element.decompose()
    texts = [soup.title.get_text() if soup.title else ""]
    if soup.title:
        soup.title.decompose()
    texts.append(soup.get_text("\n"))
    for element in soup.find_all(True):
        for attribute in ("alt", "title", "placeholder", "aria-label"):
            texts.append(str(element.get(attribute) or ""))
    left = set()
    for line in (line.strip() for text in texts for line in text.splitlines()):
        rest = line
        for value in (value for value in stored if value in rest):
            rest = rest.replace(value, "")
        if JAPANESE.search(rest):
            left.add(line)
    return sorted(left)


def _pages(world, role: str) -> list[str]:
    oita = world.oita
    workshop = oita.workshop.pk
    pages = [
        "/",
        reverse("account_login"),
        "/programs/",
        oita.program.url,
        "/cases/",
        reverse("search") + "?q=講義",
        reverse("search") + "?q=相談",
    ]
    if world.cms.get("case_page") is not None:
        pages.append(world.cms["case_page"].url)
    if role == "anonymous":
        return pages
    pages += [reverse("accounts:mypage"), reverse("workshops:list")]
    if role in (Role.TRAINEE, Role.FACILITATOR):
        pages.append(oita.lesson.url)
    slug = oita.prefecture.slug
    by_role = {
        Role.TRAINEE: [reverse("workshops:board", args=[workshop])],
        Role.FACILITATOR: [
            reverse("workshops:console", args=[workshop]),
            reverse("workshops:record", args=[workshop]),
            reverse("workshops:plenary", args=[workshop]),
        ],
        # 研修委員 have no pages of their own until planning lands; the shared pages cover them.
        Role.COMMITTEE: [],
        Role.PREFECTURE_ADMIN: [
            reverse("accounts:members", args=[slug]),
            reverse("accounts:member_invite", args=[slug]),
            reverse("accounts:organisations", args=[slug]),
            reverse("workshops:setup", args=[workshop]),
            reverse("cohorts:index"),
        ],
    }
    return pages + by_role[role]


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_english_pages_have_no_japanese_outside_content(world, role):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if role != "anonymous":
        client.force_login(world.oita.people[role])
    found = {}
    stored = stored_texts()
    for path in _pages(world, role):
        response = client.get(path, follow=True)
        assert response.status_code == 200, (path, response.status_code)
        # what the person typed into the search box is echoed back as they typed it
        query = parse_qs(urlsplit(path).query).get("q", [""])[0]
        left = japanese_outside_content(
            response.content.decode().replace(query or "\0", ""), stored
        )
        if left:
            found[path] = left
    if found and os.environ.get("ONE_LANGUAGE_DUMP"):
        with open(os.environ["ONE_LANGUAGE_DUMP"], "a") as dump:
            dump.write(json.dumps({role: found}, ensure_ascii=False, indent=1) + "\n")
    assert found == {}


def _english(world, role=Role.TRAINEE) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.oita.people[role])
    return client


def test_search_result_labels_are_english(world):
    html = _english(world).get(reverse("search") + "?q=講義").content.decode()
    labels = {
        p.get_text(strip=True)
        for p in BeautifulSoup(html, "html.parser").select(".search-results .meta")
    }
    assert labels == {"Lesson", "Training program"}


def test_day_and_lesson_counts_take_the_singular_for_one(world):
    html = _english(world).get("/programs/").content.decode()
    assert "1 lesson · about 1 day of cascade training" in html
    program = _english(world).get(world.oita.program.url).content.decode()
    assert "national 3 days · about 1 day of cascade training" in program
    assert "1 lesson (about 30 min)" in program


@pytest.mark.parametrize(
    ("value", "number"),
    [(1, 1), (Decimal("1.0"), 1), (3, 3), (Decimal("0.5"), 2), (1.5, 2), (None, 0)],
)
def test_plural_number_gives_gettext_an_integer(value, number):
    from base.templatetags.plurals import plural_number

    assert plural_number(value) == number


def test_the_javascript_catalogue_is_a_cacheable_script_in_english(world):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.oita.people[Role.TRAINEE])
    page = client.get(reverse("workshops:board", args=[world.oita.workshop.pk])).content.decode()
    assert f'<script src="{reverse("javascript-catalog")}?v=en" defer>' in page
    response = client.get(reverse("javascript-catalog") + "?v=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=3600" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
    body = response.content.decode()
    assert '"\\u63a5\\u7d9a\\u4e2d": "Connected"' in body or '"接続中": "Connected"' in body


#: A string literal in a script: double- or single-quoted, escapes allowed.
_LITERAL = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_TRANSLATED = re.compile(r"\b(?:gettext|ngettext|pgettext|npgettext)\(\s*$")


def japanese_literals(source: str) -> list[str]:
    """Japanese string literals that are not a gettext msgid (comments are not code)."""
    code = _COMMENT.sub("", source)
    found = []
    for match in _LITERAL.finditer(code):
        if not JAPANESE.search(match.group()):
            continue
        before = code[: match.start()]
        # the first argument of gettext, or the second (plural) one of ngettext
        if _TRANSLATED.search(before) or re.search(r"\bn?gettext\(\s*(\"[^\"]*\"),\s*$", before):
            continue
        found.append(match.group())
    return found


def test_scripts_have_no_japanese_string_outside_gettext():
    scripts = sorted(Path(settings.BASE_DIR, "static", "js").glob("*.js"))
    assert scripts
    found = {script.name: japanese_literals(script.read_text()) for script in scripts}
    assert {name: literals for name, literals in found.items() if literals} == {}


def test_the_literal_check_catches_a_hard_coded_string():
    source = 'var a = gettext("接続中"); // 接続中\nvar b = "一時停止中";\nngettext("%(n)s人", "%(n)s人", n);'
    assert japanese_literals(source) == ['"一時停止中"']
