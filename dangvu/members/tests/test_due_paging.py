"""The due lists page pages each list on its own (50 rows, ?trang_du_bi=, ?trang_huy_hieu=,
?trang_the=), shows each list's whole count, and makes as many queries for many members as
for few (no query per member)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2023, 3, 1, 9, 0)


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    end = html.find("</section>", start)
    return html[start:end]


def count(html: str, testid: str) -> int:
    found = re.search(r'data-testid="count">(\d+)<', section(html, testid))
    assert found
    return int(found.group(1))


def rows(html: str, testid: str) -> list[str]:
    return re.findall(r'<a href="/members/\d+/">([^<]+)</a>', section(html, testid))


def badge_members(tree: dict[str, Any], n: int, start: int = 0) -> None:
    """`n` full members admitted in 1990 (30 years of party age by 2023), without a card."""
    for i in range(start, start + n):
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1990, 3, 1), f"Đảng Viên {i:03d}")


class TestPaging:
    def test_each_list_pages_on_its_own(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        badge_members(tree, 53)
        admit(tree["C11"], dt.date(2022, 3, 1), ceremony=dt.date(2022, 3, 10))
        client.force_login(cast["officer"])
        url = reverse("members:due")
        with time_machine.travel(TODAY, tick=False):
            first = client.get(url, {"to_chuc": "BLOC"}).content.decode()
            second = client.get(url, {"to_chuc": "BLOC", "trang_huy_hieu": "2"}).content.decode()
            cards = client.get(url, {"to_chuc": "BLOC", "trang_the": "2"}).content.decode()
            junk = client.get(url, {"to_chuc": "BLOC", "trang_the": "abc"})
        assert count(first, "due-badges") == 53
        assert count(first, "due-cards") == 53
        assert count(first, "due-probation") == 1
        assert len(rows(first, "due-badges")) == 50
        assert len(rows(second, "due-badges")) == 3
        # The badge list's page leaves the cards' list on its first page, and the reverse.
        assert len(rows(second, "due-cards")) == 50
        assert len(rows(cards, "due-cards")) == 3
        assert len(rows(cards, "due-badges")) == 50
        everyone = set(rows(first, "due-badges")) | set(rows(second, "due-badges"))
        assert len(everyone) == 53
        assert "Trang 1/2 · 1–50 trong 53" in section(first, "due-badges")
        # The link to the next page keeps the other parameters and goes to the list.
        assert "to_chuc=BLOC&amp;trang_huy_hieu=2#huy-hieu" in section(first, "due-badges")
        assert junk.status_code == 200  # a page that is not a number: the first one

    def test_no_query_per_member(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        client.force_login(cast["officer"])
        url = reverse("members:due")

        def queries() -> int:
            with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as c:
                assert client.get(url, {"to_chuc": "BLOC"}).status_code == 200
            return len(c.captured_queries)

        badge_members(tree, 3)
        admit(tree["C11"], dt.date(2022, 3, 1), ceremony=dt.date(2022, 3, 10))
        few = queries()
        badge_members(tree, 30, start=3)
        for day in (2, 3, 4):
            admit(tree["C21"], dt.date(2022, 3, day), ceremony=dt.date(2022, 3, 10))
        assert queries() == few
