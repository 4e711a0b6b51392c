"""Case-study fixtures: an index page, reviewers and a small imported report."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from base import demo as base_demo
from casestudies import services
from casestudies.models import CaseStudyIndexPage

REPORT = """概要
森川由紀子さんは、舞鶴市の相談支援センター「こもれび」で相談支援員として働いている。
背景・地域の特徴
舞鶴市は人口8万人の港町で、連絡先は 0123-45-6789 である。
取組み
森川さんは毎週月曜日に支援会議を開き、地域の関係機関とつながった。
"""


@pytest.fixture
def case_index(db) -> CaseStudyIndexPage:
    home = base_demo.seed()
    index = CaseStudyIndexPage(title="事例", slug="cases")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def reviewer(db) -> User:
    user = User.objects.create_user(
        email="reviewer@example.jp", password="x" * 12, full_name="確認 担当"
    )
    user.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="事例の匿名化担当"))
    return user


@pytest.fixture
def imported_case(case_index, reviewer):
    return services.case_import(
        index=case_index, title="港町の相談支援", text=REPORT, user=reviewer
    )
