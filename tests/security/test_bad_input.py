"""The bad-input corpus against every form and every websocket frame type of the project.

Forms are found, not listed: every URL pattern the project registers is walked with
get_resolver(), each page is read as every role of 大分県, and every <form method=post> on it is
filled from its own rendered defaults. So a new app's forms join the run by themselves; a new URL
whose arguments cannot be filled fails test_every_form_page_can_be_filled until the id it needs is
declared in URL_KWARGS below.

In scope are the project's own pages (accounts, courses, workshops, casestudies, search, base),
allauth's sign-in, sign-up and password screens, and the project's own CMS screens (the Wagtail
namespaces that serve a project view: /admin/cohorts/, /admin/enrollments/, /admin/casestudies/).
Wagtail's built-in editor forms (pages, images, documents, users, groups, sites, workflows) are
Wagtail's to test and are left out, as is Django's language switch, which stores a cookie only.

For every (form, corpus entry) the answer must not be a 500; it must carry a Japanese message (in
the error list or message area of a re-rendered form or of the page a redirect leads to, or
anywhere on a 4xx page); and no row of any model may change.
"""

import functools
import hashlib
import json
import re
import urllib.parse
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.client import RedirectCycleError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.consumers import SessionConsumer
from config.asgi import application
from workshops.consumers import FACILITATOR_HANDLERS, WorkshopConsumer

from . import bad_input_corpus as corpus
from .bad_input_forms import Form, baseline, has_japanese, message_texts, post_forms
from .bad_input_world import World, build_world

PROJECT_APPS = (
    "accounts",
    "courses",
    "casestudies",
    "workshops",
    "assessments",
    "certificates",
    "planning",
    "base",
)
ALLAUTH_SCREENS = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_from_key",
    "account_change_password",
    "account_set_password",
}
#: Wagtail's own screens, even where the project subclasses a view: Wagtail tests its forms.
WAGTAIL_NAMESPACES = {"wagtailusers_users", "wagtailusers_groups"}
#: Forms on every page that are not the project's: the language switch only sets a cookie.
FOREIGN_ACTIONS = {"/i18n/setlang/"}
#: Rows a refused request may still write: the session store.
VOLATILE_MODELS = {"sessions.session"}


def _reset_key(world: World) -> dict:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return {
        "uidb36": user_pk_to_url_str(world.trainee),
        "key": default_token_generator.make_token(world.trainee),
    }


def _invitation(world: World) -> dict:
    from accounts.models import Invitation, Role

    invitation = Invitation.objects.create(
        prefecture=world.oita,
        email=world.invited.email,
        full_name="招待 された人",
        role=Role.FACILITATOR,
        invited_by=world.admin,
    )
    return {"key": invitation.key}


#: How to fill a URL's arguments: by "namespace:name", then "namespace:*", then argument name.
URL_KWARGS = {
    "accounts:organisation_edit": lambda w: {"pk": w.organisation.pk},
    "cohorts:*": lambda w: {"pk": w.cohort.pk},
    "enrollments:*": lambda w: {"pk": w.enrollment.pk},
    "account_reset_password_from_key": _reset_key,
    "accounts:invitation": _invitation,
    "accounts:membership_revoke": lambda w: {
        "slug": w.oita.slug,
        "pk": w.trainee.memberships.order_by("pk").first().pk,
    },
    "slug": lambda w: {"slug": w.oita.slug},
    "lesson_id": lambda w: {"lesson_id": w.lesson.pk},
    "enrollment_id": lambda w: {"enrollment_id": w.invited_enrollment.pk},
    "cohort_id": lambda w: {"cohort_id": w.cohort.pk},
    "workshop_id": lambda w: {"workshop_id": w.workshop.pk},
    "page_id": lambda w: {"page_id": w.case_page_id},
    "finding_id": lambda w: {"finding_id": w.finding_id},
    # The editor's term with another unpublished case to offer, so the choice form renders.
    "casestudies_admin:term_elsewhere": lambda w: {"finding_id": w.casestudies["added_term"].pk},
    "rating_id": lambda w: {"rating_id": w.assessments["rating_page"].pk},
    "survey_id": lambda w: {"survey_id": w.assessments["survey_page"].pk},
    "assessments:rating_report": lambda w: {
        "rating_id": w.assessments["rating_page"].pk,
        "cohort_id": w.assessments["rating_cohort"].pk,
    },
    "worksheet_id": lambda w: {"worksheet_id": w.assessments["worksheet"].pk},
    "quiz_id": lambda w: {"quiz_id": w.assessments["quiz_page"].pk},
    "attempt_id": lambda w: {"attempt_id": w.assessments["quiz_attempt"].pk},
    # An enrolled trainee's checklist, where the administrator's override form is.
    "assessments:completion_status": lambda w: {"enrollment_id": w.enrollment.pk},
    "assessments:completion_override": lambda w: {"enrollment_id": w.enrollment.pk},
    "completion_rules:*": lambda w: {"pk": w.assessments["completion_rule"].pk},
    "certificate_id": lambda w: {"certificate_id": w.certificates["certificate"].pk},
    "run_id": lambda w: {"run_id": w.certificates["bulk_run"].pk},
    "prefecture_slug": lambda w: {"prefecture_slug": w.oita.slug},
    "certificates:issue": lambda w: {
        "cohort_id": w.cohort.pk,
        "enrollment_id": w.certificates["waiting"].pk,
    },
    "plan_id": lambda w: {"plan_id": w.planning["plan"].pk},
    "committee_id": lambda w: {"committee_id": w.planning["committee"].pk},
    "member_id": lambda w: {"member_id": w.planning["member"].pk},
    "milestone_id": lambda w: {"milestone_id": w.planning["milestone"].pk},
    "day_id": lambda w: {"day_id": w.planning["day"].pk},
    "item_id": lambda w: {"item_id": w.planning["item"].pk},
    "meeting_id": lambda w: {"meeting_id": w.planning["meeting"].pk},
    "action_id": lambda w: {"action_id": w.planning["action"].pk},
    "planning:waiting_entry_remove": lambda w: {
        "day_id": w.planning["day"].pk,
        "entry_id": w.planning["waiting"].pk,
    },
    # A well-formed secret-feed key no feed has: the feed takes no form input at all.
    "planning:calendar_feed": lambda w: {"token": "A" * 43},
    # The public verify page of the trainee's own certificate, with its PDF check form.
    "verify:code": lambda w: {"code": w.certificates["certificate"].code},
}


def _pages_served_by_wagtail(world: World) -> list[str]:
    """Pages the resolver cannot name: Wagtail serves them from the page tree."""
    return [
        world.lesson.url,
        world.lesson.get_parent().url,
        world.assessments["worksheet_page"].url,
        world.assessments["quiz_page"].url,
        world.assessments["rating_page"].url,
        world.assessments["survey_page"].url,
    ]


@dataclass
class Route:
    name: str  # "namespace:name"
    route: str
    kwargs: tuple[str, ...]
    module: str


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "", kwargs=()) -> list[Route]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        names = (*kwargs, *_arguments(pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            routes += _walk(pattern, route, inner, names)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", pattern.callback)
            name = namespace + pattern.name if pattern.name else ""
            routes.append(Route(name, route, names, getattr(view, "__module__", "")))
    return routes


def _arguments(pattern) -> tuple[str, ...]:
    inner = pattern.pattern
    if hasattr(inner, "converters") and getattr(inner, "_route", None) is not None:
        return tuple(re.findall(r"<(?:\w+:)?(\w+)>", inner._route))
    return tuple(inner.regex.groupindex)


def routes_in_scope() -> list[Route]:
    """Every URL of the project's own screens, found the same way for apps added later."""
    routes = _walk(get_resolver())
    project_namespaces = {
        r.name.rsplit(":", 1)[0]
        for r in routes
        if ":" in r.name and r.module.split(".")[0] in PROJECT_APPS
    }
    return [
        r
        for r in routes
        if r.name.split(":")[0] not in WAGTAIL_NAMESPACES and _in_scope(r, project_namespaces)
    ]


def _in_scope(r: Route, project_namespaces: set[str]) -> bool:
    return (
        r.module.split(".")[0] in PROJECT_APPS
        or r.name in ALLAUTH_SCREENS
        or (":" in r.name and r.name.rsplit(":", 1)[0] in project_namespaces)
    )


def url_kwargs(route: Route, world: World) -> dict | None:
    """The route's arguments filled from the world, or None when nothing is declared for one."""
    namespace = route.name.rsplit(":", 1)[0] + ":*" if ":" in route.name else None
    for key in (route.name, namespace):
        if key in URL_KWARGS:
            declared = URL_KWARGS[key](world)
            if set(route.kwargs) <= set(declared):
                return {name: declared[name] for name in route.kwargs}
    filled = {}
    for argument in route.kwargs:
        if argument not in URL_KWARGS:
            return None
        filled.update(URL_KWARGS[argument](world))
    return filled


# Database snapshot --------------------------------------------------------------------------


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every model: the dump compared around each POST."""
    state = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in VOLATILE_MODELS or not model._meta.managed:
                continue
            # Raw rows, as stored: model values (StreamField blocks) do not repr the same twice.
            table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(
                f"SELECT * FROM {table} ORDER BY {key}"
            )  # table names come from the models
            rows = cursor.fetchall()
            state[label] = (len(rows), hashlib.sha1(repr(rows).encode()).hexdigest())
    return state


def changed(before: dict, after: dict) -> list[str]:
    return [
        f"{label} {before.get(label, (0,))[0]}→{after[label][0]} rows"
        for label in after
        if before.get(label) != after[label]
    ]


# Forms --------------------------------------------------------------------------------------


@dataclass
class FoundForm:
    form: Form
    role: str
    client: Client
    page: str

    @property
    def label(self) -> str:
        action = self.form.fields.get("action")
        handler = f" action={action.value}" if action is not None and action.hidden else ""
        return f"{self.form.action}{handler} [{self.role}]"


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for role, user in world.roles().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def pages_to_read(world: World) -> tuple[list[str], list[str]]:
    """The path of every in-scope route with its arguments filled; and the routes nothing could fill."""
    unfilled, pages = [], []
    for route in routes_in_scope():
        if not route.name:
            unfilled.append(f"{route.route} (no URL name)")
            continue
        kwargs = url_kwargs(route, world)
        if kwargs is None:
            unfilled.append(f"{route.name} {route.route}")
            continue
        pages.append(reverse(route.name, kwargs=kwargs))
    return pages + _pages_served_by_wagtail(world), unfilled


def discover_forms(world: World) -> list[FoundForm]:
    """Every POST form a role of 大分県 is shown, once each."""
    pages, _unfilled = pages_to_read(world)
    found, seen = [], set()
    clients = _clients(world)
    for page in pages:
        for role, client in clients.items():
            try:
                response = client.get(page, follow=True)
            except RedirectCycleError:
                continue  # e.g. the CMS sending a person without CMS access round to itself
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            final = response.request["PATH_INFO"]
            for form in post_forms(response.content.decode(), final):
                form.action = urllib.parse.urljoin(final, form.action)
                if urllib.parse.urlsplit(form.action).path in FOREIGN_ACTIONS:
                    continue
                if form.signature() in seen:
                    continue
                seen.add(form.signature())
                found.append(FoundForm(form, role, client, final))
    return found


def _targets(form: Form, entry: corpus.BadInput) -> list:
    targets = []
    for f in form.fields.values():
        if f.hidden and f.name == "action":
            continue
        if f.kind not in entry.kinds:
            continue
        if f.kind in (corpus.NUMBER, corpus.YEAR) and (entry.below_min or entry.above_max):
            value = int(entry.value)
            low, high = f.bound("min"), f.bound("max")
            if entry.below_min and (low is None or value >= low):
                continue
            if entry.above_max and (high is None or value <= high):
                continue
        targets.append(f)
    return targets


@dataclass
class Request:
    """One POST of a corpus entry into a form."""

    data: dict | bytes
    content_type: str | None


def build_request(form: Form, entry: corpus.BadInput, serial: int) -> Request | None:
    """The POST that puts `entry` into every field of `form` it is invalid for, or None."""
    data = baseline(form, serial)
    if corpus.FORM in entry.kinds:
        if not any(f.required and not f.hidden for f in form.fields.values()):
            return None
        kept = {name: values for name, values in data.items() if form.fields.get(name) is None}
        kept.update({f.name: data[f.name] for f in form.fields.values() if f.hidden})
        return _encode(form, kept, {}, {})
    targets = _targets(form, entry)
    if not targets:
        return None
    raw, files = {}, {}
    for f in targets:
        data.pop(f.name, None)
        if entry.raw is not None:
            raw[f.name] = entry.raw
        elif entry.upload is not None:
            files[f.name] = entry.upload
        else:
            data[f.name] = [entry.value]
    return _encode(form, data, raw, files)


@functools.lru_cache(maxsize=64)
def _quote_plus(value: str, safe="", encoding=None, errors=None) -> str:
    """urlencode's own quoting, kept: the corpus's 100,000-character values recur in every form."""
    return urllib.parse.quote_plus(value, safe, encoding, errors)


def _encode(form: Form, data: dict, raw: dict, files: dict) -> Request:
    if form.multipart:
        boundary = "BadInputBoundary7MA4YWxkTrZu0gW"
        parts = []

        def part(name: str, body: bytes, filename: str | None = None) -> None:
            disposition = f'form-data; name="{name}"'
            if filename is not None:
                disposition += f'; filename="{filename}"'
            head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
            if filename is not None:
                head += "Content-Type: application/octet-stream\r\n"
            parts.append(head.encode() + b"\r\n" + body + b"\r\n")

        for name, values in data.items():
            for value in values:
                part(name, str(value).encode())
        for name, body in raw.items():
            part(name, body)
        for name, (filename, body) in files.items():
            part(name, body, filename)
        return Request(
            b"".join(parts) + f"--{boundary}--\r\n".encode(),
            f"multipart/form-data; boundary={boundary}",
        )
    body = urllib.parse.urlencode(data, doseq=True, quote_via=_quote_plus).encode()
    for name, value in raw.items():
        body += b"&" + urllib.parse.quote(name).encode() + b"=" + value
    return Request(body, "application/x-www-form-urlencoded")


def _as_text(response) -> str:
    return response.content.decode("utf-8", errors="replace")


def try_form(found: FoundForm, entry: corpus.BadInput, request: Request) -> str | None:
    """POST one entry; the reason it failed, or None."""
    cache.clear()  # rate limits count in the cache; each case gets the whole allowance
    before = snapshot()
    try:
        with transaction.atomic():
            response = found.client.post(
                found.form.action, data=request.data, content_type=request.content_type
            )
    except Exception as error:  # the crash is the finding, reported with the rest
        return f"raised {type(error).__name__}: {str(error)[:120]}"
    after = snapshot()
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    diff = changed(before, after)
    if diff:
        return f"changed the database: {', '.join(diff)}"
    hops = 0
    while response.status_code in (301, 302, 303) and hops < 3:
        response = found.client.get(response["Location"])
        hops += 1
    if response.status_code >= 500:
        return f"the page after the redirect answered {response.status_code}"
    messages, body = message_texts(_as_text(response))
    if 400 <= response.status_code < 500:
        if not has_japanese(body):
            return f"answered {response.status_code} without a Japanese page"
        return None
    if response.status_code != 200:
        return f"answered {response.status_code}"
    if not has_japanese(messages):
        return f"answered {response.status_code} with no Japanese message ({messages[:80]!r})"
    return None


@pytest.fixture
def world(
    oita,
    make_person,
    make_workshop,
    make_organisation,
    make_cohort,
    imported_case,
    reviewer,
    settings,
    tmp_path,
):
    settings.CERTIFICATE_FILES_ROOT = str(tmp_path / "certificate_files")
    settings.CERTIFICATE_SIGNING_DIR = str(tmp_path / "signing")
    return build_world(
        oita=oita,
        make_person=make_person,
        make_workshop=make_workshop,
        make_organisation=make_organisation,
        make_cohort=make_cohort,
        editor=reviewer,
        case=imported_case,
    )


@pytest.fixture
def open_signup(settings):
    settings.OPEN_SIGNUP = True


def test_every_form_page_can_be_filled(world):
    """A new URL whose ids nobody declared is a failure, so its forms cannot escape the corpus."""
    _pages, unfilled = pages_to_read(world)
    assert not unfilled, "declare these URLs' arguments in URL_KWARGS:\n" + "\n".join(unfilled)


def test_no_form_takes_bad_input(world, open_signup, capsys):
    found = discover_forms(world)
    assert len(found) >= 10, [f.form.action for f in found]
    failures, cases = [], 0
    for index, item in enumerate(found):
        for entry in corpus.FORM_CORPUS:
            request = build_request(item.form, entry, serial=index)
            if request is None:
                continue
            cases += 1
            reason = try_form(item, entry, request)
            if reason is not None:
                failures.append(f"{item.label} × {entry.name}: {reason}")
    with capsys.disabled():
        print(
            f"\nbad-input corpus: {cases} (form × entry) cases over {len(found)} forms "
            f"and {len(corpus.FORM_CORPUS)} entries"
        )
        for item in found:
            print(f"  {item.label}: {sorted(item.form.fields)}")
    assert not failures, f"{len(failures)} of {cases} cases failed:\n" + "\n".join(failures)


# Websocket frames ---------------------------------------------------------------------------


DOCS = "docs/websocket-protocol.md"
#: Frames the server pushes on its own (a trainee joined, the setup changed), never an answer.
BACKGROUND_FRAMES = {"roster", "state", "posts"}
#: Rows a socket writes by being open at all: attendance opens on connect and closes on leave.
SOCKET_VOLATILE = {"workshops.attendance", *VOLATILE_MODELS}


def documented_errors() -> tuple[set[str], set[int]]:
    """Error codes listed under the protocol's "Errors" headings, and its close codes."""
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / DOCS).read_text(encoding="utf-8")
    codes, in_errors = set(), False
    for line in text.splitlines():
        if line.startswith("#"):
            in_errors = line.strip("# ").startswith("Errors")
        elif in_errors:
            codes.update(re.findall(r"^\| `(\w+)` \|", line))
    return codes, {int(code) for code in re.findall(r"`(4\d{3})`", text)}


@dataclass
class FrameType:
    """A frame the browser may send: who sends it, on which socket, and its fields' JSON types."""

    socket: str  # "session" or "workshop"
    role: str  # "trainee" or "facilitator"
    fields: dict[str, frozenset[str]]


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


#: Every frame type the consumers accept; a type missing here fails test_every_frame_type_is_declared.
FRAME_TYPES = {
    ("session", "ping"): FrameType("session", "trainee", {}),
    ("workshop", "ping"): FrameType("workshop", "trainee", {}),
    ("workshop", "resume"): FrameType("workshop", "trainee", {"last_seq": _k(corpus.J_OBJECT)}),
    ("workshop", "post"): FrameType(
        "workshop",
        "trainee",
        {
            "client_id": _k(corpus.J_STR),
            "kind": _k(corpus.J_STR, corpus.J_CHOICE),
            "text": _k(corpus.J_STR),
            "group_id": _k(corpus.J_ID),
        },
    ),
    ("workshop", "timer.start"): FrameType("workshop", "facilitator", {}),
    ("workshop", "timer.pause"): FrameType("workshop", "facilitator", {}),
    ("workshop", "timer.extend"): FrameType(
        "workshop", "facilitator", {"minutes": _k(corpus.J_INT)}
    ),
    ("workshop", "phase.next"): FrameType("workshop", "facilitator", {}),
    ("workshop", "phase.previous"): FrameType("workshop", "facilitator", {}),
    ("workshop", "announce"): FrameType("workshop", "facilitator", {"text": _k(corpus.J_STR)}),
    ("workshop", "highlight"): FrameType(
        "workshop", "facilitator", {"post_id": _k(corpus.J_ID), "on": _k(corpus.J_BOOL)}
    ),
    ("workshop", "member.move"): FrameType(
        "workshop", "facilitator", {"user_id": _k(corpus.J_ID), "group_id": _k(corpus.J_ID)}
    ),
    ("workshop", "workshop.end"): FrameType("workshop", "facilitator", {}),
}
CONSUMERS = {"session": SessionConsumer, "workshop": WorkshopConsumer}


def test_every_frame_type_is_declared():
    """A new frame type joins the corpus by declaring its fields in FRAME_TYPES."""
    handled = {(name, t) for name, consumer in CONSUMERS.items() for t in consumer.handlers}
    assert set(FACILITATOR_HANDLERS) <= {t for (_s, t) in handled}
    assert handled == set(FRAME_TYPES), handled ^ set(FRAME_TYPES)


@dataclass
class FrameWorld:
    world: World
    post_id: int
    mover_id: int
    target_group_id: int


def _frame_world(world: World) -> FrameWorld:
    from workshops import services

    group = world.workshop.groups.get(members__trainee=world.trainee)
    post, _created = services.post_create(
        workshop_id=world.workshop.pk,
        group_id=group.pk,
        author=world.trainee,
        kind="strength",
        text="本人の強みは料理が得意なこと",
        client_id="bad-input-seed",
    )
    other = world.workshop.groups.exclude(pk=group.pk).order_by("pk").first()
    mover = other.members.order_by("trainee__pk").first().trainee
    return FrameWorld(world, post.pk, mover.pk, group.pk)


def baseline_frame(frame_type: str, fw: FrameWorld, serial: int) -> dict:
    """A frame of `frame_type` the server would take, so one bad field is the only fault."""
    return {
        "resume": {"last_seq": {}},
        "post": {"client_id": f"bad-input-{serial}", "kind": "strength", "text": "連絡を取る"},
        "timer.extend": {"minutes": 5},
        "announce": {"text": "休憩にします"},
        "highlight": {"post_id": fw.post_id, "on": True},
        "member.move": {"user_id": fw.mover_id, "group_id": fw.target_group_id},
    }.get(frame_type, {}) | {"type": frame_type}


def _frame_text(frame: dict) -> str:
    text = json.dumps(frame, ensure_ascii=False)
    return text.replace(json.dumps(corpus.NESTED), corpus.NESTED_JSON)


class Probe:
    """One person's socket, reopened whenever a bad frame killed or closed it."""

    def __init__(self, path: str, cookie: tuple[bytes, bytes]):
        self.path, self.cookie, self.socket = path, cookie, None

    async def open(self) -> None:
        self.socket = WebsocketCommunicator(
            application,
            self.path,
            headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1:8000"), self.cookie],
        )
        connected, code = await self.socket.connect()
        assert connected, code
        await self.drain()

    async def drain(self) -> None:
        while not await self.socket.receive_nothing(timeout=0.05):
            await self.socket.receive_output()

    async def close(self) -> None:
        if self.socket is not None:
            try:
                await self.socket.disconnect()
            except BaseException:  # a crashed consumer raises here again
                pass
        self.socket = None

    async def answer(self, timeout: float = 2) -> tuple[str, object]:
        """("error", frame), ("closed", code) or ("accepted", frame types): what came back first."""
        while True:
            output = await self.socket.receive_output(timeout)
            if output["type"] == "websocket.close":
                return "closed", output.get("code")
            frame = json.loads(output["text"])
            if frame["type"] == "error":
                return "error", frame
            if frame["type"] not in BACKGROUND_FRAMES:
                return "accepted", frame["type"]


async def _cookie(user) -> tuple[bytes, bytes]:
    def sign_in():
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return (b"cookie", f"sessionid={await sync_to_async(sign_in)()}".encode())


async def try_frame(probe: Probe, send: dict, codes: set[str], closes: set[int]) -> str | None:
    """Send one bad frame; the reason it failed, or None. The probe is reopened if it must be."""
    before = await sync_to_async(snapshot)()
    reason = None
    try:
        if "binary" in send:
            await probe.socket.send_to(bytes_data=send["binary"])
        else:
            await probe.socket.send_to(text_data=send["text"])
        outcome, detail = await probe.answer()
        if outcome == "closed":
            if detail not in closes:
                reason = f"closed with undocumented code {detail}"
        elif outcome == "accepted":
            reason = f"accepted: answered {detail!r}"
            await probe.drain()
        else:
            if detail.get("code") not in codes:
                reason = f"undocumented error code {detail.get('code')!r}"
            elif not has_japanese(str(detail.get("message", ""))):
                reason = f"error without a Japanese message: {detail!r}"[:200]
        if outcome != "closed":
            await probe.socket.send_to(text_data='{"type": "ping"}')
            outcome, detail = await probe.answer()
            if outcome == "closed" and detail not in closes:
                reason = reason or f"closed with undocumented code {detail} instead of pong"
            elif outcome != "accepted" or detail != "pong":
                reason = reason or f"ping afterwards got {outcome} {detail!r}"[:200]
            outcome = "open"
    except TimeoutError:
        reason = "no answer within 2 seconds"
        outcome = "dead"
    except BaseException as error:  # the crash is the finding
        reason = f"the socket crashed: {type(error).__name__}: {str(error)[:100]}"
        outcome = "dead"
    if outcome != "open":
        await probe.close()
        await probe.open()
    after = await sync_to_async(snapshot)()
    diff = [d for d in changed(before, after) if d.split()[0] not in SOCKET_VOLATILE]
    if diff:
        reason = (reason + "; " if reason else "") + "changed the database: " + ", ".join(diff)
    return reason


def frame_cases(fw: FrameWorld):
    """(frame type, socket, role, case name, what to send) for every applicable corpus entry."""
    for (socket, frame_type), spec in FRAME_TYPES.items():
        for number, entry in enumerate(corpus.FIELD_CORPUS):
            for field_name, kinds in spec.fields.items():
                if not (kinds & entry.kinds) and corpus.J_ANY not in entry.kinds:
                    continue
                frame = baseline_frame(frame_type, fw, serial=number) | {field_name: entry.value}
                name = f"{frame_type}.{field_name} × {entry.name}"
                yield socket, spec.role, name, {"text": _frame_text(frame)}
    for socket, role in (
        ("session", "trainee"),
        ("workshop", "trainee"),
        ("workshop", "facilitator"),
    ):
        for entry in corpus.WHOLE_FRAME_CORPUS:
            send = {"binary": entry.binary} if entry.binary is not None else {"text": entry.text}
            yield socket, role, f"{socket} socket as {role} × {entry.name}", send


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_no_frame_takes_bad_input(
    oita, make_person, make_workshop, make_organisation, make_cohort, capsys
):
    world = await sync_to_async(build_world)(
        oita=oita,
        make_person=make_person,
        make_workshop=make_workshop,
        make_organisation=make_organisation,
        make_cohort=make_cohort,
    )
    fw = await sync_to_async(_frame_world)(world)
    codes, closes = documented_errors()
    users = {"trainee": world.trainee, "facilitator": world.facilitator}
    paths = {"session": "/ws/session/", "workshop": f"/ws/workshops/{world.workshop.pk}/"}
    probes = {}
    failures, cases = [], 0
    try:
        for socket, role, name, send in frame_cases(fw):
            probe = probes.get((socket, role))
            if probe is None:
                probe = probes[(socket, role)] = Probe(paths[socket], await _cookie(users[role]))
                await probe.open()
            cases += 1
            reason = await try_frame(probe, send, codes, closes)
            if reason is not None:
                failures.append(f"{name}: {reason}")
                # What a wrongly accepted frame broadcast must not count against the next case.
                for other in probes.values():
                    await other.drain()
    finally:
        for probe in probes.values():
            await probe.close()
    with capsys.disabled():
        print(
            f"\nbad-input corpus: {cases} (frame type × entry) cases over {len(FRAME_TYPES)} "
            f"frame types, {len(corpus.FIELD_CORPUS)} field entries and "
            f"{len(corpus.WHOLE_FRAME_CORPUS)} whole-frame entries"
        )
    assert not failures, f"{len(failures)} of {cases} cases failed:\n" + "\n".join(failures)
