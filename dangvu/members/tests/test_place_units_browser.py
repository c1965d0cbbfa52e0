"""On a phone (390 px wide) in a real browser, the district or commune box of a member's
place follows a change of province without a reload: the project's script refills its
suggestions with the new province's units, and the page never scrolls sideways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.congresses.tests.test_row_forms_browser import phone  # noqa: F401 (fixture)
from dangvu.members.tests.factories import existing
from dangvu.members.tests.test_place_units import places  # noqa: F401 (fixture)
from dangvu.vocab.models import AdminUnit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def suggestions(page: Any) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#p-residence-units option'), o => o.value)"
    )


def test_the_commune_box_follows_the_province_on_a_phone(
    live_server: Any,
    phone: Any,  # noqa: F811
    places: dict[str, AdminUnit],  # noqa: F811
    cast: dict[str, Any],
    tree: dict[str, Any],
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), "Nguyễn Văn An")
    page = phone
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/members/{member.pk}/edit/")
    assert suggestions(page) == []  # no province yet: nothing to suggest
    province = page.locator('select[name="p-residence_province"]')
    province.select_option(str(places["other"].pk))
    page.locator('#p-residence-units option[value="Xã Khác"]').wait_for(state="attached")
    assert suggestions(page) == ["Xã Khác"]
    province.select_option(str(places["new"].pk))
    page.locator('#p-residence-units option[value="Phường Mới"]').wait_for(state="attached")
    assert suggestions(page) == ["Phường Mới"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # What is typed from the suggestions is recorded as the unit.
    page.locator('input[name="p-residence_local"]').fill("Phường Mới")
    page.get_by_role("button", name="Ghi", exact=True).click()
    page.wait_for_url(f"{url}/members/{member.pk}/")
    member.refresh_from_db()
    assert member.residence_local == places["commune"]
