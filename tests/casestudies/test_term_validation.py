"""Terms an editor adds must be names, and never re-letter the aliases already accepted."""

import pytest

from casestudies import services
from casestudies.models import Finding


def _aliases(source) -> dict[str, str]:
    return dict(source.findings.values_list("surface", "alias"))


@pytest.mark.parametrize(
    ("surface", "message"),
    [
        ("の", "短すぎ"),
        ("は", "短すぎ"),
        ("で", "短すぎ"),
        ("ている", "助詞"),
        ("、", "記号"),
        ("「」", "記号"),
        ("。\n", "記号"),
    ],
)
def test_particles_single_kana_and_punctuation_are_refused(
    imported_case, reviewer, surface, message
):
    source = imported_case.source
    before = _aliases(source)
    with pytest.raises(services.CaseStudyError, match=message):
        services.term_add(source=source, surface=surface, kind="person", user=reviewer)
    assert _aliases(source) == before


def test_an_added_term_never_re_letters_accepted_aliases(imported_case, reviewer):
    source = imported_case.source
    for finding in source.findings.all():
        services.finding_accept(finding=finding, user=reviewer)
    accepted = _aliases(source)
    # 港町 first appears in the title, before every accepted name, so it draws a letter first.
    added = services.term_add(source=source, surface="港町", kind="place", user=reviewer)
    after = _aliases(source)
    assert {s: after[s] for s in accepted} == accepted
    assert added.alias not in accepted.values()
    assert source.findings.filter(status=Finding.Status.ACCEPTED).count() == len(accepted)


def test_the_review_screen_answers_a_particle_in_japanese(client, imported_case, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/casestudies/{imported_case.pk}/terms/",
        {"surface": "の", "kind": "person"},
        follow=True,
    )
    assert response.status_code == 200
    assert "短すぎ" in response.content.decode()
    assert not imported_case.source.findings.filter(surface="の").exists()
