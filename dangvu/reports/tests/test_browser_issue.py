"""The committee's office issues the annual report on a phone (390 px): fills the issue
form, issues it, then issues a correction, ticking the correction box that sits on its
label's line; the page is one column, without horizontal scrolling."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dangvu.accounts.models import Role
from dangvu.reports.models import IssuedReport

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# Where screenshots go when asked for (REPORTS_SCREENSHOTS=<a directory>); none by default.
SHOTS = os.environ.get("REPORTS_SCREENSHOTS", "")
YEAR = 2025


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"reports-{name}-390.png"), full_page=True)


def no_horizontal_scroll(page: Any) -> None:
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide


def fill_and_issue(page: Any, note: str = "") -> None:
    form = page.get_by_test_id("issue-form")
    form.get_by_label("Ngày ban hành (ngày ký)").fill("15/01/2026")
    form.get_by_label("Người ký").fill("Nguyễn Văn Bí Thư")
    form.get_by_label("Nơi nhận (mỗi nơi một dòng)").fill(
        "Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng"
    )
    if note:
        form.get_by_label("Ghi chú (lý do đính chính, nếu có)").fill(note)
    form.get_by_role("button", name="Ban hành").click()


def test_the_office_issues_and_corrects_the_annual_report_on_a_phone(
    live_server: Any,
    browser_page: Any,
    tree: dict[str, Any],
    django_user_model: Any,
    settings: Any,
) -> None:
    settings.DANGVU_SOFFICE = "khong-co-soffice-nay"  # issuing works without a PDF
    user = django_user_model.objects.create_user("vanphong", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=tree["BLOC"], kind=Role.Kind.BOARD_OFFICE)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "vanphong")
    issue_url = f"{live_server.url}/reports/issue/BLOC/?loai=nam&nam={YEAR}"
    page.goto(issue_url)
    page.get_by_test_id("issue-form").wait_for()
    shot(page, "issue-first")
    no_horizontal_scroll(page)
    fill_and_issue(page)
    page.get_by_text(f"Đã ban hành báo cáo năm {YEAR}, số").wait_for()
    first = IssuedReport.objects.get()
    assert first.corrects is None
    no_horizontal_scroll(page)

    page.goto(issue_url)
    page.get_by_test_id("issued-last").wait_for()
    box = page.get_by_role("checkbox", name="Đính chính báo cáo đã ban hành")
    label = page.locator("label.form-check-label", has_text="Đính chính báo cáo đã ban hành")
    shot(page, "issue-correction")
    no_horizontal_scroll(page)
    tick, text = box.bounding_box(), label.bounding_box()
    assert tick is not None and text is not None
    assert tick["y"] < text["y"] + text["height"] and text["y"] < tick["y"] + tick["height"]
    assert tick["x"] + tick["width"] <= text["x"] and tick["width"] >= 16
    box.check()
    fill_and_issue(page, note="Sửa số đảng viên mới kết nạp")
    page.get_by_text(f"Đã ban hành báo cáo năm {YEAR}, số").wait_for()
    shot(page, "issued-correction")
    correction = IssuedReport.objects.exclude(pk=first.pk).get()
    assert correction.corrects_id == first.pk
    no_horizontal_scroll(page)
