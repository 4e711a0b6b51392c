"""How programs and lessons take part in site search."""

from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from base.search import Searchable
from courses.models import LessonPage, ProgramPage
from courses.permissions import program_ids_readable_by


def _block_text(page: LessonPage) -> str:
    return " ".join(page.body.stream_block.get_searchable_content(page.body))


def _lessons_readable(user, lessons: list[Page]) -> set[int]:
    readable = program_ids_readable_by(user)
    if readable is None:
        return {lesson.pk for lesson in lessons}
    paths = set(ProgramPage.objects.filter(pk__in=readable).values_list("path", flat=True))
    return {lesson.pk for lesson in lessons if lesson.path[: -Page.steplen] in paths}


PROGRAMS = Searchable(
    model=ProgramPage,
    kind=pgettext_lazy("search result kind", "研修プログラム"),
    public=lambda page: f"{page.summary} {page.learning_goals} {page.completion_note}",
    summary=lambda page: page.summary,
)

LESSONS = Searchable(
    model=LessonPage,
    kind=pgettext_lazy("search result kind", "講義"),
    public=lambda page: f"{page.module} {page.objectives}",
    restricted=_block_text,
    readable=_lessons_readable,
    summary=lambda page: " / ".join(page.objective_list()),
)
