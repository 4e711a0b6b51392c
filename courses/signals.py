"""Signal receivers: draw readers' cached lesson pages again when what they show changes."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.models import Membership, User
from courses import page_cache
from courses.models import Cohort, Enrollment, LessonProgress, ReflectionAnswer

CONTENT_MODELS = (PageViewRestriction, Site, GroupPagePermission, Group, Cohort)
# Saving only where the reader stopped changes nothing a page shows.
POSITION_ONLY = frozenset({"last_position", "updated_at"})


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, instance, **kwargs) -> None:
    """A page, a view restriction, a site, an editor permission or a cohort changed."""
    if isinstance(instance, (Page, *CONTENT_MODELS)):
        page_cache.content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_went_live_or_moved(sender, **kwargs) -> None:
    """Publishing, unpublishing and moving reach descendants without saving each of them."""
    page_cache.content_changed()


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def enrollment_changed(sender, instance, **kwargs) -> None:
    """Joining, completing or leaving a cohort changes what the reader may read."""
    page_cache.reader_changed(instance.trainee_id)


@receiver(post_save, sender=LessonProgress)
@receiver(post_delete, sender=LessonProgress)
def progress_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """A lesson started or completed changes the reader's badges and table of contents."""
    if update_fields and frozenset(update_fields) <= POSITION_ONLY:
        return
    trainee_id = (
        Enrollment.objects.filter(pk=instance.enrollment_id)
        .values_list("trainee_id", flat=True)
        .first()
    )
    if trainee_id is not None:
        page_cache.reader_changed(trainee_id)


@receiver(post_save, sender=ReflectionAnswer)
@receiver(post_delete, sender=ReflectionAnswer)
def reflection_changed(sender, instance, **kwargs) -> None:
    """The lesson page's answer form shows the reader's kept answers."""
    trainee_id = (
        Enrollment.objects.filter(pk=instance.enrollment_id)
        .values_list("trainee_id", flat=True)
        .first()
    )
    if trainee_id is None:
        return
    page_cache.reader_changed(trainee_id)
    # Again once committed: a page drawn meanwhile, before the answers were visible,
    # would otherwise be kept under the token moved above.
    transaction.on_commit(lambda: page_cache.reader_changed(trainee_id))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs) -> None:
    """A new or lost role changes the reader's navigation."""
    page_cache.reader_changed(instance.user_id)


@receiver(post_save, sender=User)
def user_changed(sender, instance, **kwargs) -> None:
    """The reader's name is in the page header."""
    page_cache.reader_changed(instance.pk)


@receiver(m2m_changed, sender=User.groups.through)
def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """CMS groups decide whether the navigation offers the CMS."""
    if not action.startswith("post_"):
        return
    if not reverse:
        page_cache.reader_changed(instance.pk)
    elif pk_set is None:
        page_cache.content_changed()  # a group cleared of everyone
    else:
        for user_id in pk_set:
            page_cache.reader_changed(user_id)
