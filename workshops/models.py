"""Workshops: live group work on a case study, with its phases, groups, posts and attendance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet
from workshops.methods import Method

TEXT_LIMIT = 2000


class Workshop(models.Model):
    """One group-work session of a cohort, run live by its facilitators."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("開始前")
        LIVE = "live", _("実施中")
        ENDED = "ended", _("終了")

    cohort = models.ForeignKey(
        "courses.Cohort",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("研修の回"),
    )
    title = models.CharField(_("名称"), max_length=200)
    starts_at = models.DateTimeField(_("開始日時"))
    method = models.CharField(_("方法"), max_length=20, choices=Method.choices)
    case_study = models.ForeignKey(
        "casestudies.CaseStudyPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事例"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_workshops",
        verbose_name=_("ファシリテーター"),
    )
    group_size = models.PositiveSmallIntegerField(_("1グループの人数"), default=5)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    current_phase = models.ForeignKey(
        "WorkshopPhase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("現在のフェーズ"),
    )
    # The server owns the timer: a deadline while it runs, the seconds left while paused.
    timer_deadline = models.DateTimeField(_("タイマーの終了時刻"), null=True, blank=True)
    timer_remaining = models.PositiveIntegerField(_("残り秒数"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    prefecture_field = "cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("グループワーク")
        verbose_name_plural = _("グループワーク")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class WorkshopPhase(models.Model):
    """A step of the session (事例提示, 質問・情報収集, …) with its time and prompts."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("順番"))
    name = models.CharField(_("フェーズ名"), max_length=100)
    minutes = models.PositiveSmallIntegerField(_("時間（分）"))
    instructions = models.TextField(_("進め方"), blank=True)
    prompts = models.TextField(_("問いかけ"), blank=True, help_text=_("1行に1つ書きます。"))

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("フェーズ")
        verbose_name_plural = _("フェーズ")
        ordering = ["workshop", "order"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "order"], name="unique_phase_order")
        ]

    def __str__(self) -> str:
        return self.name

    def prompt_list(self) -> list[str]:
        """The prompts, one per line, without blanks."""
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


class WorkshopGroup(models.Model):
    """A small group with its own board; `last_seq` numbers its posts without gaps."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("番号"))
    last_seq = models.PositiveIntegerField(_("最後の投稿番号"), default=0)

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("グループ")
        verbose_name_plural = _("グループ")
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="unique_group_number")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _("グループ%(number)s") % {"number": self.number}


class GroupMember(models.Model):
    """A trainee's place in one group; a trainee is in at most one group per workshop."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(WorkshopGroup, on_delete=models.CASCADE, related_name="members")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_places"
    )

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("メンバー")
        verbose_name_plural = _("メンバー")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "trainee"], name="one_group_per_workshop")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} / {self.group}"


class PostKind(models.TextChoices):
    """What a post on the board is."""

    NOTICE = "notice", _("気づき")
    QUESTION = "question", _("質問")
    PROPOSAL = "proposal", _("提案")
    STRENGTH = "strength", _("強み")
    ISSUE = "issue", _("課題")


class Post(models.Model):
    """One contribution to a group's board, numbered `seq` within the group."""

    group = models.ForeignKey(WorkshopGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workshop_posts"
    )
    phase = models.ForeignKey(
        WorkshopPhase, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    kind = models.CharField(_("種類"), max_length=20, choices=PostKind.choices)
    text = models.TextField(_("内容"), max_length=TEXT_LIMIT)
    seq = models.PositiveIntegerField(_("投稿番号"))
    # The browser's id for the post, so a post resent after reconnecting is stored once.
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)

    prefecture_field = "group__workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("投稿")
        verbose_name_plural = _("投稿")
        ordering = ["group", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["group", "seq"], name="unique_post_seq"),
            models.UniqueConstraint(fields=["author", "client_id"], name="unique_post_client_id"),
        ]
        # The flood check counts one author's latest posts on every post.
        indexes = [models.Index(fields=["author", "created_at"], name="post_author_recent")]

    def __str__(self) -> str:
        return f"{self.group} #{self.seq}"


class Announcement(models.Model):
    """A facilitator's message to every group."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"), max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("全体への連絡")
        verbose_name_plural = _("全体への連絡")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Highlight(models.Model):
    """A post the facilitator brings to the plenary."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="highlights")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="highlight")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("選んだ日時"), auto_now_add=True)

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("全体共有")
        verbose_name_plural = _("全体共有")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.post)


class Attendance(models.Model):
    """One connection of a person to the live session: when they joined and left."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_attendance"
    )
    joined_at = models.DateTimeField(_("入室"), auto_now_add=True)
    left_at = models.DateTimeField(_("退室"), null=True, blank=True)

    prefecture_field = "workshop__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.joined_at:%Y-%m-%d %H:%M}"
