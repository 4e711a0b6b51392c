"""Views of the completion part."""

urlpatterns: list = []
