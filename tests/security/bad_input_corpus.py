"""The one bad-input corpus: every entry names the kinds of form field or frame field it breaks.

An entry applies only where its value is invalid. The word 「いち」 is a fine name, so it is sent to
number, date, choice and id fields, never to free text. Both test_bad_input.py halves read this list:
forms by field kind, websocket frames by the JSON type a field expects.
"""

import io
import zipfile
from dataclasses import dataclass, field

# Field kinds of an HTML form, as test_bad_input.py reads them from the rendered page.
FORM = "form"  # the whole form at once
TEXT = "text"  # a single-line text input (text, email, password, url, tel, search)
LONG_TEXT = "textarea"  # a textarea that declares a maxlength
NUMBER = "number"
YEAR = "year"  # a number input named like a year (年度)
DATE = "date"
TIME = "time"
CHOICE = "choice"  # a select or radio group whose values are words
ID = "id"  # a select, checkbox or hidden field whose values are row ids
FILE = "file"

# JSON types a websocket frame field expects, for the frame half of the corpus.
J_STR = "str"
J_CHOICE = "choice"  # a string from a fixed list, like a post's kind
J_INT = "int"
J_ID = "id"
J_BOOL = "bool"
J_OBJECT = "object"
J_ANY = "any"  # every field, whatever it expects

HUGE = 2**63 + 1
UPLOAD_LIMIT = (
    1_000_000  # casestudies.services.MAX_REPORT_BYTES: the largest upload the project takes
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", "森川由紀子さんは相談支援員として働いている。")
    return buffer.getvalue()


@dataclass(frozen=True)
class BadInput:
    """One bad value and the field kinds it is invalid for."""

    name: str
    kinds: frozenset[str]
    #: the value put into the field (a string, or a list for multi-valued fields)
    value: object = None
    #: bytes written into the form body as they are, undecodable on purpose
    raw: bytes | None = None
    #: (file name, content) for file fields
    upload: tuple[str, bytes] | None = None
    #: for number fields: applies only when the field declares a bound this value breaks
    below_min: bool = False
    above_max: bool = False
    note: str = field(default="", compare=False)


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


FORM_CORPUS: list[BadInput] = [
    BadInput("empty_form", _kinds(FORM), note="every visible field left empty"),
    BadInput("text_100000_chars", _kinds(TEXT, LONG_TEXT), value="あ" * 100_000),
    BadInput("text_with_nul", _kinds(TEXT, LONG_TEXT), value="相談支援\x00センター"),
    BadInput("text_with_replacement_char", _kinds(TEXT, LONG_TEXT), value="相談支援\ufffdセンター"),
    BadInput(
        "text_invalid_utf8_bytes",
        _kinds(TEXT, LONG_TEXT),
        raw="相談支援".encode() + b"\xff\xfe\x80\xc3" + "センター".encode(),
        note="raw bytes in an application/x-www-form-urlencoded or multipart body",
    ),
    BadInput("word_for_number", _kinds(NUMBER, YEAR, DATE, TIME, CHOICE, ID), value="いち"),
    BadInput("true_for_id", _kinds(ID), value="true"),
    BadInput("True_for_id", _kinds(ID), value="True"),
    BadInput("on_for_id", _kinds(ID), value="on"),
    BadInput("huge_2_63_plus_1", _kinds(ID, NUMBER, YEAR), value=str(HUGE), above_max=True),
    BadInput("minus_one", _kinds(ID, NUMBER, YEAR), value="-1", below_min=True),
    BadInput("zero", _kinds(ID, NUMBER, YEAR), value="0", below_min=True),
    BadInput("year_99999", _kinds(YEAR, DATE), value="99999"),
    BadInput("date_0001_01_01", _kinds(DATE), value="0001-01-01"),
    BadInput("date_9999_12_31", _kinds(DATE), value="9999-12-31"),
    BadInput("date_2026_02_30", _kinds(DATE), value="2026-02-30"),
    BadInput("time_25_61", _kinds(TIME), value="25:61"),
    BadInput(
        "file_invalid_utf8",
        _kinds(FILE),
        upload=("report.txt", "森川さん".encode() + b"\xff\xfe\x80\x81" * 20),
    ),
    BadInput(
        "file_cp932_cut_mid_character",
        _kinds(FILE),
        # A whole CP932 report is valid (the import promises Shift_JIS); cut inside a character
        # it is neither CP932 nor UTF-8.
        upload=("report.txt", "森川由紀子さんは相談支援員".encode("cp932")[:-1] + b"\x82"),
    ),
    BadInput(
        "file_png_header_and_zeros",
        _kinds(FILE),
        upload=("report.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048),
    ),
    BadInput("file_zip", _kinds(FILE), upload=("report.txt", _zip())),
    BadInput("file_empty", _kinds(FILE), upload=("report.txt", b"")),
    BadInput(
        "file_just_over_limit",
        _kinds(FILE),
        upload=("report.txt", "あ".encode() * (UPLOAD_LIMIT // 3 + 1)),
    ),
]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


#: Placeholder for a field value replaced by JSON nested 5,000 deep when the frame is written.
NESTED = "__nested_5000_deep__"
NESTED_JSON = _nested(5000)


@dataclass(frozen=True)
class BadFrame:
    """A bad frame: either a whole frame (text or bytes), or a value for one field of a frame."""

    name: str
    #: JSON types of a field this value is wrong for; empty for whole-frame entries
    kinds: frozenset[str] = frozenset()
    value: object = None
    text: str | None = None
    binary: bytes | None = None


#: Whole frames, sent once per socket kind: the envelope refuses them before any handler runs.
WHOLE_FRAME_CORPUS: list[BadFrame] = [
    BadFrame("not_json", text="{type: ping"),
    BadFrame("json_list", text='[{"type": "ping"}]'),
    BadFrame("json_string", text='"ping"'),
    BadFrame("missing_type", text='{"text": "こんにちは"}'),
    BadFrame("type_not_string", text='{"type": 1}'),
    BadFrame("type_list", text='{"type": ["ping"]}'),
    BadFrame("binary_frame", binary=b"\x89PNG\r\n\x1a\n\x00\x00"),
    BadFrame("frame_100000_chars", text='{"type": "ping", "x": "' + "あ" * 100_000 + '"}'),
    BadFrame("nested_json_5000_deep", text=_nested(5000)),
    BadFrame("nested_object_5000_deep", text='{"type": "ping", "x": ' + _nested(5000) + "}"),
    BadFrame("nul_in_type", text='{"type": "ping\\u0000"}'),
]

#: Values put into one field of a frame whose type is otherwise right.
FIELD_CORPUS: list[BadFrame] = [
    BadFrame("word_for_int", _kinds(J_INT, J_ID, J_BOOL, J_OBJECT, J_CHOICE), value="いち"),
    BadFrame("true_for_id", _kinds(J_INT, J_ID), value=True),
    BadFrame("false_for_id", _kinds(J_INT, J_ID), value=False),
    BadFrame("huge_2_63_plus_1", _kinds(J_INT, J_ID, J_STR, J_BOOL, J_OBJECT), value=HUGE),
    BadFrame("minus_one", _kinds(J_INT, J_ID), value=-1),
    BadFrame("zero", _kinds(J_INT, J_ID), value=0),
    BadFrame("float", _kinds(J_INT, J_ID), value=1.5),
    BadFrame("list_for_scalar", _kinds(J_INT, J_ID, J_STR, J_BOOL), value=[1, 2]),
    BadFrame("object_for_scalar", _kinds(J_INT, J_ID, J_STR, J_BOOL), value={"id": 1}),
    BadFrame("null", _kinds(J_INT, J_STR, J_BOOL, J_OBJECT), value=None),
    BadFrame("text_100000_chars", _kinds(J_STR), value="あ" * 100_000),
    BadFrame("text_15000_chars", _kinds(J_STR), value="あ" * 15_000),
    BadFrame("text_with_nul", _kinds(J_STR), value="相談\x00支援"),
    BadFrame("empty_string", _kinds(J_STR, J_INT, J_ID), value=""),
    BadFrame("nested_json_5000_deep", _kinds(J_ANY), value=NESTED),
]
