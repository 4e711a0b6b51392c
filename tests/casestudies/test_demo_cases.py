"""The demo case studies are published anonymised: nothing from the seed reports identifies."""

from io import StringIO

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage, Finding

# Names, places, organisations and addresses that appear in the three seed reports.
SEED_IDENTIFIERS = [
    "徳島",
    "福岡",
    "宇土",
    "宇城",
    "熊本",
    "なないろ",
    "アーチ",
    "エール",
    "きょうせい",
    "調布",
    "中村竜",
    "目黒雄輝",
    "三浦雅史",
    "ccsw",
    "https://",
    "2月16日",
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())


def test_three_cases_are_published_with_questions_and_lessons(demo):
    cases = CaseStudyPage.objects.live()
    assert cases.count() == 3
    for case in cases:
        assert len(case.question_list()) >= 3
        assert case.related_lessons.exists() and case.themes.exists()
        assert not case.source.findings.filter(status=Finding.Status.OPEN).exists()


def test_no_identifier_from_the_seed_reports_appears_on_a_public_page(client, demo):
    pages = ["/cases/", "/search/?q=センター", "/search/?q=地域福祉コーディネーター"]
    pages += [case.url for case in CaseStudyPage.objects.live()]
    for url in pages:
        html = client.get(url).content.decode()
        for identifier in SEED_IDENTIFIERS:
            assert identifier not in html, f"{identifier} on {url}"


def test_every_found_surface_is_absent_from_the_published_text(client, demo):
    for case in CaseStudyPage.objects.live():
        html = client.get(case.url).content.decode()
        for finding in case.source.findings.exclude(status=Finding.Status.KEPT):
            assert finding.surface not in html, (case.slug, finding.surface)
