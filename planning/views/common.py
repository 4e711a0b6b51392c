"""What every planning view shares: running a service for a form, and 404 for what is not theirs."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from planning.services.errors import PlanningError

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """The object a selector found for the person, or 404 (never 403) so ids stay hidden."""
    if found is None:
        raise Http404
    return found


def run_service(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Call a service for a valid form; its refusal becomes the form's error, and None."""
    try:
        return action()
    except PlanningError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, problems in error.error_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            form.add_error(None, error)
    return None
