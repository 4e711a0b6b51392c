"""The live session socket: boards for trainees, the console and plenary for facilitators."""

import asyncio
import json
import time

from channels.consumer import get_handler_name
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.consumers import CLOSE_FORBIDDEN, AuthenticatedJsonConsumer
from accounts.socket_db import socket_database_sync_to_async as database_sync_to_async
from base.converters import parse_id
from workshops import channels_names, permissions, selectors, services
from workshops.models import TEXT_LIMIT, Workshop
from workshops.services import WorkshopError

FACILITATOR_HANDLERS = {
    "timer.start": "handle_timer_start",
    "timer.pause": "handle_timer_pause",
    "timer.extend": "handle_timer_extend",
    "phase.next": "handle_phase_next",
    "phase.previous": "handle_phase_previous",
    "announce": "handle_announce",
    "member.move": "handle_member_move",
    "highlight": "handle_highlight",
    "workshop.end": "handle_end",
}


def _forward(frame: dict) -> dict:
    """A channel-layer event carrying a frame serialised once, not once per receiving socket."""
    return {"type": "workshop.forward", "text": json.dumps(frame, ensure_ascii=False)}


class WorkshopConsumer(AuthenticatedJsonConsumer):
    """One person's connection to a workshop: a trainee's board, or a facilitator's console."""

    handlers = {
        "ping": "handle_ping",
        "resume": "handle_resume",
        "post": "handle_post",
        **FACILITATOR_HANDLERS,
    }
    #: a socket that sends nothing for this long is taken as dead and closed
    idle_seconds = 60.0

    async def authorise(self) -> bool:
        self.workshop_id = int(self.scope["url_route"]["kwargs"]["workshop_id"])
        access = await database_sync_to_async(self._access)()
        if access is None:
            return False
        self.console_mode, self.group_id = access
        return True

    @property
    def facilitator(self) -> bool:
        """A console socket (run or watch): it sees every group and the roster."""
        return self.console_mode is not None

    @property
    def may_control(self) -> bool:
        return self.console_mode == permissions.ConsoleMode.RUN

    def _access(self) -> tuple[permissions.ConsoleMode | None, int | None] | None:
        workshop = selectors.workshop_for_socket(self.workshop_id)
        if workshop is None:
            return None
        mode = permissions.console_mode(self.user, workshop)
        if mode is not None:
            return mode, None
        if permissions.is_participant(self.user, workshop):
            group = selectors.group_of(workshop.pk, self.user)
            return None, group.pk if group else None
        return None

    async def on_accepted(self) -> None:
        self.last_seen = time.monotonic()
        await self.join(channels_names.everyone(self.workshop_id))
        if self.facilitator:
            await self.join(channels_names.console(self.workshop_id))
        elif self.group_id is not None:
            await self.join(channels_names.board(self.group_id))
        # An administrator watching the console is not taking part: no attendance row.
        if self.console_mode != permissions.ConsoleMode.WATCH:
            self.attendance_id = await database_sync_to_async(self._attend)()
        await self.announce_presence()
        await self.send_json(await database_sync_to_async(self._state)())
        self.watchdog = asyncio.ensure_future(self._watch_idle())

    def _attend(self) -> int:
        return services.attendance_open(workshop_id=self.workshop_id, user=self.user).pk

    def _workshop(self) -> Workshop:
        """The socket's own workshop, which authorise() let this person into."""
        workshop = selectors.workshop_for_socket(self.workshop_id)
        if workshop is None:
            raise WorkshopError("not_found", _("グループワークが見つかりません。"))
        return workshop

    def _state(self) -> dict:
        workshop = self._workshop()
        group = workshop.groups.filter(pk=self.group_id).first() if self.group_id else None
        return selectors.state_data(
            workshop, group=group, console=self.facilitator, watching=not self.may_control
        )

    async def _watch_idle(self) -> None:
        """Heartbeat: browsers ping every 20 seconds; a silent socket is a dead one."""
        while True:
            await asyncio.sleep(self.idle_seconds / 4)
            if time.monotonic() - self.last_seen > self.idle_seconds:
                await self.close(code=4408)
                return

    async def on_finished(self) -> None:
        """Stop the heartbeat and write the leave time, however the socket ended."""
        watchdog = getattr(self, "watchdog", None)
        # The watchdog itself closes an idle socket; cancelling it then would cut this short.
        if watchdog is not None and watchdog is not asyncio.current_task():
            watchdog.cancel()
        if getattr(self, "attendance_id", None) is not None:
            await database_sync_to_async(services.attendance_close)(
                attendance_id=self.attendance_id
            )
            await self.announce_presence()

    async def announce_presence(self) -> None:
        if not self.facilitator:
            await self.channel_layer.group_send(
                channels_names.console(self.workshop_id), {"type": "workshop.roster"}
            )

    async def dispatch(self, message: dict) -> None:
        """Run the handler without Channels' close_old_connections hop before every event.

        Channels closes the sync thread's database connection before each frame and each
        channel-layer event (CONN_MAX_AGE is 0), so every post reopened it and every
        delivered post queued for the one sync thread behind other sockets' writes.
        socket_database_sync_to_async already drops old and broken connections around
        each call this consumer makes, so the hop bought nothing (measured with bench.live).
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        self.last_seen = time.monotonic()
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    # Browser frames -------------------------------------------------------

    async def handle_ping(self, frame: dict) -> None:
        """Heartbeat answer, with the server clock for the timer display."""
        from django.utils import timezone

        await self.send_json({"type": "pong", "server_time": timezone.now().isoformat()})

    async def handle_resume(self, frame: dict) -> None:
        """Send the posts the browser missed after the numbers it saw, per group."""
        last_seq = frame.get("last_seq", {})
        if not isinstance(last_seq, dict):
            await self.send_error("invalid", _("last_seq はグループIDと番号の組にしてください。"))
            return
        wanted: dict[int, int] = {}
        for key, seq in last_seq.items():
            # JSON object keys are always strings: the group id is parsed as the URLs' ids are.
            group_id = parse_id(key)
            # A number seen is 0 or a row-id-sized int; bool is refused (False == 0 in Python).
            valid_seq = type(seq) is int and (seq == 0 or selectors.is_row_id(seq))
            if group_id is None or not valid_seq:
                await self.send_error("invalid", _("last_seq の番号が正しくありません。"))
                return
            wanted[group_id] = seq
        missed = await database_sync_to_async(self._missed)(wanted)
        for group_id, posts in missed.items():
            await self.send_json({"type": "posts", "group_id": group_id, "posts": posts})

    def _missed(self, wanted: dict[int, int]) -> dict[int, list[dict]]:
        if self.facilitator:
            allowed = set(
                self._workshop().groups.filter(pk__in=wanted).values_list("pk", flat=True)
            )
        elif self.group_id is not None:
            # A trainee always gets their own board, even if the browser forgot to ask.
            allowed = {self.group_id}
            wanted.setdefault(self.group_id, 0)
        else:
            allowed = set()
        return selectors.posts_after({gid: seq for gid, seq in wanted.items() if gid in allowed})

    async def handle_post(self, frame: dict) -> None:
        """Store a trainee's post on their group's board, then send it to the group and console."""
        client_id = frame.get("client_id")
        if self.facilitator:
            await self.send_error(
                "forbidden",
                _("ファシリテーターはボードに投稿できません。全体への連絡を使ってください。"),
                client_id=client_id,
            )
            return
        if self.group_id is None:
            await self.send_error(
                "no_group", _("まだグループに入っていません。"), client_id=client_id
            )
            return
        if "group_id" in frame and not selectors.is_row_id(frame["group_id"]):
            # Checked before comparing: Python's True == 1 would match group 1.
            await self.send_error(
                "invalid",
                _("group_id はグループの番号（整数）にしてください。"),
                client_id=client_id,
            )
            return
        if "group_id" in frame and frame["group_id"] != self.group_id:
            await self.send_error(
                "forbidden", _("自分のグループにだけ投稿できます。"), client_id=client_id
            )
            return
        text = frame.get("text")
        if isinstance(text, str) and len(text) > TEXT_LIMIT:
            await self.send_error(
                "too_long",
                _("%(limit)s文字以内で書いてください（いまは%(count)s文字です）。")
                % {"limit": f"{TEXT_LIMIT:,}", "count": f"{len(text):,}"},
                client_id=client_id,
            )
            return
        try:
            post, created = await database_sync_to_async(self._post)(frame)
        except WorkshopError as error:
            await self.send_error(error.code, error.message, client_id=client_id)
            return
        await self.send_json(
            {
                "type": "post.ack",
                "client_id": post["client_id"],
                "seq": post["seq"],
                "id": post["id"],
            }
        )
        if created:
            event = _forward({"type": "post", "post": post})
            await self.channel_layer.group_send(channels_names.board(post["group_id"]), event)
            await self.channel_layer.group_send(channels_names.console(self.workshop_id), event)

    def _post(self, frame: dict) -> tuple[dict, bool]:
        post, created = services.post_create(
            workshop_id=self.workshop_id,
            group_id=self.group_id,
            author=self.user,
            kind=frame.get("kind"),
            text=frame.get("text"),
            client_id=frame.get("client_id"),
        )
        return selectors.post_data(post), created

    # Facilitator frames ---------------------------------------------------

    async def _control(self, frame: dict, action) -> None:
        """Run a facilitator action and broadcast what it returns; everyone else is refused."""
        if not self.facilitator:
            await self.send_error("forbidden", _("この操作はファシリテーターだけができます。"))
            return
        if not self.may_control:
            await self.send_error(
                "forbidden",
                _("見るだけの進行画面では操作できません。操作はファシリテーターが行います。"),
            )
            return
        try:
            broadcasts = await database_sync_to_async(action)(frame)
        except WorkshopError as error:
            await self.send_error(error.code, error.message)
            return
        for group, event in broadcasts:
            await self.channel_layer.group_send(group, event)

    def _everyone(self, frame: dict) -> tuple[str, dict]:
        return (
            channels_names.everyone(self.workshop_id),
            _forward(frame),
        )

    def _timer_frame(self, workshop: Workshop) -> list:
        return [self._everyone({"type": "timer", "timer": selectors.timer_data(workshop)})]

    def _phase_frame(self, workshop: Workshop) -> list:
        frame = {
            "type": "phase",
            "phase": selectors.phase_data(workshop),
            "timer": selectors.timer_data(workshop),
        }
        return [self._everyone(frame)]

    async def handle_timer_start(self, frame: dict) -> None:
        await self._control(
            frame, lambda f: self._timer_frame(services.timer_start(workshop=self._workshop()))
        )

    async def handle_timer_pause(self, frame: dict) -> None:
        await self._control(
            frame, lambda f: self._timer_frame(services.timer_pause(workshop=self._workshop()))
        )

    async def handle_timer_extend(self, frame: dict) -> None:
        await self._control(
            frame,
            lambda f: self._timer_frame(
                services.timer_extend(workshop=self._workshop(), minutes=f.get("minutes"))
            ),
        )

    async def handle_phase_next(self, frame: dict) -> None:
        await self._control(
            frame,
            lambda f: self._phase_frame(services.phase_step(workshop=self._workshop(), step=1)),
        )

    async def handle_phase_previous(self, frame: dict) -> None:
        await self._control(
            frame,
            lambda f: self._phase_frame(services.phase_step(workshop=self._workshop(), step=-1)),
        )

    async def handle_announce(self, frame: dict) -> None:
        def action(f: dict) -> list:
            announcement = services.announcement_create(
                workshop=self._workshop(), author=self.user, text=f.get("text")
            )
            data = selectors.announcement_data(announcement)
            return [self._everyone({"type": "announcement", "announcement": data})]

        await self._control(frame, action)

    async def handle_highlight(self, frame: dict) -> None:
        def action(f: dict) -> list:
            on = f.get("on", True)
            if not isinstance(on, bool):
                raise WorkshopError("invalid", _("on は true か false にしてください。"))
            post = services.highlight_set(
                workshop=self._workshop(), post_id=f.get("post_id"), by=self.user, on=on
            )
            data = {**selectors.post_data(post), "group_name": post.group.name}
            return [self._everyone({"type": "highlight", "on": on, "post": data})]

        await self._control(frame, action)

    async def handle_member_move(self, frame: dict) -> None:
        def action(f: dict) -> list:
            from accounts.services import user_group_name

            trainee, _group = services.member_place(
                workshop=self._workshop(), trainee_id=f.get("user_id"), group_id=f.get("group_id")
            )
            return [
                (
                    user_group_name(trainee.pk),
                    {"type": "workshop.rescope", "workshop_id": self.workshop_id},
                ),
                (channels_names.console(self.workshop_id), {"type": "workshop.roster"}),
            ]

        await self._control(frame, action)

    async def handle_end(self, frame: dict) -> None:
        def action(f: dict) -> list:
            workshop = services.workshop_end(workshop=self._workshop())
            return [self._everyone({"type": "status", "status": workshop.status})]

        await self._control(frame, action)

    # Channel-layer events -------------------------------------------------

    async def workshop_forward(self, event: dict) -> None:
        """A frame built once by the sender, passed on as it is."""
        await self.send(text_data=event["text"])

    async def workshop_roster(self, event: dict) -> None:
        """Someone joined, left or moved: the console redraws its groups."""
        if self.facilitator:
            roster = await database_sync_to_async(lambda: selectors.roster_data(self._workshop()))()
            await self.send_json({"type": "roster", "groups": roster})

    async def workshop_refresh(self, event: dict) -> None:
        """The setup changed: redraw from a new state frame."""
        await self.send_json(await database_sync_to_async(self._state)())

    async def workshop_rescope(self, event: dict) -> None:
        """This trainee was moved or removed: switch boards, or close if no longer allowed."""
        if event.get("workshop_id") == self.workshop_id:
            await self.rescope()

    async def access_changed(self, event: dict) -> None:
        """The person's enrollment or roles changed: re-check the handshake's rule at once."""
        # The socket's user object lives as long as the socket, roles cached on it included.
        scoping.forget_cached_roles(self.user)
        await self.rescope()

    async def rescope(self) -> None:
        """Re-read what this socket may see; leave the old board, join the new, or close."""
        access = await database_sync_to_async(self._access)()
        # A console socket stays a console socket; only whether it may run it can change.
        if access is None or (access[0] is None) != (self.console_mode is None):
            await self.send_json(
                {"type": "removed", "message": _("このグループワークから外れました。")}
            )
            await self.close(code=CLOSE_FORBIDDEN)
            return
        mode, group_id = access
        if mode is not None:
            self.console_mode = mode
            return
        if group_id == self.group_id:
            return
        if self.group_id is not None:
            old = channels_names.board(self.group_id)
            await self.channel_layer.group_discard(old, self.channel_name)
            self.groups_joined.remove(old)
        self.group_id = group_id
        if group_id is not None:
            await self.join(channels_names.board(group_id))
        await self.send_json(
            {
                "type": "moved",
                "message": _("グループが変わりました。")
                if group_id
                else _("グループから外れました。"),
            }
        )
        await self.send_json(await database_sync_to_async(self._state)())
        if group_id is not None:
            missed = await database_sync_to_async(selectors.posts_after)({group_id: 0})
            await self.send_json({"type": "posts", "group_id": group_id, "posts": missed[group_id]})
