"""Form fields every app shares: model choices that refuse impossible ids before any query."""

from django import forms
from django.db import models

from base.converters import parse_id


def _chooses_by_integer_pk(field: forms.ModelChoiceField) -> bool:
    # Model forms name the key even when it is the pk ("id", or "page_ptr" for pages).
    pk = field.queryset.model._meta.pk
    if field.to_field_name not in (None, pk.name, pk.attname):
        return False
    while pk.is_relation:
        pk = pk.target_field
    return isinstance(pk, models.IntegerField)


def _refuse_unless_id(field: forms.ModelChoiceField, value) -> None:
    if _chooses_by_integer_pk(field) and parse_id(value) is None:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            # Django's message repeats the value; a 100,000-character one is cut short.
            params={"value": str(value)[:20]},
        )


class IdChoiceField(forms.ModelChoiceField):
    """A model choice refusing booleans, non-digits and ids past 2^63 - 1 as invalid choices.

    Django's own field sends them to the database, where SQLite raises OverflowError (a 500).
    """

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, self.queryset.model):
            _refuse_unless_id(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several model choices, each refused like IdChoiceField's when it cannot be an id."""

    def _check_values(self, value):
        for item in value:
            _refuse_unless_id(self, item)
        return super()._check_values(value)
