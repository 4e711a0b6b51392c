"""Regular expressions for contact data, addresses, record numbers, dates and ages."""

from __future__ import annotations

import re

from .lexicon import PREFECTURES
from .types import PLACEHOLDERS, Candidate

# Full-width ASCII and the usual dash look-alikes folded one-to-one to ASCII, so that one
# set of patterns covers both widths while offsets still index the original text.
_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)}
_FOLD.update({0x3000: 0x20, 0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D})
_FOLD.update({0x2212: 0x2D, 0xFF0D: 0x2D, 0x2015: 0x2D})


def fold(text: str) -> str:
    """Return text with full-width ASCII and dashes replaced by ASCII, length unchanged."""
    return text.translate(_FOLD)


# Priorities settle overlaps: the more certain and more specific pattern wins.
PRIORITY = {
    "email": 90,
    "url": 88,
    "postal_code": 85,
    "phone": 80,
    "record_number": 75,
    "address": 70,
    "date": 60,
    "age": 60,
}

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
# A bare domain (example.or.jp) identifies an organisation as surely as a URL does.
DOMAIN = re.compile(
    r"(?<![A-Za-z0-9.@\-])(?:[A-Za-z0-9\-]+\.)+(?:jp|com|net|org|info|biz|io)(?![A-Za-z0-9.\-])"
)
POSTAL = re.compile(
    r"〒\s*\d{3}\s*-?\s*\d{4}(?!\d)|(?<=郵便番号)\s*[:：]?\s*\d{3}-?\d{4}(?!\d)"
    # Without 〒, a 123-4567 straight before a prefecture is still the postal code.
    rf"|(?<![\d\-])\d{{3}}-\d{{4}}(?=\s*(?:{'|'.join(PREFECTURES)}))"
)
PHONE = re.compile(
    r"(?<![\d\-])(?:\+81[\-\s]?\(?\d{1,4}\)?|\(?0\d{1,4}\)?)"
    r"[\-\sー(]?\d{1,4}[\-\sー)]?\d{3,4}(?![\d\-])"
)
PHONE_LABEL = re.compile(r"(?:電話|TEL|Tel|tel|FAX|Fax|fax|携帯|ファックス|ファクス)")
RECORD_LABELLED = re.compile(
    r"(?:(?:ケース|受付|記録|相談|管理|利用者|会員|登録|被保険者|受給者証?|保険証|患者|カルテ"
    r"|整理|申請|事例|支援|台帳|世帯|称呼|受刑者|支給決定|決定|被収容者|収容)(?:番号|No\.?|ID|コード)"
    r"|ID|No\.)"
    r"\s*[:：は]?\s*第?(?P<value>[A-Za-z0-9][A-Za-z0-9\-_/.]*\d[A-Za-z0-9\-_/]*)"
)
RECORD_CODE = re.compile(r"(?<![A-Za-z0-9\-])[A-Z]{1,4}-?\d{2,4}-\d{3,6}(?![A-Za-z0-9\-])")
_KANJI_NUM = "〇一二三四五六七八九十百"
ADDRESS = re.compile(
    rf"(?:\d+|[{_KANJI_NUM}]+)\s*丁目(?:\s*\d+\s*番(?:地)?(?:\s*(?:の\s*)?\d+\s*号?)?)?"
    r"|\d+\s*番地(?:\s*(?:の|-)\s*\d+)?(?:\s*\d+\s*号)?"
    rf"|[{_KANJI_NUM}]+番地(?:の[{_KANJI_NUM}]+)?"
    r"|\d+\s*番\s*\d+\s*号"
    r"|\d+\s*号室"
    # A building and its room after the lot number: …の五、メゾン南町三〇二号.
    rf"|(?<=[、\s])[ァ-ヺー]{{2,}}[一-龥ァ-ヺー]{{0,6}}?(?:\d{{2,4}}|[{_KANJI_NUM}]{{2,4}})\s*号室?"
    r"|(?<=[町村目字])\d{1,4}(?:-\d{1,4}){1,2}(?![\d\-])"
)
# Block numbers written as 3-5-12 right after a detected place name.
BLOCK_NUMBER = re.compile(r"\s*\d{1,4}(?:-\d{1,4}){1,2}(?![\d\-])")
AGE = re.compile(
    rf"(?<![\d.～〜~\-])(?:満\s*)?(?P<n>\d{{1,3}}|[{_KANJI_NUM}]+)\s*[歳才]"
    r"(?!\s*(?:以上|以下|未満|超|から|まで|[～〜~\-]|代|前後|程度|位|くらい|ぐらい))"
)
# An age written bare in brackets after a person or a relation: Aさん（34）, 長男（12、中学生）.
PARENTHESISED_AGE = re.compile(
    r"(?P<w>さん|氏|様|くん|君|ちゃん|男性|女性|本人|長男|長女|次男|次女|三男|三女|夫|妻|父|母"
    r"|兄|姉|弟|妹|祖父|祖母|息子|娘|(?<![A-Za-z])[A-Z])?"
    r"\s*\(\s*(?P<n>\d{1,3})\s*(?=[、,・/)])"
)
_DAY = r"(?:\s*\d{1,2}\s*日)"
_RANGE = r"(?:\s*[～〜~\-]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?"
_WEEKDAY = r"(?:\s*[(（][月火水木金土日][)）])?"
DATE = re.compile(
    r"(?P<year>(?:令和|平成|昭和|大正|明治)\s*(?:\d{1,2}|元)\s*年|(?:19|20)\d{2}\s*年)"
    rf"\s*\d{{1,2}}\s*月{_DAY}?{_WEEKDAY}{_RANGE}"
    r"|(?P<eyear>(?:19|20)\d{2})[/.\-]\d{1,2}[/.\-]\d{1,2}(?![\d])"
    r"|(?<![A-Za-z])(?P<ayear>[RHSTM])\s*(?P<an>\d{1,2})[./]\d{1,2}[./]\d{1,2}(?!\d)"
    rf"|(?<!\d)\d{{1,2}}\s*月\s*\d{{1,2}}\s*日{_WEEKDAY}{_RANGE}"
    # The same in kanji numerals: 平成二年三月四日.
    rf"|(?P<kyear>(?:令和|平成|昭和|大正|明治)(?:[{_KANJI_NUM}]{{1,3}}|元)年)"
    rf"[{_KANJI_NUM}]{{1,3}}月(?:[{_KANJI_NUM}]{{1,3}}日)?"
)
_ERAS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}


def _kanji_number(text: str) -> int | None:
    """Parse a small kanji numeral (七十二, 百一); None when it is not one."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = current * 10 + digits[char] if current else digits[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def age_band(number: int) -> str:
    """Return the age band shown instead of an exact age (72 -> 70代)."""
    if number < 10:
        return "10歳未満"
    if number >= 100:
        return "100歳以上"
    return f"{number // 10 * 10}代"


def _fixed(kind: str, start: int, end: int, alias: str | None = None) -> Candidate:
    return Candidate(kind, start, end, PRIORITY[kind], fixed_alias=alias or PLACEHOLDERS[kind])


def _strip_trailing(text: str, start: int, end: int, chars: str) -> int:
    while end > start and text[end - 1] in chars:
        end -= 1
    return end


def _phone_digits_ok(surface: str) -> bool:
    digits = re.sub(r"\D", "", surface)
    if surface.startswith("+81"):
        digits = "0" + digits[2:].lstrip("0")
    return 10 <= len(digits) <= 11


def contact_candidates(text: str, folded: str) -> list[Candidate]:
    """Find e-mail addresses, URLs, postal codes, phone and record numbers."""
    found: list[Candidate] = []
    for m in EMAIL.finditer(folded):
        found.append(_fixed("email", m.start(), _strip_trailing(folded, *m.span(), ".-")))
    for pattern in (URL, DOMAIN):
        for m in pattern.finditer(folded):
            found.append(_fixed("url", m.start(), _strip_trailing(folded, *m.span(), ".,;:!?'")))
    for m in POSTAL.finditer(folded):
        start = m.start()
        while folded[start] in " :：":
            start += 1
        found.append(_fixed("postal_code", start, m.end()))
    for m in PHONE.finditer(folded):
        surface = m.group()
        has_separator = bool(re.search(r"[\-\sー()]", surface))
        labelled = bool(PHONE_LABEL.search(folded, max(0, m.start() - 12), m.start()))
        if _phone_digits_ok(surface) and (has_separator or labelled):
            found.append(_fixed("phone", m.start(), m.end()))
    for m in RECORD_LABELLED.finditer(folded):
        found.append(_fixed("record_number", m.start("value"), m.end("value")))
    for m in RECORD_CODE.finditer(folded):
        found.append(_fixed("record_number", m.start(), m.end()))
    return found


def address_candidates(folded: str) -> list[Candidate]:
    """Find block, lot and room numbers (2丁目14番3号, 12番地, 101号室)."""
    return [_fixed("address", m.start(), m.end()) for m in ADDRESS.finditer(folded)]


def age_candidates(folded: str) -> list[Candidate]:
    """Find exact ages and propose their age band as alias."""
    found = []
    for m in AGE.finditer(folded):
        raw = m.group("n")
        number = int(raw) if raw.isdigit() else _kanji_number(raw)
        if number is None:
            continue
        found.append(_fixed("age", m.start(), m.end(), age_band(number)))
    return found


def parenthesised_age_candidates(folded: str, anchors: list[int]) -> list[Candidate]:
    """Find bare ages in brackets after a name (anchors) or after a relation word."""
    found = []
    starts = set(anchors)
    for m in PARENTHESISED_AGE.finditer(folded):
        if m.group("w") or m.start() in starts:
            number = int(m.group("n"))
            found.append(_fixed("age", m.start("n"), m.end("n"), age_band(number)))
    return found


def date_spans(folded: str) -> list[tuple[int, int, str]]:
    """Find dates precise to the month or day, with the year-only text to keep."""
    spans = []
    for m in DATE.finditer(folded):
        if m.group("year"):
            keep = re.sub(r"\s+", "", m.group("year"))
        elif m.group("kyear"):
            keep = m.group("kyear")
        elif m.group("eyear"):
            keep = m.group("eyear") + "年"
        elif m.group("ayear"):
            keep = f"{_ERAS[m.group('ayear')]}{int(m.group('an'))}年"
        else:
            keep = PLACEHOLDERS["date"]
        spans.append((m.start(), m.end(), keep))
    return spans
