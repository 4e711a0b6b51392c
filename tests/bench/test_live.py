"""bench.live's bookkeeping: loss is counted against the posts sent, screens included."""

from bench import live


def _load_with_two_posts() -> live.Load:
    load = live.Load(screens=2)
    # A group of three: each post is owed to two members and the two screens.
    load.sent_post("c0|1", group_size=3)
    load.sent_post("c0|2", group_size=3)
    return load


def test_a_post_never_acknowledged_is_lost_for_every_socket_that_should_see_it():
    load = _load_with_two_posts()
    load.acked = 1  # the server only answered the first post
    for recipient in ("c1", "c2", "console", "plenary"):
        load.arrived(recipient, "c0|1", 10.0, screen=recipient in live.SCREENS)
    assert load.expected == 8
    assert load.received == 4
    assert load.lost == 4
    assert load.lost_posts == 1


def test_a_second_copy_to_one_socket_does_not_hide_a_missing_delivery():
    load = _load_with_two_posts()
    for recipient in ("c1", "c1", "c2", "console", "plenary"):
        load.arrived(recipient, "c0|1", 5.0, screen=recipient in live.SCREENS)
    for recipient in ("c1", "c2", "console"):
        load.arrived(recipient, "c0|2", 5.0, screen=recipient in live.SCREENS)
    assert load.duplicates == 1
    assert load.lost == 1
    assert load.lost_posts == 1
    assert len(load.screen_latencies) == 3
    assert len(load.board_latencies) == 4


def test_targets_put_the_console_and_plenary_on_the_workshop_socket_and_the_baseline():
    seeded = {
        "workshop_id": 7,
        "facilitator": "fkey",
        "trainees": [{"id": n, "group_id": 10 + n % 2, "session": f"s{n}"} for n in range(4)],
    }
    app, base = live.targets_for(seeded, [8001, 8002])
    screens = [t for t in app if t.get("screen")]
    assert [t["name"] for t in screens] == ["console", "plenary"]
    assert {t["cookie"] for t in screens} == {"sessionid=fkey"}
    assert [t["origin"] for t in screens] == ["http://127.0.0.1:8001", "http://127.0.0.1:8002"]
    assert [t["url"] for t in base if t.get("screen")] == [
        "ws://127.0.0.1:8001/ws/bench/broadcast/console/",
        "ws://127.0.0.1:8002/ws/bench/broadcast/console/",
    ]
    assert all(t["group_size"] == 2 for t in app if not t.get("screen"))


def test_summary_reports_the_median_ratio_with_its_spread_and_sent_posts():
    rounds = []
    for app_ms, base_ms in ((30.0, 20.0), (40.0, 10.0), (20.0, 10.0)):
        app, base = live.Load(screens=0), live.Load(screens=0)
        for load, ms in ((app, app_ms), (base, base_ms)):
            load.sent_post("c0|1", group_size=2)
            load.arrived("c1", "c0|1", ms, screen=False)
        rounds.append((app, base))
    figures = live.summarise([a for a, _ in rounds], [b for _, b in rounds])
    assert figures["ratio_p95_rounds"] == [1.5, 4.0, 2.0]
    assert figures["ratio_p95"] == 2.0
    assert figures["ratio_p95_spread"] == [1.5, 4.0]
    assert figures["sent"] == 3 and figures["lost"] == 0
