"""The import page groups its kinds under the board of the app that declares each, in the
order of the work, and a search box (JavaScript) narrows the cards, accents or not; without
JavaScript every card shows and the box stays hidden."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.import_views import kinds_by_board
from dangvu.core.importing import kinds

BOARDS = [
    "Tổ chức đảng",
    "Danh mục",
    "Đảng viên",
    "Tuyên giáo",
    "Văn phòng, thi đua khen thưởng và đoàn thể",
    "Kiểm tra, giám sát, kỷ luật và khiếu nại, tố cáo",
    "Công tác cán bộ",
    "Đảng phí",
    "Đánh giá, xếp loại chất lượng",
    "Sinh hoạt chi bộ",
    "Đại hội đảng",
]


class TestGrouping:
    def test_every_kind_once_under_its_apps_board(self) -> None:
        boards = kinds_by_board()
        assert [b.label for b in boards] == BOARDS
        grouped = [kind.code for b in boards for kind, _ in b.kinds]
        assert sorted(grouped) == sorted(k.code for k in kinds())
        by_code = {kind.code: b.label for b in boards for kind, _ in b.kinds}
        assert by_code["organisations"] == "Tổ chức đảng"
        assert by_code["events-admissions"] == "Đảng viên"
        assert by_code["classes"] == "Tuyên giáo"
        assert by_code["commendations"].startswith("Văn phòng")
        assert by_code["complaints"].startswith("Kiểm tra")
        assert by_code["committee-members"] == "Công tác cán bộ"
        assert by_code["dues-payments"] == "Đảng phí"
        assert by_code["rating-members"] == "Đánh giá, xếp loại chất lượng"
        assert by_code["congress-elections"] == "Đại hội đảng"

    def test_search_text_is_accent_free(self) -> None:
        texts = {kind.code: text for b in kinds_by_board() for kind, text in b.kinds}
        assert "ket nap" in texts["events-admissions"]
        assert "dang vien" in texts["events-admissions"]
        assert all(text == text.lower() and "đ" not in text for text in texts.values())


@pytest.mark.django_db
class TestPage:
    def test_boards_in_order_with_every_card(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["officer"])
        html = client.get(reverse("core:import")).content.decode()
        headings = re.findall(r'<h2 class="h5 border-bottom pb-1">([^<]+?) <span', html)
        assert headings == BOARDS
        assert html.count("data-card ") == len(kinds())
        for kind in kinds():
            assert reverse("core:import_upload", args=[kind.code]) in html
        # Without JavaScript the search box is not offered (it could do nothing).
        assert re.search(r"<div[^>]*data-card-filter-box[^>]*hidden", html)

    def test_readers_cannot_open_it(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["viewer"])
        assert client.get(reverse("core:import")).status_code == 404


def expected(query: str) -> list[str]:
    """The kinds whose search text holds every word, in the page's order."""
    words = query.split()
    return [
        kind.label
        for board in kinds_by_board()
        for kind, text in board.kinds
        if all(w in text for w in words)
    ]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.django_db(transaction=True)
def test_typing_narrows_the_cards(
    live_server: Any, browser_page: Any, cast: dict[str, Any]
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{reverse('core:import')}")
    box = page.get_by_label("Tìm loại dữ liệu")
    assert box.is_visible()
    cards = page.locator("[data-card]:visible")
    assert cards.count() == len(kinds())

    box.fill("khen thuong")  # no accents: finds "Khen thưởng" (and the office's board)
    titles = [t.strip() for t in cards.locator("h3").all_inner_texts()]
    assert titles == expected("khen thuong")
    assert "Khen thưởng" in titles and "Kết nạp" not in titles
    assert page.locator("[data-card-group]:visible").count() == 1

    box.fill("KẾT NẠP")  # accents and capitals: admissions and readmissions
    titles = [t.strip() for t in cards.locator("h3").all_inner_texts()]
    assert titles == expected("ket nap")
    assert "Kết nạp" in titles and "Kết nạp lại" in titles
    assert "Khen thưởng" not in titles
    assert page.locator("[data-card-filter-empty]").is_hidden()

    box.fill("không có loại này")
    assert cards.count() == 0
    assert page.locator("[data-card-filter-empty]").is_visible()

    box.fill("")
    assert cards.count() == len(kinds())
