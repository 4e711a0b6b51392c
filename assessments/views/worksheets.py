"""Views of the worksheets part."""

urlpatterns: list = []
