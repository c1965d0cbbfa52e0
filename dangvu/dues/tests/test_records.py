"""The dues kinds declared in `records.py`, walked through the pages the record layer derives
from them: the list shows and links the record, both exports carry the table's headings and
the record's row, the page shows the history and the void, the form records through the
view; and what is particular to dues: money in the Vietnamese way, the month filter, the
remittance's superior proposed and its acknowledgement by the recipient."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.core import records as layer
from dangvu.core.tests.record_checks import check_form_records, check_list_and_exports
from dangvu.dues import actions, records
from dangvu.dues.models import DuesPayment, DuesRemittance
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

KINDS = {
    kind.url_kind: kind
    for kind in vars(records).values()
    if isinstance(kind, layer.RecordKind) and kind.model._meta.app_label == "dues"
}

# A valid form for each kind, as the clerk fills it in.
VALID = {
    "basis": {
        "member": "052090002345",
        "valid_from": "01/2024",
        "category": "STATE",
        "income": "4.500.000",
        "exemption": "",
    },
    "payment": {
        "member": "052090002345",
        "organisation": "C12",
        "month": "02/2024",
        "months": "1",
        "amount": "45.000",
        "paid_on": "05/02/2024",
    },
    "remittance": {
        "organisation": "C11",
        "period_start": "03/2024",
        "period_end": "03/2024",
        "amount": "10.000",
        "sent_on": "05/04/2024",
        "receipt_number": "PC-12",
    },
}


@pytest.fixture
def made(tree: dict[str, Any]) -> dict[str, Any]:
    """One live record of every kind: An's basis, payment for 03/2024 and C11's remittance."""
    an = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2010, 5, 1),
        "Nguyễn Văn An",
        identity_number="052090001234",
    )
    existing(
        tree["C12"],
        dt.date(2020, 1, 1),
        dt.date(2010, 5, 1),
        "Trần Thị Bình",
        identity_number="052090002345",
    )
    basis = actions.do_set_basis(
        an, valid_from=dt.date(2024, 1, 1), category="STATE", income=3_000_000, acting_user=None
    )
    (payment,) = actions.do_record_payments(
        tree["C11"],
        dt.date(2024, 3, 1),
        [actions.PaymentRow(member=an, amount=Decimal(30_000), paid_on=dt.date(2024, 3, 5))],
        acting_user=None,
    )
    remittance = actions.do_remit(
        tree["C11"],
        period_start=dt.date(2024, 3, 1),
        period_end=dt.date(2024, 3, 31),
        amount=Decimal(15_000),
        sent_on=dt.date(2024, 4, 2),
        acting_user=None,
    )
    return {"basis": basis, "payment": payment, "remittance": remittance, "an": an}


def test_the_three_kinds_are_declared_with_their_void() -> None:
    assert set(KINDS) == {"basis", "payment", "remittance"} == set(records.KINDS)
    for kind in KINDS.values():
        assert kind.void_url == "dues:void" and kind.can_void is not layer._can_nobody
        assert kind.person_field or kind.url_kind == "remittance"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_list_shows_and_exports_the_record(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    body = check_list_and_exports(client, KINDS[name], made[name], admin_user)
    if name == "payment":
        # Money in the Vietnamese way, right-aligned.
        assert '<td class="text-end">30.000</td>' in body


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_records_page_shows_its_history_and_void_form(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    body = client.get(made[name].get_absolute_url()).content.decode()
    assert 'data-testid="history"' in body and 'data-testid="void-form"' in body


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_form_records_through_the_view(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    created = check_form_records(client, KINDS[name], VALID[name])
    assert (
        f'href="{created.get_absolute_url()}"'
        in client.get(reverse(KINDS[name].list_url)).content.decode()
    )


class TestPayments:
    def test_a_payment_in_advance_is_one_row_a_month_split_to_the_dong(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        data = VALID["payment"] | {"amount": "100.000", "months": "3"}
        client.post(reverse("dues:payment_create"), data)
        rows = DuesPayment.objects.filter(member__full_name="Trần Thị Bình").order_by("month")
        assert [(r.month.month, r.amount) for r in rows] == [
            (2, Decimal(33_334)),
            (3, Decimal(33_333)),
            (4, Decimal(33_333)),
        ]

    def test_the_month_filter_selects_that_month_and_junk_selects_nothing_out(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        link = f'href="{made["payment"].get_absolute_url()}"'
        url = reverse("dues:payments")
        assert link in client.get(url, {"thang": "03/2024"}).content.decode()
        assert link not in client.get(url, {"thang": "04/2024"}).content.decode()
        assert link in client.get(url, {"thang": "13/2024"}).content.decode()

    def test_money_typed_wrong_is_refused_in_words_and_kept(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        data = VALID["payment"] | {"amount": "30,5 nghìn"}
        response = client.post(reverse("dues:payment_create"), data)
        body = response.content.decode()
        assert response.status_code == 200
        assert "không phải là số tiền" in body and 'value="30,5 nghìn"' in body

    def test_a_second_payment_for_the_month_is_refused_naming_the_first(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        data = VALID["payment"] | {
            "member": "052090001234",
            "organisation": "C11",
            "month": "03/2024",
            "months": "1",
        }
        body = client.post(reverse("dues:payment_create"), data).content.decode()
        assert "đã nộp đảng phí tháng 03/2024" in body and "30.000" in body


class TestVoid:
    def test_a_voided_payment_stays_visible_as_voided_and_leaves_the_list(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        payment = made["payment"]
        url = reverse("dues:void", args=["payment", payment.pk])
        client.post(url, {"reason": "Ghi nhầm số tiền"})
        body = client.get(payment.get_absolute_url()).content.decode()
        assert 'data-testid="void-note"' in body and "Ghi nhầm số tiền" in body
        listed = client.get(reverse("dues:payments")).content.decode()
        assert f'href="{payment.get_absolute_url()}"' not in listed

    def test_a_cell_secretary_of_another_cell_may_not_void(
        self, client: Client, cast: dict[str, Any], made: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])  # secretary of C21
        url = reverse("dues:void", args=["payment", made["payment"].pk])
        assert client.post(url, {"reason": "x"}).status_code == 404


class TestRemittance:
    def test_the_form_proposes_the_superior_of_the_organisation(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any], made: dict[str, Any]
    ) -> None:
        secretary = cast["cell"]  # secretary of C21, who sees nothing above it
        client.force_login(secretary)
        body = client.get(reverse("dues:remittance_create"), {"to_chuc": "C21"}).content.decode()
        assert 'value="C21"' in body and 'value="GK2"' in body

    def test_the_recipients_office_acknowledges_and_the_sender_may_not(
        self,
        client: Client,
        cast: dict[str, Any],
        tree: dict[str, Any],
        made: dict[str, Any],
        django_user_model: Any,
    ) -> None:
        remittance: DuesRemittance = made["remittance"]  # from C11 to GK1
        sender = django_user_model.objects.create_user("thuquy_c11")
        Role.objects.create(user=sender, organisation=tree["C11"], kind=Role.Kind.CELL_SECRETARY)
        client.force_login(sender)
        page = client.get(remittance.get_absolute_url()).content.decode()
        assert 'data-testid="acknowledge-form"' not in page
        url = reverse("dues:acknowledge", args=[remittance.pk])
        assert client.post(url, {"acknowledged_on": "10/04/2024"}).status_code == 404
        office = django_user_model.objects.create_user("vanphong_gk1")
        Role.objects.create(user=office, organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE)
        client.force_login(office)
        page = client.get(remittance.get_absolute_url()).content.decode()
        assert 'data-testid="acknowledge-form"' in page
        refused = client.post(url, {"acknowledged_on": "01/04/2024"})  # before it was sent
        assert refused.status_code == 200 and "từ ngày nộp" in refused.content.decode()
        assert client.post(url, {"acknowledged_on": "10/04/2024"}).status_code == 302
        remittance.refresh_from_db()
        assert remittance.acknowledged_on == dt.date(2024, 4, 10)
        assert remittance.acknowledged_by == office
        listed = client.get(reverse("dues:remittances"), {"xac_nhan": "chua"}).content.decode()
        assert f'href="{remittance.get_absolute_url()}"' not in listed
        listed = client.get(reverse("dues:remittances"), {"xac_nhan": "co"}).content.decode()
        assert f'href="{remittance.get_absolute_url()}"' in listed


def test_a_long_export_of_bases_is_sorted_per_organisation_of_the_member(
    made: dict[str, Any], tree: dict[str, Any]
) -> None:
    """Past `SORT_IN_ONE` rows the Party's order is kept per organisation: for bases, the
    member's (a relation of a relation)."""
    from dangvu.core.exports import in_party_order
    from dangvu.dues.models import DuesBasis

    binh = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), "Lê Thị Bình")
    second = actions.do_set_basis(
        binh, valid_from=dt.date(2024, 1, 1), category="PENSION", income=5_000_000, acting_user=None
    )
    rows = DuesBasis.objects.all()
    kind = records.BASES
    ordered = list(
        in_party_order(rows, name=kind.person_field, group=kind.person_group, per_group=True)
    )
    assert ordered == [made["basis"], second]  # An before Bình


class TestBasisUnderQuyDinh01:
    def test_the_form_offers_the_percents_and_refuses_a_span_over_twelve_months(
        self, client: Client, admin_user: Any, made: dict[str, Any]
    ) -> None:
        from dangvu.dues.models import DuesBasis

        client.force_login(admin_user)
        url = reverse("dues:basis_create")
        assert '<option value="50">Giảm 50%</option>' in client.get(url).content.decode()
        data = VALID["basis"] | {
            "valid_from": "03/2026",
            "exemption": "REDUCED",
            "reduction_percent": "50",
            "decision": "8-QĐ/ĐU",
        }
        over = client.post(url, data | {"exemption_until": "03/2027"})
        assert over.status_code == 200
        body = over.content.decode()
        assert "tối đa 12 tháng" in body and "02/2027" in body
        assert client.post(url, data | {"exemption_until": "x"}).status_code == 200
        assert client.post(url, data | {"exemption_until": "02/2027"}).status_code == 302
        basis = DuesBasis.objects.get(valid_from=dt.date(2026, 3, 1))
        assert (basis.reduction_percent, basis.exemption_until) == (50, dt.date(2027, 2, 1))
        page = client.get(basis.get_absolute_url()).content.decode()
        assert "50%" in page and "02/2027" in page
