"""The rating process pages: rounds, a round's progress, the cell's page, the grassroots
decision, the superior's page for organisations, and a rating's page with its correction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.concurrency import stamp
from dangvu.members.tests.factories import existing
from dangvu.rating.actions import RATING_STAMPED, do_open_round, do_propose_member
from dangvu.rating.models import Grade, MemberRating, OrgRating, RatingRound

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def world(tree: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    do_open_round(tree["BLOC"], YEAR, opened_on=dt.date(YEAR, 12, 1), acting_user=None)
    people = [
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 1, 1), n)
        for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
    ]
    return {"people": people, **cast}


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


class TestRounds:
    def test_an_officer_opens_a_round_and_sees_its_progress(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        _login(client, cast["officer"])
        response = client.post(
            reverse("rating:rounds"),
            {"organisation": "BLOC", "year": "2025", "opened_on": "01/12/2025"},
        )
        rnd = RatingRound.objects.get(year=2025)
        assert response.status_code == 302 and rnd.deadline == dt.date(2026, 1, 31)
        page = client.get(reverse("rating:round", args=[rnd.pk])).content.decode()
        assert "Đảng bộ Sở Y tế" in page and "Kết thúc đợt" in page

    def test_a_viewer_sees_no_open_form_and_cannot_post(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        _login(client, cast["viewer"])
        assert "Mở đợt" not in client.get(reverse("rating:rounds")).content.decode()
        assert client.post(reverse("rating:rounds"), {"year": "2025"}).status_code == 404


class TestCellPage:
    def test_the_cell_records_everyone_in_one_go(self, client: Client, world: Any) -> None:
        _login(client, world["grassroots"])
        url = reverse("rating:cell", args=["C11"]) + f"?nam={YEAR}"
        page = client.get(url).content.decode()
        assert page.count('data-testid="member-row"') == 3
        an, binh, cuong = world["people"]
        response = client.post(
            url,
            {
                "nam": YEAR,
                "on": "10/12/2024",
                f"tu_{an.pk}": "EXCELLENT",
                f"de_{an.pk}": "GOOD",
                f"de_{binh.pk}": "GOOD",
                f"ly_do_{cuong.pk}": "OTHER",
                f"ghi_chu_{cuong.pk}": "Bị đình chỉ sinh hoạt đảng",
            },
        )
        assert response.status_code == 302
        assert MemberRating.objects.filter(year=YEAR, proposed_grade=Grade.GOOD).count() == 2
        assert MemberRating.objects.get(member=cuong).not_rated_reason == "OTHER"

    def test_a_refusal_writes_nothing_and_shows_beside_the_member(
        self, client: Client, world: Any
    ) -> None:
        _login(client, world["grassroots"])
        an, binh, _ = world["people"]
        response = client.post(
            reverse("rating:cell", args=["C11"]),
            {"nam": YEAR, "on": "10/12/2024", f"de_{an.pk}": "GOOD", f"ly_do_{binh.pk}": "OTHER"},
        )
        assert response.status_code == 200
        assert "ghi rõ" in response.content.decode()
        assert not MemberRating.objects.exists()

    def test_another_subtrees_cell_is_not_found(self, client: Client, world: Any) -> None:
        _login(client, world["grassroots"])
        assert client.get(reverse("rating:cell", args=["C21"])).status_code == 404


class TestDecision:
    def test_the_grassroots_decides_with_the_quota_shown(self, client: Client, world: Any) -> None:
        an, binh, _ = world["people"]
        for m in (an, binh):
            do_propose_member(m, YEAR, grade=Grade.GOOD, on=dt.date(YEAR, 12, 5), acting_user=None)
        _login(client, world["grassroots"])
        url = reverse("rating:decide", args=["GK1"]) + f"?nam={YEAR}"
        page = client.get(url).content.decode()
        assert "đã xếp loại xuất sắc 0/0 đảng viên được phép" in page
        ratings = MemberRating.objects.order_by("pk")
        response = client.post(
            url,
            {
                "nam": YEAR,
                "decision_number": "12-QĐ/ĐU",
                "decided_on": "20/12/2024",
                **{f"chon_{r.pk}": "on" for r in ratings},
                **{f"muc_{r.pk}": "GOOD" for r in ratings},
            },
        )
        assert response.status_code == 302
        assert all(r.is_locked for r in MemberRating.objects.all())

    def test_excellent_beyond_the_quota_is_refused_with_what_is_left(
        self, client: Client, world: Any
    ) -> None:
        an, *_ = world["people"]
        rating = do_propose_member(
            an, YEAR, grade=Grade.EXCELLENT, on=dt.date(YEAR, 12, 5), acting_user=None
        )
        _login(client, world["grassroots"])
        response = client.post(
            reverse("rating:decide", args=["GK1"]),
            {
                "nam": YEAR,
                "decision_number": "12-QĐ/ĐU",
                "decided_on": "20/12/2024",
                f"chon_{rating.pk}": "on",
                f"muc_{rating.pk}": "EXCELLENT",
            },
        )
        assert "còn được 0" in response.content.decode()
        assert not MemberRating.objects.filter(decided_on__isnull=False).exists()


class TestOrganisationsAndCorrection:
    def test_the_superior_decides_then_corrects_with_a_reason(
        self, client: Client, world: Any, tree: dict[str, Any]
    ) -> None:
        _login(client, world["officer"])
        url = reverse("rating:organisations", args=["BLOC"]) + f"?nam={YEAR}"
        assert "Đảng bộ Sở Y tế" in client.get(url).content.decode()
        gk1 = tree["GK1"].pk
        response = client.post(
            url,
            {
                "nam": YEAR,
                "action": "quyet_dinh",
                "on": "28/12/2024",
                "decision_number": "30-QĐ/ĐUK",
                f"chon_{gk1}": "on",
                f"de_{gk1}": "GOOD",
            },
        )
        assert response.status_code == 302
        rating = OrgRating.objects.get(organisation=tree["GK1"])
        detail = client.get(rating.get_absolute_url()).content.decode()
        assert "Sửa quyết định xếp loại" in detail
        response = client.post(
            reverse("rating:org_correct", args=[rating.pk]),
            {
                "grade": "COMPLETED",
                "reason": "Kết luận kiểm tra",
                "decision_number": "31-QĐ/ĐUK",
                "decided_on": "05/01/2025",
                # The stamp of the decision as the page shows it (see core.concurrency).
                "stamp": stamp(rating, RATING_STAMPED),
            },
        )
        assert response.status_code == 302
        rating.refresh_from_db()
        assert rating.is_void
        assert "đã được sửa" in client.get(rating.get_absolute_url()).content.decode()

    def test_the_lists_and_exports_answer(self, client: Client, world: Any) -> None:
        _login(client, world["officer"])
        for name in ("rating:member_ratings", "rating:org_ratings"):
            assert client.get(reverse(name), {"nam": YEAR}).status_code == 200
            assert client.get(reverse(name), {"xuat": "csv"}).status_code == 200
