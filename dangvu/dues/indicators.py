"""Indicators of party dues: expected, collected, collection rate, sent up, kept, arrears.

Each is computed by `dangvu.dues.queries` in a bounded number of aggregate queries; the
breakdown is by category of member (the category of the member's basis in force that
month; "Chưa có căn cứ" when none is recorded).
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from dangvu.dues import queries
from dangvu.orgs.models import Organisation
from dangvu.reports.batch import Placement
from dangvu.reports.registry import Figure, Period, percent, register, register_many

OWNER = "dues"


def _payments_link(org: Organisation, period: Period) -> str:
    """The payments list, filtered to the organisation's subtree and the period's months."""
    query = {"to_chuc": org.code, "tu": period.start.isoformat(), "den": period.end.isoformat()}
    return f"{reverse('dues:payments')}?{urlencode(query)}"


def _money(amount: Decimal) -> int:
    """Whole đồng as an int (the registry's figures are numbers; đồng have no fraction)."""
    return int(amount)


def _amounts(found: queries.Amounts) -> Figure:
    return Figure(_money(found.total), {k: _money(v) for k, v in found.by_category.items()})


@register(
    "dues.expected",
    "Đảng phí phải thu",
    "đồng",
    "Tổng số đảng phí phải đóng theo căn cứ của từng đảng viên cho các tháng của kỳ: đảng "
    "viên có tên trong phạm vi ngày cuối mỗi tháng, theo mức của tháng đó (miễn thì bằng "
    "0); chi tiết theo đối tượng.",
    owner=OWNER,
)
def expected(org: Organisation, period: Period) -> Figure:
    return _amounts(queries.expected(org, period.start, period.end))


@register(
    "dues.collected",
    "Đảng phí đã thu",
    "đồng",
    "Số đảng phí đã thu (còn hiệu lực) cho các tháng của kỳ, tính cho tổ chức thu theo vị "
    "trí của nó trong tháng được đóng; chi tiết theo đối tượng.",
    owner=OWNER,
    records=_payments_link,
)
def collected(org: Organisation, period: Period) -> Figure:
    return _amounts(queries.collected(org, period.start, period.end))


@register(
    "dues.collection_rate",
    "Tỷ lệ thu đảng phí",
    "%",
    "Số đảng phí đã thu so với số phải thu của các tháng của kỳ (%); trống khi không có "
    "số phải thu.",
    owner=OWNER,
    additive=False,
)
def collection_rate(org: Organisation, period: Period) -> Figure:
    due = queries.expected(org, period.start, period.end)
    got = queries.collected(org, period.start, period.end)
    rates = {
        label: round(percent(float(got.by_category.get(label, 0)), float(amount)) or 0, 1)
        for label, amount in due.by_category.items()
        if amount
    }
    return Figure(percent(float(got.total), float(due.total)), rates)


@register(
    "dues.remitted",
    "Đảng phí nộp lên cấp trên",
    "đồng",
    "Số đảng phí các tổ chức trong phạm vi nộp lên cấp trên ngoài phạm vi, cho các kỳ bắt "
    "đầu trong kỳ (nộp giữa hai tổ chức trong phạm vi không tính).",
    owner=OWNER,
    additive=False,
)
def remitted(org: Organisation, period: Period) -> Figure:
    return Figure(_money(queries.remitted_out(org, period.start, period.end)))


@register(
    "dues.kept",
    "Đảng phí giữ lại",
    "đồng",
    "Số đảng phí đã thu trong phạm vi trừ số nộp lên cấp trên ngoài phạm vi.",
    owner=OWNER,
    additive=False,
)
def kept(org: Organisation, period: Period) -> Figure:
    got = queries.collected(org, period.start, period.end).total
    return Figure(_money(got - queries.remitted_out(org, period.start, period.end)))


@register(
    "dues.members_in_arrears",
    "Đảng viên chưa đóng đủ đảng phí",
    "đảng viên",
    "Đảng viên có tên trong phạm vi có ít nhất một tháng của kỳ (đã hết tháng) không được "
    "miễn mà chưa có khoản đóng; chi tiết theo đối tượng.",
    owner=OWNER,
    # A member who moved between grassroots organisations during the period with months
    # unpaid in each is one member of the committee and one of each organisation.
    additive=False,
)
def members_in_arrears(org: Organisation, period: Period) -> Figure:
    found = queries.unpaid(org, queries.ended_months(period.start, period.end))
    return Figure(len(found), queries.arrears_by_category(found))


# --- batch forms (the annual workbook asks expected and collected of every grassroots
# organisation): a fixed number of grouped queries for all of them, each organisation given
# exactly what its single form gives.


def _months_period(period: Period) -> Period:
    return Period(queries.first_of_month(period.start), queries.first_of_month(period.end))


@register_many("dues.collected")
def collected_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = queries.collected_many(orgs, period.start, period.end)
    return {org_id: _amounts(amounts) for org_id, amounts in found.items()}


@register_many("dues.expected")
def expected_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    """Per month, the members on the books on its last day grouped by the path of their
    organisation and the parameters of their basis in force: one query a month."""
    from dangvu.core.rules import RuleBook
    from dangvu.dues.calc import expected_amount
    from dangvu.dues.seniority import party_age_exempt
    from dangvu.members.models import MembershipInterval

    months = queries._with_bases(queries.month_list(period.start, period.end))
    amounts: dict[int, dict[str | None, Decimal]] = {org.pk: {} for org in orgs}
    if months:
        placement = Placement(orgs, Period(months[0], queries.last_day(months[-1])))
        rules = RuleBook()
        exempt = party_age_exempt(
            MembershipInterval.objects.filter(
                valid_from__lte=queries.last_day(months[-1]), valid_to__gt=months[0]
            ).values("member_id"),
            months,
            book=rules,
        )
        for month in months:
            day = queries.last_day(month)
            rows = (
                MembershipInterval.objects.filter(valid_from__lte=day, valid_to__gt=day)
                .exclude(member_id__in=exempt.get(month, ()))
                .annotate(**{f"_{k}": queries.basis_field(k, month) for k in queries.BASIS_KEYS})
                .filter(_category__isnull=False)
                .values_list("path", *(f"_{k}" for k in queries.BASIS_KEYS))
                .annotate(n=Count("id"))
                .order_by()
            )
            for path, *values, n in rows:
                owners = placement.owners(path, day)
                if not owners:
                    continue
                basis = queries.priced_basis(month, *values)
                category = basis.category
                amount = expected_amount(basis, month, book=rules) * n
                for org_id in owners:
                    by_cat = amounts[org_id]
                    by_cat[category] = by_cat.get(category, Decimal(0)) + amount
    return {
        org_id: _amounts(
            queries.Amounts(sum(by_cat.values(), Decimal(0)), queries._by_label(by_cat))
        )
        for org_id, by_cat in amounts.items()
    }
