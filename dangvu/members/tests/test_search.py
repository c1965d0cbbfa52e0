"""Finding members by the start of their name, anywhere in it, or by a number."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangvu.members.models import Member
from dangvu.members.search import CONTAINS, STARTS, by_name
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Anh",
    "Nguyễn Văn Ân",
    "Nguyễn Vân",  # "nguyen van" without the space before "an"
    "Trần Nguyễn Văn An",
    "Lê Thị Lan",
    "Đỗ Văn Đạt",
]


@pytest.fixture
def roll(tree: dict[str, Any]) -> dict[str, Member]:
    found = {}
    for i, name in enumerate(NAMES):
        found[name] = existing(
            tree["C11"],
            dt.date(2020, 1, 1),
            dt.date(2001, 5, 1),
            name,
            identity_number=f"0520850000{i:02d}",
        )
    return found


def names(members: Any) -> list[str]:
    return [m.full_name for m in members]


def test_names_that_begin_with_the_text_come_in_name_order(roll: dict[str, Member]) -> None:
    found = by_name(Member.objects.all(), "nguyen van an")
    assert found.mode == STARTS and not found.widened
    # "Ân" and "An" have the same key: the older record first.
    assert names(found.members) == ["Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh"]
    assert "Trần Nguyễn Văn An" not in names(found.members)
    backwards = by_name(Member.objects.all(), "nguyen van an", descending=True)
    assert names(backwards.members) == list(reversed(names(found.members)))


def test_d_with_stroke_and_accents_need_not_be_typed(roll: dict[str, Member]) -> None:
    assert names(by_name(Member.objects.all(), "do van dat").members) == ["Đỗ Văn Đạt"]
    assert names(by_name(Member.objects.all(), "  ĐỖ  văn ").members) == ["Đỗ Văn Đạt"]


def test_contains_finds_middle_and_given_names(roll: dict[str, Member]) -> None:
    found = by_name(Member.objects.all(), "van an", mode=CONTAINS)
    assert found.mode == CONTAINS
    assert set(names(found.members)) == {
        "Nguyễn Văn An",
        "Nguyễn Văn Anh",
        "Nguyễn Văn Ân",
        "Trần Nguyễn Văn An",
    }


def test_a_text_no_name_begins_with_widens_to_contains(roll: dict[str, Member]) -> None:
    found = by_name(Member.objects.all(), "thi lan")
    assert found.mode == CONTAINS and found.widened
    assert names(found.members) == ["Lê Thị Lan"]


def test_digits_look_up_identity_and_card_numbers(roll: dict[str, Member]) -> None:
    an = roll["Nguyễn Văn An"]
    Member.objects.filter(pk=an.pk).update(card_number="0012345")
    assert names(by_name(Member.objects.all(), an.identity_number).members) == ["Nguyễn Văn An"]
    assert names(by_name(Member.objects.all(), " 0012345 ").members) == ["Nguyễn Văn An"]
    assert names(by_name(Member.objects.all(), "0012").members) == []


def test_the_start_search_reads_the_name_index_in_order(roll: dict[str, Member]) -> None:
    """No sort of all the matches: the plan walks the (name, id) index over one range."""
    found = by_name(Member.objects.all(), "nguyen van an")
    with CaptureQueriesContext(connection) as queries:
        list(found.members[:2])
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
            assert "member_name_idx" in plan and "Sort" not in plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "member_name_idx" in plan and "TEMP B-TREE" not in plan


def test_the_list_page_says_how_it_searched_and_offers_the_other_way(
    client: Client, cast: dict[str, Any], roll: dict[str, Member]
) -> None:
    client.force_login(cast["officer"])
    body = client.get(reverse("members:list"), {"q": "nguyen van an"}).content.decode()
    assert "Họ tên bắt đầu bằng «nguyen van an»" in body
    assert "Trần Nguyễn Văn An" not in body and "tim=chua" in body
    body = client.get(
        reverse("members:list"), {"q": "nguyen van an", "tim": "chua"}
    ).content.decode()
    assert "Trần Nguyễn Văn An" in body
    body = client.get(reverse("members:list"), {"q": "thi lan"}).content.decode()
    assert "Không có họ tên nào bắt đầu bằng" in body and "Lê Thị Lan" in body
