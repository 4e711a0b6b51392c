"""Tests for casestudies.anonymiser: detection per kind, keep list, aliases, CLI.

Every name, place and organisation here is invented for the tests.
"""

import dataclasses
import io
import itertools
import json
import threading

import pytest

from casestudies.anonymiser import (
    KINDS,
    Finding,
    anonymise_fields,
    anonymise_text,
    load_tagger,
)
from casestudies.anonymiser.cli import main


def kinds_of(result):
    return {(f.kind, f.surface) for f in result.findings}


def assert_offsets(original, findings):
    for f in findings:
        assert original[f.start : f.end] == f.surface


# --- persons -------------------------------------------------------------------------


def test_person_with_san_keeps_honorific_and_gets_letter():
    r = anonymise_text("相談員の前田信之さんが自宅を訪ねた。")
    assert r.text == "相談員のAさんが自宅を訪ねた。"
    assert ("person", "前田信之") in kinds_of(r)


def test_person_with_shi_sama_and_title():
    r = anonymise_text("講師は上原正樹氏、司会は久保様、報告は小松課長が担当した。")
    assert "上原" not in r.text and "久保" not in r.text and "小松" not in r.text
    assert "A氏" in r.text and "B様" in r.text and "C課長" in r.text


def test_surname_alone_without_honorific():
    r = anonymise_text("主任相談支援員の片山は、翌週に再訪した。")
    assert "片山" not in r.text
    assert r.text.startswith("主任相談支援員のA")


def test_spaced_name_and_reading_are_both_removed():
    text = "相談者：水野 陽介（みずの ようすけ）、会社員。"
    r = anonymise_text(text)
    assert "水野" not in r.text and "みずの" not in r.text and "ようすけ" not in r.text
    assert r.text == "相談者：A、会社員。"
    assert_offsets(text, r.findings)


def test_katakana_foreign_names():
    r = anonymise_text("通訳のリン・メイさんと、依頼者のジョン・スミス氏が来所した。")
    assert "リン" not in r.text and "メイ" not in r.text and "スミス" not in r.text
    assert "Aさん" in r.text and "B氏" in r.text


def test_name_with_job_title_directly_after():
    r = anonymise_text("ハローワークの平野職業相談員と面談した。")
    assert "平野" not in r.text
    assert "職業相談員" in r.text


def test_family_words_with_san_are_kept():
    text = "息子さんと娘さん、お母さん、皆さんに説明した。"
    assert anonymise_text(text).text == text


def test_existing_letter_alias_is_not_reused():
    r = anonymise_text("利用者のAさんは、担当の大塚さんに相談した。")
    assert r.text == "利用者のAさんは、担当のBさんに相談した。"


# --- organisations -------------------------------------------------------------------


def test_legal_form_prefix_is_kept_and_name_masked():
    r = anonymise_text("運営は社会福祉法人わかば会である。")
    assert r.text == "運営は社会福祉法人A会である。"
    assert ("organisation", "わかば会") in kinds_of(r)


def test_npo_and_company_names():
    r = anonymise_text("NPO法人こだまネット代表と、株式会社ライフリンク南海の職員が同席した。")
    assert "こだま" not in r.text and "ライフリンク" not in r.text and "南海" not in r.text
    assert "NPO法人" in r.text and "株式会社" in r.text and "代表" in r.text


def test_bracketed_name_after_type_word():
    r = anonymise_text("基幹相談支援センター「つむぎ」と当事者会『やまびこの集い』が協力した。")
    assert "つむぎ" not in r.text and "やまびこ" not in r.text
    assert "基幹相談支援センター「A」" in r.text
    assert "当事者会『B』" in r.text


def test_bracketed_quotation_is_not_a_name():
    text = "職員は「誰も取り残さない」という方針を共有した。"
    assert anonymise_text(text).text == text


def test_name_with_type_suffix_and_kana_after_type():
    r = anonymise_text("すずかけ相談室の紹介で、地域活動支援センターわたげに通い始めた。")
    assert "すずかけ" not in r.text and "わたげ" not in r.text
    assert "A相談室" in r.text and "地域活動支援センターB" in r.text


def test_facility_name_with_en_suffix():
    r = anonymise_text("特別養護老人ホーム翠光園に入所した。")
    assert "翠光" not in r.text
    assert "特別養護老人ホーム" in r.text


# --- places --------------------------------------------------------------------------


def test_prefecture_city_ward_town_keep_suffix():
    r = anonymise_text("本人は宮城県仙台市若林区の出身で、今は秋田県の大仙市に住む。")
    assert r.text == "本人はA県B市C区の出身で、今はD県のE市に住む。"


def test_metropolis_and_fu_become_ken():
    r = anonymise_text("東京都と京都府の担当者が参加した。")
    assert r.text == "A県とB県の担当者が参加した。"


def test_area_name_before_kenniki():
    r = anonymise_text("群馬県の吾妻圏域で連絡会を開いた。")
    assert "吾妻" not in r.text and "圏域" in r.text


def test_place_inside_institution_names():
    r = anonymise_text("ハローワーク盛岡の紹介で、青森刑務所を出た人を支援した。")
    assert "盛岡" not in r.text and "青森" not in r.text
    assert "ハローワークA" in r.text and "B刑務所" in r.text


def test_place_prefix_of_generic_centre_keeps_type_word():
    r = anonymise_text("滋賀県地域生活定着支援センターが調整した。")
    assert r.text == "A県地域生活定着支援センターが調整した。"


# --- contact data, addresses, numbers --------------------------------------------------


def test_street_address_numbers():
    r = anonymise_text("住所は山梨県韮崎市丸の内2丁目14番3号で、旧住所は同市12番地の4。")
    assert "2丁目14番3号" not in r.text and "12番地の4" not in r.text
    assert r.text.count("[住所]") == 2


def test_hyphenated_block_number_after_town():
    r = anonymise_text("三重県津市栄町1-2-3に転居した。")
    assert "1-2-3" not in r.text and "[住所]" in r.text


def test_postal_code_phone_fax_email_url():
    text = (
        "〒990-0001 連絡先 TEL 023-612-3456、FAX 023-612-3457、携帯 070-1111-2222、"
        "メール kouhou@yamabiko.example.ne.jp、サイト https://yamabiko.example.jp/about"
    )
    r = anonymise_text(text)
    for secret in ("990-0001", "023-612-3456", "023-612-3457", "070-1111-2222"):
        assert secret not in r.text
    assert "yamabiko" not in r.text
    assert "[郵便番号]" in r.text and r.text.count("[電話番号]") == 3
    assert "[メールアドレス]" in r.text and "[URL]" in r.text
    assert {f.kind for f in r.findings} >= {"postal_code", "phone", "email", "url"}


def test_full_width_phone_number():
    r = anonymise_text("電話：０９０－８７６５－４３２１")
    assert r.text == "電話：[電話番号]"


def test_bare_domain_is_masked():
    r = anonymise_text("詳細は kizuna-npo.example.org を参照。")
    assert "kizuna" not in r.text and "[URL]" in r.text


def test_record_numbers_labelled_and_coded():
    r = anonymise_text("ケース番号 B-2021-0777、受付番号：55012 を記録した。")
    assert "B-2021-0777" not in r.text and "55012" not in r.text
    assert r.text.count("[記録番号]") == 2
    assert "ケース番号" in r.text and "受付番号" in r.text


# --- dates and ages --------------------------------------------------------------------


def test_birth_date_keeps_only_the_year():
    r = anonymise_text("前川さんは昭和31年8月9日生まれである。")
    assert r.text == "Aさんは昭和31年生まれである。"
    assert ("date", "昭和31年8月9日") in kinds_of(r)


def test_visit_and_release_dates_tied_to_a_person():
    r = anonymise_text("2022年10月3日に本人宅を訪問し、本人は11月20日に退院した。")
    assert "10月3日" not in r.text and "11月20日" not in r.text
    assert "2022年" in r.text and "[日付]" in r.text


def test_organisational_dates_are_kept():
    text = "掲載日：2024年5月7日。研修は2024年9月12日に開催された。"
    assert anonymise_text(text).text == text


def test_exact_age_becomes_band_but_thresholds_stay():
    r = anonymise_text("本人（63歳）と長女（8歳）。対象は65歳以上の高齢者。")
    assert r.text == "本人（60代）と長女（10歳未満）。対象は65歳以上の高齢者。"


# --- keep list -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "地域生活定着支援センター、社会福祉協議会、基幹相談支援センター、自立相談支援機関。",
        "ハローワーク、市役所、社会福祉法人、NPO法人の職員が集まった。",
        "社会福祉士、主任相談支援員、相談支援員、保健師が参加した。",
        "重層的支援体制整備事業と住居確保給付金を活用した。",
        "父、母、長男、次女、祖母との関係を整理した。",
        "職員数6名、15チームで、毎週月曜日と毎月第2水曜日に集まる。",
        "日本の国の制度として、全国の市町村で実施される。",
    ],
)
def test_generic_terms_are_kept(text):
    r = anonymise_text(text)
    assert r.text == text
    assert r.findings == []


# --- aliases across fields, extra terms, overrides ----------------------------------------


def test_one_alias_per_entity_across_fields():
    r = anonymise_fields(
        {
            "summary": "鳥取県の相談員、竹内和也さんが担当した。",
            "background": "竹内さんは鳥取県の出身で、竹内和也さんの同僚もいる。",
        }
    )
    assert r.fields["summary"] == "A県の相談員、Bさんが担当した。"
    assert r.fields["background"] == "Bさんは A県の出身で、Bさんの同僚もいる。".replace(" ", "")
    assert r.alias_table["竹内和也"] == "B"
    assert r.alias_table["竹内"] == "B"
    assert {f.field for f in r.findings} == {"summary", "background"}


def test_place_with_and_without_suffix_share_a_letter():
    r = anonymise_text("青森県の担当者と青森のセンターが話した。")
    assert r.text == "A県の担当者とAのセンターが話した。"


def test_extra_terms_are_replaced_in_every_field():
    r = anonymise_fields(
        {"a": "もみじ食堂の職員が来た。", "b": "後日、もみじ食堂へ行った。"},
        extra_terms=[("もみじ食堂", "organisation")],
    )
    assert "もみじ" not in r.fields["a"] and "もみじ" not in r.fields["b"]
    assert r.fields["a"].startswith("A食堂") and r.fields["b"] == "後日、A食堂へ行った。"


def test_extra_term_of_fixed_kind_and_bare_string():
    r = anonymise_text(
        "記録 XY77 と、あだ名のぽんちゃん。", extra_terms=[("XY77", "record_number"), "ぽん"]
    )
    assert r.text == "記録 [記録番号] と、あだ名のAちゃん。"


def test_extra_term_with_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        anonymise_text("テスト", extra_terms=[("テスト", "pet")])


def test_alias_overrides_are_applied_and_stable():
    text = "担当の荒井さんと、栃木県の関係機関が集まった。"
    first = anonymise_fields({"f": text})
    overrides = dict(first.alias_table)
    overrides["荒井"] = "X"
    again = anonymise_fields({"f": text}, aliases=overrides)
    # The override wins for 荒井; 栃木県 keeps the letter the first run gave it.
    assert first.fields["f"] == "担当のAさんと、B県の関係機関が集まった。"
    assert again.fields["f"] == "担当のXさんと、B県の関係機関が集まった。"
    assert anonymise_fields({"f": text}, aliases=overrides).fields == again.fields


# --- result shape, offsets, bad input ------------------------------------------------------


def test_offsets_index_the_original_text_and_do_not_overlap():
    text = "山梨県北杜市の相談室「はなみずき」で、杉本敦子さん（52歳、電話 0551-11-2233）と会った。"
    r = anonymise_text(text)
    assert len(r.findings) >= 6
    assert_offsets(text, r.findings)
    spans = sorted((f.start, f.end) for f in r.findings)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert all(f.kind in KINDS for f in r.findings)


def test_finding_is_frozen_and_serialisable():
    f = anonymise_text("担当は今井さん。").findings[0]
    assert isinstance(f, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.alias = "Z"
    d = f.to_dict()
    assert d == {
        "field": None,
        "kind": "person",
        "surface": "今井",
        "alias": "A",
        "start": 3,
        "end": 5,
    }


def test_empty_text_gives_empty_result():
    r = anonymise_text("")
    assert r.text == "" and r.findings == []


def test_non_string_input_is_refused():
    with pytest.raises(TypeError):
        anonymise_text(b"bytes")
    with pytest.raises(TypeError):
        anonymise_fields({"a": None})


def test_text_longer_than_sudachi_limit():
    sentence = "相談員の谷口さんが訪問した。"
    text = sentence * 5000  # about 70,000 characters, one line
    r = anonymise_text(text)
    assert "谷口" not in r.text
    assert len(r.findings) == 5000
    assert_offsets(text, r.findings[-3:])


def test_tagger_is_loaded_once_and_is_thread_safe():
    assert load_tagger() is load_tagger()
    text = "福井県の職員、三好千里さんが来所した。"
    expected = anonymise_text(text).text
    results = []

    def work():
        for _ in range(20):
            results.append(anonymise_text(text).text)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 80


# --- CLI ---------------------------------------------------------------------------------


def run_cli(args):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_reads_utf8_file(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text("担当の成田さんが訪問した。\n", encoding="utf-8-sig")
    code, out, _ = run_cli([str(path)])
    assert code == 0
    assert out == "担当のAさんが訪問した。\n"


def test_cli_reads_cp932_file(tmp_path):
    path = tmp_path / "case_sjis.txt"
    path.write_bytes("高知県の相談員、西田さん（44歳）。\n".encode("cp932"))
    code, out, _ = run_cli([str(path)])
    assert code == 0
    assert out == "A県の相談員、Bさん（40代）。\n"


def test_cli_refuses_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    code, out, err = run_cli([str(path)])
    assert code == 2
    assert out == ""
    assert "バイナリ" in err


def test_cli_refuses_undecodable_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x7f\xff\xfe\xfd")
    code, _, err = run_cli([str(path)])
    assert code == 2
    assert "UTF-8" in err and "CP932" in err


def test_cli_missing_file(tmp_path):
    code, _, err = run_cli([str(tmp_path / "none.txt")])
    assert code == 2
    assert "見つかりません" in err


def test_cli_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert run_cli([str(path)]) == (0, "", "")


def test_cli_jsonl_keeps_order_and_writes_japanese(tmp_path):
    path = tmp_path / "set.jsonl"
    lines = [{"text": "岐阜県の職員。"}, {"text": "小島さん（26歳）。"}, {"text": "変更なし。"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    code, out, _ = run_cli(["--jsonl", str(path)])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["text"] for row in rows] == ["A県の職員。", "Aさん（20代）。", "変更なし。"]
    assert rows[1]["findings"][0]["surface"] == "小島"
    assert "県" in out  # not \\u escapes


def test_cli_jsonl_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    code, _, err = run_cli(["--jsonl", str(path)])
    assert code == 2
    assert "2 行目" in err


# --- context rules added after probing -------------------------------------------------------


def test_bare_age_in_brackets_after_a_person_or_relation():
    r = anonymise_text("Bさん（34）と長男（12、中学生）が来所した。\n(1)見出しの番号")
    assert r.text == "Bさん（30代）と長男（10代、中学生）が来所した。\n(1)見出しの番号"


def test_kana_child_names_with_kun_and_chan():
    r = anonymise_text("次男のゆうきくんと長女のあおいちゃんが通う。")
    assert "ゆうき" not in r.text and "あおい" not in r.text
    assert "次男のAくん" in r.text and "長女のBちゃん" in r.text


def test_surnames_in_a_dotted_list():
    r = anonymise_text("相談員の村田・大橋の2名で対応した。")
    assert "村田" not in r.text and "大橋" not in r.text
    assert "2名" in r.text


def test_bracket_after_legal_form_and_bracket_ending_in_type_word():
    r = anonymise_text("社会福祉法人「赤い灯」が、町の「こもれびの家」を運営する。")
    assert "赤い灯" not in r.text and "こもれび" not in r.text
    assert "社会福祉法人「A」" in r.text


def test_station_name_is_a_place():
    r = anonymise_text("本人は大宮駅の近くで路上生活をしていた。")
    assert "大宮" not in r.text and "A駅" in r.text


def test_given_name_reuses_the_full_name_letter():
    r = anonymise_fields({"a": "相談者の森下千夏さんと夫の森下さん。", "b": "千夏さんは就職した。"})
    assert r.fields["b"] == "Aさんは就職した。"
    assert r.fields["a"].startswith("相談者のAさん")


def test_grammar_after_a_type_word_is_not_a_name():
    text = "センターすべてに伝え、センターだけで抱えず、センターとして動く。"
    assert anonymise_text(text).text == text


def test_common_noun_surname_after_role_and_no():
    r = anonymise_text("主任の平野は、家族の話を聞いた。")
    assert r.text == "主任のAは、家族の話を聞いた。"


def test_postal_code_without_mark_before_prefecture():
    r = anonymise_text("住所：690-0001 島根県松江市")
    assert r.text == "住所：[郵便番号] A県B市"


def test_a_name_found_once_is_masked_at_every_mention_in_every_field():
    r = anonymise_fields(
        {
            "a": "基幹相談支援センター「こもれび」が主催した。",
            "b": "こもれびと事業所が共同で検討した。",
        }
    )
    assert "こもれび" not in r.fields["b"]
    assert r.fields["b"] == "Aと事業所が共同で検討した。"


def test_propagation_respects_word_boundaries():
    r = anonymise_text("職員の大地さん（仮名ではない）が、大地震の後に訪問した。")
    assert "大地震" in r.text


def test_kana_word_in_brackets_is_a_reading_only_if_it_sounds_like_the_name():
    r = anonymise_text("訪問介護の佐野さん（ヘルパー）と、吉村 早苗（よしむら さなえ）。")
    assert r.text == "訪問介護のAさん（ヘルパー）と、B。"


def test_labelled_name_field():
    r = anonymise_text("氏名：タカギ ミノル\n氏名：不明")
    assert r.text == "氏名：A\n氏名：不明"


def test_countries_are_national_level_and_kept():
    r = anonymise_text("ベトナム出身で、フィリピンとブラジルにも住んだ。今は沖縄に住む。")
    assert r.text == "ベトナム出身で、フィリピンとブラジルにも住んだ。今はAに住む。"
