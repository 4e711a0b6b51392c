"""Demo content of the quizzes part: a quiz on 講義② under 前期共通プログラム, passed by trainee2.oita."""

from django.db import transaction

from accounts.models import User
from assessments.marking import ANSWER_PREFIX, ORDER_PREFIX, SEPARATOR, Kind
from assessments.models import QuizAttempt, QuizPage
from assessments.selectors.quizzes import quiz_questions
from assessments.services import quizzes as services
from courses.models import Enrollment, ProgramPage

PROGRAM_SLUG = "zenki-kyotsu"
PAGE_SLUG = "quiz-purpose-and-flow"
#: Has passed the quiz; trainee.oita has not taken it, so the browser test can.
PASSED_TRAINEE = "trainee2.oita@example.jp"

INTRO = (
    "講義②「自立相談支援事業の目的・支援の流れ」の理解を確かめる小テストです。"
    "全10問、満点の80%以上で合格です。提出すると、正解と解説を確かめられます。"
)


def _choices(*options: tuple[str, bool]) -> list[dict]:
    return [{"text": text, "correct": correct} for text, correct in options]


QUESTIONS = [
    (
        "single",
        {
            "prompt": "自立相談支援事業は、生活困窮者自立支援制度の何を実現するための中核となる事業ですか。",
            "choices": _choices(
                ("制度の「理念」", True), ("制度の財源", False), ("就労の義務", False)
            ),
            "points": 1,
            "feedback": "自立相談支援事業は、制度の「理念」を実現するための中核となる事業です。",
        },
    ),
    (
        "multiple",
        {
            "prompt": "自立相談支援事業が担う役割として、講義で挙げられたものをすべて選んでください。",
            "choices": _choices(
                ("個人へのかかわり（相談支援業務）", True),
                ("地域社会に対する働きかけ（地域づくり・地域連携業務）", True),
                ("チーム全体の総合調整", True),
                ("支援の可否についての最終的な判断", False),
            ),
            "points": 1,
            "feedback": "支援の可否の最終的な判断責任は自治体が負います（支援決定）。",
        },
    ),
    (
        "true_false",
        {
            "prompt": "生活困窮者の中には自ら助けを求めることができない人も多いため、"
            "自立相談支援機関は早期把握に努め、積極的なアウトリーチを行う。",
            "answer": "true",
            "points": 1,
            "feedback": "問題が長期化すると解決が難しくなることもあり、早期把握とアウトリーチが求められます。",
        },
    ),
    (
        "single",
        {
            "prompt": "相談者の課題をとらえ、自立相談支援機関で支援するか、他制度の相談窓口等につなぐかを"
            "判断することを何といいますか。",
            "choices": _choices(("振り分け", True), ("モニタリング", False), ("終結", False)),
            "points": 1,
            "feedback": "包括的相談／振り分け（②）の段階で判断します。",
        },
    ),
    (
        "short",
        {
            "prompt": "生活困窮の状況を把握し、背景・要因を分析したうえで、相談者の課題を適切にとらえ、"
            "解決の方向性を見定めることを何といいますか（カタカナで）。",
            "accepted": ["アセスメント"],
            "points": 1,
            "feedback": "アセスメントは、プランを作成するための根拠となります。",
        },
    ),
    (
        "true_false",
        {
            "prompt": "プランは、支援員が専門的な判断で作成し、できあがったものを本人に説明する。",
            "answer": "false",
            "points": 1,
            "feedback": "プランは本人の主体性を尊重し、本人と支援員が協働で作成します。",
        },
    ),
    (
        "single",
        {
            "prompt": "支援調整会議について、正しいものはどれですか。",
            "choices": _choices(
                ("プランを作成する際には必ず開催し、原則として行政も参加する", True),
                ("支援が難しい事例のときだけ開催する", False),
                ("自立相談支援機関の職員だけで開催する", False),
            ),
            "points": 1,
            "feedback": "プラン案が課題解決に向けた内容か、サービス提供者は適切か等を合議で判断します。",
        },
    ),
    (
        "single",
        {
            "prompt": "支援の可否や提供する支援内容について、最終的な判断責任を負うのはどこですか。",
            "choices": _choices(
                ("自治体", True), ("自立相談支援機関", False), ("サービス提供事業者", False)
            ),
            "points": 1,
            "feedback": "支援決定（⑧）は、自治体が最終的な判断責任を負います。",
        },
    ),
    (
        "multiple",
        {
            "prompt": "モニタリングで確認することを、すべて選んでください。",
            "choices": _choices(
                ("サービスの提供状況", True),
                ("設定した目標の到達状況", True),
                ("本人が過去に受けた支援のすべての記録", False),
            ),
            "points": 1,
            "feedback": "プラン策定の際に、モニタリングの時期と評価の目安（指標）を定めておきます。",
        },
    ),
    (
        "ordering",
        {
            "prompt": "相談支援プロセスの流れになるように、上から順に並べてください。",
            "items": [
                "把握・アウトリーチ",
                "アセスメント",
                "プラン策定",
                "支援調整会議",
                "モニタリング",
                "終結",
            ],
            "points": 3,
            "feedback": "① 把握・アウトリーチ → ② 包括的相談／振り分け → ⑤ アセスメント → ⑥ プラン策定 → "
            "⑦ 支援調整会議 → ⑧ 支援決定 → ⑨ 支援の提供 → ⑩ モニタリング → ⑫ 再プラン → ⑬ 終結 の流れです。",
        },
    ),
]


def right_form(quiz: QuizPage) -> dict[str, list[str]]:
    """The form a trainee who knows every answer sends (the demo's passed attempt)."""
    form: dict[str, list[str]] = {}
    for question in quiz_questions(quiz):
        if question.kind == Kind.ORDERING:
            for position, item in enumerate(question.option_ids(), start=1):
                form[f"{ORDER_PREFIX}{question.key}{SEPARATOR}{item}"] = [str(position)]
        elif question.kind == Kind.SHORT:
            form[ANSWER_PREFIX + question.key] = [question.accepted[0]]
        else:
            form[ANSWER_PREFIX + question.key] = [o.id for o in question.options if o.correct]
    return form


def _page(program: ProgramPage) -> QuizPage:
    page = QuizPage.objects.child_of(program).filter(slug=PAGE_SLUG).first()
    if page is not None:
        return page
    page = QuizPage(
        title="理解度チェック：自立相談支援事業の目的と支援の流れ",
        slug=PAGE_SLUG,
        intro=INTRO,
        questions=QUESTIONS,
        pass_percent=80,
        attempts_limit=3,
    )
    program.add_child(instance=page)
    page.save_revision().publish()
    return QuizPage.objects.get(pk=page.pk)


@transaction.atomic
def seed() -> None:
    """Publish the quiz under 前期共通プログラム, and give trainee2.oita one passed attempt."""
    program = ProgramPage.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        return
    quiz = _page(program)
    enrollment = Enrollment.objects.filter(
        trainee__in=User.objects.filter(email=PASSED_TRAINEE),
        cohort__program=program,
        cohort__prefecture__slug="oita",
    ).first()
    if enrollment is None or QuizAttempt.objects.filter(quiz=quiz, enrollment=enrollment).exists():
        return
    attempt = services.quiz_attempt_start(quiz=quiz, enrollment=enrollment)
    services.quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
