"""Load the 47 prefectures with their JIS X 0401 codes."""

from django.db import migrations

from accounts.prefecture_data import PREFECTURES


def load(apps, schema_editor):
    Prefecture = apps.get_model("accounts", "Prefecture")
    for code, name, name_en in PREFECTURES:
        Prefecture.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "slug": name_en.lower()}
        )


def unload(apps, schema_editor):
    apps.get_model("accounts", "Prefecture").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
