"""Many rows written in one statement, with the post_save every receiver would have heard.

bulk_create and bulk_update skip post_save, yet receivers elsewhere rely on it (courses
redraws a reader's cached pages when their role, enrolment or name changes). The batch
services write with these instead, so a row stored in bulk is announced exactly as one
saved alone, inside the same transaction, with one exception: Wagtail's reference index.
Wagtail rebuilds it for each saved row of a tracked model (on the default, immediate task
backend: ~4 ms a row, most of a 2,000-row roster's enrolments); for a batch the rows are
indexed by one background task once committed instead, as Wagtail does with a real backend.
"""

from collections.abc import Sequence
from contextlib import nullcontext

from django.db import router, transaction
from django.db.models import Model
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


def _announce(model: type[Model], objects: Sequence[Model], *, created: bool, update_fields):
    using = router.db_for_write(model)
    batch = len(objects) > 1 and model in ReferenceIndex.tracked_models
    with disable_reference_index_auto_update() if batch else nullcontext():
        for instance in objects:
            post_save.send(
                sender=model,
                instance=instance,
                created=created,
                update_fields=update_fields,
                raw=False,
                using=using,
            )
    if batch:
        from base.tasks import reference_index_update_many

        meta, pks = model._meta, [instance.pk for instance in objects]
        transaction.on_commit(
            lambda: reference_index_update_many.enqueue(meta.app_label, meta.model_name, pks)
        )


def bulk_create_announced(model: type[Model], objects: Sequence[Model]) -> list[Model]:
    """Insert `objects` in one statement (their pks set), then send each one's post_save."""
    objects = model._default_manager.bulk_create(list(objects))
    _announce(model, objects, created=True, update_fields=None)
    return objects


def bulk_update_announced(model: type[Model], objects: Sequence[Model], fields: list[str]) -> None:
    """Update `fields` of `objects` in one statement, then send each one's post_save."""
    objects = list(objects)
    if objects:
        model._default_manager.bulk_update(objects, fields)
        _announce(model, objects, created=False, update_fields=frozenset(fields))
