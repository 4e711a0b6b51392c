"""マイページ's course section: finished programs apart with what comes next, rosters linked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from courses import services
from courses.models import LessonPage
from tests.course_fixtures import lesson_body, lessons_of


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _section(page: str, heading: str) -> str:
    """The HTML of the マイページ section under one h2, up to the next section."""
    match = re.search(rf"<h2[^>]*>{heading}</h2>(.*?)</section>", page, re.S)
    return match.group(1) if match else ""


def _mypage(user) -> str:
    response = _as(user).get(reverse("accounts:mypage"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def finished(oita, make_program, enrolled_trainee):
    """A trainee who completed every lesson of a program whose last lesson asks a question."""
    program = make_program(lessons=2, title="相談支援の基礎")
    last = lessons_of(program)[-1].specific
    last.body = [*lesson_body(), ("questions", {"title": "振り返りの問い", "items": ["問い"]})]
    last.save_revision().publish()
    trainee, enrollment = enrolled_trainee(program, oita)
    for lesson in lessons_of(program):
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    return trainee, enrollment, program


def test_a_finished_program_is_no_longer_under_way(finished):
    trainee, _enrollment, program = finished
    page = _mypage(trainee)
    assert program.title not in _section(page, "受講中の研修")
    done = _section(page, "修了した研修")
    assert program.title in done
    assert "すべての講義を終えました（2講義）" in done
    assert "修了証は都道府県の担当者が発行します。" in done
    assert "すべての講義を完了すること" in done  # the program's own completion requirement


def test_what_comes_next_points_at_unanswered_reflections_until_answered(finished):
    trainee, enrollment, program = finished
    last = LessonPage.objects.get(pk=lessons_of(program)[-1].pk)
    done = _section(_mypage(trainee), "修了した研修")
    assert "振り返りの問いにまだ答えていない講義があります" in done
    assert f'href="{last.url}#reflection-answers"' in done
    from courses.selectors import reflection_questions

    key = reflection_questions(last)[0].key
    services.reflection_save(enrollment=enrollment, lesson=last, answers={key: "答え"})
    assert "まだ答えていない講義" not in _section(_mypage(trainee), "修了した研修")


def test_a_program_under_way_stays_under_way(oita, make_program, enrolled_trainee):
    program = make_program(lessons=2, title="途中の研修")
    trainee, enrollment = enrolled_trainee(program, oita)
    services.lesson_complete(enrollment=enrollment, lesson=lessons_of(program)[0])
    page = _mypage(trainee)
    assert "途中の研修" in _section(page, "受講中の研修")
    assert "修了した研修" not in page
    assert "担当する研修の回" not in page  # a trainee opens no roster


def test_the_facilitator_and_admin_find_the_roster_from_mypage(
    oita, kochi, make_person, make_program, make_cohort
):
    program = make_program(lessons=1)
    facilitator = make_person(oita, Role.FACILITATOR)
    mine = make_cohort(program, oita, facilitators=[facilitator])
    other = make_cohort(program, oita)
    theirs = make_cohort(program, kochi)
    roster = reverse("courses:cohort_detail", kwargs={"cohort_id": mine.pk})

    links = _section(_mypage(facilitator), "担当する研修の回")
    assert f'href="{roster}"' in links and other.title not in links
    assert _as(facilitator).get(roster).status_code == 200

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    links = _section(_mypage(admin), "担当する研修の回")
    assert mine.title in links and other.title in links and theirs.title not in links
    assert "受講者と進捗" in _as(admin).get(roster).content.decode()


def test_the_cms_cohort_list_links_to_the_roster(oita, make_person, make_program, make_cohort):
    cohort = make_cohort(make_program(lessons=1), oita)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    response = _as(admin).get(reverse("cohorts:index"))
    assert response.status_code == 200
    roster = reverse("courses:cohort_detail", kwargs={"cohort_id": cohort.pk})
    assert f'href="{roster}"' in response.content.decode()
