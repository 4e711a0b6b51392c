"""Load the support-process steps and the group that may see originals."""

from django.db import migrations

from courses.support_process import SUPPORT_STEPS

REVIEWER_GROUP = "事例の匿名化担当"


def load(apps, schema_editor):
    SupportStep = apps.get_model("casestudies", "SupportStep")
    for number, name in SUPPORT_STEPS.items():
        SupportStep.objects.update_or_create(number=number, defaults={"name": name})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="casestudies", model="casesource")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_original",
        defaults={"name": "事例の元の記録と別名表を閲覧できる"},
    )
    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    group.permissions.add(permission)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        group.permissions.add(admin_access)


def unload(apps, schema_editor):
    apps.get_model("casestudies", "SupportStep").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(load, unload)]
