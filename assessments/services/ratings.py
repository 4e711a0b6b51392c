"""Writes of the self-rating part: a trainee's answer to one phase, kept once and whole."""

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.models import RATING_MAX, RATING_MIN, RatingPhase, SelfRating, SelfRatingPage
from assessments.models.ratings import SelfRatingScore
from assessments.selectors import ratings as selectors
from courses.models import Enrollment
from courses.permissions import READING_STATUSES


class RatingError(Exception):
    """A self-rating was refused, nothing of it kept; the message is shown as it is."""


def parse_score(value) -> int | None:
    """The value as a score on the scale, or None: only the whole numbers 1 to 5 are one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip()[:3])
    else:
        return None
    return number if RATING_MIN <= number <= RATING_MAX else None


def _already_answered(phase: str) -> RatingError:
    return RatingError(
        _("%(phase)sの自己評価にはすでに回答しています。回答は一度だけです。")
        % {"phase": RatingPhase(phase).label}
    )


def _store(
    *, enrollment: Enrollment, page: SelfRatingPage, phase: str, scores: dict[str, int], at=None
) -> SelfRating:
    """Write one phase's answer and its scores; the caller has checked everything."""
    rating = SelfRating.objects.create(
        enrollment=enrollment, page=page, phase=phase, answered_at=at or timezone.now()
    )
    statements = {statement.key: statement for statement in selectors.statements_of(page)}
    SelfRatingScore.objects.bulk_create(
        SelfRatingScore(
            rating=rating,
            statement_key=key,
            statement=statements[key].text,
            position=statements[key].number,
            score=score,
        )
        for key, score in scores.items()
    )
    return rating


def _clean_scores(page: SelfRatingPage, scores: Mapping[str, object]) -> dict[str, int]:
    statements = selectors.statements_of(page)
    if not statements:
        raise RatingError(_("この自己評価にはまだ項目がありません。"))
    known = {statement.key for statement in statements}
    if set(scores) - known:
        raise RatingError(
            _(
                "自己評価の項目が変わりました。ページを読み込み直してから、もう一度回答してください。"
            )
        )
    cleaned = {}
    for statement in statements:
        raw = scores.get(statement.key)
        if raw is None or raw == "":
            raise RatingError(
                _("項目%(n)s「%(text)s」の評価を選んでください。")
                % {"n": statement.number, "text": statement.text}
            )
        score = parse_score(raw)
        if score is None:
            raise RatingError(
                _("項目%(n)s「%(text)s」の評価は%(min)sから%(max)sの整数で選んでください。")
                % {
                    "n": statement.number,
                    "text": statement.text,
                    "min": RATING_MIN,
                    "max": RATING_MAX,
                }
            )
        cleaned[statement.key] = score
    return cleaned


@transaction.atomic
def self_rating_answer(
    *,
    enrollment: Enrollment,
    page: SelfRatingPage,
    phase: str,
    scores: Mapping[str, object],
    today: date | None = None,
) -> SelfRating:
    """Keep a trainee's 1–5 for every statement of a page in one phase, once per phase.

    Refused whole (RatingError) when the phase is not open, already answered, a score
    is off the scale, or a statement is missing or unknown.
    """
    if phase not in RatingPhase.values:
        raise RatingError(_("回答の時期（研修前・研修後）が正しくありません。"))
    program_path = enrollment.cohort.program.path
    if (
        enrollment.status not in READING_STATUSES
        or page.path[: -page.steplen] != program_path
        or not page.live
    ):
        raise RatingError(_("この自己評価には回答できません。"))
    # One answer per phase even for a double click: the second waits here, then sees the first.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    state = selectors.phase_states(enrollment, page, today=today)[phase]
    if state.status == selectors.ANSWERED:
        raise _already_answered(phase)
    if state.status == selectors.CLOSED:
        raise RatingError(
            _("研修前の自己評価の受付は終わりました（最初の講義を完了した時点で締め切ります）。")
        )
    if state.status == selectors.NOT_YET:
        raise RatingError(
            _("研修後の自己評価は%(date)sから回答できます。")
            % {"date": date_format(state.opens_on, _("Y年n月j日"))}
        )
    cleaned = _clean_scores(page, scores)
    try:
        with transaction.atomic():
            rating = _store(enrollment=enrollment, page=page, phase=phase, scores=cleaned)
    except IntegrityError as exc:
        raise _already_answered(phase) from exc
    from assessments.services.completion import completion_refresh

    completion_refresh(enrollment=enrollment)
    return rating
