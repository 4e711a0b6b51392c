"""Tests for the reviewer's aid: the words the detector leaves but an editor should check once.

Every name here is invented for the tests.
"""

from casestudies.anonymiser.unsure import unsure_candidates


def test_romaji_word_kana_in_brackets_and_unknown_subject_are_listed_once():
    text = "記録は根来が整え、会場は「ぽぷら」で、Minoru が来た。後日も根来が来た。"
    assert unsure_candidates(text) == [
        ("Minoru", "romaji"),
        ("ぽぷら", "bracket"),
        ("根来", "subject"),
    ]


def test_found_surfaces_generic_words_and_common_subjects_are_not_listed():
    text = "本人が話した。「こころ」の講座に根来が来た。"
    assert unsure_candidates(text, masked=["根来"]) == []
