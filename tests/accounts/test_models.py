"""People and prefectures: the data migration and the user model."""

from accounts.models import Prefecture, User


def test_all_47_prefectures_are_loaded_with_jis_codes(db):
    prefectures = list(Prefecture.objects.order_by("code"))
    assert len(prefectures) == 47
    assert (prefectures[0].code, prefectures[0].name) == ("01", "北海道")
    assert Prefecture.objects.get(code="44").name == "大分県"
    assert Prefecture.objects.get(code="39").name == "高知県"
    assert (prefectures[-1].code, prefectures[-1].name) == ("47", "沖縄県")


def test_users_sign_in_with_a_lower_cased_address_and_show_their_name(db):
    user = User.objects.create_user(
        email="Yamada@Example.JP",
        password="x" * 12,
        full_name="山田 一郎",
        furigana="やまだ いちろう",
    )
    assert user.email == "yamada@example.jp"
    assert str(user) == "山田 一郎"
    assert user.get_full_name() == "山田 一郎"


def test_an_invited_user_without_a_password_cannot_sign_in(db):
    user = User.objects.create_user(email="invited@example.jp")
    assert not user.has_usable_password()
