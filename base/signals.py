"""Signal receivers: keep search documents and the cached site in step with what changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from base.search import search_document_drop, search_document_refresh
from base.site_cache import site_version_bump


@receiver(page_published)
def index_published_page(sender, instance, **kwargs) -> None:
    """A page went live or changed: index its new text."""
    search_document_refresh(page=instance)


@receiver(page_unpublished)
def drop_unpublished_page(sender, instance, **kwargs) -> None:
    """A page left the site: it must no longer be found.

    Only dropped, never re-read: Wagtail unpublishes a live page in pre_delete without
    saving, so reading it back would find it live and index a row its deletion misses.
    """
    search_document_drop(page_id=instance.pk)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_sites(sender, **kwargs) -> None:
    """A site changed: drop every process's cached site lookup."""
    site_version_bump()


@receiver(post_save)
@receiver(post_delete)
def forget_home_page(sender, instance, **kwargs) -> None:
    """The home page changed (title, slug, live): drop the cached root page too."""
    from base.models import HomePage

    if isinstance(instance, HomePage):
        site_version_bump()
