"""URL routes of assessments: each part's views module lists its own."""

from assessments.views import completion, quizzes, ratings, surveys, worksheets

app_name = "assessments"

urlpatterns = [
    *quizzes.urlpatterns,
    *worksheets.urlpatterns,
    *ratings.urlpatterns,
    *surveys.urlpatterns,
    *completion.urlpatterns,
]
