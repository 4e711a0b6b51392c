"""修了の要件 in the CMS: editors write a program's rule; taking completion away needs a confirmation."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from assessments.models import CompletionRule
from assessments.services.completion import (
    RuleNeedsConfirmation,
    completion_rule_save,
    rule_change_preview,
)
from courses import services as course_services
from courses.models import Enrollment
from tests.assessments.test_completion_views import add_part_pages
from tests.course_fixtures import lessons_of


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user(email="rule-writer@example.jp", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def course(oita, kochi, make_person, make_program, make_cohort):
    """A 2-lesson program with a survey page; 大分県 has one trainee complete, one half way."""
    program = make_program(lessons=2, title="前期共通プログラム")
    pages = add_part_pages(program)
    cohort = make_cohort(program, oita)
    done = make_person(oita, Role.TRAINEE, full_name="大分 修了者")
    halfway = make_person(oita, Role.TRAINEE, full_name="大分 途中")
    kochi_done = make_person(kochi, Role.TRAINEE, full_name="高知 修了者")
    enrollments = {
        "done": course_services.enrollment_create(trainee=done, cohort=cohort),
        "halfway": course_services.enrollment_create(trainee=halfway, cohort=cohort),
        "kochi": course_services.enrollment_create(
            trainee=kochi_done, cohort=make_cohort(program, kochi)
        ),
    }
    first, last = lessons_of(program)
    for key in ("done", "kochi"):
        for lesson in (first, last):
            course_services.lesson_complete(enrollment=enrollments[key], lesson=lesson)
    course_services.lesson_complete(enrollment=enrollments["halfway"], lesson=first)
    return {"program": program, "pages": pages, "lessons": (first, last), **enrollments}


def _status(enrollment) -> str:
    enrollment.refresh_from_db()
    return enrollment.status


def test_a_rule_that_asks_less_completes_people_at_once(course):
    first, _last = course["lessons"]
    rule = CompletionRule(program=course["program"], lesson_scope=CompletionRule.LessonScope.CHOSEN)
    change = completion_rule_save(rule=rule, lessons=[first])
    assert [e.pk for e in change.gaining] == [course["halfway"].pk]
    assert _status(course["halfway"]) == Enrollment.Status.COMPLETED


def test_a_stricter_rule_is_not_saved_until_confirmed_for_exactly_those_people(course):
    rule = CompletionRule(program=course["program"], survey_required=True)
    with pytest.raises(RuleNeedsConfirmation) as refused:
        completion_rule_save(rule=rule)
    assert not CompletionRule.objects.exists()
    assert {e.pk for e in refused.value.change.losing} == {course["done"].pk, course["kochi"].pk}
    assert _status(course["done"]) == Enrollment.Status.COMPLETED
    with pytest.raises(RuleNeedsConfirmation):
        completion_rule_save(rule=rule, confirmed="a-token-for-someone-else")
    completion_rule_save(rule=rule, confirmed=refused.value.change.token)
    assert CompletionRule.objects.get().survey_required
    assert _status(course["done"]) == Enrollment.Status.ENROLLED
    assert course["done"].completed_at is None
    assert _status(course["kochi"]) == Enrollment.Status.ENROLLED


def test_the_preview_leaves_nothing_behind(course):
    rule = CompletionRule.objects.create(program=course["program"])
    first, _last = course["lessons"]
    rule.lesson_scope = CompletionRule.LessonScope.CHOSEN
    change = rule_change_preview(rule=rule, lessons=[first])
    assert [e.pk for e in change.gaining] == [course["halfway"].pk]
    stored = CompletionRule.objects.get()
    assert stored.lesson_scope == CompletionRule.LessonScope.ALL and not stored.lessons.exists()
    assert _status(course["halfway"]) == Enrollment.Status.ENROLLED


def test_a_page_of_another_program_is_refused(course, make_program):
    other = make_program(lessons=1)
    rule = CompletionRule(program=course["program"], lesson_scope=CompletionRule.LessonScope.CHOSEN)
    from assessments.services.completion import CompletionError

    with pytest.raises(CompletionError, match="このプログラムのものではありません"):
        completion_rule_save(rule=rule, lessons=lessons_of(other))
    assert not CompletionRule.objects.exists()


def _form(program, /, **fields) -> dict:
    data = {
        "program": program.pk,
        "lesson_scope": "all",
        "quiz_scope": "none",
    }
    data.update(fields)
    return data


def test_the_editor_writes_a_rule_and_confirms_who_loses_completion(course, editor):
    client = _as(editor)
    add_url = reverse("completion_rules:add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, _form(course["program"], survey_required="on"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "修了が取り消される人: 2名" in page
    assert "高知県" in page and "大分県" in page
    # An editor who administers no prefecture sees how many, never whom.
    assert "大分 修了者" not in page and "高知 修了者" not in page
    assert not CompletionRule.objects.exists()
    token = response.context["rule_change"]["token"]
    response = client.post(
        add_url, _form(course["program"], survey_required="on", confirm_change=token)
    )
    assert response.status_code == 302
    rule = CompletionRule.objects.get()
    assert rule.survey_required
    assert _status(course["done"]) == Enrollment.Status.ENROLLED

    edit_url = reverse("completion_rules:edit", args=[rule.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, _form(course["program"], survey_required=""))
    assert response.status_code == 302
    assert _status(course["done"]) == Enrollment.Status.COMPLETED


def test_an_editor_who_administers_a_prefecture_sees_its_names_only(course, editor, oita):
    from accounts import services as account_services

    account_services.membership_grant(user=editor, prefecture=oita, role=Role.PREFECTURE_ADMIN)
    response = _as(editor).post(
        reverse("completion_rules:add"), _form(course["program"], survey_required="on")
    )
    page = response.content.decode()
    assert "大分 修了者" in page and "高知 修了者" not in page


def test_the_edit_screen_offers_only_the_programs_own_lessons_and_quizzes(
    course, editor, make_program
):
    other = make_program(lessons=1, title="別のプログラム")
    rule = CompletionRule.objects.create(program=course["program"])
    response = _as(editor).get(reverse("completion_rules:edit", args=[rule.pk]))
    form = response.context["form"]
    assert set(form.fields["lessons"].queryset) == set(
        p.specific for p in lessons_of(course["program"])
    )
    assert lessons_of(other)[0].pk not in {p.pk for p in form.fields["lessons"].queryset}


@pytest.mark.parametrize(
    "fields",
    [
        {"lesson_scope": "chosen"},
        {"lesson_scope": "sometimes"},
        {"quiz_scope": "chosen"},
        {"lessons": "99999999999999999999999"},
        {"lessons": "abc"},
        {"program": "true"},
    ],
)
def test_bad_rule_forms_are_refused_without_saving(course, editor, fields):
    response = _as(editor).post(reverse("completion_rules:add"), _form(course["program"], **fields))
    assert response.status_code == 200
    assert not CompletionRule.objects.exists()


def test_prefecture_administrators_and_trainees_cannot_write_rules(course, make_person, oita):
    rule = CompletionRule.objects.create(program=course["program"])
    for role in (Role.PREFECTURE_ADMIN, Role.FACILITATOR, Role.TRAINEE):
        client = _as(make_person(oita, role))
        for url in (
            reverse("completion_rules:index"),
            reverse("completion_rules:add"),
            reverse("completion_rules:edit", args=[rule.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (role, url, response.status_code)
        client.post(
            reverse("completion_rules:edit", args=[rule.pk]),
            _form(course["program"], survey_required="on"),
        )
    rule.refresh_from_db()
    assert not rule.survey_required


def test_nobody_deletes_a_rule(course, editor):
    rule = CompletionRule.objects.create(program=course["program"], survey_required=True)
    client = _as(editor)
    url = reverse("completion_rules:delete", args=[rule.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url)
    assert CompletionRule.objects.filter(pk=rule.pk).exists()
