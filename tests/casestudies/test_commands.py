"""The anonymise and import_case commands, with good and bad files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casestudies.models import CaseStudyPage

from ..casestudy_fixtures import REPORT


def test_anonymise_prints_the_anonymised_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = StringIO()
    call_command("anonymise", str(path), stdout=out)
    assert "森川由紀子" not in out.getvalue() and "相談支援員" in out.getvalue()


def test_anonymise_reads_cp932(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("cp932"))
    out = StringIO()
    call_command("anonymise", str(path), stdout=out)
    assert "舞鶴市" not in out.getvalue() and "支援会議" in out.getvalue()


def test_anonymise_jsonl_keeps_order_and_gives_findings(tmp_path):
    path = tmp_path / "set.jsonl"
    lines = [{"text": "佐川一郎さんが訪問した。"}, {"text": "南町の民生委員と話した。"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = StringIO()
    call_command("anonymise", "--jsonl", str(path), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 2
    assert "佐川一郎" not in rows[0]["text"] and rows[0]["findings"]
    assert "民生委員" in rows[1]["text"]


def test_anonymise_refuses_a_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\x00\x00\x00binary")
    with pytest.raises(CommandError):
        call_command("anonymise", str(path), stdout=StringIO())


def test_import_case_creates_a_draft_with_findings(case_index, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = StringIO()
    call_command("import_case", str(path), "--title", "港町の事例", stdout=out)
    page = CaseStudyPage.objects.get()
    assert not page.live and page.source.findings.exists()
    assert "下書きを作成しました" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空です"),
        (b"\x00\xff\x00binary", "バイナリ"),
        (b"x" * 1_000_001, "1MB"),
        (b"\xff\xfe\xfa\xfb" * 10, "UTF-8 でも"),
    ],
)
def test_import_case_refuses_bad_files_and_creates_nothing(case_index, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_case", str(path), stdout=StringIO())
    assert not CaseStudyPage.objects.exists()


def test_import_case_refuses_a_missing_file(case_index):
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("import_case", "/nonexistent/report.txt", stdout=StringIO())
