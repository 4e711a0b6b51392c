"""Background work of base: Wagtail's reference index for rows written in bulk."""

from django.apps import apps
from django.conf import settings
from django_tasks import task
from wagtail.models import ReferenceIndex


@task(backend=settings.BACKGROUND_TASKS)
def reference_index_update_many(app_label: str, model_name: str, pks: list[int]) -> None:
    """Record the outbound references of many rows, as Wagtail's own task does for one."""
    model = apps.get_model(app_label, model_name)
    for instance in model._default_manager.filter(pk__in=pks):
        ReferenceIndex.create_or_update_for_object(instance)
