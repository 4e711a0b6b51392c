"""A program's table of contents and a lesson's questions, read once per process and content token.

Every lesson page shows its program's title and link, the program's live
lessons grouped by 日程・単元 with their links, and the lesson's 振り返りの問い
(read from its body). These are the same for every reader, so they are kept in
base/shared_cache.py, which drops them whenever a page is published, moved or
unpublished. The reader's own progress and answers are added by the view, per
request.
"""

import pickle
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils import translation
from django.utils.safestring import SafeString
from wagtail.models import Site

from base import fragments, shared_cache
from courses import selectors
from courses.models import LessonPage, ProgramPage


@dataclass(frozen=True)
class LessonEntry:
    """One lesson in a table of contents: what the contents, the pager and the badges need."""

    pk: int
    title: str
    url: str
    path: str
    module: str
    estimated_minutes: int


@dataclass(frozen=True)
class ProgramContents:
    """What every reader of one program shares: the program and its lessons, by module."""

    program_pickle: bytes
    lessons: tuple[LessonEntry, ...]
    modules: tuple[tuple[str, tuple[LessonEntry, ...]], ...]

    def program(self) -> ProgramPage:
        """The program page, a copy of its own for the request that asks."""
        return pickle.loads(self.program_pickle)  # noqa: S301 - pickled by this process


def _contents(request, program_path: str) -> ProgramContents:
    """Read a program and its live lessons (two queries), with each lesson's URL for this site."""
    program = ProgramPage.objects.get(path=program_path)
    lessons = tuple(
        LessonEntry(
            pk=lesson.pk,
            title=lesson.title,
            url=lesson.get_url(request),
            path=lesson.path,
            module=lesson.module,
            estimated_minutes=lesson.estimated_minutes,
        )
        for lesson in selectors.program_lessons(program)
    )
    modules = tuple(
        (module, tuple(group)) for module, group in selectors.lessons_by_module(list(lessons))
    )
    return ProgramContents(program_pickle=pickle.dumps(program), lessons=lessons, modules=modules)


def program_contents(request, lesson: LessonPage) -> ProgramContents:
    """The contents of the program `lesson` belongs to, as this request's site links them."""
    program_path = lesson.path[: -LessonPage.steplen]
    # Lesson URLs are relative on their own site and absolute from another one.
    site = Site.find_for_request(request)
    key = ("program-contents", program_path, site.pk if site else None)
    return shared_cache.shared(request, key, lambda: _contents(request, program_path))


TOC_TEMPLATE = "courses/_lesson_toc.html"


def _toc_skeleton(contents: ProgramContents) -> fragments.Slotted:
    """The contents rendered once, split where a reader's current lesson and done badges go."""

    def context(done_ids):
        return {
            "modules": contents.modules,
            "page": SimpleNamespace(pk=fragments.EVERY),
            "done_ids": done_ids,
        }

    return fragments.slotted(
        TOC_TEMPLATE,
        lambda every: context(every),
        lambda every: context(fragments.NOTHING),
        current=' aria-current="page"',
        count=len(contents.lessons),
    )


def lesson_toc(request, lesson: LessonPage, done_ids: set[int]) -> SafeString:
    """The program's table of contents as `courses/_lesson_toc.html` renders it for this reader.

    Kept per program, site and language; only the reader's current lesson and done
    badges are put in per request.
    """
    program_path = lesson.path[: -LessonPage.steplen]
    site = Site.find_for_request(request)
    contents = program_contents(request, lesson)
    key = ("lesson-toc", program_path, site.pk if site else None, translation.get_language())
    skeleton = shared_cache.shared(request, key, lambda: _toc_skeleton(contents))
    # The order the template walks them: module by module.
    pks = [item.pk for _module, items in contents.modules for item in items]
    return skeleton.render([pk == lesson.pk for pk in pks], [pk in done_ids for pk in pks])


def reflection_questions(request, lesson: LessonPage) -> tuple[selectors.ReflectionQuestion, ...]:
    """The published lesson's reflection questions; a previewed draft's are read from its body."""
    if getattr(request, "is_preview", False):
        return tuple(selectors.reflection_questions(lesson))
    key = ("reflection-questions", lesson.pk, lesson.live_revision_id)
    return shared_cache.shared(request, key, lambda: tuple(selectors.reflection_questions(lesson)))
