"""The main menu follows the order of the clerk's work: organisations, then members, then
the boards' records, the reports, the imports, and the administration links last."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.navigation import menu_for

ORDER = [
    "Tổ chức",
    "Đảng viên",
    "Tuyên giáo",
    "Văn phòng, Dân vận",
    "Kiểm tra",
    "Cán bộ",
    "Đảng phí",
    "Xếp loại",
    "Sinh hoạt chi bộ",
    "Đại hội",
    "Báo cáo",
    "Nhập dữ liệu",
]


class TestMenuOrder:
    def test_sections_in_the_order_of_the_work(self) -> None:
        labels = [s["label"] for s in menu_for("/", member_editor=True)]
        assert labels == ORDER

    def test_organisations_and_members_are_separate_sections(self) -> None:
        sections = {s["label"]: s for s in menu_for("/", member_editor=True)}
        org_items = [i["label"] for i in sections["Tổ chức"]["items"]]
        member_items = [i["label"] for i in sections["Đảng viên"]["items"]]
        assert org_items[0] == "Cây tổ chức đảng"
        assert "Danh sách đảng viên" in member_items
        assert "Danh sách đảng viên" not in org_items

    def test_readers_see_no_import_section(self) -> None:
        labels = [s["label"] for s in menu_for("/", member_editor=False)]
        assert "Nhập dữ liệu" not in labels
        assert labels[:2] == ["Tổ chức", "Đảng viên"]

    def test_the_open_page_marks_its_section(self) -> None:
        sections = menu_for(reverse("members:due"), member_editor=False)
        active = [s["label"] for s in sections if s["active"]]
        assert active == ["Đảng viên"]


@pytest.mark.django_db
class TestMenuOnThePage:
    def test_admin_link_comes_last(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        html = client.get(reverse("orgs:tree")).content.decode()
        nav = html[html.index('id="main-menu"') : html.index('data-testid="user-menu"')]
        toggles = re.findall(r'dropdown-toggle[^"]*"[^>]*>([^<]+)</a>', nav)
        # This administrator records no members: no import section; administration last,
        # one menu (users, the audit trail, the data admin), then the user's own menu.
        assert toggles == [label for label in ORDER if label != "Nhập dữ liệu"] + ["Quản trị"]
        admin = nav[nav.index('data-testid="admin-menu"') :]
        assert "Người dùng" in admin and "Nhật ký" in admin and "Trang quản trị dữ liệu" in admin


def test_a_record_kind_can_sit_in_another_apps_section() -> None:
    """The dues of temporary attendees are a transit record but are looked for with the dues."""
    sections = {s["label"]: s for s in menu_for("/", member_editor=True)}
    dues = [i["label"] for i in sections["Đảng phí"]["items"]]
    members = [i["label"] for i in sections["Đảng viên"]["items"]]
    assert "Đảng phí sinh hoạt tạm thời" in dues
    assert "Đảng phí sinh hoạt tạm thời" not in members
    assert dues.index("Đảng phí sinh hoạt tạm thời") < dues.index("Chưa đóng, chưa nộp đảng phí")
