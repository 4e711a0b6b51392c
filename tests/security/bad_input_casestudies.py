"""The case studies' objects for the bad-input corpus: the offer to spread an added term.

The imported case gets an editor's term (港町, which the detector leaves) and a second
unpublished case holds the same word, so the offer screen renders its form with a case
to choose. Objects land in `world.casestudies[name]`.
"""

OTHER_REPORT = """概要
港町の集会所で、相談員の内海さんが月に一度の相談会を開いている。
"""


def build(world, case) -> None:
    from casestudies import services

    reviewer = world.editor
    world.casestudies["added_term"] = services.term_add(
        source=case.source, surface="港町", kind="place", user=reviewer
    )
    world.casestudies["other_case"] = services.case_import(
        index=case.get_parent().specific, title="別の事例", text=OTHER_REPORT, user=reviewer
    )
