"""高知県's assessments for the prefecture matrix: each part adds what its URLs point at.

Every object lands in `kochi.assessments[name]`, and holds a MARKERS text where it
can, so the matrix sees it if a 大分県 role is ever shown it.
"""

from .world import Side


def build(kochi: Side) -> None:
    """Make 高知県's quiz attempt, worksheet, ratings, survey answers and completion state."""
