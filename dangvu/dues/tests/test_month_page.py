"""The treasurer's month page (`dues:month`): every member of the cell that month with what
each owes and has paid, one "Ghi" for the members ticked (all or nothing, refusals beside
the member), the month's totals, and who may see and record it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.dues import actions
from dangvu.dues.models import DuesPayment
from dangvu.members.actions import Decision, do_move_member
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

MARCH = {"thang": "03/2024"}


@pytest.fixture
def cell(tree: dict[str, Any]) -> dict[str, Any]:
    """C21 in March 2024: An (income 3.000.000, owes 30.000) and Bình (pensioner on
    4.000.000, owes 20.000) all month; Cường left for C11 on 15/03; Dũng of C11 came
    on 15/03 and owes nothing (no basis)."""
    c21, c11 = tree["C21"], tree["C11"]
    people = {
        name: existing(org, dt.date(2020, 1, 1), dt.date(2010, 5, 1), full)
        for name, org, full in (
            ("an", c21, "Nguyễn Văn An"),
            ("binh", c21, "Trần Thị Bình"),
            ("cuong", c21, "Lê Văn Cường"),
            ("dung", c11, "Phạm Văn Dũng"),
            ("other", c11, "Hồ Văn Khác"),
        )
    }
    for key, category, income in (
        ("an", "STATE", 3_000_000),
        ("binh", "PENSION", 4_000_000),
        ("cuong", "STATE", 5_000_000),
    ):
        actions.do_set_basis(
            people[key],
            valid_from=dt.date(2024, 1, 1),
            category=category,
            income=income,
            acting_user=None,
        )
    do_move_member(
        people["cuong"], to=c11, decision=Decision(dt.date(2024, 3, 15)), acting_user=None
    )
    do_move_member(
        people["dung"], to=c21, decision=Decision(dt.date(2024, 3, 15)), acting_user=None
    )
    return people


def page(client: Client, code: str = "C21", **query: str) -> str:
    response = client.get(reverse("dues:month", args=[code]), query or MARCH)
    assert response.status_code == 200
    return response.content.decode()


def total(body: str, which: str) -> str:
    found = re.search(rf'data-testid="total-{which}">([^<]*)<', body)
    assert found, which
    return found.group(1)


def tick(member: Any, amount: str = "", months: str = "1") -> dict[str, str]:
    data = {f"chon_{member.pk}": "on", f"so_thang_{member.pk}": months}
    if amount:
        data[f"so_tien_{member.pk}"] = amount
    return data


class TestWhatThePageShows:
    def test_every_member_of_the_cell_that_month_with_what_each_owes(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])  # secretary of C21
        body = page(client)
        for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng"):
            assert name in body
        assert "Hồ Văn Khác" not in body
        assert "Chuyển khỏi chi bộ ngày 15/03/2024" in body
        # Cường left: his 50.000 is owed where he ended the month, not here.
        assert total(body, "expected") == "50.000"
        assert total(body, "collected") == "0"
        assert total(body, "outstanding") == "50.000"
        # The amount each owes is proposed for the tick.
        assert f'name="so_tien_{cell["an"].pk}"' in body and 'value="30.000"' in body

    def test_the_members_come_in_the_partys_order_of_names(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        body = page(client)
        order = [body.index(n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
        assert order == sorted(order)  # An, Bình, Cường: by given name

    def test_month_navigation_and_junk_months(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        body = page(client)
        assert 'href="?thang=02/2024"' in body and 'href="?thang=04/2024"' in body
        for junk in ("13/2024", "x", "9" * 40, "00/0000"):
            assert "Thu đảng phí tháng" in page(client, thang=junk)

    def test_a_committee_points_to_its_cells(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["grassroots"])  # secretary of GK1
        body = page(client, "GK1")
        assert 'data-testid="no-members"' in body
        assert reverse("dues:month", args=["C11"]) in body


class TestRecording:
    def test_the_ticked_members_are_recorded_and_the_totals_follow(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        url = reverse("dues:month", args=["C21"])
        data = {
            "thang": "03/2024",
            "paid_on": "10/03/2024",
            **tick(cell["an"], "30.000"),
            **tick(cell["binh"], "20.000", months="3"),
        }
        response = client.post(f"{url}?thang=03/2024", data)
        assert response.status_code == 302 and response["Location"].endswith("?thang=03/2024")
        paid = DuesPayment.objects.filter(voided_at__isnull=True)
        assert {(p.member.full_name, p.month.month, p.amount) for p in paid} == {
            ("Nguyễn Văn An", 3, Decimal(30_000)),
            ("Trần Thị Bình", 3, Decimal(20_000)),
            ("Trần Thị Bình", 4, Decimal(20_000)),
            ("Trần Thị Bình", 5, Decimal(20_000)),
        }
        assert all(p.recorded_by == cast["cell"] and p.organisation.code == "C21" for p in paid)
        body = client.get(response["Location"]).content.decode()
        assert "Đã ghi đảng phí tháng 03/2024 của 2 đồng chí" in body
        assert total(body, "collected") == "50.000" and total(body, "outstanding") == "0"
        assert body.count('data-testid="paid"') == 2
        assert "Đã nộp 30.000 đ</a>" in body and "ngày 10/03/2024" in body
        # April already shows Bình's advance.
        april = page(client, thang="04/2024")
        assert total(april, "collected") == "20.000"

    def test_a_bad_row_refuses_the_whole_and_keeps_what_was_typed(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        url = reverse("dues:month", args=["C21"])
        data = {
            "thang": "03/2024",
            "paid_on": "10/03/2024",
            **tick(cell["an"], "30.000"),
            **tick(cell["binh"], "hai mươi nghìn"),
        }
        response = client.post(url, data)
        body = response.content.decode()
        assert response.status_code == 200
        assert not DuesPayment.objects.exists()
        assert "«hai mươi nghìn» không phải là số tiền" in body
        assert 'value="hai mươi nghìn"' in body
        assert body.count("checked") == 2

    def test_a_refusal_of_the_action_is_said_and_nothing_is_written(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        url = reverse("dues:month", args=["C21"])
        future = "01/01/2099"  # a payment not yet made
        data = {"thang": "03/2024", "paid_on": future, **tick(cell["an"], "30.000")}
        body = client.post(url, data).content.decode()
        assert not DuesPayment.objects.exists()
        assert "tương lai" in body

    def test_nothing_ticked_says_what_to_do(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        url = reverse("dues:month", args=["C21"])
        body = client.post(url, {"thang": "03/2024", "paid_on": "10/03/2024"}).content.decode()
        assert "Chưa đánh dấu đồng chí nào" in body

    def test_a_member_paid_is_shown_paid_and_offered_no_tick(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        actions.do_record_payments(
            tree["C21"],
            dt.date(2024, 3, 1),
            [actions.PaymentRow(cell["an"], Decimal(30_000), dt.date(2024, 3, 2))],
            acting_user=None,
        )
        client.force_login(cast["cell"])
        body = page(client)
        assert f'name="chon_{cell["an"].pk}"' not in body
        assert f'name="chon_{cell["binh"].pk}"' in body
        assert total(body, "collected") == "30.000" and total(body, "outstanding") == "20.000"


class TestWhoMay:
    def test_another_subtree_answers_404(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])  # C21's secretary
        assert client.get(reverse("dues:month", args=["C11"])).status_code == 404

    def test_a_viewer_reads_the_month_but_records_nothing(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["viewer"])
        body = page(client)
        assert "Nguyễn Văn An" in body and 'data-testid="save"' not in body
        url = reverse("dues:month", args=["C21"])
        data = {"thang": "03/2024", "paid_on": "10/03/2024", **tick(cell["an"], "30.000")}
        assert client.post(url, data).status_code == 404
        assert not DuesPayment.objects.exists()

    def test_the_cells_list_leads_to_ones_own_cells(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any], django_user_model: Any
    ) -> None:
        client.force_login(cast["grassroots"])  # GK1: C11, C12, C13
        body = client.get(reverse("dues:collect")).content.decode()
        assert reverse("dues:month", args=["C11"]) in body
        assert reverse("dues:month", args=["C21"]) not in body
        going = client.get(reverse("dues:collect"), {"to_chuc": "C12"})
        assert going["Location"] == reverse("dues:month", args=["C12"])
        assert client.get(reverse("dues:collect"), {"to_chuc": "C21"}).status_code == 404
        treasurer = django_user_model.objects.create_user("thuquy")
        Role.objects.create(user=treasurer, organisation=tree["C21"], kind=Role.Kind.VIEWER)
        client.force_login(treasurer)
        body = client.get(reverse("dues:collect"), {"q": "tai chinh"}).content.decode()
        assert reverse("dues:month", args=["C21"]) in body


class TestUnderQuyDinh01:
    """From 02/2026 a member with fifty years of party age owes nothing, and the month's
    payments say how they were made (one select, cash by default)."""

    @pytest.fixture
    def veteran(self, tree: dict[str, Any], cell: dict[str, Any]) -> Any:
        m = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(1975, 12, 10), "Đỗ Văn Lão")
        actions.do_set_basis(
            m, valid_from=dt.date(2024, 1, 1), category="STATE", income=4_000_000, acting_user=None
        )
        return m

    def test_the_fifty_years_exempt_is_shown_and_owes_nothing_from_february_2026(
        self, client: Client, cast: dict[str, Any], veteran: Any
    ) -> None:
        client.force_login(cast["cell"])
        january = page(client, thang="01/2026")
        assert "Miễn (50 năm tuổi Đảng)" not in january
        assert total(january, "expected") == "90.000"  # An 30.000, Bình 20.000, Lão 40.000
        february = page(client, thang="02/2026")
        row = february.split(f'data-member="{veteran.pk}"')[1].split("</li>")[0]
        assert 'data-testid="exempt">Miễn (50 năm tuổi Đảng)<' in row
        assert 'data-testid="expected">0<' in row
        assert total(february, "expected") == "50.000"

    def test_the_channel_of_the_month_is_recorded_and_shown(
        self, client: Client, cast: dict[str, Any], cell: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        url = reverse("dues:month", args=["C21"])
        body = page(client)
        assert '<option value="CASH" selected>Tiền mặt nộp chi bộ</option>' in body
        data = {
            "thang": "03/2024",
            "paid_on": "10/03/2024",
            "channel": "PORTAL",
            **tick(cell["an"], "30.000"),
        }
        assert client.post(f"{url}?thang=03/2024", data).status_code == 302
        assert DuesPayment.objects.get(member=cell["an"]).channel == "PORTAL"
        assert "(Cổng Dịch vụ công Quốc gia)" in page(client)
        # Junk in the select is said beside it, nothing written.
        junk = {"thang": "03/2024", "paid_on": "10/03/2024", "channel": "X" * 50}
        response = client.post(f"{url}?thang=03/2024", {**junk, **tick(cell["binh"], "20.000")})
        assert response.status_code == 200
        assert DuesPayment.objects.filter(member=cell["binh"]).count() == 0
