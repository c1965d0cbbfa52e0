"""Import declarations: members' dues bases, the cells' payments and the remittances sent up.

Importing the same file twice writes nothing the second time: a basis is matched by its
member and month, a payment by its member and month, a remittance by its organisation and
months. A row that speaks of a month already recorded with other figures is refused naming
both, never counted as «đã có (không đổi)»: a wrong entry is voided on its page and the file
imported again.

Payments are many (a province's month is 100,000 rows): they are checked a chunk at a time
against the records loaded for the chunk and written in bulk (`PaymentBatch`), with the
same checks and the same expected amounts as the treasurer's form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dangvu.audit import log as audit
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.core.rules import RuleBook
from dangvu.dues import actions, calc
from dangvu.dues.actions import MAX_ADVANCE_MONTHS
from dangvu.dues.models import (
    Area,
    Category,
    Channel,
    DuesBasis,
    DuesPayment,
    DuesRemittance,
    Exemption,
)
from dangvu.dues.seniority import party_age_exempt
from dangvu.lib.text import search_key
from dangvu.lib.vnformat import fmt_date, fmt_number
from dangvu.members import numbers
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import path_at

MEMBER_COLUMNS = (
    Column("Họ và tên", "full_name", required=True, example="Nguyễn Văn An"),
    Column(
        "Ngày sinh",
        "birth_date",
        "date",
        example="17/05/1990",
        help="Cần khi không ghi số CCCD: đảng viên được tìm theo họ tên và ngày sinh.",
    ),
    Column("Số CCCD", "identity_number", "identity", example="052090001234"),
)


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{fmt_number(value)} đ"


def _month(day: dt.date) -> str:
    return f"{day:%m/%Y}"


# --- finding the member a row speaks of ---------------------------------------------------


@dataclass
class MemberIndex:
    """Members by identity number and by (name key, birth date), loaded for many rows."""

    by_identity: dict[str, Member] = field(default_factory=dict)
    by_name: dict[tuple[str, dt.date], list[Member]] = field(default_factory=dict)

    def load(self, rows: list[dict[str, Any]]) -> None:
        idents = {row["identity_number"] for row in rows if row.get("identity_number")}
        keys = {search_key(row["full_name"]) for row in rows if not row.get("identity_number")}
        births = {row["birth_date"] for row in rows if row.get("birth_date")}
        found = Member.objects.select_related("organisation")
        if idents:
            for member in found.filter(identity_number__in=idents):
                self.by_identity[member.identity_number] = member
        if keys and births:
            for member in found.filter(search_key__in=keys, birth_date__in=births).order_by("pk"):
                same = self.by_name.setdefault((member.search_key, member.birth_date), [])
                if member not in same:
                    same.append(member)

    def find(self, row: dict[str, Any], ctx: Context, *, scoped: bool = True) -> Member:
        """The member of a row, or RowError saying what to fix. `scoped`: the member's
        organisation must be within the user's scope (a payment checks the cell instead:
        a member who has moved away since paid where they were)."""
        ident = row.get("identity_number")
        if ident:
            member = self.by_identity.get(ident)
            if member is None:
                raise RowError(f"Không có đảng viên có số CCCD {ident}.", "Số CCCD")
            holder = numbers.member_holder(member)
            if numbers.differs(holder, row["full_name"], row.get("birth_date")):
                visible = numbers.can_see(ctx.user, holder)
                raise RowError(
                    numbers.mismatch_message(
                        ident, holder, visible, row["full_name"], row.get("birth_date")
                    ),
                    "Số CCCD",
                )
        else:
            if not row.get("birth_date"):
                raise RowError(
                    "Hãy ghi số CCCD, hoặc ngày sinh để tìm đảng viên theo họ tên.", "Ngày sinh"
                )
            same = [
                m
                for m in self.by_name.get((search_key(row["full_name"]), row["birth_date"]), [])
                if m.full_name == row["full_name"]
            ]
            if not same:
                raise RowError(
                    f"Không có đảng viên {row['full_name']} sinh ngày "
                    f"{fmt_date(row['birth_date'])}.",
                    "Họ và tên",
                )
            if len(same) > 1:
                raise RowError(
                    "Có nhiều đảng viên cùng họ tên và ngày sinh; hãy ghi số CCCD để phân biệt.",
                    "Số CCCD",
                )
            member = same[0]
        if scoped and (member.organisation_id is None or not ctx.in_scope(member.organisation_id)):
            raise RowError("Đảng viên này thuộc tổ chức ngoài phạm vi của bạn.", "Họ và tên")
        return member


def find_member(row: dict[str, Any], ctx: Context) -> Member:
    index = MemberIndex()
    index.load([row])
    return index.find(row, ctx)


# --- dues bases ----------------------------------------------------------------------------

BASES = (
    *MEMBER_COLUMNS,
    Column("Áp dụng từ tháng", "valid_from", "month", required=True, example="01/2025"),
    Column(
        "Đối tượng",
        "category",
        "choice",
        required=True,
        choices=tuple(Category.choices),
        example=Category.STATE.label,
    ),
    Column(
        "Thu nhập hằng tháng",
        "income",
        "money",
        example="9500000",
        help="Tiền lương, phụ cấp (hoặc lương hưu, thu nhập) hằng tháng làm căn cứ tính "
        "đảng phí theo tỷ lệ %, bằng đồng.",
    ),
    Column(
        "Địa bàn",
        "area",
        "choice",
        choices=tuple(Area.choices),
        help="Với đối tượng đóng theo mức cố định (nông dân, lao động tự do, học sinh…).",
    ),
    Column(
        "Miễn, giảm",
        "exemption",
        "choice",
        choices=tuple((v, label) for v, label in Exemption.choices if v),
        help="Để trống nếu không được miễn, giảm.",
    ),
    Column(
        "Mức giảm (%)",
        "reduction_percent",
        "int",
        help="Từ tháng 02/2026 (Quy định 01-QĐ/TW): 30, 50 hoặc 70.",
    ),
    Column(
        "Mức đóng sau khi giảm",
        "reduced_amount",
        "money",
        help="Đồng mỗi tháng; các tháng trước 02/2026 (giảm không theo phần trăm).",
    ),
    Column(
        "Miễn, giảm đến hết tháng",
        "exemption_until",
        "month",
        help="Tháng cuối của lần miễn, giảm; từ 02/2026 tối đa 12 tháng kể cả tháng áp dụng "
        "(để trống: 12 tháng).",
    ),
    Column("Quyết định miễn, giảm", "decision", example="15-QĐ/ĐU"),
    Column("Ngày quyết định", "decision_date", "date"),
    Column("Ghi chú", "note"),
)

_BASIS_FIELDS = (
    "category",
    "income",
    "area",
    "exemption",
    "reduced_amount",
    "reduction_percent",
    "exemption_until",
    "decision",
)


def _basis_text(values: dict[str, Any]) -> str:
    parts = [str(Category(values["category"]).label)]
    if values.get("income") is not None:
        parts.append(f"thu nhập {_money(values['income'])}")
    if values.get("area"):
        parts.append(str(Area(values["area"]).label))
    if values.get("exemption"):
        parts.append(str(Exemption(values["exemption"]).label))
    if values.get("reduction_percent"):
        parts.append(f"giảm {values['reduction_percent']}%")
    if values.get("reduced_amount") is not None:
        parts.append(f"còn {_money(values['reduced_amount'])}/tháng")
    if values.get("exemption_until"):
        parts.append(f"đến hết tháng {_month(values['exemption_until'])}")
    if values.get("decision"):
        parts.append(f"quyết định {values['decision']}")
    return ", ".join(parts)


def apply_basis(row: dict[str, Any], ctx: Context) -> str:
    from dangvu.dues import actions

    member = find_member(row, ctx)
    wanted = {
        "category": row["category"],
        "income": row.get("income"),
        "area": row.get("area") or "",
        "exemption": row.get("exemption") or "",
        "reduced_amount": row.get("reduced_amount"),
        "reduction_percent": row.get("reduction_percent"),
        "exemption_until": row.get("exemption_until"),
        "decision": row.get("decision") or "",
    }
    existing = DuesBasis.objects.filter(
        member=member, valid_from=row["valid_from"], voided_at__isnull=True
    ).first()
    if existing is not None:
        have = {name: getattr(existing, name) for name in _BASIS_FIELDS}
        if wanted["exemption_until"] is None:  # the action gave the longest span
            wanted["exemption_until"] = have["exemption_until"]
        if have == wanted:
            return "unchanged"
        raise RowError(
            f"Căn cứ đóng đảng phí của {member.full_name} từ tháng {_month(row['valid_from'])} "
            f"đã ghi: {_basis_text(have)}; dòng này ghi: {_basis_text(wanted)}. Muốn sửa thì "
            "hủy căn cứ đã ghi trên trang của nó rồi nhập lại.",
            "Đối tượng",
        )
    actions.do_set_basis(
        member,
        valid_from=row["valid_from"],
        category=wanted["category"],
        income=wanted["income"],
        area=wanted["area"],
        exemption=wanted["exemption"],
        reduced_amount=wanted["reduced_amount"],
        reduction_percent=wanted["reduction_percent"],
        exemption_until=wanted["exemption_until"],
        decision=wanted["decision"],
        decision_date=row.get("decision_date"),
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


BASIS_KIND = ImportKind(
    code="dues-bases",
    label="Căn cứ đóng đảng phí",
    description=(
        "Mỗi dòng là căn cứ đóng đảng phí của một đảng viên từ một tháng: đối tượng, thu "
        "nhập hằng tháng (với đối tượng đóng theo tỷ lệ %), địa bàn (với mức cố định), miễn "
        "hoặc giảm kèm quyết định. Đảng viên được tìm theo số CCCD, hoặc họ tên và ngày sinh."
    ),
    columns=BASES,
    apply=apply_basis,
    notes=(
        "A basis holds from its month until the member's next basis. The same member and "
        "month with other figures is refused naming both: void the recorded basis on its "
        "page, then import again.",
    ),
)


# --- payments ------------------------------------------------------------------------------

PAYMENTS = (
    Column(
        "Chi bộ",
        "organisation",
        "org",
        required=True,
        example="DBK.01.02",
        help="Mã hoặc tên chi bộ thu đảng phí (nơi đảng viên sinh hoạt).",
    ),
    Column("Tháng", "month", "month", required=True, example="03/2025"),
    *MEMBER_COLUMNS,
    Column(
        "Số tiền",
        "amount",
        "money",
        required=True,
        example="95000",
        help="Số tiền đã nộp, bằng đồng; nộp trước nhiều tháng: tổng số tiền của các tháng.",
    ),
    Column("Ngày nộp", "paid_on", "date", required=True, example="10/03/2025"),
    Column("Số phiếu thu", "receipt", example="PT-0312"),
    Column(
        "Số tháng",
        "months",
        "int",
        example="1",
        help="Để trống hoặc 1; nộp trước nhiều tháng: số tháng, kể từ tháng ghi ở cột «Tháng».",
    ),
    Column(
        "Hình thức nộp",
        "channel",
        "choice",
        choices=tuple(Channel.choices),
        help="Để trống: tiền mặt nộp chi bộ.",
    ),
    Column("Ghi chú", "note"),
)


@dataclass
class PaymentBatch:
    """A chunk of payment rows: one read per lookup, one bulk write per flush.

    The checks are those of `actions.do_record_payments` (the treasurer's month page),
    answered from what `prepare` loaded for the chunk: the member was in the cell (or a
    group under it) some day of each month paid, the cell existed then, the day paid is
    not in the future, one live payment per member and month, and the expected amount is
    the basis's for that month.
    """

    ctx: Context
    members: MemberIndex = field(default_factory=MemberIndex)
    # (member id, month) -> (amount, paid on, receipt) of live payments and accepted rows.
    recorded: dict[tuple[int, dt.date], tuple[Decimal, dt.date, str]] = field(default_factory=dict)
    intervals: dict[int, list[MembershipInterval]] = field(default_factory=dict)
    bases: dict[dt.date, dict[int, DuesBasis]] = field(default_factory=dict)
    paths: dict[tuple[int, dt.date], str | None] = field(default_factory=dict)
    # Per cell: "" when the user may record its dues, else the refusal.
    editable: dict[int, str] = field(default_factory=dict)
    pending: list[DuesPayment] = field(default_factory=list)
    # The rules read once for the whole file, and each basis's amount per month.
    book: RuleBook = field(default_factory=RuleBook)
    amounts: dict[tuple[int | None, dt.date], Decimal] = field(default_factory=dict)
    # Month -> the members of the chunk exempt by party age (they owe nothing).
    exempt: dict[dt.date, set[int]] = field(default_factory=dict)

    def _ids(self) -> set[int]:
        return {m.pk for m in self.members.by_identity.values()} | {
            m.pk for same in self.members.by_name.values() for m in same
        }

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.members = MemberIndex()
        self.members.load(rows)
        ids = self._ids()
        wanted = {
            add_months(row["month"], i)
            for row in rows
            for i in range(min(max(row.get("months") or 1, 1), MAX_ADVANCE_MONTHS))
        }
        self.bases = {}
        self.intervals = {}
        self.exempt = {}
        if not ids or not wanted:
            return
        self.exempt = party_age_exempt(list(ids), wanted, book=self.book)
        live = DuesPayment.objects.filter(
            member_id__in=ids, month__in=wanted, voided_at__isnull=True
        ).values_list("member_id", "month", "amount", "paid_on", "receipt")
        for member_id, month, amount, paid_on, receipt in live:
            self.recorded[(member_id, month)] = (amount, paid_on, receipt)
        for interval in MembershipInterval.objects.filter(
            member_id__in=ids,
            valid_from__lte=calc.last_of_month(max(wanted)),
            valid_to__gt=min(wanted),
        ):
            self.intervals.setdefault(interval.member_id, []).append(interval)

    def _basis(self, member: Member, month: dt.date) -> DuesBasis | None:
        if month not in self.bases:
            self.bases[month] = calc.bases_on(self._ids(), month)
        return self.bases[month].get(member.pk)

    def _expected(self, member: Member, month: dt.date) -> Decimal:
        if member.pk in self.exempt.get(month, ()):
            return Decimal(0)
        basis = self._basis(member, month)
        key = (basis.pk if basis is not None else None, month)
        if key not in self.amounts:
            self.amounts[key] = calc.expected_amount(basis, month, book=self.book)
        return self.amounts[key]

    def _path(self, cell: Organisation, month: dt.date) -> str | None:
        """The cell's path in the tree that month, None if it did not exist then."""
        if (cell.pk, month) not in self.paths:
            self.paths[(cell.pk, month)] = path_at(cell, month)
        return self.paths[(cell.pk, month)]

    def apply(self, row: dict[str, Any]) -> str:

        ctx = self.ctx
        cell = ctx.organisation(row["organisation"], "Chi bộ")
        if cell.pk not in self.editable:
            # The dues editors' scope, as the month page checks it (once per cell).
            try:
                actions.check_scope(cell, ctx.user)
            except DomainError as error:
                self.editable[cell.pk] = error.message
            else:
                self.editable[cell.pk] = ""
        if self.editable[cell.pk]:
            raise RowError(self.editable[cell.pk], "Chi bộ")
        member = self.members.find(row, ctx, scoped=False)
        count = row.get("months") or 1
        if not 1 <= count <= MAX_ADVANCE_MONTHS:
            raise RowError(f"Số tháng phải từ 1 đến {MAX_ADVANCE_MONTHS}.", "Số tháng")
        if row["paid_on"] > today():
            raise RowError(
                f"Ngày nộp {fmt_date(row['paid_on'])} chưa đến; chỉ ghi khoản đã nộp.",
                "Ngày nộp",
            )
        months = [add_months(row["month"], i) for i in range(count)]
        amounts = actions.split_evenly(row["amount"], count)
        have = [self.recorded.get((member.pk, month)) for month in months]
        if all(h is not None and h[0] == a for h, a in zip(have, amounts, strict=True)):
            return "unchanged"
        for month, h, mine in zip(months, have, amounts, strict=True):
            if h is None:
                continue
            amount, paid_on, receipt = h
            receipt_text = f", phiếu thu {receipt}" if receipt else ""
            recorded = (
                f"Tháng {_month(month)} của {member.full_name} đã ghi {_money(amount)} (nộp "
                f"ngày {fmt_date(paid_on)}{receipt_text})"
            )
            if amount != mine:
                raise RowError(
                    f"{recorded}; dòng này ghi {_money(mine)}. Muốn sửa thì hủy khoản đã ghi "
                    "rồi nhập lại.",
                    "Số tiền",
                )
            raise RowError(
                f"{recorded}; dòng nộp trước này còn gồm tháng chưa ghi: hãy ghi riêng các "
                "tháng chưa ghi.",
                "Số tháng",
            )
        if self._path(cell, row["month"]) is None:
            raise RowError(
                f"«{cell.name}» không hoạt động vào tháng {_month(row['month'])}.", "Chi bộ"
            )
        for month in months:
            if not actions.was_in_cell(self.intervals.get(member.pk, []), cell, month):
                raise RowError(
                    f"Tháng {_month(month)} đồng chí {member.full_name} không sinh hoạt tại "
                    f"«{cell.name}»; chi bộ nơi đồng chí sinh hoạt tháng đó mới thu đảng phí.",
                    "Chi bộ",
                )
        user = ctx.user if getattr(ctx.user, "pk", None) else None
        for month, amount in zip(months, amounts, strict=True):
            self.pending.append(
                DuesPayment(
                    member=member,
                    organisation=cell,
                    month=month,
                    amount=amount,
                    expected=self._expected(member, month),
                    paid_on=row["paid_on"],
                    receipt=(row.get("receipt") or "")[:40],
                    channel=row.get("channel") or Channel.CASH,
                    note=row.get("note") or "",
                    recorded_by=user,
                )
            )
            self.recorded[(member.pk, month)] = (amount, row["paid_on"], row.get("receipt") or "")
        return "created"

    def flush(self) -> None:
        if self.pending:
            record_payments_bulk(self.pending, acting_user=self.ctx.user)
        self.pending = []


def record_payments_bulk(payments: list[DuesPayment], *, acting_user: Any) -> None:
    """Write checked payments in bulk statements, each with its audit entry (as
    `do_record_payments` writes them)."""
    DuesPayment.objects.bulk_create(payments, batch_size=500)
    audit.record_many(
        [
            audit.entry(audit.CREATE, user=acting_user, obj=p, after=audit.snapshot(p))
            for p in payments
        ]
    )


def apply_payment(row: dict[str, Any], ctx: Context) -> str:
    return ctx.batch.apply(row)


PAYMENT_KIND = ImportKind(
    code="dues-payments",
    label="Thu đảng phí",
    description=(
        "Mỗi dòng là số tiền đảng phí một đảng viên đã nộp cho chi bộ trong một tháng (sổ "
        "thu của thủ quỹ chi bộ). Nộp trước nhiều tháng: ghi tháng đầu, tổng số tiền và số "
        "tháng. Số phải đóng được tính theo căn cứ đóng đảng phí của đảng viên."
    ),
    columns=PAYMENTS,
    apply=apply_payment,
    batch=PaymentBatch,
    notes=(
        "One live payment per member and month: the same member, month and amount again is "
        "«đã có (không đổi)»; another amount is refused naming the recorded payment (its "
        "amount, day and receipt). An advance of several months is one row: its amount is "
        "split in whole đồng, the remainder on the first month, each month a payment sharing "
        "the receipt number.",
        "The checks are the treasurer's page's: the member was in the cell named on the row "
        "(or a group under it) some day of each month paid, the cell existed then, and the "
        "day paid is not in the future. The expected amount of each month is computed from "
        "the member's basis in force that month, by the rates of that month.",
        "Rows are checked and written 500 at a time in bulk statements, each payment with its "
        "audit entry: a province's month of 100,000 payments imports in minutes "
        "(`bench/dues.py`).",
    ),
)


# --- remittances ---------------------------------------------------------------------------

REMITTANCES = (
    Column(
        "Tổ chức nộp",
        "organisation",
        "org",
        required=True,
        example="DBK.01",
        help="Mã hoặc tên chi bộ, đảng bộ nộp đảng phí lên cấp trên.",
    ),
    Column("Từ tháng", "period_start", "month", required=True, example="01/2025"),
    Column("Đến tháng", "period_end", "month", required=True, example="03/2025"),
    Column("Số tiền", "amount", "money", required=True, example="2150000"),
    Column("Ngày nộp", "sent_on", "date", required=True, example="10/04/2025"),
    Column("Số chứng từ", "receipt_number", example="GNT-0425"),
    Column(
        "Lý do nộp nhiều hơn số thu",
        "excess_reason",
        help="Chỉ khi số tiền nộp lên lớn hơn số được nộp của các tháng này (ví dụ nộp bù "
        "kỳ trước).",
    ),
    Column("Ghi chú", "note"),
)


def apply_remittance(row: dict[str, Any], ctx: Context) -> str:
    from dangvu.dues import actions, calc

    org = ctx.organisation(row["organisation"], "Tổ chức nộp")
    start, end = row["period_start"], row["period_end"]
    if end < start:
        raise RowError(f"«Đến tháng» {_month(end)} trước «Từ tháng» {_month(start)}.", "Đến tháng")
    existing = DuesRemittance.objects.filter(
        organisation=org,
        period_start=start,
        period_end=calc.last_of_month(end),
        voided_at__isnull=True,
    ).first()
    if existing is not None:
        if existing.amount == row["amount"]:
            return "unchanged"
        number = f", chứng từ {existing.receipt_number}" if existing.receipt_number else ""
        raise RowError(
            f"{org.name} đã ghi nộp lên cho tháng {_month(start)}–{_month(end)} "
            f"{_money(existing.amount)} (ngày {fmt_date(existing.sent_on)}{number}); dòng này "
            f"ghi {_money(row['amount'])}. Muốn sửa thì hủy lần nộp đã ghi rồi nhập lại.",
            "Số tiền",
        )
    actions.do_remit(
        org,
        period_start=start,
        period_end=calc.last_of_month(end),
        amount=row["amount"],
        sent_on=row["sent_on"],
        receipt_number=row.get("receipt_number") or "",
        excess_reason=row.get("excess_reason") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


REMITTANCE_KIND = ImportKind(
    code="dues-remittances",
    label="Nộp đảng phí lên cấp trên",
    description=(
        "Mỗi dòng là một lần chi bộ hoặc đảng bộ nộp đảng phí lên cấp trên cho các tháng từ "
        "«Từ tháng» đến «Đến tháng»: số tiền, ngày nộp, số chứng từ. Nộp nhiều hơn số được "
        "nộp của các tháng đó thì ghi lý do."
    ),
    columns=REMITTANCES,
    apply=apply_remittance,
    notes=(
        "A remittance is matched by its organisation and months: the same amount again is "
        "«đã có (không đổi)», another amount is refused naming the recorded one. The "
        "recipient is the organisation's superior; more than the organisation collected for "
        "those months is refused unless «Lý do nộp nhiều hơn số thu» says why.",
    ),
)

register(BASIS_KIND)
register(PAYMENT_KIND)
register(REMITTANCE_KIND)
