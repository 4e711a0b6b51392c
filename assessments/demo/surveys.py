"""Demo 研修評価アンケート for 前期共通プログラム: anonymous, four ratings and two free texts.

Five of the 大分県 cohort's demo trainees have answered, so the results are shown
(an anonymous survey shows nothing under five answers); trainee.oita@example.jp
has not answered yet.
"""

from django.db import transaction
from django.utils import timezone

from assessments.models import SurveyPage, SurveyResponse
from assessments.selectors.surveys import questions_of
from assessments.services.surveys import _store
from courses.models import Cohort, Enrollment, ProgramPage

PROGRAM_SLUG = "zenki-kyotsu"
PAGE_SLUG = "kenshu-hyoka"
RATING_QUESTIONS = [
    "研修の内容は、日々の相談支援の実務に役立つと思いますか。",
    "講義の説明はわかりやすかったですか。",
    "グループワークでの意見交換は、学びを深めるのに役立ちましたか。",
    "研修の時間配分は適切でしたか。",
]
TEXT_QUESTIONS = [
    "研修で特に役立った内容と、その理由を教えてください。",
    "次回の伝達研修に向けたご意見・ご要望をお書きください。",
]
#: (address, four ratings, two texts): invented answers, kept without names.
ANSWERS = [
    (
        "trainee2.oita@example.jp",
        [5, 4, 5, 3],
        ["支援調整会議の進め方を事例で確かめられたこと。", "演習の時間をもう少し長くしてほしい。"],
    ),
    (
        "trainee3.oita@example.jp",
        [4, 4, 5, 4],
        ["他の市の相談員と話せたことで、連携の相手が見えた。", ""],
    ),
    (
        "trainee4.oita@example.jp",
        [4, 3, 4, 2],
        ["アセスメントで本人の強みを見る視点。", "午後の講義が詰まっていて休憩が短かった。"],
    ),
    ("trainee5.oita@example.jp", [5, 5, 4, 4], ["プランを本人と一緒に作る意味がわかった。", ""]),
    (
        "trainee6.oita@example.jp",
        [3, 4, 4, 3],
        ["", "就労支援の事例をもっと取り上げてほしい。"],
    ),
]


def survey_page(program: ProgramPage) -> SurveyPage:
    """The program's demo survey page, made once."""
    page = SurveyPage.objects.child_of(program).filter(slug=PAGE_SLUG).first()
    if page is None:
        questions = [
            (
                "rating",
                {
                    "text": text,
                    "low_label": "そう思わない",
                    "high_label": "そう思う",
                    "required": True,
                },
            )
            for text in RATING_QUESTIONS
        ] + [("text", {"text": text, "required": False}) for text in TEXT_QUESTIONS]
        page = SurveyPage(
            title="研修評価アンケート",
            slug=PAGE_SLUG,
            intro=(
                "研修を終えた感想をお聞かせください。いただいた回答は、研修委員会の振り返りで"
                "次の年度の研修づくりに生かします。"
            ),
            anonymous=True,
            questions=questions,
        )
        program.add_child(instance=page)
        page.save_revision().publish()
        page = SurveyPage.objects.get(pk=page.pk)
    return page


@transaction.atomic
def seed() -> None:
    """Make the page and five anonymous answers in the 大分県 cohort; safe to run again."""
    program = ProgramPage.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        return
    page = survey_page(program)
    cohort = Cohort.objects.filter(program=program, prefecture__slug="oita").order_by("pk").first()
    if cohort is None:
        return
    keys = [question.key for question in questions_of(page)]
    for email, ratings, texts in ANSWERS:
        enrollment = Enrollment.objects.filter(cohort=cohort, trainee__email=email).first()
        if (
            enrollment is None
            or SurveyResponse.objects.filter(enrollment=enrollment, page=page).exists()
        ):
            continue
        values = dict(zip(keys, [*ratings, *texts], strict=False))
        # Demo history: the service checks the opening day against today; this is as answered.
        _store(
            enrollment=enrollment,
            page=page,
            answers={key: value for key, value in values.items() if value != ""},
            on=timezone.localdate(),
        )
