"""The one path converter for database ids: digits that fit a 64-bit signed integer."""

import re

from django.urls import register_converter

# SQLite and PostgreSQL bigint both stop here; a larger number raises OverflowError in
# the database driver, so it must never reach a query.
MAX_ID = 2**63 - 1


_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The value as a database id, or None when it cannot be one.

    Booleans are refused although Python counts True as 1: `true` must never mean user 1.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """`<id:name>`: a positive database id; anything larger simply does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    """Make `<id:...>` available to every URL module; base's AppConfig calls this first."""
    register_converter(IdConverter, "id")
