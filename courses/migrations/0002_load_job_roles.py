"""Load the job roles programs are written for."""

from django.db import migrations

JOB_ROLES = [
    ("shunin", "主任相談支援員"),
    ("soudan", "相談支援員"),
    ("shuro", "就労支援員"),
    ("center", "地域生活定着支援センター職員"),
    ("shakyo", "社会福祉協議会職員"),
    ("office", "相談支援事業所職員"),
    ("municipal", "自治体職員"),
]


def load(apps, schema_editor):
    JobRole = apps.get_model("courses", "JobRole")
    for order, (code, name) in enumerate(JOB_ROLES):
        JobRole.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


def unload(apps, schema_editor):
    apps.get_model("courses", "JobRole").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
