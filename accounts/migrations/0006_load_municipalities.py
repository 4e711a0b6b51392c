"""Load every 市区町村 (and 政令指定都市's 行政区) with its 全国地方公共団体コード."""

from django.db import migrations

from accounts.municipality_data import municipality_rows


def load(apps, schema_editor):
    Prefecture = apps.get_model("accounts", "Prefecture")
    Municipality = apps.get_model("accounts", "Municipality")
    prefectures = dict(Prefecture.objects.values_list("code", "pk"))
    known = set(Municipality.objects.values_list("code", flat=True))
    rows = [row for row in municipality_rows() if row.code not in known]
    # Cities first, so each ward can point at its city.
    for wards in (False, True):
        ids = dict(Municipality.objects.values_list("code", "pk"))
        Municipality.objects.bulk_create(
            Municipality(
                code=row.code,
                prefecture_id=prefectures[row.prefecture_code],
                name=row.name,
                kana=row.kana,
                city_id=ids.get(row.city_code),
            )
            for row in rows
            if bool(row.city_code) == wards
        )


def unload(apps, schema_editor):
    Municipality = apps.get_model("accounts", "Municipality")
    Municipality.objects.filter(city__isnull=False).delete()
    Municipality.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_municipality"), ("accounts", "0002_load_prefectures")]

    operations = [migrations.RunPython(load, unload)]
