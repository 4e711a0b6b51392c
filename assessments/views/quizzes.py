"""Views of the quizzes part."""

urlpatterns: list = []
