"""Workshops with a facilitator, enrolled trainees and groups, for workshop tests."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role, User
from courses import services as course_services
from workshops import services
from workshops.methods import Method
from workshops.models import Workshop


@dataclass
class WorkshopSetup:
    """A workshop and the people around it."""

    workshop: Workshop
    facilitator: User
    trainees: list[User] = field(default_factory=list)

    def trainee_in(self, group_number: int) -> User:
        """The first trainee of a group, by group number."""
        group = self.workshop.groups.get(number=group_number)
        return group.members.order_by("trainee__pk").first().trainee


@pytest.fixture
def make_workshop(make_program, make_cohort, make_person, make_organisation):
    """Make a workshop in `prefecture` with `trainees` enrolled, split into groups of `group_size`."""

    def make(prefecture, trainees: int = 4, group_size: int = 2, assign: bool = True):
        facilitator = make_person(prefecture, Role.FACILITATOR)
        cohort = make_cohort(make_program(lessons=1), prefecture, facilitators=[facilitator])
        people = []
        for index in range(trainees):
            organisation = make_organisation(prefecture, municipality=f"町{index % 2}")
            person = make_person(prefecture, Role.TRAINEE)
            person.memberships.filter(role=Role.TRAINEE).update(organisation=organisation)
            course_services.enrollment_create(trainee=person, cohort=cohort)
            people.append(person)
        workshop = services.workshop_create(
            cohort=cohort,
            title="事例検討の演習",
            starts_at=datetime(2026, 11, 24, 13, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
            method=Method.GSV,
            facilitators=[facilitator],
            group_size=group_size,
        )
        if assign:
            services.groups_assign(workshop=workshop, group_size=group_size)
        return WorkshopSetup(workshop=workshop, facilitator=facilitator, trainees=people)

    return make
