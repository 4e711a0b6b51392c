"""People and the prefectures they work for."""

import uuid
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet


class UserManager(BaseUserManager):
    """Creates users who sign in with their e-mail address."""

    use_in_migrations = True

    def _build(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("メールアドレスは必須です。")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create(self, email: str, password: str | None, **fields) -> "User":
        user = self._build(email, password, **fields)
        user.save(using=self._db)
        return user

    def build_user(self, email: str, **fields) -> "User":
        """An ordinary user without a usable password, not yet saved (for bulk_create)."""
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._build(email, None, **fields)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        """Create an ordinary user."""
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        """Create a user with every permission, for the CMS's own administrators."""
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def for_user(self, user, *, roles=None, member_roles=None) -> models.QuerySet:
        """People with a membership where the user holds `roles`; see scoping.people_for."""
        from accounts.scoping import people_for

        return people_for(user, roles=roles, member_roles=member_roles)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; 氏名 and ふりがな as Japanese forms use them."""

    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=100, blank=True)
    furigana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    is_staff = models.BooleanField(_("管理サイトへのアクセス"), default=False)
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    # An account refers only to its groups and permissions, nothing an editor looks up as
    # "used by"; without this Wagtail re-indexes each new account on save (a roster of
    # 2,000 spent a sixth of its time there), and pages' owner links are not worth it either.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        ordering = ["furigana", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        """The name to show people: 氏名 when known, else the address."""
        return self.full_name or self.email

    def get_short_name(self) -> str:
        """Wagtail and allauth greet with this."""
        return self.full_name or self.email


class Prefecture(models.Model):
    """都道府県: one of the 47 prefectures, identified by its JIS X 0401 code."""

    code = models.CharField(_("都道府県コード"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=10, unique=True)
    name_en = models.CharField(_("英語名"), max_length=20)
    slug = models.SlugField(_("スラッグ"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """市区町村: a city, ward, town or village, identified by its 全国地方公共団体コード.

    A 政令指定都市's 行政区 is kept too, pointing at its city: people write 「札幌市中央区」,
    while seats are shared among the cities, towns and villages themselves.
    """

    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("都道府県"),
    )
    code = models.CharField(_("団体コード"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kana = models.CharField(_("よみ"), max_length=50, blank=True)
    city = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wards",
        verbose_name=_("政令指定都市"),
    )

    # Public data, but listed per prefecture like everything a prefecture's pages show.
    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("市区町村")
        verbose_name_plural = _("市区町村")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture", "name"], name="unique_municipality_name_per_prefecture"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """所属機関: the agency or office a trainee or facilitator works for."""

    class Kind(models.TextChoices):
        SELF_RELIANCE = "self_reliance", _("自立相談支援機関")
        SETTLEMENT_CENTER = "settlement_center", _("地域生活定着支援センター")
        SHAKYO = "shakyo", _("社会福祉協議会")
        CONSULTATION_OFFICE = "consultation_office", _("相談支援事業所")
        COMMUNITY_CARE = "community_care", _("地域包括支援センター")
        MUNICIPALITY = "municipality", _("自治体")
        OTHER = "other", _("その他")

    name = models.CharField(_("機関名"), max_length=200)
    kind = models.CharField(_("種別"), max_length=30, choices=Kind.choices)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("都道府県"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("市区町村"),
    )
    # The name as shown: the municipality's own name, or the text entered before the list was
    # loaded when it matched none (kept so nothing is lost; see `municipalities_unmatched`).
    municipality_text = models.CharField(_("市区町村（表記）"), max_length=50, blank=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("所属機関")
        verbose_name_plural = _("所属機関")
        ordering = ["prefecture__code", "municipality_text", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture", "municipality_text", "name"],
                name="unique_organisation_per_place",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a person does in one prefecture's 伝達研修."""

    TRAINEE = "trainee", _("受講者")
    FACILITATOR = "facilitator", _("ファシリテーター")
    COMMITTEE = "committee", _("研修委員")
    PREFECTURE_ADMIN = "prefecture_admin", _("都道府県担当者")


class Membership(models.Model):
    """A person's role in one prefecture; a person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("利用者")
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("都道府県"),
    )
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("所属機関"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("所属・役割")
        verbose_name_plural = _("所属・役割")
        ordering = ["prefecture__code", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "prefecture", "role"], name="unique_role_per_prefecture"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.prefecture} / {self.get_role_display()}"


INVITATION_VALID_FOR = timedelta(days=14)


def _invitation_expiry():
    """An invitation is open for two weeks from when it was (last) sent."""
    return timezone.now() + INVITATION_VALID_FOR


class Invitation(models.Model):
    """招待: a prefecture administrator's offer of a role, granted only when its addressee accepts.

    Name, ふりがな and organisation are what the administrator typed: an invitation
    to an address that already has an account never shows or changes that account.
    The key in the link is not a credential (the signed-in addressee is), so it is
    stored as it is and マイページ can link to the same page.
    """

    key = models.UUIDField(_("招待キー"), default=uuid.uuid4, unique=True, editable=False)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("都道府県"),
    )
    email = models.EmailField(_("メールアドレス"))
    full_name = models.CharField(_("氏名"), max_length=100)
    furigana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("所属機関"),
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("招待した人"),
    )
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)
    declined_at = models.DateTimeField(_("辞退日時"), null=True, blank=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["prefecture__code", "-created_at"]
        constraints = [
            # Re-inviting an address updates its open invitation rather than adding one.
            models.UniqueConstraint(
                fields=["prefecture", "email"],
                condition=models.Q(accepted_at__isnull=True, declined_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} / {self.prefecture} / {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor declined yet."""
        return self.accepted_at is None and self.declined_at is None

    @property
    def is_expired(self) -> bool:
        """Past its expiry date; the administrator can invite again."""
        return self.expires_at <= timezone.now()
