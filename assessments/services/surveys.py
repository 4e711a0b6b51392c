"""Writes of the survey part: a trainee's one answer, kept whole, apart from their name if anonymous."""

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.models import (
    RATING_MAX,
    RATING_MIN,
    SURVEY_TEXT_MAX_LENGTH,
    SurveyAnswer,
    SurveyPage,
    SurveyResponse,
    SurveySubmission,
)
from assessments.selectors import surveys as selectors
from assessments.services.ratings import parse_score
from base.validators import text_problem
from courses.models import Enrollment
from courses.permissions import READING_STATUSES


class SurveyError(Exception):
    """A survey answer was refused, nothing of it kept; the message is shown as it is."""


def _already() -> SurveyError:
    return SurveyError(_("このアンケートにはすでに回答しています。回答は一度だけです。"))


def _clean(page: SurveyPage, answers: Mapping[str, object]) -> dict[str, int | str]:
    """Each question's answer checked; any problem refuses the whole answer."""
    questions = selectors.questions_of(page)
    if not questions:
        raise SurveyError(_("このアンケートにはまだ質問がありません。"))
    if set(answers) - {q.key for q in questions}:
        raise SurveyError(
            _(
                "アンケートの質問が変わりました。ページを読み込み直してから、もう一度回答してください。"
            )
        )
    cleaned: dict[str, int | str] = {}
    for question in questions:
        raw = answers.get(question.key)
        if isinstance(raw, str):
            raw = raw.replace("\r\n", "\n").strip()
        if raw is None or raw == "":
            if question.required:
                raise SurveyError(
                    _("質問%(n)s「%(text)s」に答えてください。")
                    % {"n": question.number, "text": question.text}
                )
            continue
        if question.kind == selectors.RATING:
            score = parse_score(raw)
            if score is None:
                raise SurveyError(
                    _("質問%(n)sの回答は%(min)sから%(max)sの整数で選んでください。")
                    % {"n": question.number, "min": RATING_MIN, "max": RATING_MAX}
                )
            cleaned[question.key] = score
            continue
        if not isinstance(raw, str):
            raise SurveyError(
                _("質問%(n)sの回答の形式が正しくありません。") % {"n": question.number}
            )
        if len(raw) > SURVEY_TEXT_MAX_LENGTH:
            raise SurveyError(
                _("質問%(n)sの回答は%(max)s文字以内にしてください（いま%(length)s文字）。")
                % {"n": question.number, "max": SURVEY_TEXT_MAX_LENGTH, "length": len(raw)}
            )
        problem = text_problem(raw, multiline=True)
        if problem:
            raise SurveyError(
                _("質問%(n)sの回答: %(problem)s") % {"n": question.number, "problem": problem}
            )
        cleaned[question.key] = raw
    if not cleaned:
        raise SurveyError(_("少なくとも1つの質問に答えてください。"))
    return cleaned


def _store(
    *, enrollment: Enrollment, page: SurveyPage, answers: dict[str, int | str], on: date
) -> SurveySubmission:
    """Record that the enrollment answered, and what, in separate rows; the caller checked all."""
    SurveyResponse.objects.create(enrollment=enrollment, page=page, answered_on=on)
    submission = SurveySubmission.objects.create(
        page=page,
        cohort_id=enrollment.cohort_id,
        enrollment=None if page.anonymous else enrollment,
        answered_on=on,
    )
    questions = {q.key: q for q in selectors.questions_of(page)}
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            submission=submission,
            question_key=key,
            question=questions[key].text,
            position=questions[key].number,
            rating=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for key, value in answers.items()
    )
    return submission


@transaction.atomic
def survey_answer(
    *,
    enrollment: Enrollment,
    page: SurveyPage,
    answers: Mapping[str, object],
    today: date | None = None,
) -> SurveySubmission:
    """Keep a trainee's answer to a survey, once per enrollment; refused whole (SurveyError)."""
    if (
        enrollment.status not in READING_STATUSES
        or page.path[: -page.steplen] != enrollment.cohort.program.path
        or not page.live
    ):
        raise SurveyError(_("このアンケートには回答できません。"))
    # A double click waits here for the first answer, then is refused as a second one.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    state = selectors.survey_state(enrollment, page, today=today)
    if state.status == selectors.ANSWERED:
        raise _already()
    if state.status == selectors.NOT_YET:
        raise SurveyError(
            _("このアンケートは%(date)sから回答できます。")
            % {"date": date_format(state.opens_on, _("Y年n月j日"))}
        )
    cleaned = _clean(page, answers)
    try:
        with transaction.atomic():
            submission = _store(
                enrollment=enrollment, page=page, answers=cleaned, on=today or timezone.localdate()
            )
    except IntegrityError as exc:
        raise _already() from exc
    from assessments.services.completion import completion_refresh

    completion_refresh(enrollment=enrollment)
    return submission
