"""Template filters for choosing plural forms of quantities that are not whole numbers."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plural_number(value) -> int:
    """The integer gettext needs to choose the plural form of a quantity such as 0.5 days.

    gettext only takes integers (a Decimal or float gets a DeprecationWarning, and will
    be refused). A whole number stays itself; a fraction takes the form of 2, which is
    the "other" form in Japanese and English, as CLDR gives every decimal in both.
    """
    if value in (None, ""):
        return 0
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else 2
