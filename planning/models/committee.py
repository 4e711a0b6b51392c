"""研修委員会: the prefecture's training committee of one 年度, and its members."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_single_line
from courses.models import FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE, LAST_FISCAL_YEAR

__all__ = ["FISCAL_YEAR_VALIDATORS", "NAME_MAX_LENGTH", "Committee", "CommitteeMember"]

#: one limit for every short name the planning forms take
NAME_MAX_LENGTH = 100

FISCAL_YEAR_VALIDATORS = [
    MinValueValidator(FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
    MaxValueValidator(LAST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
]


class Committee(models.Model):
    """研修委員会: one prefecture's training committee for one 年度 (April to March)."""

    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="committees", verbose_name=_("都道府県")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=FISCAL_YEAR_VALIDATORS)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("研修委員会")
        verbose_name_plural = _("研修委員会")
        ordering = ["prefecture__code", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture", "fiscal_year"], name="one_committee_per_prefecture_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefecture} {self.fiscal_year}年度 研修委員会"


class CommitteeMember(models.Model):
    """研修委員: a person with the committee role sitting on one year's committee.

    Organisation and municipality are kept as text, copied from the person's
    membership when known, because members often join from outside any 所属機関 row.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("研修委員会")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_seats",
        verbose_name=_("利用者"),
    )
    organisation = models.CharField(
        _("所属"), max_length=200, blank=True, validators=[validate_single_line]
    )
    municipality = models.CharField(
        _("市区町村"), max_length=50, blank=True, validators=[validate_single_line]
    )
    national_program = models.CharField(
        _("修了した国研修のプログラム"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        validators=[validate_single_line],
        help_text=_("国研修修了者のときだけ入力します。"),
    )
    national_year = models.PositiveSmallIntegerField(
        _("国研修の修了年度"), null=True, blank=True, validators=FISCAL_YEAR_VALIDATORS
    )
    added_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    prefecture_field = "committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("研修委員")
        verbose_name_plural = _("研修委員")
        ordering = ["committee", "user__furigana", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_seat_per_committee")
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_national_graduate(self) -> bool:
        """国研修修了者: they completed the national training."""
        return bool(self.national_program)
