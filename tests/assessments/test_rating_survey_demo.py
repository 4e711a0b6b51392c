"""The demo's 自己評価 and アンケート: numbers to show, trainee.oita's steps still open, idempotent."""

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import SelfRating, SurveyResponse, SurveySubmission
from assessments.selectors.ratings import rating_changes
from assessments.selectors.surveys import survey_results
from courses.models import Cohort

pytestmark = pytest.mark.django_db


def test_the_demo_shows_before_after_and_survey_results_for_oita(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo", "--password", "demo-pass-123", verbosity=0)
    counts = (SelfRating.objects.count(), SurveySubmission.objects.count())
    call_command("seed_demo", "--password", "demo-pass-123", verbosity=0)
    assert (SelfRating.objects.count(), SurveySubmission.objects.count()) == counts

    cohort = Cohort.objects.get(prefecture__slug="oita", program__slug="zenki-kyotsu")
    admin = User.objects.get(email="admin.oita@example.jp")
    changes = rating_changes(user=admin, cohorts=[cohort])
    assert len(changes) == 5 and all(c.n == 5 and c.change > 0 for c in changes)
    results = survey_results(user=admin, cohorts=[cohort])
    assert len(results) == 6
    assert all(not r.too_few and r.respondents == 5 for r in results)
    assert all(t.name is None for r in results for t in r.texts)

    trainee = cohort.enrollments.get(trainee__email="trainee.oita@example.jp")
    assert set(trainee.self_ratings.values_list("phase", flat=True)) == {"before"}
    assert not SurveyResponse.objects.filter(enrollment=trainee).exists()
