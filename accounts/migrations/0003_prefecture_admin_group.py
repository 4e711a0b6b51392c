"""The CMS group prefecture administrators join: it only opens the admin."""

from django.db import migrations

GROUP_NAME = "都道府県担当者"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(access)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_load_prefectures"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
