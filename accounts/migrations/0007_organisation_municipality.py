"""Organisations refer to a 市区町村; the free text is kept, and a name matching none stays text.

`manage.py municipalities_unmatched` lists the organisations whose text matched no municipality.
"""

import django.db.models.deletion
from django.db import migrations, models

from accounts.municipality_data import fold_name


def match(apps, schema_editor):
    Municipality = apps.get_model("accounts", "Municipality")
    Organisation = apps.get_model("accounts", "Organisation")
    by_name = {
        (prefecture_id, fold_name(name)): pk
        for pk, prefecture_id, name in Municipality.objects.values_list(
            "pk", "prefecture_id", "name"
        )
    }
    for organisation in Organisation.objects.exclude(municipality_text=""):
        pk = by_name.get((organisation.prefecture_id, fold_name(organisation.municipality_text)))
        if pk is not None:
            organisation.municipality_id = pk
            organisation.save(update_fields=["municipality"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_load_municipalities")]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisation", name="unique_organisation_per_place"
        ),
        migrations.RenameField(
            model_name="organisation", old_name="municipality", new_name="municipality_text"
        ),
        migrations.AlterField(
            model_name="organisation",
            name="municipality_text",
            field=models.CharField(blank=True, max_length=50, verbose_name="市区町村（表記）"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="accounts.municipality",
                verbose_name="市区町村",
            ),
        ),
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["prefecture__code", "municipality_text", "name"],
                "verbose_name": "所属機関",
                "verbose_name_plural": "所属機関",
            },
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                fields=("prefecture", "municipality_text", "name"),
                name="unique_organisation_per_place",
            ),
        ),
        # The text was never changed, so going back only forgets the link (dropped with the field).
        migrations.RunPython(match, migrations.RunPython.noop),
    ]
