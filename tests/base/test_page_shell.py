"""base.page_shell: a page rendered once with markers, filled per request with escaped values."""

import pytest

from base import page_shell


@pytest.fixture
def template(tmp_path, settings):
    """A template file of its own, found by the project's template loaders."""

    def write(text: str) -> str:
        (tmp_path / "shell_test.html").write_text(text)
        # A changed TEMPLATES setting makes Django build its engines again.
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
        ]
        return "shell_test.html"

    return write


def test_values_are_escaped_where_each_marker_stood(template):
    name = template("<p title='{{ a }}'>{{ a }} and {{ b }}</p>")
    shell = page_shell.shell(
        name, {"a": page_shell.marker("a"), "b": page_shell.marker("b")}, None, ("a", "b")
    )
    assert shell.slots == ("a", "a", "b")
    assert shell.fill({"a": "<x>&'", "b": "𠮷"}) == (
        "<p title='&lt;x&gt;&amp;&#x27;'>&lt;x&gt;&amp;&#x27; and 𠮷</p>"
    )


def test_a_marker_of_an_undeclared_slot_is_refused(template):
    name = template("{{ a }}")
    with pytest.raises(ValueError, match="unknown slots"):
        page_shell.shell(name, {"a": page_shell.marker("a")}, None, ("b",))


def test_a_marker_survives_url_quoting_and_translation(template):
    name = template(
        "{% load i18n %}<a href=\"{% url 'verify:code' code=c %}\">"
        "{% blocktranslate with n=c %}番号 {{ n }}{% endblocktranslate %}</a>"
    )
    shell = page_shell.shell(name, {"c": page_shell.marker("c")}, None, ("c",))
    assert shell.fill({"c": "ABCD-EFGH-JKMN"}) == (
        '<a href="/verify/ABCD-EFGH-JKMN/">番号 ABCD-EFGH-JKMN</a>'
    )
