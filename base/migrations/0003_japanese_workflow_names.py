"""Give Wagtail's default workflow and its task Japanese names.

Wagtail stores them as "Moderators approval", so the Japanese CMS showed
「Moderators approvalに提出する」. The group names stay: the code finds "Editors" by name.
"""

from django.db import migrations

ENGLISH = "Moderators approval"
JAPANESE = "承認（モデレーター）"


def _rename(apps, old: str, new: str) -> None:
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_japanese(apps, schema_editor) -> None:
    _rename(apps, ENGLISH, JAPANESE)


def to_english(apps, schema_editor) -> None:
    _rename(apps, JAPANESE, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0002_searchdocument"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_japanese, to_english)]
