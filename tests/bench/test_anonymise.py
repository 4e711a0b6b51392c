"""bench.anonymise's pure pieces: the report it builds and what its JSON says it measured."""

from bench import anonymise


def test_the_long_report_is_exactly_the_asked_length_of_the_demo_texts():
    texts = anonymise.load_reports()
    report = anonymise.report_of_length(texts, 1234)
    assert len(report) == 1234
    assert report.startswith(texts[0][:50])


def test_the_json_says_what_was_measured():
    assert "40,000-character" in anonymise.MEASURED and "spread" in anonymise.MEASURED
