"""bench.planning's own arithmetic and its roster: the figures it prints come from these."""

from bench import planning
from bench.seed_planning import OITA_MUNICIPALITIES, roster_counts, roster_csv
from planning.roster import UTF8, read_roster


def test_the_roster_is_read_by_the_import_as_rows_of_distinct_people_in_every_municipality():
    roster = read_roster(roster_csv(2000, tag="t"), "名簿.csv")
    assert roster.encoding == UTF8 and len(roster.rows) == 2000
    assert len({row["email"] for row in roster.rows}) == 2000
    assert {row["municipality"] for row in roster.rows} == set(OITA_MUNICIPALITIES)
    assert all(row["full_name"] and row["furigana"] for row in roster.rows)


def test_the_seats_follow_population_and_sum_to_the_rows():
    counts = roster_counts(2000)
    assert sum(counts.values()) == 2000 and min(counts.values()) >= 1
    assert counts["大分市"] > counts["別府市"] > counts["姫島村"]


def test_the_ratio_is_the_plain_pages_rate_over_the_plan_pages_per_round():
    figures = planning.summarise(
        [
            {"plan": 10.0, "baseline": 40.0},
            {"plan": 20.0, "baseline": 50.0},
            {"plan": 5, "baseline": 30},
        ]
    )
    assert figures["plan_ratio_rounds"] == [4.0, 2.5, 6.0]
    assert figures["plan_ratio"] == 4.0 and figures["plan_ratio_spread"] == [2.5, 6.0]
    assert figures["plan_rps"] == 10.0 and figures["baseline_rps"] == 40.0
