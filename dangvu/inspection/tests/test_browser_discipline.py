"""An inspector records an inspection with its subjects and a discipline decision through the
pages; the member's record shows the discipline and the year's figures change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.accounts.models import Role
from dangvu.members.tests.factories import existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _figure(page: Any, code: str) -> str:
    row = page.get_by_test_id("figures").locator(f'[data-code="{code}"]')
    return str(row.locator("td").nth(1).inner_text()).strip()


def test_recording_an_inspection_and_a_discipline(
    live_server: Any, browser_page: Any, tree: dict[str, Any], django_user_model: Any
) -> None:
    inspector = django_user_model.objects.create_user("ubkt_khoi", password="Mat-khau-2024!")
    Role.objects.create(user=inspector, organisation=tree["BLOC"], kind=Role.Kind.BOARD_INSPECTION)
    member = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Đỗ Văn Kiểm",
        identity_number="052085004321",
    )
    page = browser_page
    with time_machine.travel(dt.datetime(2024, 9, 1, 9, 0), tick=True):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("ubkt_khoi")
        page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}/reports/figures/?nam=2024")
        assert _figure(page, "inspection.inspected_orgs") == "0"
        assert _figure(page, "discipline.members") == "0"

        page.goto(f"{live_server.url}/inspection/new/")
        page.get_by_label("Tổ chức đảng tiến hành (mã hoặc tên)").fill("BLOC")
        page.get_by_label("Cơ quan tiến hành").select_option("COMMISSION")
        page.get_by_label("Loại").select_option("VIOLATION")
        page.locator("#id_title").fill("Kiểm tra khi có dấu hiệu vi phạm")
        page.get_by_label("Tổ chức được kiểm tra, giám sát").fill("GK1")
        page.get_by_label("Đảng viên được kiểm tra, giám sát").fill("052085004321")
        page.get_by_label("Ngày bắt đầu").fill("2024-06-03")
        page.get_by_label("Tình trạng").select_option("DONE")
        page.get_by_label("Ngày kết thúc").fill("2024-07-15")
        page.locator("#id_conclusion").fill("Có vi phạm; đề nghị xem xét kỷ luật.")
        page.get_by_label("Ngày kết luận").fill("2024-07-20")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        subjects = page.get_by_test_id("inspection-subjects").inner_text()
        assert "Đảng bộ Sở Y tế" in subjects and "Đỗ Văn Kiểm" in subjects

        page.goto(f"{live_server.url}{member.get_absolute_url()}")
        section = page.get_by_test_id("member-disciplines")
        assert "Chưa có quyết định kỷ luật" in section.inner_text()
        section.get_by_role("link", name="Ghi quyết định kỷ luật").click()
        page.wait_for_load_state()
        page.get_by_label("Hình thức kỷ luật").select_option("REPRIMAND")
        page.get_by_label("Tổ chức đảng quyết định (mã hoặc tên)").fill("BLOC")
        page.get_by_label("Cơ quan quyết định").select_option("COMMISSION")
        page.locator("#id_violation_date").fill("2015-03-01")
        page.get_by_label("Số quyết định").fill("21-QĐ/UBKT")
        page.get_by_label("Ngày quyết định").fill("2024-08-05")
        page.get_by_label("Tóm tắt nội dung vi phạm").fill(
            "Vi phạm quy định về những điều đảng viên không được làm"
        )
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        # Nine years after the violation a reprimand is out of time: nothing is written.
        assert "hết thời hiệu" in page.get_by_test_id("field-error").first.inner_text()
        page.locator("#id_violation_date").fill("2024-03-01")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        assert page.get_by_test_id("discipline-form").inner_text() == "Khiển trách"

        page.goto(f"{live_server.url}{member.get_absolute_url()}")
        section = page.get_by_test_id("member-disciplines")
        assert "Khiển trách" in section.inner_text() and "21-QĐ/UBKT" in section.inner_text()

        page.goto(f"{live_server.url}/reports/figures/?nam=2024")
        assert _figure(page, "inspection.inspected_orgs") == "1"
        assert _figure(page, "inspection.inspected_members") == "1"
        assert _figure(page, "discipline.members") == "1"
