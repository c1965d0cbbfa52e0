"""The dues imports: bases, payments and remittances from a spreadsheet, idempotent and all
or nothing, each refused row named with what to fix."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.importing import get_kind, parse_cell, run_import
from dangvu.dues.actions import PaymentRow, do_record_payments, do_set_basis
from dangvu.dues.models import Category, DuesBasis, DuesPayment, DuesRemittance
from dangvu.members.tests.factories import existing
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db
JOINED = dt.date(2022, 6, 1)


def xlsx(kind_code: str, rows: list[dict[str, Any]]) -> bytes:
    kind = get_kind(kind_code)
    heads = [c.header for c in kind.columns]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(heads)
    for row in rows:
        sheet.append([row.get(h) for h in heads])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(kind: str, rows: list[dict[str, Any]], user: Any, *, commit: bool = True) -> Any:
    return run_import(
        get_kind(kind),
        xlsx(kind, rows),
        "tep.xlsx",
        user=user,
        scope=Organisation.objects.all(),
        commit=commit,
    )


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    an = existing(tree["C11"], JOINED, dt.date(2010, 1, 1), "Nguyễn Văn An")
    an.identity_number = "052085001234"
    an.save(update_fields=["identity_number"])
    binh = existing(tree["C11"], JOINED, dt.date(2012, 1, 1), "Trần Thị Bình")
    for m in (an, binh):
        do_set_basis(
            m, valid_from=JOINED, category=Category.STATE, income=5_000_000, acting_user=None
        )
    return {"an": an, "binh": binh}


def pay_row(member: Any, **kw: Any) -> dict[str, Any]:
    row = {
        "Chi bộ": "C11",
        "Tháng": "03/2023",
        "Họ và tên": member.full_name,
        "Ngày sinh": member.birth_date.strftime("%d/%m/%Y"),
        "Số tiền": "50.000",
        "Ngày nộp": "10/03/2023",
        "Số phiếu thu": "PT-03",
    }
    row.update(kw)
    return row


class TestPayments:
    def test_a_month_imports_with_expected_amounts_and_audit(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        report = run(
            "dues-payments",
            [
                pay_row(people["an"], **{"Số CCCD": "052085001234"}),
                pay_row(people["binh"], **{"Số tiền": 40000}),
            ],
            admin_user,
        )
        assert report.ok and report.committed, report.lines()
        assert report.created == 2
        paid = {p.member_id: p for p in DuesPayment.objects.all()}
        assert paid[people["an"].pk].amount == Decimal(50_000)
        assert paid[people["an"].pk].expected == Decimal(50_000)  # 1% of 5,000,000
        assert paid[people["binh"].pk].amount == Decimal(40_000)
        assert paid[people["an"].pk].month == dt.date(2023, 3, 1)
        assert paid[people["an"].pk].recorded_by == admin_user
        logged = AuditEvent.objects.filter(object_type="duespayment")
        assert {e.object_id for e in logged} == {str(p.pk) for p in paid.values()}

    def test_the_same_file_twice_writes_nothing_and_says_so(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        rows = [pay_row(people["an"]), pay_row(people["binh"], **{"Số tháng": 3})]
        assert run("dues-payments", rows, admin_user).created == 2
        assert DuesPayment.objects.count() == 4
        events = AuditEvent.objects.count()
        again = run("dues-payments", rows, admin_user)
        assert again.ok and again.created == 0 and again.unchanged == 2
        assert "2 đã có (không đổi)" in again.lines()[0]
        assert DuesPayment.objects.count() == 4
        assert AuditEvent.objects.count() == events

    def test_an_advance_splits_to_the_dong(self, people: dict[str, Any], admin_user: Any) -> None:
        run(
            "dues-payments",
            [pay_row(people["an"], **{"Số tiền": 100_001, "Số tháng": 3})],
            admin_user,
        )
        amounts = list(
            DuesPayment.objects.order_by("month").values_list("month", "amount", "receipt")
        )
        assert amounts == [
            (dt.date(2023, 3, 1), Decimal(33_335), "PT-03"),
            (dt.date(2023, 4, 1), Decimal(33_333), "PT-03"),
            (dt.date(2023, 5, 1), Decimal(33_333), "PT-03"),
        ]

    def test_another_amount_for_a_recorded_month_names_both(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        do_record_payments(
            people["an"].organisation,
            dt.date(2023, 3, 1),
            [PaymentRow(people["an"], Decimal(50_000), dt.date(2023, 3, 5), receipt="PT-01")],
            acting_user=None,
        )
        report = run(
            "dues-payments",
            [pay_row(people["binh"]), pay_row(people["an"], **{"Số tiền": 60000})],
            admin_user,
        )
        assert not report.committed
        [problem] = report.problems
        assert problem.row == 3 and problem.column == "Số tiền"
        assert "50.000 đ" in problem.message and "60.000 đ" in problem.message
        assert "PT-01" in problem.message and "05/03/2023" in problem.message
        # All or nothing: Bình's good row was not written either.
        assert DuesPayment.objects.count() == 1

    def test_a_member_of_another_cell_is_refused(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        report = run("dues-payments", [pay_row(people["an"], **{"Chi bộ": "C21"})], admin_user)
        [problem] = report.problems
        assert problem.column == "Chi bộ" and "không sinh hoạt tại" in problem.message
        assert not DuesPayment.objects.exists()

    def test_junk_rows_are_listed_and_nothing_is_written(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        rows = [
            pay_row(people["an"], **{"Tháng": "13/2023"}),
            pay_row(people["an"], **{"Số tiền": "năm mươi nghìn"}),
            pay_row(people["an"], **{"Số tiền": -5}),
            pay_row(people["an"], **{"Ngày nộp": "31/02/2023"}),
            pay_row(people["an"], **{"Họ và tên": "Không Có Ai"}),
            pay_row(people["an"], **{"Số tháng": 99}),
            pay_row(people["an"], **{"Chi bộ": "KHONGCO"}),
            pay_row(people["binh"], **{"Ngày nộp": "10/03/2099"}),
        ]
        report = run("dues-payments", rows, admin_user)
        by_row = {p.row: p for p in report.problems}
        assert sorted(by_row) == list(range(2, 10))
        assert by_row[2].column == "Tháng" and "mm/yyyy" in by_row[2].message
        assert by_row[3].column == "Số tiền" and "150000" in by_row[3].message
        assert by_row[4].column == "Số tiền"
        assert by_row[5].column == "Ngày nộp"
        assert by_row[6].column == "Họ và tên" and "Không Có Ai" in by_row[6].message
        assert by_row[7].column == "Số tháng"
        assert by_row[8].column == "Chi bộ"
        assert by_row[9].column == "Ngày nộp"
        assert not DuesPayment.objects.exists()
        assert all(p.message for p in report.problems)

    def test_an_identity_number_of_another_person_is_refused(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        report = run(
            "dues-payments", [pay_row(people["binh"], **{"Số CCCD": "052085001234"})], admin_user
        )
        [problem] = report.problems
        assert problem.column == "Số CCCD" and "Nguyễn Văn An" in problem.message


class TestBases:
    def row(self, **kw: Any) -> dict[str, Any]:
        row = {
            "Họ và tên": "Nguyễn Văn An",
            "Số CCCD": "052085001234",
            "Áp dụng từ tháng": "01/2024",
            "Đối tượng": Category.STATE.label,
            "Thu nhập hằng tháng": 8_500_000,
        }
        row.update(kw)
        return row

    def test_bases_import_once(self, people: dict[str, Any], admin_user: Any) -> None:
        exempt = self.row(
            **{
                "Họ và tên": "Trần Thị Bình",
                "Số CCCD": None,
                "Ngày sinh": people["binh"].birth_date.strftime("%d/%m/%Y"),
                "Miễn, giảm": "Miễn đóng đảng phí",
                "Quyết định miễn, giảm": "15-QĐ/ĐU",
                "Ngày quyết định": "20/12/2023",
            }
        )
        report = run("dues-bases", [self.row(), exempt], admin_user)
        assert report.committed and report.created == 2, report.lines()
        basis = DuesBasis.objects.get(member=people["an"], valid_from=dt.date(2024, 1, 1))
        assert basis.income == Decimal(8_500_000) and basis.category == Category.STATE
        again = run("dues-bases", [self.row(), exempt], admin_user)
        assert again.ok and again.created == 0 and again.unchanged == 2
        assert DuesBasis.objects.count() == 4

    def test_other_figures_for_a_recorded_month_name_both(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        run("dues-bases", [self.row()], admin_user)
        report = run("dues-bases", [self.row(**{"Thu nhập hằng tháng": "9.000.000"})], admin_user)
        [problem] = report.problems
        assert "8.500.000 đ" in problem.message and "9.000.000 đ" in problem.message

    def test_the_actions_rules_are_named_by_column(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        report = run(
            "dues-bases",
            [
                self.row(**{"Thu nhập hằng tháng": None}),
                self.row(**{"Đối tượng": "Công nhân"}),
                self.row(**{"Miễn, giảm": "Giảm mức đóng", "Áp dụng từ tháng": "02/2024"}),
            ],
            admin_user,
        )
        by_row = {p.row: p for p in report.problems}
        assert by_row[2].column == "Thu nhập hằng tháng"
        assert by_row[3].column == "Đối tượng" and Category.PENSION.label in by_row[3].message
        assert by_row[4].column == "Mức đóng sau khi giảm"
        assert DuesBasis.objects.count() == 2


class TestRemittances:
    def test_remittances_import_once_and_conflicts_name_both(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        run("dues-payments", [pay_row(people["an"]), pay_row(people["binh"])], admin_user)
        row = {
            "Tổ chức nộp": "C11",
            "Từ tháng": "03/2023",
            "Đến tháng": "03/2023",
            "Số tiền": 70000,
            "Ngày nộp": "05/04/2023",
            "Số chứng từ": "GNT-04",
        }
        report = run("dues-remittances", [row], admin_user)
        assert report.committed and report.created == 1, report.lines()
        sent = DuesRemittance.objects.get()
        assert sent.recipient.code == "GK1" and sent.period_end == dt.date(2023, 3, 31)
        again = run("dues-remittances", [row], admin_user)
        assert again.ok and again.unchanged == 1 and DuesRemittance.objects.count() == 1
        other = run("dues-remittances", [{**row, "Số tiền": 80000}], admin_user)
        [problem] = other.problems
        assert "70.000 đ" in problem.message and "80.000 đ" in problem.message
        assert "GNT-04" in problem.message

    def test_more_than_collected_needs_a_reason(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        row = {
            "Tổ chức nộp": "C11",
            "Từ tháng": "03/2023",
            "Đến tháng": "02/2023",
            "Số tiền": 70000,
            "Ngày nộp": "05/04/2023",
        }
        report = run("dues-remittances", [row, {**row, "Đến tháng": "03/2023"}], admin_user)
        by_row = {p.row: p for p in report.problems}
        assert by_row[2].column == "Đến tháng"
        assert by_row[3].column == "Lý do nộp nhiều hơn số thu"
        assert not DuesRemittance.objects.exists()
        reason = {**row, "Đến tháng": "03/2023", "Lý do nộp nhiều hơn số thu": "Nộp bù năm trước"}
        assert run("dues-remittances", [reason], admin_user).committed


class TestCells:
    @pytest.mark.parametrize(
        ("raw", "value"),
        [(150000, Decimal(150000)), ("150.000", Decimal(150000)), ("1 250 000", Decimal(1250000))],
    )
    def test_money_cells(self, raw: Any, value: Decimal) -> None:
        column = get_kind("dues-payments").column("Số tiền")
        assert parse_cell(column, raw) == value

    @pytest.mark.parametrize("raw", ["03/2025", "3/2025", dt.datetime(2025, 3, 17)])
    def test_month_cells(self, raw: Any) -> None:
        column = get_kind("dues-payments").column("Tháng")
        assert parse_cell(column, raw) == dt.date(2025, 3, 1)

    def test_templates_list_the_allowed_values(self) -> None:
        book = openpyxl.load_workbook(io.BytesIO(get_kind("dues-bases").template()))
        headers = [c.value for c in book["Dữ liệu"][1] if c.value]
        assert headers[:4] == ["Họ và tên *", "Ngày sinh", "Số CCCD", "Áp dụng từ tháng *"]
        text = " ".join(
            str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
        )
        for label in Category.labels:
            assert label in text


class TestScope:
    def test_a_cell_secretary_cannot_import_another_cells_payments(
        self, people: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        from dangvu.accounts.scoping import member_editable_organisations

        user = cast["cell"]  # secretary of C21
        report = run_import(
            get_kind("dues-payments"),
            xlsx("dues-payments", [pay_row(people["an"])]),
            "tep.xlsx",
            user=user,
            scope=member_editable_organisations(user),
            commit=True,
        )
        [problem] = report.problems
        assert problem.column == "Chi bộ" and not report.committed
        assert not DuesPayment.objects.exists()


class TestUnderQuyDinh01:
    """From 02/2026: reductions by percent with their last month, the channel of a payment,
    and nothing expected of a member with fifty years of party age."""

    def test_a_reduction_by_percent_and_its_span_are_checked_by_column(
        self, people: dict[str, Any], admin_user: Any
    ) -> None:
        base = {
            "Họ và tên": "Nguyễn Văn An",
            "Số CCCD": "052085001234",
            "Đối tượng": Category.STATE.label,
            "Thu nhập hằng tháng": 8_000_000,
            "Miễn, giảm": "Giảm mức đóng",
            "Quyết định miễn, giảm": "9-QĐ/ĐU",
        }
        good = {**base, "Áp dụng từ tháng": "03/2026", "Mức giảm (%)": "50"}
        report = run("dues-bases", [good], admin_user)
        assert report.committed and report.created == 1, report.lines()
        made = DuesBasis.objects.get(member=people["an"], valid_from=dt.date(2026, 3, 1))
        assert made.reduction_percent == 50 and made.exemption_until == dt.date(2027, 2, 1)
        assert run("dues-bases", [good], admin_user).unchanged == 1
        bad = run(
            "dues-bases",
            [
                {**base, "Áp dụng từ tháng": "04/2026", "Mức giảm (%)": "40"},
                {
                    **base,
                    "Áp dụng từ tháng": "05/2026",
                    "Mức giảm (%)": "30",
                    "Miễn, giảm đến hết tháng": "06/2027",
                },
                {**base, "Áp dụng từ tháng": "01/2026", "Mức giảm (%)": "30"},
            ],
            admin_user,
        )
        by_row = {p.row: p for p in bad.problems}
        assert by_row[2].column == "Mức giảm (%)" and "30%, 50%, 70%" in by_row[2].message
        assert by_row[3].column == "Miễn, giảm đến hết tháng"
        assert by_row[4].column == "Mức giảm (%)"

    def test_the_channel_column_is_optional_and_the_fifty_years_owe_nothing(
        self, tree: dict[str, Any], people: dict[str, Any], admin_user: Any
    ) -> None:
        veteran = existing(tree["C11"], JOINED, dt.date(1970, 1, 1), "Lê Văn Lão")
        do_set_basis(
            veteran, valid_from=JOINED, category=Category.STATE, income=5_000_000, acting_user=None
        )
        rows = [
            pay_row(people["binh"], **{"Tháng": "01/2026", "Ngày nộp": "10/02/2026"}),
            pay_row(
                veteran,
                **{
                    "Tháng": "01/2026",
                    "Ngày nộp": "10/02/2026",
                    "Số tiền": "100.000",
                    "Số tháng": 2,
                    "Hình thức nộp": "Cổng Dịch vụ công Quốc gia",
                },
            ),
        ]
        report = run("dues-payments", rows, admin_user)
        assert report.committed and report.created == 2, report.lines()
        paid = {(p.member_id, p.month): (p.expected, p.channel) for p in DuesPayment.objects.all()}
        jan, feb = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
        assert paid[(people["binh"].pk, jan)] == (Decimal(50_000), "CASH")
        assert paid[(veteran.pk, jan)] == (Decimal(50_000), "PORTAL")
        assert paid[(veteran.pk, feb)] == (Decimal(0), "PORTAL")
