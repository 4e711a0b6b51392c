"""The three demo case studies, put through the anonymiser and an editor's review, then published."""

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from base.models import HomePage
from casestudies import services
from casestudies.demo_content import CASES
from casestudies.models import (
    CaseSource,
    CaseStudyIndexPage,
    CaseStudyPage,
    Finding,
    SupportStep,
    Theme,
)
from courses.models import LessonPage

INDEX_INTRO = (
    "相談支援の現場の実践から学ぶ事例です。個人・団体・地域が特定されないよう匿名化しています。"
    "グループワークや事例検討では「考察のための問い」を使います。"
)
REVIEWER_GROUP = "事例の匿名化担当"


def _index(home: HomePage) -> CaseStudyIndexPage:
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        index = CaseStudyIndexPage(title="事例", slug="cases", intro=INDEX_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _case(index: CaseStudyIndexPage, spec: dict, editor: User) -> CaseStudyPage:
    existing = (
        CaseSource.objects.filter(original__title=spec["title"]).select_related("page").first()
    )
    if existing is not None:
        return existing.page
    sections = {**spec["sections"], "questions": "\n".join(spec["questions"])}
    page = services.case_create(index=index, title=spec["title"], sections=sections, user=editor)
    for finding in page.source.findings.filter(status=Finding.Status.OPEN):
        services.finding_accept(finding=finding, user=editor)
    draft = page.get_latest_revision_as_object()
    draft.slug = spec["slug"]
    themes = [
        Theme.objects.get_or_create(
            name=name, defaults={"slug": slugify(name, allow_unicode=True)}
        )[0]
        for name in spec["themes"]
    ]
    draft.themes.set(themes)
    draft.support_steps.set(SupportStep.objects.filter(number__in=spec["steps"]))
    draft.related_lessons.set(LessonPage.objects.filter(title__in=spec["related_lessons"]).live())
    draft.save_revision(user=editor).publish()
    return page


@transaction.atomic
def seed() -> None:
    """Create the case index and publish the three anonymised demo cases."""
    from django.contrib.auth.models import Group

    editor = User.objects.get(email="editor@example.jp")
    reviewers = Group.objects.get(name=REVIEWER_GROUP)
    if not editor.groups.filter(pk=reviewers.pk).exists():
        editor.groups.add(reviewers)
    index = _index(HomePage.objects.get())
    for spec in CASES:
        _case(index, spec, editor)
