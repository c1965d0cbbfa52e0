"""Recording dues: bases, a cell's month, advances, conflicts, voids, remittances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.dues.actions import (
    PaymentRow,
    do_acknowledge,
    do_record_payments,
    do_remit,
    do_set_basis,
    do_void_dues,
)
from dangvu.dues.models import Area, Category, DuesBasis, DuesPayment, DuesRemittance, Exemption
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db
JAN = dt.date(2023, 1, 1)
PAID = dt.date(2023, 1, 12)


def member(org: Any, name: str, income: int = 5_000_000) -> Any:
    m = existing(org, dt.date(2022, 6, 1), dt.date(2010, 1, 1), name)
    do_set_basis(
        m, valid_from=dt.date(2022, 6, 1), category=Category.STATE, income=income, acting_user=None
    )
    return m


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "an": member(tree["C11"], "Nguyễn Văn An"),
        "binh": member(tree["C11"], "Trần Thị Bình"),
        "cuong": member(tree["C21"], "Lê Văn Cường"),
    }


class TestBasis:
    def test_a_percentage_needs_an_income_and_a_fixed_amount_an_area(
        self, tree: dict[str, Any]
    ) -> None:
        m = existing(tree["C11"], dt.date(2022, 6, 1), dt.date(2010, 1, 1), "Đỗ Văn Em")
        with pytest.raises(DomainError) as e:
            do_set_basis(m, valid_from=JAN, category=Category.STATE, acting_user=None)
        assert e.value.field == "income"
        with pytest.raises(DomainError) as e:
            do_set_basis(m, valid_from=JAN, category=Category.OTHER, acting_user=None)
        assert e.value.field == "area"
        with pytest.raises(DomainError) as e:
            do_set_basis(
                m, valid_from=JAN, category=Category.STATE, income="5.000.000,5", acting_user=None
            )
        assert e.value.field == "income"
        basis = do_set_basis(
            m,
            valid_from=dt.date(2023, 1, 17),
            category=Category.OTHER,
            area=Area.RURAL,
            acting_user=None,
        )
        assert basis.valid_from == JAN
        assert AuditEvent.objects.filter(object_type="duesbasis", object_id=str(basis.pk)).exists()

    def test_an_exemption_or_reduction_needs_its_decision(self, tree: dict[str, Any]) -> None:
        m = existing(tree["C11"], dt.date(2022, 6, 1), dt.date(2010, 1, 1), "Đỗ Văn Em")
        with pytest.raises(DomainError) as e:
            do_set_basis(
                m,
                valid_from=JAN,
                category=Category.PENSION,
                income=4_000_000,
                exemption=Exemption.EXEMPT,
                acting_user=None,
            )
        assert e.value.field == "decision"
        with pytest.raises(DomainError) as e:
            do_set_basis(
                m,
                valid_from=JAN,
                category=Category.PENSION,
                income=4_000_000,
                exemption=Exemption.REDUCED,
                decision="05-QĐ/ĐU",
                acting_user=None,
            )
        assert e.value.field == "reduced_amount"

    def test_a_second_basis_for_the_same_month_is_refused_naming_the_first(
        self, people: dict[str, Any]
    ) -> None:
        with pytest.raises(DomainError, match=r"đã có căn cứ.*06/2022") as e:
            do_set_basis(
                people["an"],
                valid_from=dt.date(2022, 6, 30),
                category=Category.PENSION,
                income=3_000_000,
                acting_user=None,
            )
        assert e.value.field == "valid_from"


class TestPayments:
    def test_a_month_records_each_member_with_the_expected_amount_and_audit(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        rows = [
            PaymentRow(people["an"], Decimal("50000"), PAID, receipt="PT-01"),
            PaymentRow(people["binh"], Decimal("40000"), PAID),
        ]
        payments = do_record_payments(tree["C11"], JAN, rows, acting_user=None)
        assert [(p.amount, p.expected) for p in payments] == [
            (Decimal("50000"), Decimal("50000")),
            (Decimal("40000"), Decimal("50000")),
        ]
        events = AuditEvent.objects.filter(object_type="duespayment")
        assert sorted(int(e.object_id) for e in events) == sorted(p.pk for p in payments)

    def test_an_advance_is_split_to_the_dong_with_the_remainder_first(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        rows = [PaymentRow(people["an"], Decimal("100001"), PAID, months=3, receipt="PT-02")]
        payments = do_record_payments(tree["C11"], JAN, rows, acting_user=None)
        assert [(p.month, p.amount) for p in payments] == [
            (dt.date(2023, 1, 1), Decimal("33335")),
            (dt.date(2023, 2, 1), Decimal("33333")),
            (dt.date(2023, 3, 1), Decimal("33333")),
        ]
        assert sum(p.amount for p in payments) == Decimal("100001")
        assert {p.receipt for p in payments} == {"PT-02"}

    def test_a_paid_month_is_refused_naming_both_entries_and_nothing_is_written(
        self, tree: dict[str, Any], people: dict[str, Any], admin_user: Any
    ) -> None:
        do_record_payments(
            tree["C11"],
            dt.date(2023, 2, 1),
            [PaymentRow(people["an"], Decimal("50000"), dt.date(2023, 2, 3))],
            acting_user=admin_user,
        )
        rows = [
            PaymentRow(people["binh"], Decimal("50000"), PAID),
            PaymentRow(people["an"], Decimal("150000"), PAID, months=3),  # Jan–Mar: Feb is paid
        ]
        with pytest.raises(DomainError) as e:
            do_record_payments(tree["C11"], JAN, rows, acting_user=None)
        message = str(e.value)
        assert "Nguyễn Văn An" in message and "02/2023" in message
        assert "50.000 đồng" in message and "03/02/2023" in message and "quantri" in message
        assert DuesPayment.objects.count() == 1

    def test_two_rows_for_the_same_member_and_month_are_refused(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        rows = [
            PaymentRow(people["an"], Decimal("50000"), PAID),
            PaymentRow(people["an"], Decimal("50000"), PAID),
        ]
        with pytest.raises(DomainError, match="hai dòng"):
            do_record_payments(tree["C11"], JAN, rows, acting_user=None)

    def test_a_void_keeps_the_first_entry_and_frees_the_month(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        [first] = do_record_payments(
            tree["C11"], JAN, [PaymentRow(people["an"], Decimal("5000"), PAID)], acting_user=None
        )
        with pytest.raises(DomainError) as e:
            do_void_dues(first, reason="  ", acting_user=None)
        assert e.value.field == "reason"
        do_void_dues(first, reason="Ghi nhầm số tiền", acting_user=None)
        [second] = do_record_payments(
            tree["C11"], JAN, [PaymentRow(people["an"], Decimal("50000"), PAID)], acting_user=None
        )
        first.refresh_from_db()
        assert first.is_void and first.void_reason == "Ghi nhầm số tiền"
        assert first.amount == Decimal("5000") and second.amount == Decimal("50000")
        assert DuesPayment.objects.filter(member=people["an"], month=JAN).count() == 2

    def test_a_member_outside_the_cell_is_refused_naming_where_they_were(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        with pytest.raises(DomainError) as e:
            do_record_payments(
                tree["C11"],
                JAN,
                [PaymentRow(people["cuong"], Decimal("50000"), PAID)],
                acting_user=None,
            )
        assert "Lê Văn Cường" in str(e.value)
        assert "Chi bộ Văn phòng Sở Tài chính" in str(e.value)
        assert e.value.field == "member"
        with pytest.raises(DomainError, match="Chi bộ Văn phòng Sở Y tế"):
            do_record_payments(  # the grassroots committee above: the cell collects
                tree["GK1"],
                JAN,
                [PaymentRow(people["an"], Decimal("50000"), PAID)],
                acting_user=None,
            )
        with pytest.raises(DomainError, match="không sinh hoạt trong Đảng bộ"):
            do_record_payments(
                tree["C11"],
                dt.date(2022, 1, 1),
                [PaymentRow(people["an"], Decimal("50000"), PAID)],
                acting_user=None,
            )

    @pytest.mark.parametrize(
        ("amount", "months", "field"),
        [
            ("abc", 1, "amount"),
            ("50.000,5", 1, "amount"),
            ("NaN", 1, "amount"),
            ("-Infinity", 1, "amount"),
            (Decimal("0.5"), 1, "amount"),
            ("-5", 1, "amount"),
            ("10.5", 1, "amount"),
            ("1e20", 1, "amount"),
            ("50000", 0, "months"),
            ("50000", 99, "months"),
        ],
    )
    def test_junk_is_refused_naming_the_field(
        self, tree: dict[str, Any], people: dict[str, Any], amount: str, months: int, field: str
    ) -> None:
        with pytest.raises(DomainError) as e:
            do_record_payments(
                tree["C11"],
                JAN,
                [PaymentRow(people["an"], amount, PAID, months=months)],  # type: ignore[arg-type]
                acting_user=None,
            )
        assert e.value.field == field
        assert not DuesPayment.objects.exists()

    def test_an_amount_written_with_thousands_dots_is_read_as_dong(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        [payment] = do_record_payments(
            tree["C11"],
            JAN,
            [PaymentRow(people["an"], "50.000", PAID)],  # type: ignore[arg-type]
            acting_user=None,
        )
        assert payment.amount == Decimal("50000")

    def test_a_user_without_a_role_is_refused(
        self, tree: dict[str, Any], people: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            do_record_payments(
                tree["C11"],
                JAN,
                [PaymentRow(people["an"], Decimal("50000"), PAID)],
                acting_user=cast["nobody"],
            )


class TestRemittance:
    @pytest.fixture
    def collected(self, tree: dict[str, Any], people: dict[str, Any]) -> None:
        do_record_payments(
            tree["C11"],
            JAN,
            [
                PaymentRow(people["an"], Decimal("50000"), PAID),
                PaymentRow(people["binh"], Decimal("50000"), PAID),
            ],
            acting_user=None,
        )

    def test_the_recipient_is_the_superior_and_more_than_collected_needs_a_reason(
        self, tree: dict[str, Any], collected: None
    ) -> None:
        kwargs: dict[str, Any] = {
            "period_start": JAN,
            "period_end": dt.date(2023, 3, 31),
            "sent_on": dt.date(2023, 4, 5),
            "acting_user": None,
        }
        sent = do_remit(tree["C11"], amount=Decimal("70000"), receipt_number="UNC-1", **kwargs)
        assert sent.recipient == tree["GK1"]
        assert sent.period_end == dt.date(2023, 3, 31)
        with pytest.raises(DomainError) as e:
            do_remit(tree["C11"], amount=Decimal("30001"), **kwargs)
        assert e.value.field == "excess_reason"
        assert "100.000 đồng" in str(e.value) and "70.000 đồng" in str(e.value)
        extra = do_remit(
            tree["C11"], amount=Decimal("30001"), excess_reason="Nộp bù quý IV/2022", **kwargs
        )
        assert extra.excess_reason == "Nộp bù quý IV/2022"
        assert DuesRemittance.objects.count() == 2

    def test_the_grassroots_remits_on_what_its_cells_collected(
        self, tree: dict[str, Any], collected: None
    ) -> None:
        sent = do_remit(
            tree["GK1"],
            period_start=JAN,
            period_end=JAN,
            amount=Decimal("100000"),
            sent_on=dt.date(2023, 2, 10),
            acting_user=None,
        )
        assert sent.recipient == tree["BLOC"]
        with pytest.raises(DomainError):
            do_remit(
                tree["GK2"],
                period_start=JAN,
                period_end=JAN,
                amount=Decimal("1"),
                sent_on=dt.date(2023, 2, 10),
                acting_user=None,
            )

    def test_acknowledgement_once_not_before_sending_and_then_no_void(
        self, tree: dict[str, Any], collected: None, admin_user: Any
    ) -> None:
        sent = do_remit(
            tree["C11"],
            period_start=JAN,
            period_end=JAN,
            amount=Decimal("70000"),
            sent_on=dt.date(2023, 2, 10),
            acting_user=None,
        )
        with pytest.raises(DomainError, match="từ ngày nộp"):
            do_acknowledge(sent, on=dt.date(2023, 2, 9), acting_user=admin_user)
        sent = do_acknowledge(sent, on=dt.date(2023, 2, 15), acting_user=admin_user)
        assert sent.acknowledged_on == dt.date(2023, 2, 15)
        assert sent.acknowledged_by == admin_user
        with pytest.raises(DomainError, match="đã được xác nhận"):
            do_acknowledge(sent, on=dt.date(2023, 2, 16), acting_user=admin_user)
        with pytest.raises(DomainError, match="không thể hủy"):
            do_void_dues(sent, reason="Nhầm", acting_user=admin_user)
        assert AuditEvent.objects.filter(
            object_type="duesremittance", object_id=str(sent.pk), note__contains="xác nhận"
        ).exists()

    def test_a_voided_remittance_frees_its_amount(
        self, tree: dict[str, Any], collected: None
    ) -> None:
        kwargs: dict[str, Any] = {
            "period_start": JAN,
            "period_end": JAN,
            "sent_on": dt.date(2023, 2, 10),
            "acting_user": None,
        }
        sent = do_remit(tree["C11"], amount=Decimal("100000"), **kwargs)
        with pytest.raises(DomainError):
            do_remit(tree["C11"], amount=Decimal("70000"), **kwargs)
        do_void_dues(sent, reason="Ghi nhầm số tiền", acting_user=None)
        assert do_remit(tree["C11"], amount=Decimal("70000"), **kwargs).amount == 70000
        assert DuesBasis.objects.count() == 3


class TestAuditScope:
    def test_dues_rows_belong_to_the_member_or_collecting_organisation(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from dangvu.audit.scope import events_in_scope

        [payment] = do_record_payments(
            tree["C11"], JAN, [PaymentRow(people["an"], Decimal("50000"), PAID)], acting_user=None
        )
        sent = do_remit(
            tree["C11"],
            period_start=JAN,
            period_end=JAN,
            amount=Decimal("35000"),
            sent_on=dt.date(2023, 2, 10),
            acting_user=None,
        )
        basis = DuesBasis.objects.get(member=people["an"])
        inside = {
            (e.event.object_type, e.event.object_id)
            for e in events_in_scope(AuditEvent.objects.all(), [tree["GK1"]])
        }
        assert ("duespayment", str(payment.pk)) in inside
        assert ("duesremittance", str(sent.pk)) in inside
        assert ("duesbasis", str(basis.pk)) in inside
        outside = {
            (e.event.object_type, e.event.object_id)
            for e in events_in_scope(AuditEvent.objects.all(), [tree["GK2"]])
        }
        assert ("duespayment", str(payment.pk)) not in outside
