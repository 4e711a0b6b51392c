"""Roster import (名簿の取り込み): check every row against the cohort, then invite and enrol them all.

Nothing is saved unless every row passes; the confirm checks again under a lock, so a file
previewed as valid and then overtaken is refused whole. Rows beyond their municipality's
seats (or the cohort's) are not errors: they go on the day's waiting list, in file order.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts import invitations
from accounts.invitations import Invitee
from accounts.models import Membership, Organisation, Prefecture, Role, User
from accounts.municipality_data import fold_name
from accounts.selectors import municipality_index
from accounts.services import MembershipError, memberships_grant_many
from base.validators import text_problem
from courses.models import Cohort, Enrollment
from courses.services import CohortError, enrollments_create_many
from planning.models import SeatPlan, TrainingDay, WaitingEntry
from planning.roster import CP932, RosterFile
from planning.services.errors import PlanningError

#: the longest name and address an account holds (accounts.models.User)
NAME_MAX, EMAIL_MAX = 100, 254
#: what Excel writes for a character Shift_JIS cannot hold (𠮷, 髙 in some fonts, ①…)
LOST_CHARACTER = "?"


@dataclass
class RosterRow:
    """One row of the file as read, with every problem found in it."""

    line: int
    full_name: str
    furigana: str
    email: str
    municipality: str
    organisation: str
    errors: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    #: the municipality whose seats the row takes (a 政令指定都市 for its 区), once matched
    seat_name: str = ""
    #: the row's place on the waiting list of its municipality, when beyond the seats
    waiting: int | None = None

    def as_data(self) -> dict:
        """The row as the confirm step carries it (signed, in the preview form)."""
        return {
            "line": self.line,
            "full_name": self.full_name,
            "furigana": self.furigana,
            "email": self.email,
            "municipality": self.municipality,
            "organisation": self.organisation,
        }


@dataclass
class RosterPreview:
    """Every row of a roster with its problems, and the seats the cohort has left."""

    encoding: str
    rows: list[RosterRow]
    seats_left: int

    @property
    def valid(self) -> bool:
        """Whether the whole file may be confirmed."""
        return not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        """How many rows have a problem."""
        return sum(1 for row in self.rows if row.errors)

    @property
    def waiting_count(self) -> int:
        """How many rows go on the waiting list (順番待ち)."""
        return sum(1 for row in self.rows if row.waiting is not None)


def _cohort_of(day: TrainingDay) -> Cohort:
    if day.cohort_id is None:
        raise PlanningError(
            "no_cohort",
            _(
                "この研修日にはコホートが結び付けられていません。先に研修日の編集でコホートを選んでください。"
            ),
        )
    return day.cohort


def _seats_left(day: TrainingDay, cohort: Cohort) -> int:
    taken = cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()
    return max(0, min(cohort.capacity, day.capacity) - taken)


def _municipal_seats_left(day: TrainingDay, cohort: Cohort) -> dict[str, int] | None:
    """Seats left per municipality when the day's seats are shared out, else None."""
    seat_plan = SeatPlan.objects.filter(training_day=day).first()
    if seat_plan is None:
        return None
    enrolled = cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).values("trainee_id")
    taken = Counter(
        city or own
        for city, own in Membership.objects.filter(
            user_id__in=enrolled,
            prefecture_id=cohort.prefecture_id,
            role=Role.TRAINEE,
            organisation__municipality__isnull=False,
        ).values_list("organisation__municipality__city__name", "organisation__municipality__name")
    )
    return {
        a.municipality: max(0, a.seats - taken[a.municipality]) for a in seat_plan.allocations.all()
    }


def _municipal_error(row: RosterRow, left: dict[str, int]) -> str | None:
    if not row.municipality:
        return _("受講枠を市区町村ごとに配っています。市区町村を入力してください。")
    if row.seat_name not in left:
        return _("「%(name)s」には受講枠がありません。") % {"name": row.municipality}
    return None


def _match_municipality(row: RosterRow, index: dict, prefecture: Prefecture) -> str | None:
    """Put the municipality's own name on the row, or say the prefecture has none by that name."""
    if not row.municipality:
        return None
    found = index.get(fold_name(row.municipality))
    if found is None:
        return _("「%(name)s」は%(prefecture)sの市区町村として登録されていません。") % {
            "name": row.municipality,
            "prefecture": prefecture.name,
        }
    row.municipality = found.name
    row.seat_name = found.city.name if found.city_id else found.name
    return None


def _row_errors(row: RosterRow, *, lost_possible: bool) -> list[str]:
    errors = []
    if not row.full_name:
        errors.append(_("氏名が空です。"))
    for label, value, limit in (
        (_("氏名"), row.full_name, NAME_MAX),
        (_("ふりがな"), row.furigana, NAME_MAX),
        (_("市区町村"), row.municipality, 50),
        (_("所属機関"), row.organisation, 200),
    ):
        problem = text_problem(value)
        if problem:
            errors.append(f"{label}：{problem}")
        elif len(value) > limit:
            errors.append(
                _("%(label)sが長すぎます（%(max)s文字まで）。") % {"label": label, "max": limit}
            )
        elif lost_possible and LOST_CHARACTER in value:
            errors.append(
                _(
                    "%(label)sに「?」があります。Shift_JIS（CP932）で保存したときに、"
                    "この形式で表せない文字（𠮷など）が失われた可能性があります。"
                    "UTF-8のCSVかXLSXで保存し直してください。"
                )
                % {"label": label}
            )
    if not row.email:
        errors.append(_("メールアドレスが空です。"))
    else:
        try:
            validate_email(row.email)
            if len(row.email) > EMAIL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("メールアドレスの形が正しくありません。"))
    return errors


def roster_check(*, day: TrainingDay, roster: RosterFile) -> RosterPreview:
    """Every row of the file with its Japanese problems; reads only, saves nothing."""
    cohort = _cohort_of(day)
    prefecture = day.plan.committee.prefecture
    organisations = list(Organisation.objects.filter(prefecture=prefecture))
    index = municipality_index(prefecture)
    waiting = list(
        WaitingEntry.objects.filter(training_day=day).values_list("email", "municipality")
    )
    already_waiting = {email.lower() for email, _name in waiting}
    waiting_ahead = Counter(name for _email, name in waiting)
    waiting_new: Counter = Counter()
    by_name: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_name.setdefault(organisation.name, []).append(organisation)
    enrolled = {
        email.lower()
        for email in cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).values_list(
            "trainee__email", flat=True
        )
    }
    seats_left = _seats_left(day, cohort)
    municipal_left = _municipal_seats_left(day, cohort)
    municipal_placed: Counter = Counter()
    seen: dict[str, int] = {}
    placed = 0
    rows = []
    for data in roster.rows:
        row = RosterRow(
            line=int(data["line"]),
            full_name=str(data["full_name"]),
            furigana=str(data["furigana"]),
            email=User.objects.normalize_email(str(data["email"])).lower(),
            municipality=str(data["municipality"]),
            organisation=str(data["organisation"]),
        )
        row.errors = _row_errors(row, lost_possible=roster.encoding == CP932)
        if row.email and row.email in seen:
            row.errors.append(
                _("メールアドレスが%(line)s行目と重複しています。") % {"line": seen[row.email]}
            )
        elif row.email:
            seen[row.email] = row.line
        if row.email in enrolled:
            row.errors.append(_("この人はすでにこのコホートに登録されています。"))
        if row.email in already_waiting:
            row.errors.append(_("この人はすでにこの研修日の順番待ちに入っています。"))
        problem = (
            None if text_problem(row.municipality) else _match_municipality(row, index, prefecture)
        )
        if problem:
            row.errors.append(problem)
        if row.organisation:
            matches = [
                o
                for o in by_name.get(row.organisation, [])
                if not row.municipality or o.municipality_text == row.municipality
            ]
            if len(matches) == 1:
                row.organisation_id = matches[0].pk
            elif not matches:
                row.errors.append(
                    _("所属機関「%(name)s」は%(prefecture)sに登録されていません。")
                    % {"name": row.organisation, "prefecture": prefecture.name}
                )
            else:
                row.errors.append(
                    _(
                        "所属機関「%(name)s」が複数あります。市区町村の列で選べるようにしてください。"
                    )
                    % {"name": row.organisation}
                )
        if not row.errors and municipal_left is not None:
            problem = _municipal_error(row, municipal_left)
            if problem:
                row.errors.append(problem)
        if not row.errors:
            key = row.seat_name if municipal_left is not None else ""
            municipal_placed[key] += 1
            beyond_municipality = (
                municipal_left is not None and municipal_placed[key] > municipal_left[key]
            )
            if beyond_municipality or placed >= seats_left or waiting_ahead[key]:
                waiting_new[key] += 1
                row.waiting = waiting_ahead[key] + waiting_new[key]
            else:
                placed += 1
        rows.append(row)
    return RosterPreview(encoding=roster.encoding, rows=rows, seats_left=seats_left)


def trainee_invite_and_enrol(
    *,
    day: TrainingDay,
    email: str,
    full_name: str,
    furigana: str,
    organisation: Organisation | None,
    invited_by: User,
    site_url: str,
) -> None:
    """Invite one person as a trainee of the day's prefecture and enrol them in its cohort."""
    trainees_invite_and_enrol(
        day=day,
        people=[Invitee(email, full_name, furigana, organisation)],
        invited_by=invited_by,
        site_url=site_url,
    )


def trainees_invite_and_enrol(
    *, day: TrainingDay, people: Sequence[Invitee], invited_by: User, site_url: str
) -> None:
    """Invite people as trainees of the day's prefecture and enrol them all in its cohort.

    Through each app's batch service, so a roster of any length costs the same few queries.
    """
    if not people:
        return
    prefecture = day.plan.committee.prefecture
    sent = invitations.invitations_create_many(
        prefecture=prefecture,
        role=Role.TRAINEE,
        invitees=people,
        invited_by=invited_by,
        site_url=site_url,
    )
    users = {
        user.email_folded: user
        for user in User.objects.annotate(email_folded=Lower("email")).filter(
            email_folded__in=[invitation.email for invitation in sent]
        )
    }
    trainees = [users[invitation.email] for invitation in sent]
    # The committee vouches for its roster: the trainee role comes with the seat, so the
    # enrolment waits only for the trainee to accept (its status says 招待中).
    memberships_grant_many(
        prefecture=prefecture,
        role=Role.TRAINEE,
        grants=[(users[invitation.email], invitation.organisation) for invitation in sent],
    )
    enrollments_create_many(trainees=trainees, cohort=day.cohort, status=Enrollment.Status.INVITED)


ENROL_ERRORS = (invitations.InvitationError, MembershipError, CohortError)


@transaction.atomic
def roster_import_confirm(
    *, day: TrainingDay, roster: RosterFile, invited_by: User, site_url: str
) -> RosterPreview:
    """Invite every row within the seats and enrol them; put the rest on the waiting list.

    All or nothing: any problem (found again here, under the cohort's lock) saves no row.
    The invitation mails go out only once everything is stored.
    """
    cohort = _cohort_of(day)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    TrainingDay.objects.select_for_update().filter(pk=day.pk).first()
    preview = roster_check(day=day, roster=roster)
    if not preview.valid:
        raise PlanningError(
            "roster_invalid",
            _("名簿に直すところが%(count)s行あります。何も登録していません。")
            % {"count": preview.error_count},
        )
    organisations = Organisation.objects.in_bulk(
        [row.organisation_id for row in preview.rows if row.organisation_id]
    )
    seat_plan_exists = SeatPlan.objects.filter(training_day=day).exists()
    last = WaitingEntry.objects.filter(training_day=day).order_by("-position").first()
    position = last.position if last else 0
    waiting, seated = [], []
    for row in preview.rows:
        organisation = organisations.get(row.organisation_id)
        if row.waiting is None:
            seated.append(Invitee(row.email, row.full_name, row.furigana, organisation))
            continue
        position += 1
        waiting.append(
            WaitingEntry(
                training_day=day,
                position=position,
                municipality=row.seat_name if seat_plan_exists else "",
                email=row.email,
                full_name=row.full_name,
                furigana=row.furigana,
                organisation=organisation,
                added_by=invited_by,
            )
        )
    try:
        trainees_invite_and_enrol(day=day, people=seated, invited_by=invited_by, site_url=site_url)
    except ENROL_ERRORS as error:
        raise PlanningError(
            "roster_row_refused",
            _("名簿を登録できません：%(error)s 何も登録していません。")
            % {"error": getattr(error, "message", str(error))},
        ) from error
    WaitingEntry.objects.bulk_create(waiting)
    return preview
