"""Signal receivers: keep search documents in step with what is published."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from base.search import search_document_refresh


@receiver(page_published)
def index_published_page(sender, instance, **kwargs) -> None:
    """A page went live or changed: index its new text."""
    search_document_refresh(page=instance)


@receiver(page_unpublished)
def drop_unpublished_page(sender, instance, **kwargs) -> None:
    """A page left the site: it must no longer be found."""
    search_document_refresh(page=instance)
