"""Every write of party dues goes through one of these functions.

Each validates its rules, writes in one transaction and records the change in the audit
trail. A refusal is a `DomainError` with a Vietnamese message naming the field at fault.
`acting_user=None` is the system (imports run as their user; the demo runs as nobody):
scope is checked only for a real user. Money is whole đồng in `Decimal`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from dangvu.audit import log as audit
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import RuleBook
from dangvu.dues.calc import bases_on, expected_amount, first_of_month, last_of_month
from dangvu.dues.models import (
    Area,
    Category,
    Channel,
    DuesBasis,
    DuesPayment,
    DuesRemittance,
    Exemption,
)
from dangvu.dues.scoping import dues_editable_organisations
from dangvu.dues.seniority import party_age_exempt
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import subtree_at, version_at

MAX_ADVANCE_MONTHS = 24
ZERO = Decimal("0")
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


@dataclass(frozen=True)
class PaymentRow:
    member: Member
    amount: Decimal
    paid_on: dt.date
    months: int = 1
    receipt: str = ""
    note: str = ""
    channel: str = Channel.CASH


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _fmt_money(amount: Decimal) -> str:
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def _money(value: Any, field: str, what: str) -> Decimal:
    """`value` as whole đồng, not negative; refused naming `what` otherwise."""
    text = value if isinstance(value, str) else None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        if text is not None:
            text = text.strip().replace(" ", "").replace("\u00a0", "")
            if THOUSANDS.fullmatch(text):  # "50.000" as written in Vietnamese
                text = text.replace(".", "")
            amount = Decimal(text)
        else:
            amount = Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(f"{what} phải là số tiền bằng đồng (ví dụ 30000).", field) from None
    if amount != amount.to_integral_value() or not amount.is_finite():
        raise DomainError(f"{what} phải là số đồng chẵn, không có phần lẻ.", field)
    if amount < 0:
        raise DomainError(f"{what} không được âm.", field)
    if amount >= Decimal(10) ** 15:
        raise DomainError(f"{what} quá lớn; hãy kiểm tra lại.", field)
    return amount.quantize(Decimal("1"))


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    """Refuse, naming `org`, a real user who may not record dues there (the dues editors'
    scope, `scoping.dues_editable_organisations`); the system (no user) may."""
    if getattr(acting_user, "pk", None) is None:
        return
    if not dues_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(f"«{org.name}» nằm ngoài phạm vi bạn được ghi.", field=field)


def _check_exists(org: Organisation, day: dt.date, field: str = "organisation") -> None:
    if version_at(org, day) is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)}.",
            field=field,
        )


# --- basis ----------------------------------------------------------------------------


@transaction.atomic
def do_set_basis(
    member: Member,
    *,
    valid_from: dt.date,
    category: str,
    income: Decimal | int | str | None = None,
    area: str = "",
    exemption: str = "",
    reduced_amount: Decimal | int | str | None = None,
    reduction_percent: int | str | None = None,
    exemption_until: dt.date | None = None,
    decision: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    acting_user: Any,
) -> DuesBasis:
    """Record what `member` owes from the month of `valid_from` until their next basis.

    A reduction is a percent of the rate where the rule of `valid_from` lists percents
    (Quy định 01-QĐ/TW: 30, 50 or 70), else a reduced amount; an exemption or reduction
    may end with a month (`exemption_until`), never beyond the rule's limit of months."""
    valid_from = first_of_month(valid_from)
    if category not in Category.values:
        raise DomainError("Đối tượng đóng đảng phí không có trong danh mục.", field="category")
    if area not in ("", *Area.values):
        raise DomainError("Địa bàn phải là thành thị hoặc nông thôn.", field="area")
    if exemption not in Exemption.values:
        raise DomainError("Miễn, giảm không có trong danh mục.", field="exemption")
    income_value = None if income in (None, "") else _money(income, "income", "Thu nhập")
    reduced = (
        None
        if reduced_amount in (None, "")
        else _money(reduced_amount, "reduced_amount", "Mức đóng sau khi giảm")
    )
    percent = category in (Category.STATE, Category.ARMED, Category.PENSION, Category.ENTERPRISE)
    if percent and income_value is None and exemption != Exemption.EXEMPT:
        raise DomainError(
            "Đối tượng này đóng theo tỷ lệ phần trăm: hãy nhập thu nhập hằng tháng làm căn cứ "
            "(tiền lương, phụ cấp).",
            field="income",
        )
    if category in (Category.OTHER, Category.OTHER_AGED, Category.STUDENT) and not area:
        raise DomainError(
            "Đối tượng này đóng mức cố định theo địa bàn: hãy chọn thành thị hoặc nông thôn.",
            field="area",
        )
    decision = clean(decision)
    percent, until = _check_reduction(
        valid_from, exemption, reduced, reduction_percent, exemption_until
    )
    if exemption and not decision:
        raise DomainError(
            "Miễn, giảm đảng phí phải có quyết định: hãy nhập số quyết định.", field="decision"
        )
    if decision_date is not None:
        _check_past(decision_date, "decision_date")
    if member.organisation_id is not None:
        check_scope(member.organisation, acting_user, field="member")
    existing = (
        DuesBasis.objects.filter(member=member, valid_from=valid_from, voided_at__isnull=True)
        .select_related("recorded_by")
        .first()
    )
    if existing is not None:
        who = existing.recorded_by.get_username() if existing.recorded_by else "hệ thống"
        raise DomainError(
            f"Đồng chí {member.full_name} đã có căn cứ đóng đảng phí từ tháng "
            f"{valid_from:%m/%Y} ({existing.get_category_display()}, ghi ngày "
            f"{fmt_date(existing.recorded_at.date())} bởi {who}); hãy hủy căn cứ đó trước "
            "khi ghi lại.",
            field="valid_from",
        )
    basis = DuesBasis.objects.create(
        member=member,
        valid_from=valid_from,
        category=category,
        income=income_value,
        area=area,
        exemption=exemption,
        reduced_amount=reduced,
        reduction_percent=percent,
        exemption_until=until,
        decision=decision,
        decision_date=decision_date,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=basis, after=audit.snapshot(basis))
    return basis


def _check_reduction(
    valid_from: dt.date,
    exemption: str,
    reduced: Decimal | None,
    reduction_percent: int | str | None,
    exemption_until: dt.date | None,
) -> tuple[int | None, dt.date | None]:
    """The reduction's percent and the exemption's last month, checked against the rule
    `dues.reduction` of `valid_from` (refused naming the field and what to type)."""
    allowed = rule_reduction(valid_from)
    percents, limit = allowed["percents"], allowed["max_months"]
    percent: int | None = None
    if reduction_percent not in (None, ""):
        try:
            percent = int(str(reduction_percent).strip().rstrip("%").strip())
        except ValueError:
            percent = -1
        if exemption != Exemption.REDUCED:
            raise DomainError(
                "Chỉ chọn mức giảm khi đảng viên được giảm mức đóng.", field="reduction_percent"
            )
        if percent not in percents:
            choices = ", ".join(f"{p}%" for p in percents)
            raise DomainError(
                f"Mức giảm «{reduction_percent}» không có trong quy định của tháng "
                f"{valid_from:%m/%Y}"
                + (f": hãy chọn {choices}." if percents else "; hãy nhập mức đóng sau khi giảm."),
                field="reduction_percent",
            )
    if exemption == Exemption.REDUCED and reduced is None and percent is None:
        if percents:
            choices = ", ".join(f"{p}%" for p in percents)
            raise DomainError(f"Hãy chọn mức giảm ({choices}).", field="reduction_percent")
        raise DomainError("Hãy nhập mức đóng sau khi giảm (đồng/tháng).", field="reduced_amount")
    if reduced is not None and (exemption != Exemption.REDUCED or percent is not None):
        raise DomainError(
            "Chỉ nhập mức đóng sau khi giảm khi đảng viên được giảm mức đóng và không chọn "
            "mức giảm theo phần trăm.",
            field="reduced_amount",
        )
    until = None if exemption_until is None else first_of_month(exemption_until)
    if until is not None:
        if not exemption:
            raise DomainError(
                "Chỉ nhập tháng kết thúc khi đảng viên được miễn hoặc giảm.",
                field="exemption_until",
            )
        if until < valid_from:
            raise DomainError(
                f"Tháng kết thúc miễn, giảm ({until:%m/%Y}) phải từ tháng áp dụng "
                f"({valid_from:%m/%Y}) trở đi.",
                field="exemption_until",
            )
    if exemption and limit:
        # A decision lasts at most `limit` months: without a last month, the longest.
        last = add_months(valid_from, limit - 1)
        if until is None:
            until = last
        elif until > last:
            raise DomainError(
                f"Theo quy định của tháng {valid_from:%m/%Y}, mỗi lần miễn, giảm đảng phí "
                f"tối đa {limit} tháng: từ {valid_from:%m/%Y} muộn nhất đến hết tháng "
                f"{last:%m/%Y}, không phải {until:%m/%Y}. Hãy sửa tháng kết thúc; hết hạn thì "
                "chi bộ xét lại và ghi căn cứ mới.",
                field="exemption_until",
            )
    return percent, until


def rule_reduction(month: dt.date, book: RuleBook | None = None) -> dict[str, Any]:
    """The rule `dues.reduction` of `month`: the percents allowed (ints) and the most
    months an exemption or reduction lasts (0: no limit)."""
    from dangvu.core.rules import rule

    month = first_of_month(month)
    value = book("dues.reduction", month) if book is not None else rule("dues.reduction", month)
    return {
        "percents": [int(Decimal(str(p))) for p in value.get("percents", [])],
        "max_months": int(Decimal(str(value.get("max_months", "0")))),
    }


# --- payments -------------------------------------------------------------------------


def split_evenly(amount: Decimal, n: int) -> list[Decimal]:
    """`amount` split evenly into `n` whole-đồng parts, the remainder on the first (a
    payment in advance for `n` months); the parts add up to `amount` exactly."""
    each = (amount / n).to_integral_value(rounding="ROUND_FLOOR")
    return [amount - each * (n - 1)] + [each] * (n - 1)


def _where(member: Member, day: dt.date) -> str:
    """Where `member` stood on `day`, in words."""
    interval = (
        MembershipInterval.objects.filter(member=member, valid_from__lte=day, valid_to__gt=day)
        .select_related("organisation")
        .first()
    )
    if interval is None:
        return "không sinh hoạt trong Đảng bộ"
    return f"sinh hoạt tại «{interval.organisation.name}»"


@transaction.atomic
def do_record_payments(
    organisation: Organisation,
    month: dt.date,
    rows: Sequence[PaymentRow],
    *,
    acting_user: Any,
) -> list[DuesPayment]:
    """Record what members of the cell `organisation` paid for `month` (all or nothing).

    A row for N months writes N monthly rows from `month` (paid in advance), the amount
    split evenly to the đồng with the remainder on the first month. Refused if a member
    already has a live payment for one of those months, or was not in the cell then.
    """
    month = first_of_month(month)
    check_scope(organisation, acting_user)
    wanted: list[tuple[PaymentRow, dt.date, Decimal]] = []
    seen: dict[tuple[int, dt.date], PaymentRow] = {}
    for row in rows:
        if not isinstance(row.months, int) or not 1 <= row.months <= MAX_ADVANCE_MONTHS:
            raise DomainError(
                f"Số tháng nộp của đồng chí {row.member.full_name} phải từ 1 đến "
                f"{MAX_ADVANCE_MONTHS}.",
                field="months",
            )
        amount = _money(row.amount, "amount", f"Số tiền của đồng chí {row.member.full_name}")
        if row.channel not in Channel.values:
            raise DomainError(
                "Hình thức nộp phải là "
                + ", ".join(f"«{label}»" for label in Channel.labels)
                + ".",
                field="channel",
            )
        _check_past(row.paid_on, "paid_on")
        months_paid = [add_months(month, i) for i in range(row.months)]
        for m, part in zip(months_paid, split_evenly(amount, row.months), strict=True):
            key = (row.member.pk, m)
            if key in seen:
                raise DomainError(
                    f"Đồng chí {row.member.full_name} có hai dòng cho tháng {m:%m/%Y}; hãy "
                    "gộp lại thành một.",
                    field="member",
                )
            seen[key] = row
            wanted.append((row, m, part))
    if not wanted:
        return []
    member_ids = {row.member.pk for row, _, _ in wanted}
    all_months = sorted({m for _, m, _ in wanted})
    first, last = all_months[0], last_of_month(all_months[-1])
    _check_exists(organisation, month)

    # Conflicts: one query for every member and month.
    existing = {
        (p.member_id, p.month): p
        for p in DuesPayment.objects.filter(
            member_id__in=member_ids, month__in=all_months, voided_at__isnull=True
        ).select_related("organisation", "recorded_by", "member")
    }
    for row, m, _ in wanted:
        found = existing.get((row.member.pk, m))
        if found is not None:
            who = found.recorded_by.get_username() if found.recorded_by else "hệ thống"
            raise DomainError(
                f"Đồng chí {row.member.full_name} đã nộp đảng phí tháng {m:%m/%Y}: "
                f"{_fmt_money(found.amount)}, ngày {fmt_date(found.paid_on)}, do {who} ghi "
                f"tại «{found.organisation.name}». Nếu khoản đó sai, hãy hủy nó trước rồi ghi "
                "lại.",
                field="member",
            )

    # The ledger: each member in the cell some day of each month.
    intervals: dict[int, list[MembershipInterval]] = {}
    for interval in MembershipInterval.objects.filter(
        member_id__in=member_ids, valid_from__lte=last, valid_to__gt=first
    ):
        intervals.setdefault(interval.member_id, []).append(interval)
    for row, m, _ in wanted:
        if not was_in_cell(intervals.get(row.member.pk, []), organisation, m):
            raise DomainError(
                f"Tháng {m:%m/%Y} đồng chí {row.member.full_name} "
                f"{_where(row.member, min(last_of_month(m), max(m, row.paid_on)))}, "
                f"không sinh hoạt tại «{organisation.name}»; chi bộ nơi đồng chí sinh hoạt "
                "tháng đó mới thu đảng phí.",
                field="member",
            )

    bases = {m: bases_on(member_ids, m) for m in all_months}
    book = RuleBook()
    exempt = party_age_exempt(list(member_ids), all_months, book=book)
    user = _user(acting_user)
    payments = [
        DuesPayment(
            member=row.member,
            organisation=organisation,
            month=m,
            amount=part,
            expected=(
                ZERO
                if row.member.pk in exempt.get(m, ())
                else expected_amount(bases[m].get(row.member.pk), m, book=book)
            ),
            paid_on=row.paid_on,
            receipt=clean(row.receipt)[:40],
            channel=row.channel,
            note=clean_paragraphs(row.note),
            recorded_by=user,
        )
        for row, m, part in wanted
    ]
    DuesPayment.objects.bulk_create(payments, batch_size=1000)
    if any(p.pk is None for p in payments):  # a backend that returns no ids
        keys = [(p.member_id, p.month) for p in payments]
        saved = {
            (p.member_id, p.month): p
            for p in DuesPayment.objects.filter(
                member_id__in=member_ids, month__in=all_months, voided_at__isnull=True
            )
        }
        payments = [saved[k] for k in keys]
    audit.record_many(
        [
            audit.entry(audit.CREATE, user=acting_user, obj=p, after=audit.snapshot(p))
            for p in payments
        ]
    )
    return payments


def was_in_cell(intervals: list[MembershipInterval], org: Organisation, month: dt.date) -> bool:
    """Whether one of the member's `intervals` places them in `org` some day of `month`:
    only the cell where a member sat that month collects their dues (members sit in cells,
    never in a party group)."""
    end = last_of_month(month) + dt.timedelta(days=1)
    return any(
        i.organisation_id == org.pk and i.valid_from < end and i.valid_to > month for i in intervals
    )


# --- remittances ----------------------------------------------------------------------


def collected(org: Organisation, start: dt.date, end: dt.date) -> Decimal:
    """What the subtree of `org` (as it stood at `end`) collected for the months from
    `start` to `end`, live payments only."""
    ids = subtree_at(org, end).values("organisation_id")
    total = DuesPayment.objects.filter(
        organisation_id__in=ids,
        month__gte=first_of_month(start),
        month__lte=first_of_month(end),
        voided_at__isnull=True,
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


def remitted(org: Organisation, start: dt.date, end: dt.date) -> Decimal:
    """What `org` already sent up for periods overlapping `start`–`end` (live)."""
    total = DuesRemittance.objects.filter(
        Q(period_start__lte=end) & Q(period_end__gte=start),
        organisation=org,
        voided_at__isnull=True,
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


@transaction.atomic
def do_remit(
    organisation: Organisation,
    *,
    period_start: dt.date,
    period_end: dt.date,
    amount: Decimal | int | str,
    sent_on: dt.date,
    receipt_number: str = "",
    excess_reason: str = "",
    note: str = "",
    recipient: Organisation | None = None,
    acting_user: Any,
) -> DuesRemittance:
    """Record what `organisation` sent up for the months from `period_start` to
    `period_end`. More than its subtree collected for them, less what it already sent for
    them, is refused unless `excess_reason` says why."""
    period_start = first_of_month(period_start)
    period_end = last_of_month(period_end)
    if period_start > period_end:
        raise DomainError("Tháng bắt đầu phải trước tháng kết thúc.", field="period_end")
    value = _money(amount, "amount", "Số tiền nộp lên")
    _check_past(sent_on, "sent_on")
    check_scope(organisation, acting_user)
    _check_exists(organisation, period_end, "period_end")
    if recipient is None:
        version = version_at(organisation, period_end)
        if version is None or version.parent_id is None:
            raise DomainError(
                f"«{organisation.name}» không có cấp trên vào tháng {period_end:%m/%Y}; hãy "
                "chọn tổ chức nhận.",
                field="recipient",
            )
        recipient = Organisation.objects.get(pk=version.parent_id)
    if recipient.pk == organisation.pk:
        raise DomainError(
            "Tổ chức nhận phải là cấp trên, không phải chính tổ chức nộp.", field="recipient"
        )
    excess_reason = clean_paragraphs(excess_reason)
    got = collected(organisation, period_start, period_end)
    sent = remitted(organisation, period_start, period_end)
    if value > got - sent and not excess_reason:
        raise DomainError(
            f"Số nộp lên {_fmt_money(value)} nhiều hơn số còn lại của kỳ "
            f"{period_start:%m/%Y}–{period_end:%m/%Y}: «{organisation.name}» thu "
            f"{_fmt_money(got)}, đã nộp lên {_fmt_money(sent)}. Hãy sửa số tiền, hoặc ghi lý "
            "do nộp nhiều hơn (ví dụ nộp bù kỳ trước).",
            field="excess_reason",
        )
    remittance = DuesRemittance.objects.create(
        organisation=organisation,
        recipient=recipient,
        period_start=period_start,
        period_end=period_end,
        amount=value,
        sent_on=sent_on,
        receipt_number=clean(receipt_number)[:40],
        excess_reason=excess_reason,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=remittance, after=audit.snapshot(remittance))
    return remittance


@transaction.atomic
def do_acknowledge(remittance: DuesRemittance, *, on: dt.date, acting_user: Any) -> DuesRemittance:
    """The superior records that it received `remittance` on `on`."""
    remittance = DuesRemittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.is_void:
        raise DomainError("Lần nộp này đã bị hủy; không thể xác nhận.", field="acknowledged_on")
    if remittance.acknowledged_on is not None:
        raise DomainError(
            f"Lần nộp này đã được xác nhận ngày {fmt_date(remittance.acknowledged_on)}.",
            field="acknowledged_on",
        )
    _check_past(on, "acknowledged_on")
    if on < remittance.sent_on:
        raise DomainError(
            f"Ngày xác nhận phải từ ngày nộp ({fmt_date(remittance.sent_on)}) trở đi.",
            field="acknowledged_on",
        )
    check_scope(remittance.recipient, acting_user, field="acknowledged_on")
    before = audit.snapshot(remittance)
    remittance.acknowledged_on = on
    remittance.acknowledged_by = _user(acting_user)
    remittance.save(update_fields=["acknowledged_on", "acknowledged_by"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=remittance,
        before=before,
        after=audit.snapshot(remittance),
        note="Cấp trên xác nhận đã nhận",
    )
    return remittance


@transaction.atomic
def do_void_dues(
    record: DuesBasis | DuesPayment | DuesRemittance, *, reason: str, acting_user: Any
) -> DuesBasis | DuesPayment | DuesRemittance:
    """Void a basis, payment or remittance with its reason; the first entry stays on record.

    An acknowledged remittance is not voided (the superior has it in its books)."""
    if isinstance(record, DuesBasis):
        if record.member.organisation_id is not None:
            check_scope(record.member.organisation, acting_user, field="reason")
    else:
        check_scope(record.organisation, acting_user, field="reason")
    if isinstance(record, DuesRemittance) and record.acknowledged_on is not None:
        raise DomainError(
            f"Cấp trên đã xác nhận lần nộp này ngày {fmt_date(record.acknowledged_on)}; không "
            "thể hủy. Hãy ghi một lần nộp điều chỉnh.",
            field="reason",
        )
    return do_void(record, reason=reason, acting_user=acting_user)
