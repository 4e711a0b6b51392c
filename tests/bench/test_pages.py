"""bench.pages' rounds: first visit and reread, each against the static file of its round."""

from bench import pages


def test_rounds_alternate_lesson_and_static_and_measure_each_side_once():
    calls = []

    def fake(side: str) -> float:
        calls.append(side)
        return {"static": 100.0, "reread": 50.0, "drawn": 10.0}[side]

    results = pages.run_rounds(fake, 3)
    assert calls == [
        *("static", "reread", "drawn"),
        *("reread", "drawn", "static"),
        *("static", "reread", "drawn"),
    ]
    assert results[0] == {"static": 100.0, "reread": 50.0, "drawn": 10.0}


def test_summary_leads_with_the_first_visit_ratio_and_gives_its_spread():
    results = [
        {"static": 100.0, "reread": 50.0, "drawn": 10.0},
        {"static": 200.0, "reread": 60.0, "drawn": 40.0},
        {"static": 100.0, "reread": 40.0, "drawn": 15.0},
    ]
    figures = pages.summarise(results)
    assert next(iter(figures)) == "drawn_ratio"
    assert figures["drawn_ratio_rounds"] == [0.1, 0.2, 0.15]
    assert figures["drawn_ratio"] == 0.15
    assert figures["drawn_ratio_spread"] == [0.1, 0.2]
    assert figures["ratio"] == 0.4
    assert figures["ratio_spread"] == [0.3, 0.5]
    assert figures["static_rps"] == 100.0


def test_bench_anonymise_still_finds_the_sign_in_it_borrows():
    # bench.anonymise imports these inside a function, so a rename only shows at run time.
    from bench.pages import Session, sign_in

    assert Session.request and sign_in.__name__ == "sign_in"
