"""Demo 自己評価 for 前期共通プログラム: five statements, answered before and after by 大分県's trainees.

trainee.oita@example.jp has answered 研修前 only, so 研修後 is still to do; the
other demo trainees of the 大分県 cohort answered both, so the report shows numbers.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import RatingPhase, SelfRating, SelfRatingPage
from assessments.selectors.ratings import statements_of
from assessments.services.ratings import _store
from courses.models import Cohort, Enrollment, ProgramPage

TOKYO = ZoneInfo("Asia/Tokyo")
PROGRAM_SLUG = "zenki-kyotsu"
PAGE_SLUG = "jiko-hyoka"
STATEMENTS = [
    "自立相談支援事業の目的を説明できる",
    "相談支援の流れ（①把握・アウトリーチ〜⑬終結）を説明できる",
    "本人の強みに目を向けたアセスメントができる",
    "本人と一緒にプラン兼事業等利用申込書を作成できる",
    "支援調整会議の役割を説明できる",
]
#: (address, scores before, scores after or None): invented answers that show a change.
ANSWERS = [
    ("trainee.oita@example.jp", [2, 2, 3, 2, 1], None),
    ("trainee2.oita@example.jp", [2, 1, 3, 2, 2], [4, 4, 4, 3, 4]),
    ("trainee3.oita@example.jp", [3, 2, 3, 3, 2], [4, 4, 4, 4, 4]),
    ("trainee4.oita@example.jp", [1, 1, 2, 1, 1], [3, 4, 3, 3, 4]),
    ("trainee5.oita@example.jp", [3, 3, 4, 3, 3], [5, 4, 4, 4, 5]),
    ("trainee6.oita@example.jp", [2, 2, 2, 2, 2], [4, 3, 4, 3, 4]),
]


def rating_page(program: ProgramPage) -> SelfRatingPage:
    """The program's demo self-rating page, made once."""
    page = SelfRatingPage.objects.child_of(program).filter(slug=PAGE_SLUG).first()
    if page is None:
        page = SelfRatingPage(
            title="自己評価（研修前・研修後）",
            slug=PAGE_SLUG,
            intro=(
                "研修で身につけたいことを、研修の前と後に同じ項目で振り返ります。"
                "1（まったくできない）から5（できる）で、いまの自分に近いものを選んでください。"
            ),
            statements=[("statement", {"text": text}) for text in STATEMENTS],
        )
        program.add_child(instance=page)
        page.save_revision().publish()
        page = SelfRatingPage.objects.get(pk=page.pk)
    return page


def _answer(enrollment: Enrollment, page: SelfRatingPage, phase: str, scores, at) -> None:
    if SelfRating.objects.filter(enrollment=enrollment, page=page, phase=phase).exists():
        return
    keys = [statement.key for statement in statements_of(page)]
    # Demo history, written as it was answered on days already past: the opening rule
    # belongs to the service, which checks it against today.
    _store(
        enrollment=enrollment,
        page=page,
        phase=phase,
        scores=dict(zip(keys, scores, strict=False)),
        at=at,
    )


@transaction.atomic
def seed() -> None:
    """Make the page and the 大分県 cohort's answers; safe to run again."""
    program = ProgramPage.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        return
    page = rating_page(program)
    cohort = Cohort.objects.filter(program=program, prefecture__slug="oita").order_by("pk").first()
    if cohort is None:
        return
    before_at = datetime.combine(cohort.starts_on - timedelta(days=7), time(10), TOKYO)
    for email, before, after in ANSWERS:
        enrollment = Enrollment.objects.filter(cohort=cohort, trainee__email=email).first()
        if enrollment is None or not User.objects.filter(email=email).exists():
            continue
        _answer(enrollment, page, RatingPhase.BEFORE, before, before_at)
        if after:
            _answer(enrollment, page, RatingPhase.AFTER, after, timezone.now())
