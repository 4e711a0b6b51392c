"""Japanese site search: substrings without word breaks, kana and width folding, and permissions."""

from base.search import normalise
from tests.course_fixtures import lessons_of


def test_normalise_folds_width_case_and_kana():
    assert normalise("ｱｾｽﾒﾝﾄ") == normalise("アセスメント") == normalise("あせすめんと")
    assert normalise("ＧＳＶ  と  gsv") == "gsv と gsv"


def _program_with(make_program, *bodies):
    return make_program(lessons=len(bodies), bodies=list(bodies))


def test_japanese_words_inside_sentences_are_found(client, oita, make_program, enrolled_trainee):
    program = _program_with(
        make_program,
        "毎月の支援調整会議でプラン案を合議します。",
        "本人と一緒にアセスメントを行います。",
        "プラン策定は本人と協働で行います。",
    )
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lessons = lessons_of(program)
    for query, expected in (("支援調整会議", 0), ("アセスメント", 1), ("プラン策定", 2)):
        html = client.get("/search/", {"q": query}).content.decode()
        assert f'href="{lessons[expected].url}"' in html, query
        others = [lesson for i, lesson in enumerate(lessons) if i != expected]
        assert all(f'href="{lesson.url}"' not in html for lesson in others), query


def test_all_terms_must_match(client, oita, make_program, enrolled_trainee):
    program = _program_with(make_program, "支援調整会議とモニタリング", "支援調整会議のみ")
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    html = client.get("/search/", {"q": "支援調整会議　モニタリング"}).content.decode()
    first, second = lessons_of(program)
    assert f'href="{first.url}"' in html and f'href="{second.url}"' not in html


def test_lesson_bodies_are_searched_only_for_those_who_may_read_them(
    client, oita, make_person, make_program
):
    program = _program_with(make_program, "秘密の言葉は家計相談支援事業です。")
    lesson = lessons_of(program)[0]
    client.force_login(make_person(oita))
    html = client.get("/search/", {"q": "家計相談支援事業"}).content.decode()
    assert f'href="{lesson.url}"' not in html
    assert "見つかりませんでした" in html
    # Titles are public, so a title match is shown to everyone.
    html = client.get("/search/", {"q": "講義1"}).content.decode()
    assert f'href="{lesson.url}"' in html


def test_programs_are_found_by_their_summary(client, make_program):
    program = make_program(title="就労支援員後期プログラム")
    html = client.get("/search/", {"q": "就労支援員"}).content.decode()
    assert f'href="{program.url}"' in html and "研修プログラム" in html


def test_unpublished_pages_drop_out_of_search(client, make_program):
    program = make_program(title="撤回されるプログラム")
    program.unpublish()
    assert (
        f'href="{program.url}"' not in client.get("/search/", {"q": "撤回される"}).content.decode()
    )


def test_empty_and_over_long_queries_get_a_calm_answer(client, db):
    assert client.get("/search/", {"q": ""}).status_code == 200
    response = client.get("/search/", {"q": "あ" * 101})
    assert response.status_code == 200
    assert "100文字以内" in response.content.decode()


def test_deleting_a_live_page_leaves_no_search_document(make_program):
    from base.models import SearchDocument

    program = _program_with(make_program, "削除される講義の本文です。")
    (lesson,) = lessons_of(program)
    assert SearchDocument.objects.filter(page_id=lesson.pk).exists()
    lesson.delete()
    assert not SearchDocument.objects.filter(page_id=lesson.pk).exists()
    program.delete()
    assert not SearchDocument.objects.filter(page_id=program.pk).exists()
