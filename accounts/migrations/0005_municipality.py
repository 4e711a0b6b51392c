"""The 市区町村 table, which the next migration fills."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_invitation")]

    operations = [
        migrations.CreateModel(
            name="Municipality",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=6, unique=True, verbose_name="団体コード")),
                ("name", models.CharField(max_length=50, verbose_name="名称")),
                ("kana", models.CharField(blank=True, max_length=50, verbose_name="よみ")),
                (
                    "city",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="wards",
                        to="accounts.municipality",
                        verbose_name="政令指定都市",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="municipalities",
                        to="accounts.prefecture",
                        verbose_name="都道府県",
                    ),
                ),
            ],
            options={
                "verbose_name": "市区町村",
                "verbose_name_plural": "市区町村",
                "ordering": ["code"],
            },
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.UniqueConstraint(
                fields=("prefecture", "name"), name="unique_municipality_name_per_prefecture"
            ),
        ),
    ]
