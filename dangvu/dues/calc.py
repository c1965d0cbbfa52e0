"""What a member owes for a month and what an organisation keeps of what it collects.

Every figure for a month reads the rules in force on the first day of that month
(`dangvu.dues.rules`), so a past month keeps the rates of its time. Money is whole đồng
in `Decimal`; rounding is half up to the whole đồng (`to_dong`): the texts do not say
how to round.

For many members and months, pass a `RuleBook` (`book=`), or run inside
`dangvu.core.rules.rules_cached()`, so that the rules are read once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dangvu.core.dates import add_months
from dangvu.core.rules import RuleBook, rule
from dangvu.dues.models import Area, Category, DuesBasis, Exemption
from dangvu.orgs.kinds import OrgKind, UnitType

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")

# Keys of the rules (registered in dangvu.dues.rules).
PERCENT = "dues.percent"
FIXED = "dues.fixed"
RETENTION = "dues.retention"

# The kinds of unit a grassroots organisation stands in (`Organisation.unit_type`): the
# share it keeps differs. An organisation whose unit is not recorded, or of a kind the rule
# does not name, keeps an agency's share.
UNIT_COMMUNE = UnitType.COMMUNE.value
UNIT_AGENCY = UnitType.AGENCY.value

PERCENT_CATEGORIES = (
    Category.STATE,
    Category.ARMED,
    Category.PENSION,
    Category.ENTERPRISE,
    Category.SICK_MATERNITY,
)


def to_dong(amount: Decimal) -> Decimal:
    """`amount` rounded to the whole đồng, half up."""
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_of_month(day: dt.date) -> dt.date:
    return add_months(first_of_month(day), 1) - dt.timedelta(days=1)


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `start`'s to `end`'s, both included."""
    out: list[dt.date] = []
    month, last = first_of_month(start), first_of_month(end)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def bases_on(member_ids: Iterable[int], month: dt.date) -> dict[int, DuesBasis]:
    """The live basis in force in `month` for each member that has one (one query)."""
    ids = list(set(member_ids))
    if not ids:
        return {}
    month = first_of_month(month)
    found: dict[int, DuesBasis] = {}
    rows = DuesBasis.objects.filter(
        member_id__in=ids, valid_from__lte=month, voided_at__isnull=True
    ).order_by("member_id", "-valid_from", "-id")
    for basis in rows:
        found.setdefault(basis.member_id, basis)
    return found


def _money(value: object) -> Decimal:
    return Decimal(str(value))


def _rule(key: str, month: dt.date, book: RuleBook | None) -> Any:
    return book(key, month) if book is not None else rule(key, month)


def rate_amount(
    category: str,
    month: dt.date,
    *,
    income: Decimal | None,
    area: str,
    book: RuleBook | None = None,
) -> Decimal:
    """What the rules of `month` ask of a member of `category` (before any reduction)."""
    month = first_of_month(month)
    if category in PERCENT_CATEGORIES:
        if income is None:
            return ZERO
        percent = _money(_rule(PERCENT, month, book).get(category, "0"))
        return to_dong(Decimal(income) * percent / HUNDRED)
    by_area = _rule(FIXED, month, book).get(category, {})
    amount = _money(by_area.get(area) or by_area.get(Area.RURAL) or "0")
    if category == Category.ABROAD and income is not None:
        # A member abroad on a salary or allowance pays the percentage on it.
        percent = _money(_rule(PERCENT, month, book).get(Category.ABROAD, "0"))
        amount = to_dong(Decimal(income) * percent / HUNDRED)
    return to_dong(amount)


def exemption_in_force(basis: DuesBasis | None, month: dt.date) -> str:
    """The exemption or reduction of `basis` that applies to `month` (`Exemption`): none
    after its last month (`exemption_until`), when the member owes the full rate again."""
    if basis is None or not basis.exemption:
        return Exemption.NONE
    until = getattr(basis, "exemption_until", None)
    if until is not None and first_of_month(month) > first_of_month(until):
        return Exemption.NONE
    return basis.exemption


def expected_amount(
    basis: DuesBasis | None, month: dt.date, *, book: RuleBook | None = None
) -> Decimal:
    """What `basis` gives for `month` by the rates of that month: nothing when exempt or
    when there is no basis; when reduced, the rate less the reduction's percent (rounded
    to the đồng), or the reduced amount of a record without a percent (never more than the
    rate). After the exemption's last month, the full rate."""
    if basis is None:
        return ZERO
    exemption = exemption_in_force(basis, month)
    if exemption == Exemption.EXEMPT:
        return ZERO
    amount = rate_amount(basis.category, month, income=basis.income, area=basis.area, book=book)
    if exemption == Exemption.REDUCED:
        percent = getattr(basis, "reduction_percent", None)
        if percent:
            return to_dong(amount * (HUNDRED - Decimal(percent)) / HUNDRED)
        if basis.reduced_amount is not None:
            return min(amount, to_dong(Decimal(basis.reduced_amount)))
    return amount


def retention_share(
    org_kind: str, month: dt.date, *, unit: str = "", book: RuleBook | None = None
) -> Decimal:
    """The fraction (0..1) that an organisation of `org_kind` keeps of what it collects or
    receives, by the rule of `month`; `unit` is the unit type of a grassroots
    organisation (`Organisation.unit_type`; an agency's share when blank or not named by
    the rule)."""
    shares = _rule(RETENTION, first_of_month(month), book)
    if org_kind in (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE):
        by_unit = shares.get("GRASSROOTS", {})
        percent = by_unit.get(unit or UNIT_AGENCY, by_unit.get(UNIT_AGENCY, "0"))
    else:
        percent = shares.get(str(org_kind), "0")
    return _money(percent) / HUNDRED


def split(collected: Decimal, share: Decimal) -> tuple[Decimal, Decimal]:
    """(kept, sent up) of `collected` for a retention `share`: kept rounded to the đồng,
    the rest sent up, so that the two add up to `collected` exactly."""
    kept = to_dong(collected * share)
    return kept, collected - kept
