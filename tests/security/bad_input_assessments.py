"""大分県's assessments for the bad-input corpus: each part adds the objects its forms need.

Every object lands in `world.assessments[name]`.
"""


def build(world) -> None:
    """Make the quiz, worksheet, rating and survey pages and rows the corpus's forms need."""
