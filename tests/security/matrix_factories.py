"""How the prefecture matrix fills every URL the project registers, with 高知県's objects.

A URL name is declared when its namespace's kwarg fillers (KWARGS) cover all its
kwargs, or when it has its own entry in URLS. A filler made with `kochi(...)`
points at one of 高知県's objects, so every 大分県 role must be refused (403/404, or
sent to the login or the CMS's "no permission" redirect). A filler made with
`plain(...)` holds no prefecture data (Wagtail's pages, images, workflows, ...);
there the matrix asserts no 500 and that nothing of 高知県 shows.

A new app joins the matrix by adding its 高知県 objects to tests/security/world.py
and its namespace (or URL names) here. Until it does, the matrix fails and names
the URLs it cannot fill.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .world import World


@dataclass(frozen=True)
class Filler:
    """How to fill one kwarg (or a URL's positional args) from the world."""

    fill: Callable[[World], Any]
    kochi: bool


def kochi(fill: Callable[[World], Any]) -> Filler:
    """A value that names one of 高知県's objects."""
    return Filler(fill, True)


def plain(fill: Callable[[World], Any]) -> Filler:
    """A value that names nothing of any prefecture."""
    return Filler(fill, False)


def const(value: Any) -> Filler:
    return plain(lambda world: value)


#: an id no row has: screens about objects the world does not make (task states, uploads)
MISSING_ID = 987_654


def _page(world: World) -> int:
    return world.kochi.lesson.pk


def _revision(world: World) -> int:
    return world.kochi.lesson.latest_revision_id


def _cms(key: str, attribute: str = "pk") -> Filler:
    return plain(lambda world: getattr(world.cms[key], attribute))


def _theme(world: World) -> int:
    from casestudies.models import Theme

    theme = Theme.objects.first() or Theme.objects.create(name="テーマ")
    return theme.pk


PAGE_KWARGS = {
    "page_id": plain(_page),
    "parent_page_id": plain(lambda world: world.kochi.program.pk),
    "page_to_move_id": plain(_page),
    "destination_id": plain(lambda world: world.oita.program.pk),
    "revision_id": plain(_revision),
    "content_type_app_name": const("courses"),
    "content_type_model_name": const("lessonpage"),
    "app_label": const("courses"),
    "model_name": const("lessonpage"),
    "action_name": const("approve"),
    "task_state_id": const(MISSING_ID),
    "task_id": _cms("task"),
    "workflow_state_id": const(MISSING_ID),
}

#: namespace -> kwarg name -> filler; a namespace listed here covers every URL in it.
KWARGS: dict[str, dict[str, Filler]] = {
    # --- this project's apps: every id points at 高知県 ---------------------------
    "accounts": {
        "slug": kochi(lambda world: world.kochi.prefecture.slug),
        "pk": kochi(lambda world: world.kochi.organisation.pk),
    },
    "courses": {
        "lesson_id": kochi(lambda world: world.kochi.lesson.pk),
        "enrollment_id": kochi(lambda world: world.kochi.invited_enrollment.pk),
        "cohort_id": kochi(lambda world: world.kochi.cohort.pk),
    },
    "workshops": {"workshop_id": kochi(lambda world: world.kochi.workshop.pk)},
    # Each assessments part adds its kwargs here, pointing at 高知県's objects.
    "assessments": {
        "cohort_id": kochi(lambda world: world.kochi.cohort.pk),
        "enrollment_id": kochi(lambda world: world.kochi.enrollment.pk),
        "rating_id": kochi(lambda world: world.kochi.assessments["rating_page"].pk),
        "survey_id": kochi(lambda world: world.kochi.assessments["survey_page"].pk),
        "worksheet_id": kochi(lambda world: world.kochi.assessments["worksheet"].pk),
        "quiz_id": kochi(lambda world: world.kochi.assessments["quiz_page"].pk),
        "attempt_id": kochi(lambda world: world.kochi.assessments["quiz_attempt"].pk),
    },
    # A program's completion rule is national CMS content; only editors open its screens.
    "completion_rules": {"pk": plain(lambda world: world.kochi.assessments["completion_rule"].pk)},
    "certificates": {
        "certificate_id": kochi(lambda world: world.kochi.certificates["certificate"].pk),
        "cohort_id": kochi(lambda world: world.kochi.cohort.pk),
        "enrollment_id": kochi(lambda world: world.kochi.enrollment.pk),
        "run_id": kochi(lambda world: world.kochi.certificates["bulk_run"].pk),
        "prefecture_slug": kochi(lambda world: world.kochi.prefecture.slug),
    },
    # /verify/ is public on purpose: a valid code shows anyone that certificate's printed
    # fields, 高知県's holder's name included (tests/certificates/test_verify.py proves
    # nothing more shows). So the matrix asks it a well-formed code no certificate has:
    # no role may get a 500 or see anything of 高知県.
    "verify": {"code": const("ZZZZ-ZZZZ-ZZZZ")},
    "planning": {
        "plan_id": kochi(lambda world: world.kochi.planning["plan"].pk),
        "committee_id": kochi(lambda world: world.kochi.planning["committee"].pk),
        "member_id": kochi(lambda world: world.kochi.planning["member"].pk),
        "milestone_id": kochi(lambda world: world.kochi.planning["milestone"].pk),
        "day_id": kochi(lambda world: world.kochi.planning["day"].pk),
        "item_id": kochi(lambda world: world.kochi.planning["item"].pk),
        "meeting_id": kochi(lambda world: world.kochi.planning["meeting"].pk),
        "action_id": kochi(lambda world: world.kochi.planning["action"].pk),
        "entry_id": kochi(lambda world: world.kochi.planning["waiting"].pk),
        # The secret feed opens to whoever holds its key, by design (tests/planning/
        # test_calendars.py proves it shows only its owner's events); here a well-formed key
        # no feed has: no role may get a 500 or see anything of 高知県.
        "token": const("A" * 43),
    },
    "cohorts": {"pk": kochi(lambda world: world.kochi.cohort.pk)},
    "enrollments": {"pk": kochi(lambda world: world.kochi.enrollment.pk)},
    "wagtailusers_users": {"pk": kochi(lambda world: world.kochi.people["prefecture_admin"].pk)},
    # Case studies are national, anonymised content, not a prefecture's.
    "casestudies_admin": {
        "page_id": plain(lambda world: world.cms["case_page"].pk),
        "finding_id": plain(lambda world: world.cms["finding"].pk),
    },
    # --- Wagtail's own screens: content and settings, no prefecture's people ------
    "wagtailadmin_pages": PAGE_KWARGS,
    "wagtailadmin_api:pages": {"pk": plain(_page), "action_name": const("copy")},
    "wagtailadmin_api:documents": {"pk": _cms("document")},
    "wagtailadmin_api:images": {"pk": _cms("image")},
    "wagtailadmin_collections": {"pk": _cms("collection"), "collection_id": _cms("collection")},
    "wagtailadmin_workflows": {
        "pk": _cms("workflow"),
        "page_pk": plain(_page),
        "workflow_pk": _cms("workflow"),
        "app_label": const("wagtailcore"),
        "model_name": const("groupapprovaltask"),
        "task_id": _cms("task"),
    },
    "wagtailadmin_reports": {},
    "wagtailadmin_editing_sessions": {
        # The ping names who else edits the object: point it at 高知県's cohort.
        "app_label": const("courses"),
        "model_name": const("cohort"),
        "object_id": kochi(lambda world: str(world.kochi.cohort.pk)),
        "session_id": const(MISSING_ID),
    },
    "wagtailforms": {"page_id": plain(_page)},
    "wagtailredirects": {"redirect_id": _cms("redirect")},
    "wagtailsettings": {
        "app_name": const("wagtailcore"),
        "model_name": const("site"),
        "pk": _cms("site"),
    },
    "wagtailembeds": {},
    "wagtailsnippets": {},
    "wagtaildocs": {
        "document_id": _cms("document"),
        "doc_id": _cms("document"),
        "uploaded_file_id": const(MISSING_ID),
    },
    "wagtailimages": {
        "image_id": _cms("image"),
        "filter_spec": const("original"),
        "uploaded_file_id": const(MISSING_ID),
    },
    "wagtailsnippets_casestudies_theme": {"pk": plain(_theme)},
    "wagtailsnippetchoosers_casestudies_theme": {"pk": plain(lambda world: str(_theme(world)))},
    "wagtailsites": {"pk": _cms("site")},
    "wagtailusers_groups": {"pk": _cms("group")},
    "wagtaildocs_chooser": {"pk": plain(lambda world: str(world.cms["document"].pk))},
    "wagtailimages_chooser": {
        "pk": plain(lambda world: str(world.cms["image"].pk)),
        "image_id": _cms("image"),
    },
}


def _kochi_uid(world: World) -> str:
    from allauth.account.utils import user_pk_to_url_str

    return user_pk_to_url_str(world.kochi.people["prefecture_admin"])


def _uidb64(world: World) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(world.kochi.people["prefecture_admin"].pk))


@dataclass(frozen=True)
class Args:
    """A URL reversed with positional args (regex patterns without named groups)."""

    fill: Callable[[World], list]
    kochi: bool = False


#: URL name -> its own kwarg fillers (merged over its namespace's), or Args.
URLS: dict[str, dict[str, Filler] | Args] = {
    "wagtailadmin_pages:revisions_compare": Args(
        lambda world: [world.kochi.lesson.pk, "earliest", "live"]
    ),
    "wagtailadmin_explore": {"parent_page_id": plain(lambda world: world.cms["home"].pk)},
    "wagtailadmin_explore_results": {"parent_page_id": plain(lambda world: world.cms["home"].pk)},
    "wagtailadmin_choose_page_child": {
        "parent_page_id": plain(lambda world: world.kochi.program.pk)
    },
    "accounts:membership_revoke": {"pk": kochi(lambda world: world.kochi.membership.pk)},
    "accounts:invitation": {"key": kochi(lambda world: world.kochi.invitation.key)},
    "wagtail_bulk_action": {
        "app_label": const("wagtailcore"),
        "model_name": const("page"),
        "action": const("delete"),
    },
    "wagtailadmin_tag_model_autocomplete": {
        "app_name": const("wagtailimages"),
        "model_name": const("image"),
    },
    # A reset link's uid names a person of 高知県, but without its token the page is the
    # same "invalid link" for every uid, so it names nothing: the markers still must not show.
    "wagtailadmin_password_reset_confirm": {
        "uidb64": plain(_uidb64),
        "token": const("set-password"),
    },
    "wagtaildocs_serve": Args(
        lambda world: [world.cms["document"].pk, world.cms["document"].filename]
    ),
    "wagtaildocs_authenticate_with_password": {"restriction_id": const(MISSING_ID)},
    "account_confirm_email": {"key": const("not-a-key")},
    "account_reset_password_from_key": {
        "uidb36": plain(_kochi_uid),
        "key": const("set-password"),
    },
    "wagtailcore_authenticate_with_password": {
        "page_view_restriction_id": const(MISSING_ID),
        "page_id": plain(_page),
    },
    # The lesson of the program only 高知県 runs: its page must show nothing of 高知県's cohort.
    "wagtail_serve": Args(lambda world: ["programs/kochi-only-program/lesson-1/"]),
}

#: URL names that take no kwargs and sit in no namespace.
for _name in (
    "wagtailadmin_home",
    "wagtailadmin_error_test",
    "wagtailadmin_explore_root",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_account",
    "wagtailadmin_logout",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "wagtailadmin_sprite",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_email_verification_sent",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_confirm_login_code",
    "account_reset_password_from_key_done",
    "account_reset_password_done",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "set_language",
    "javascript-catalog",
    "search",
    "health",
    "favicon",
    "wagtailcore_login",
):
    URLS[_name] = {}

#: Patterns without a name, by route: the path to request.
UNNAMED: dict[str, Callable[[World], str]] = {
    "admin/login/": lambda world: "/admin/login/",
    "admin/test404/": lambda world: "/admin/test404/",
    "admin/^.*/$": lambda world: "/admin/no-such-screen/",
    "^media/(?P<path>.*)$": lambda world: world.cms["image"].file.url,
}

#: Websocket routes -> how to fill them; the socket matrix in test_prefecture_sockets.py.
WEBSOCKETS: dict[str, Filler] = {
    "ws/session/": const({}),
    "ws/workshops/<workshop_id>/": kochi(lambda world: {"workshop_id": world.kochi.workshop.pk}),
    "ws/bench/broadcast/<group>/": const({"group": "matrix"}),
}


# Websocket frames -----------------------------------------------------------


@dataclass(frozen=True)
class Frames:
    """How to send one frame type with 高知県's ids.

    `kochi` builds the frames carrying 高知県's ids; `missing` the same frames with
    ids that exist nowhere, whose answer the 高知県 answer must equal word for word
    (a refusal that differs would tell that the id exists). Frames without ids
    (`kochi` only, `missing` None) act on the socket's own workshop; 高知県's rows
    must stay as they were. `refused` says the answer must be an error frame.
    """

    kochi: Callable[[World], list[dict]]
    missing: Callable[[World], list[dict]] | None = None
    refused: bool = False


def _kochi_group(world: World, index: int = 0) -> int:
    return world.kochi.groups[index].pk


def _oita_group(world: World) -> int:
    return world.oita.groups[0].pk


def _stray(world: World) -> dict:
    """Ids of 高知県 sent alongside frames that take none: they must be ignored."""
    return {"workshop_id": world.kochi.workshop.pk, "group_id": _kochi_group(world)}


def _moves(world: World, ids: tuple) -> list[dict]:
    return [{"type": "member.move", "user_id": user, "group_id": group} for user, group in ids]


def _no_ids(frame_type: str, **extra) -> Frames:
    return Frames(kochi=lambda world: [{"type": frame_type, **_stray(world), **extra}])


#: consumer class name -> frame type -> how to send it with 高知県's ids
FRAMES: dict[str, dict[str, Frames]] = {
    "WorkshopConsumer": {
        "resume": Frames(
            kochi=lambda world: [
                {"type": "resume", "last_seq": {str(group.pk): 0 for group in world.kochi.groups}}
            ],
            missing=lambda world: [{"type": "resume", "last_seq": {str(MISSING_ID): 0}}],
        ),
        "post": Frames(
            kochi=lambda world: [
                {
                    "type": "post",
                    "group_id": _kochi_group(world),
                    "kind": "strength",
                    "text": "別の県のボードへ",
                    "client_id": "matrix-1",
                }
            ],
            missing=lambda world: [
                {
                    "type": "post",
                    "group_id": MISSING_ID,
                    "kind": "strength",
                    "text": "別の県のボードへ",
                    "client_id": "matrix-1",
                }
            ],
            refused=True,
        ),
        "member.move": Frames(
            kochi=lambda world: _moves(
                world,
                (
                    (world.kochi.trainees[0].pk, _kochi_group(world)),
                    (world.kochi.trainees[0].pk, None),
                    (world.kochi.trainees[1].pk, _oita_group(world)),
                    (world.oita.trainees[0].pk, _kochi_group(world, 1)),
                    (world.kochi.people["prefecture_admin"].pk, _oita_group(world)),
                ),
            ),
            missing=lambda world: _moves(
                world,
                (
                    (MISSING_ID, MISSING_ID),
                    (MISSING_ID, None),
                    (MISSING_ID + 1, _oita_group(world)),
                    (world.oita.trainees[0].pk, MISSING_ID),
                    (MISSING_ID + 2, _oita_group(world)),
                ),
            ),
            refused=True,
        ),
        "highlight": Frames(
            kochi=lambda world: [
                {"type": "highlight", "post_id": post.pk, "on": on}
                for post in world.kochi.posts
                for on in (True, False)
            ],
            missing=lambda world: [
                {"type": "highlight", "post_id": MISSING_ID + index, "on": on}
                for index in range(len(world.kochi.posts))
                for on in (True, False)
            ],
            refused=True,
        ),
        "ping": _no_ids("ping"),
        "timer.start": _no_ids("timer.start"),
        "timer.pause": _no_ids("timer.pause"),
        "timer.extend": _no_ids("timer.extend", minutes=5),
        "phase.next": _no_ids("phase.next"),
        "phase.previous": _no_ids("phase.previous"),
        "announce": _no_ids("announce", text="大分からのお知らせ"),
        # Last: it ends the socket's own workshop.
        "workshop.end": _no_ids("workshop.end"),
    },
    "SessionConsumer": {"ping": _no_ids("ping")},
}


# POST bodies that carry 高知県's ids into 大分県's own screens ---------------------


@dataclass(frozen=True)
class Body:
    """A POST to one of 大分県's own screens whose fields name 高知県's people or objects.

    Whatever the role, the answer must not 500, must show nothing of 高知県, and
    must change none of 高知県's memberships, enrollments, facilitators or groups.
    """

    kwargs: Callable[[World], dict]
    data: Callable[[World], dict]


def _oita_workshop(world: World) -> dict:
    return {"workshop_id": world.oita.workshop.pk}


def _cohort_data(world: World, facilitators: list[int]) -> dict:
    return {
        "program": world.oita.program.pk,
        "prefecture": world.oita.prefecture.pk,
        "fiscal_year": 2026,
        "title": "大分の新しい回",
        "starts_on": "2026-11-09",
        "ends_on": "2026-12-18",
        "venue": "",
        "capacity": 40,
        "facilitators": facilitators,
    }


def _move(trainee, group) -> Callable[[World], dict]:
    return lambda world: {"action": "move", "trainee": trainee(world), "group": group(world)}


def _invitation_data(email: str, role: str) -> dict:
    return {"email": email, "full_name": "大分で招く人", "furigana": "", "role": role}


BODIES: dict[str, list[Body]] = {
    "workshops:setup": [
        Body(_oita_workshop, _move(lambda w: w.kochi.trainees[0].pk, lambda w: "")),
        Body(_oita_workshop, _move(lambda w: w.kochi.trainees[0].pk, _oita_group)),
        Body(_oita_workshop, _move(lambda w: w.oita.trainees[0].pk, _kochi_group)),
        Body(_oita_workshop, _move(lambda w: w.kochi.people["prefecture_admin"].pk, _oita_group)),
    ],
    "workshops:create": [
        Body(
            lambda world: {},
            lambda world: {
                "cohort": world.kochi.cohort.pk,
                "title": "大分の演習2",
                "date": "2026-11-24",
                "time": "13:00",
                "method": "gsv",
                "facilitators": [world.kochi.people["facilitator"].pk],
                "group_size": 2,
            },
        ),
        Body(
            lambda world: {},
            lambda world: {
                "cohort": world.oita.cohort.pk,
                "title": "大分の演習2",
                "date": "2026-11-24",
                "time": "13:00",
                "method": "gsv",
                "facilitators": [world.kochi.people["facilitator"].pk],
                "group_size": 2,
            },
        ),
    ],
    "cohorts:add": [
        Body(
            lambda world: {},
            lambda world: _cohort_data(world, [world.kochi.people["facilitator"].pk]),
        ),
        Body(
            lambda world: {},
            lambda world: {
                **_cohort_data(world, []),
                "prefecture": world.kochi.prefecture.pk,
            },
        ),
    ],
    "cohorts:edit": [
        Body(
            lambda world: {"pk": world.oita.cohort.pk},
            lambda world: _cohort_data(world, [world.kochi.people["facilitator"].pk]),
        )
    ],
    "enrollments:add": [
        Body(
            lambda world: {},
            lambda world: {
                "cohort": world.oita.cohort.pk,
                "trainee": world.kochi.trainees[3].pk,
                "status": "enrolled",
            },
        ),
        Body(
            lambda world: {},
            lambda world: {
                "cohort": world.kochi.cohort.pk,
                "trainee": world.oita.trainees[0].pk,
                "status": "enrolled",
            },
        ),
    ],
    "accounts:member_invite": [
        Body(
            lambda world: {"slug": world.oita.prefecture.slug},
            lambda world: _invitation_data(world.kochi.trainees[2].email, "trainee"),
        ),
        Body(
            lambda world: {"slug": world.oita.prefecture.slug},
            lambda world: _invitation_data(
                world.kochi.people["prefecture_admin"].email, "prefecture_admin"
            ),
        ),
    ],
}
