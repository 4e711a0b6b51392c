"""Views of the ratings part."""

urlpatterns: list = []
