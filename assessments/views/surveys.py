"""Views of the surveys part."""

urlpatterns: list = []
