"""The steps of the 自立相談支援 support process, numbered as the national lecture numbers them."""

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬"

#: The steps the national lecture names; ③, ④ and ⑪ are not named there.
SUPPORT_STEPS: dict[int, str] = {
    1: "把握・アウトリーチ",
    2: "包括的相談／振り分け",
    5: "アセスメント",
    6: "プラン策定",
    7: "支援調整会議",
    8: "支援決定",
    9: "支援の提供",
    10: "モニタリング",
    12: "再プラン",
    13: "終結",
}


def circled(number: int) -> str:
    """① for 1 … ⑬ for 13."""
    return CIRCLED[number - 1]
