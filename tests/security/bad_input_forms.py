"""Read the POST forms of a rendered page, build their baseline data, and find messages in answers."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import bad_input_corpus as corpus

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
TEXT_TYPES = {"text", "email", "password", "url", "tel", "search"}
DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Field:
    """One named control of a form (a checkbox group or radio group is one field)."""

    name: str
    tag: str
    type: str = ""
    value: str = ""
    required: bool = False
    attrs: dict = field(default_factory=dict)
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    multiple: bool = False

    @property
    def hidden(self) -> bool:
        return self.type == "hidden"

    def bound(self, key: str) -> int | None:
        try:
            return int(self.attrs[key])
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def kind(self) -> str | None:
        """The corpus kind of this field, or None when no corpus entry is invalid for it."""
        values = [o for o in self.options if o] or ([self.value] if self.value else [])
        if self.tag == "textarea":
            return corpus.LONG_TEXT if "maxlength" in self.attrs else None
        if self.tag == "select" or self.type in ("checkbox", "radio"):
            if self.type == "checkbox" and not self.options:
                return None  # a lone on/off box: every value means "on"
            if values and all(v.isdigit() for v in values):
                return corpus.ID
            return corpus.CHOICE if values else None
        if self.type == "hidden":
            if self.name.endswith(MANAGEMENT):
                return corpus.NUMBER
            return corpus.ID if self.value.isdigit() else None
        if self.type == "number":
            return corpus.YEAR if "year" in self.name else corpus.NUMBER
        if self.type == "date" or "date" in self.attrs.get("data-controller", ""):
            return corpus.DATE
        if self.type == "time":
            return corpus.TIME
        if self.type == "file":
            return corpus.FILE
        if self.type in TEXT_TYPES:
            if DATE_VALUE.match(self.value):
                return corpus.DATE
            return corpus.TEXT
        return None


@dataclass
class Form:
    """A <form method=post> as the page renders it."""

    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    submit: tuple[str, str] | None = None

    @property
    def multipart(self) -> bool:
        return "multipart" in self.enctype

    def signature(self) -> tuple:
        """Forms repeated on a page (one move form per person) are tried once."""
        actions = tuple(
            (f.name, f.value) for f in self.fields.values() if f.hidden and f.name == "action"
        )
        # One finding's form stands for every finding's, one person's move form for everyone's.
        action = re.sub(r"\d+", "N", self.action)
        return (action, actions, tuple(sorted(n for n in self.fields if n != "next")))


class FormParser(HTMLParser):
    """Collect every POST form with its named controls and rendered defaults."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self.form = Form(
                    action=attrs.get("action") or self.page_path,
                    enctype=attrs.get("enctype", "application/x-www-form-urlencoded"),
                )
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if self.form.submit is None:
                    self.form.submit = (name, attrs.get("value", ""))
                return
            current = self.form.fields.get(name)
            if kind in ("checkbox", "radio"):
                if current is None:
                    current = self.form.fields[name] = Field(name, "input", kind, attrs=attrs)
                if "value" in attrs:
                    current.options.append(attrs["value"])
                if "checked" in attrs:
                    current.selected.append(attrs.get("value", "on"))
                current.multiple = kind == "checkbox"
                current.required = current.required or "required" in attrs
                return
            self.form.fields[name] = Field(
                name,
                "input",
                kind,
                value=attrs.get("value", ""),
                required="required" in attrs,
                attrs=attrs,
            )
        elif tag == "button" and name and self.form.submit is None:
            self.form.submit = (name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = self.form.fields[name] = Field(
                name,
                "select",
                multiple="multiple" in attrs,
                required="required" in attrs,
                attrs=attrs,
            )
        elif tag == "option" and self.select is not None:
            self.option = attrs
            self.option_text = ""
        elif tag == "textarea" and name:
            self.textarea = self.form.fields[name] = Field(
                name, "textarea", required="required" in attrs, attrs=attrs
            )

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None and self.select is not None:
            value = self.option.get("value", self.option_text.strip())
            self.select.options.append(value)
            if "selected" in self.option:
                self.select.selected.append(value)
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None


def post_forms(html: str, page_path: str) -> list[Form]:
    parser = FormParser(page_path)
    parser.feed(html)
    return parser.forms


def baseline(form: Form, serial: int) -> dict[str, list[str]]:
    """What a careful person would send: rendered defaults, with empty controls filled in validly.

    Filling the empty controls makes the one bad value under test the only reason to refuse.
    """
    data: dict[str, list[str]] = {}
    for f in form.fields.values():
        if f.type == "file":
            continue
        if f.tag == "select" or f.type in ("checkbox", "radio"):
            chosen = f.selected
            if not chosen and f.tag == "select" and not f.multiple:
                chosen = next(([o] for o in f.options if o), [])
            if not chosen and f.type == "radio" and f.options:
                chosen = [f.options[0]]
            if chosen:
                data[f.name] = list(chosen)
            continue
        value = f.value
        if not value and not f.hidden:
            value = _filler(f, serial)
        data[f.name] = [value]
    if form.submit is not None:
        data.setdefault(form.submit[0], [form.submit[1]])
    return data


def _filler(f: Field, serial: int) -> str:
    if f.type == "email":
        return f"bad-input-{serial}@example.jp"
    if f.type == "password":
        return "Tsunagu-bad-input-2026!"
    if f.kind == corpus.DATE:
        return "2026-11-24"
    if f.type == "time":
        return "13:00"
    if f.type == "number":
        low = f.bound("min")
        return str(max(low or 1, 1))
    if f.type == "url":
        return "https://example.jp/"
    return "研修"


class _MessageParser(HTMLParser):
    """Text inside the places where pages show errors and messages."""

    AREAS = ("errorlist", "messages", "error", "help-critical", "form-errors", "w-field__errors")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth: list[bool] = []
        self.messages: list[str] = []
        self.body: list[str] = []
        self.skip = 0

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        area = attrs.get("role") in ("alert", "status") or any(
            c in self.AREAS or c.startswith("error") for c in classes
        )
        self.depth.append(area)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(self.skip - 1, 0)
        if tag in self.VOID:
            return
        if self.depth:
            self.depth.pop()

    def handle_data(self, data):
        if self.skip:
            return
        self.body.append(data)
        if any(self.depth):
            self.messages.append(data)


def message_texts(html: str) -> tuple[str, str]:
    """(text of the error and message areas, all visible text) of a page."""
    parser = _MessageParser()
    parser.feed(html)
    return " ".join(" ".join(parser.messages).split()), " ".join(" ".join(parser.body).split())


def has_japanese(text: str) -> bool:
    return bool(JAPANESE.search(text))
