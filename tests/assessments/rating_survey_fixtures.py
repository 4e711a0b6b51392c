"""Self-rating and survey pages for the ratings and surveys tests: each test makes only what it needs."""

from datetime import date

from assessments.models import SelfRatingPage, SurveyPage
from courses.models import ProgramPage

STATEMENTS = [
    "支援調整会議の役割を説明できる",
    "アセスメントの視点を説明できる",
    "プランを本人と作れる",
]
#: A day after every test cohort (2026-11-09 to 2026-12-18) has ended.
AFTER_TRAINING = date(2026, 12, 19)
BEFORE_TRAINING = date(2026, 11, 1)


def make_rating_page(
    program: ProgramPage, statements=STATEMENTS, slug="self-rating"
) -> SelfRatingPage:
    page = SelfRatingPage(
        title="自己評価",
        slug=slug,
        intro="研修の前と後に答えます。",
        statements=[("statement", {"text": text}) for text in statements],
    )
    program.add_child(instance=page)
    page.save_revision().publish()
    return SelfRatingPage.objects.get(pk=page.pk)


def make_survey_page(
    program: ProgramPage, *, anonymous: bool = True, ratings=2, texts=1, slug="survey"
) -> SurveyPage:
    questions = [
        (
            "rating",
            {
                "text": f"評価の質問{n}",
                "low_label": "そう思わない",
                "high_label": "そう思う",
                "required": True,
            },
        )
        for n in range(1, ratings + 1)
    ] + [("text", {"text": f"記述の質問{n}", "required": False}) for n in range(1, texts + 1)]
    page = SurveyPage(
        title="研修評価アンケート", slug=slug, intro="", anonymous=anonymous, questions=questions
    )
    program.add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def keys(page) -> list[str]:
    """The page's statement or question keys in page order."""
    field = page.statements if isinstance(page, SelfRatingPage) else page.questions
    return [block.id for block in field]
