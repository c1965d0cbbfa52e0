"""The committee's office, on a phone, opens a member, produces the confirmation decision
their confirmation calls for, and downloads the Word file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dangvu.accounts.models import Role
from dangvu.members.tests.factories import full_member
from dangvu.papers.models import PaperIssue
from dangvu.papers.tests.test_engine import text_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def test_the_office_produces_and_downloads_a_confirmation_decision(
    live_server: Any,
    browser_page: Any,
    tree: dict[str, Any],
    django_user_model: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.DANGVU_SOFFICE = "khong-co-soffice-nay"  # the Word file needs no LibreOffice
    member = full_member(tree["C11"], dt.date(2024, 2, 1), "Hoàng Thị Chính Thức")
    user = django_user_model.objects.create_user("vanphong", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE)
    page = browser_page
    login(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/members/{member.pk}/")
    block = page.get_by_test_id("member-papers")
    block.get_by_role("link", name="Lập quyết định công nhận đảng viên chính thức").click()
    form = page.get_by_test_id("produce-form")
    form.wait_for()
    form.get_by_label("Tổ chức ban hành").select_option("GK1")
    form.get_by_role("button", name="Lập giấy").click()
    page.get_by_test_id("paper-downloads").wait_for()
    # No LibreOffice here: the PDF link is absent and a note says why.
    assert page.get_by_test_id("pdf-note").is_visible()
    with page.expect_download() as caught:
        page.get_by_test_id("download-docx").click()
    saved = tmp_path / "giay.docx"
    caught.value.save_as(saved)
    issue = PaperIssue.objects.get()
    assert saved.read_bytes() == bytes(issue.content)
    text = text_of(saved.read_bytes())
    assert "Hoàng Thị Chính Thức" in text
    assert issue.papers.get().document.full_number in text
    # The member's page lists the paper now.
    page.goto(f"{live_server.url}/members/{member.pk}/")
    assert "Quyết định công nhận đảng viên chính thức" in block.inner_text()
