"""In the browser: the administrator sets up the issuer, previews, bulk-issues a cohort and downloads;
the trainee downloads theirs from マイページ; /verify/ shows 有効, then 失効, then 再発行済み.

The server and one task worker run in their own processes on their own database,
seeded as `make run` seeds it, so the bulk issue really goes through db_worker.
"""

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from bench import server
from config import serve

from .conftest import start_server

pytestmark = pytest.mark.browser

ADMIN = "admin.oita@example.jp"
TRAINEE = "trainee.oita@example.jp"
_axe = Axe()

SETUP = """
import json
from django.utils import timezone
from accounts.models import Prefecture, Role, User
from accounts.services import membership_grant
from courses import services
from courses.models import Enrollment

oita = Prefecture.objects.get(slug="oita")
own = Enrollment.objects.filter(
    trainee__email="trainee.oita@example.jp", cohort__prefecture=oita
).order_by("pk").first()
if own.status != "completed":
    services.enrollment_completion_set(enrollment=own, completed_at=timezone.now())
for index, name in enumerate(["𠮷田 花子", "山田 太郎"]):
    person = User.objects.create_user(
        email=f"browser-certificate-{index}@example.jp", password=None, full_name=name
    )
    membership_grant(user=person, prefecture=oita, role=Role.TRAINEE)
    enrollment = services.enrollment_create(trainee=person, cohort=own.cohort)
    services.enrollment_completion_set(enrollment=enrollment, completed_at=timezone.now())
print(json.dumps({"cohort_id": own.cohort_id}))
"""


@pytest.fixture(scope="module")
def issuing_site(tmp_path_factory):
    """A seeded server and one db_worker beside it; a cohort with three complete trainees."""
    tmp = tmp_path_factory.mktemp("certificates")
    extra = {
        "CERTIFICATE_FILES_ROOT": str(tmp / "certificate_files"),
        "CERTIFICATE_SIGNING_DIR": str(tmp / "signing"),
    }
    process, url, env = start_server(tmp, extra_env=extra)
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=server.ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    cohort_id = json.loads(made.stdout.strip().splitlines()[-1])["cohort_id"]
    worker = subprocess.Popen(
        [*serve.worker_command(), "-v0"],
        cwd=server.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    yield url, cohort_id
    worker.terminate()
    process.terminate()
    worker.wait(timeout=30)
    process.wait(timeout=30)


def _sign_in(page, base: str, email: str) -> None:
    from .conftest import DEMO_PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()


def _violations(page) -> list[str]:
    found = _axe.run(page).response["violations"]
    return [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in found]


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return open(info.value.path(), "rb").read()


def _pdf_text_and_links(data: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                links.append(str(action["/URI"]))
    return text, links


def test_issue_a_cohort_download_it_and_verify_each_status(issuing_site, browser):
    base, cohort_id = issuing_site
    admin = browser.new_context(locale="ja-JP", accept_downloads=True)
    page = admin.new_page()
    _sign_in(page, base, ADMIN)

    # The issuer profile, saved as the administrator keeps it, and its preview PDF.
    page.goto(f"{base}/certificates/oita/issuer/")
    page.get_by_label("発行者").fill("大分県知事 佐藤 樹一郎")
    page.get_by_role("button", name=re.compile("保存")).click()
    page.wait_for_load_state()
    preview = page.request.get(f"{base}/certificates/oita/issuer/preview.pdf")
    assert preview.status == 200 and preview.body().startswith(b"%PDF-")

    # The bulk page: who is complete, and the button for those without a certificate.
    page.goto(f"{base}/certificates/cohorts/{cohort_id}/bulk/")
    expect(page.locator(".bulk-summary")).to_contain_text("これから発行する人 3名")
    assert not _violations(page)
    page.get_by_role("button", name=re.compile("修了した3名に修了証を発行する")).click()
    bar = page.locator("#bulk-progress")
    expect(bar).to_be_visible()
    # The script polls, fills the bar, and reloads into the finished page with its downloads.
    expect(page.get_by_role("heading", name="ダウンロード")).to_be_visible(timeout=120_000)
    assert bar.get_attribute("value") == bar.get_attribute("max") == "3"
    expect(page.locator("#bulk-progress-text")).to_contain_text("100")
    expect(page.locator(".bulk-cp932-table")).to_contain_text("U+20BB7")  # 𠮷, named first
    assert not _violations(page)

    archive = zipfile.ZipFile(io.BytesIO(_download(page, "PDFをまとめてダウンロード（ZIP）")))
    register = load_workbook(io.BytesIO(_download(page, "修了証台帳（Excel）"))).active
    rows = {row[1]: row for row in list(register.iter_rows(values_only=True))[1:]}
    assert set(rows) >= {"受講 花子", "𠮷田 花子", "山田 太郎"}
    own_number = rows["受講 花子"][0]
    own_code = rows["受講 花子"][11]
    # The demo's trainee3.oita already held one in this cohort: the ZIP has every valid one.
    assert sorted(archive.namelist()) == sorted(f"{row[0]}.pdf" for row in rows.values())
    assert f"{own_number}.pdf" in archive.namelist()
    text, links = _pdf_text_and_links(archive.read(f"{own_number}.pdf"))
    flat = re.sub(r"\s", "", text)
    assert "受講花子" in flat
    assert own_number in flat
    assert re.search(r"令和(元|\d+)年\d+月\d+日", flat)
    assert any(link.endswith(f"/verify/{own_code}/") for link in links)

    # The trainee downloads theirs from マイページ.
    trainee = browser.new_context(locale="ja-JP", accept_downloads=True)
    mine = trainee.new_page()
    _sign_in(mine, base, TRAINEE)
    mine.goto(f"{base}/mypage/")
    data = _download(mine, f"PDFをダウンロード（{own_number}）")
    assert data == archive.read(f"{own_number}.pdf")
    trainee.close()

    # Anyone verifies it without signing in: by the code typed loosely, then by its PDF.
    public = browser.new_context(locale="ja-JP")
    verify = public.new_page()
    verify.goto(f"{base}/verify/")
    verify.get_by_label("確認コード").fill(own_code.lower().replace("-", " "))
    verify.get_by_role("button", name="確認する").click()
    expect(verify.get_by_role("heading", level=2).first).to_contain_text("有効")
    expect(verify.locator(".verify-facts")).to_contain_text("受講 花子")
    assert not _violations(verify)
    verify.get_by_label("PDFファイル").set_input_files(
        files=[{"name": "c.pdf", "mimeType": "application/pdf", "buffer": data}]
    )
    verify.get_by_role("button", name="PDFを確認する").click()
    expect(verify.locator(".verify-verdict")).to_contain_text("改変されていません")

    # Revoked by the administrator with a reason: the same page says 失効.
    codes = {name: row[11] for name, row in rows.items()}
    _revoke_or_reissue(page, base, "受講 花子", "失効", "受講資格の確認誤り")
    verify.goto(f"{base}/verify/{own_code}/")
    expect(verify.get_by_role("heading", level=2).first).to_contain_text("失効")

    # Reissued: the old code says 再発行済み and links the new certificate.
    _revoke_or_reissue(page, base, "山田 太郎", "再発行", "氏名の誤字")
    verify.goto(f"{base}/verify/{codes['山田 太郎']}/")
    expect(verify.get_by_role("heading", level=2).first).to_contain_text("再発行済み")
    verify.get_by_role("link", name=re.compile("再発行後の修了証")).click()
    expect(verify.get_by_role("heading", level=2).first).to_contain_text("有効")
    public.close()
    admin.close()


def _revoke_or_reissue(page, base, name: str, action: str, reason: str) -> None:
    """From the prefecture's certificate list, the administrator's 失効 or 再発行 with a reason."""
    page.goto(f"{base}/certificates/oita/")
    page.locator("tr", has_text=name).get_by_role("link", name=re.compile(action)).first.click()
    page.get_by_label(re.compile("理由")).fill(reason)
    page.get_by_role("button", name=re.compile(action)).click()
    page.wait_for_load_state()
