"""Read side of party dues: expected, collected, sent up, kept and arrears of a subtree.

Every figure is a bounded number of aggregate queries, whatever the number of members:

- **Months.** A period covers the months it overlaps (a year: January to December). A
  member owes a month when they are on the books of the subtree on the month's last day
  (`MembershipInterval`, placed like every count of members: the subtree as it stood that
  day), under the basis in force that month (the latest live basis whose `valid_from` is
  not after the month's first day).
- **Expected.** One query reads the subtree's membership intervals of the whole period
  (`on_books_months`: for each member, the months on the books), one the members' live
  bases (`BasisIndex`); Python counts the members by (basis values, months held) and each
  distinct (month, basis) is priced once by `calc.expected_amount`. Members without a
  basis owe `expected_amount(None, month)`. Never a query per member or per month.
- **Collected.** One table of the period's live payments summed by collecting
  organisation, month, category of the member's basis in force that month and channel
  (`payment_table`: the basis is found by a join on its span of months, from a window
  function, not by a lookup per payment), kept for the span of a report's computation;
  each organisation's figure places its rows by the collecting organisation's position on
  the payment's month (its first day).
- **Remitted out.** Live remittances whose period starts in the period, sent by an
  organisation inside the subtree to one outside it (both placed on `period_start`): one
  query. A remittance between two organisations of the subtree moves money inside it and
  is not counted; so it is no sum over the organisations below (the level report in
  `dues.book` gives what each of them sent up).
- **Kept** = collected − remitted out.
- **Exempt by party age.** From 01/02/2026 a member with 50 years of party age owes
  nothing (`dues.seniority`): the few candidates of the subtree and period are read once,
  with their intervals, and left out of every month's members on the books.
- **Arrears.** A month is unpaid when the member owes it (on the books, with a basis in
  force that month that is not an exemption up to its last month, and not exempt by party
  age) and has no live payment for it, wherever it was paid. A member with no basis
  recorded yet is not counted: until the cell records bases, nothing says what they owe
  (and `calc.expected_amount(None, …)` is nothing). Only months that have ended count.
  One query a month returns the members on the books with no live payment (an
  anti-join); their basis comes from the same `BasisIndex` as the expected dues.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from dangvu.core.dates import add_months, today
from dangvu.core.rules import RuleBook
from dangvu.dues.calc import exemption_in_force, expected_amount, first_of_month
from dangvu.dues.calc import last_of_month as last_day
from dangvu.dues.calc import months as month_list
from dangvu.dues.models import Category, DuesBasis, DuesPayment, DuesRemittance, Exemption
from dangvu.members.models import MembershipInterval
from dangvu.members.queries import Epoch, epochs
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range

ONE_DAY = dt.timedelta(days=1)
ZERO = Decimal(0)
NO_BASIS = "Chưa có căn cứ"


def category_label(code: str | None) -> str:
    if not code:
        return NO_BASIS
    try:
        return Category(code).label
    except ValueError:
        return str(code)


def _by_label(amounts: dict[str | None, Any]) -> dict[str, Any]:
    """Amounts keyed by category code, relabelled in the categories' order."""
    order = {c: i for i, c in enumerate(Category.values)}
    keys = sorted(amounts, key=lambda k: order.get(k or "", len(order)))
    return {category_label(k): amounts[k] for k in keys if amounts[k]}


def _in(field_name: str, path: str) -> dict[str, str]:
    low, high = subtree_range(path)
    return {f"{field_name}__gte": low, f"{field_name}__lt": high}


def _path_on(eps: list[Epoch], day: dt.date) -> str | None:
    for e in eps:
        if e.start <= day < e.end:
            return e.path
    return None


def basis_field(name: str, month: dt.date | Any, member: str = "member_id") -> Subquery:
    """Field `name` of the member's live basis in force in `month` (a date or OuterRef)."""
    return Subquery(
        DuesBasis.objects.filter(
            member=OuterRef(member), valid_from__lte=month, voided_at__isnull=True
        )
        .order_by("-valid_from", "-id")
        .values(name)[:1]
    )


def on_books(path: str | None, month: dt.date) -> QuerySet[MembershipInterval]:
    """The intervals of the members on the books of subtree `path` at the month's end."""
    if path is None:
        return MembershipInterval.objects.none()
    day = last_day(month)
    return MembershipInterval.objects.filter(
        valid_from__lte=day, valid_to__gt=day, **_in("path", path)
    )


@dataclass
class Amounts:
    """A sum of money with its split by category label."""

    total: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)


# --- expected ---------------------------------------------------------------------------


def _with_bases(months: list[dt.date]) -> list[dt.date]:
    """The months on or after the first month any live basis applies from (one query):
    before it nobody owes anything, so the months need not be read."""
    first = DuesBasis.objects.filter(voided_at__isnull=True).aggregate(m=Min("valid_from"))["m"]
    return [] if first is None else [m for m in months if m >= first_of_month(first)]


BASIS_KEYS = (
    "category",
    "income",
    "area",
    "exemption",
    "reduced_amount",
    "reduction_percent",
    "exemption_until",
)


@dataclass(frozen=True, slots=True)
class PricedBasis:
    """The fields of a basis that its amount depends on (`BASIS_KEYS`), for pricing a
    group of members in `calc.expected_amount`: lighter than a model instance, of which a
    province's year would build tens of thousands."""

    valid_from: dt.date
    category: str
    income: Decimal | None
    area: str
    exemption: str
    reduced_amount: Decimal | None
    reduction_percent: int | None
    exemption_until: dt.date | None


def priced_basis(month: dt.date, *values: Any) -> Any:
    """The basis of `month` with the values of `BASIS_KEYS`, for pricing a group."""
    fields = dict(zip(BASIS_KEYS, values, strict=True))
    fields["area"] = fields["area"] or ""
    fields["exemption"] = fields["exemption"] or ""
    return PricedBasis(valid_from=month, **fields)


def subtree_paths(eps: list[Epoch]) -> Q:
    """Rows whose `path` lies in the subtree in any of its epochs."""
    where = Q(pk__in=[])
    for e in eps:
        where |= Q(**_in("path", e.path))
    return where


def subtree_members(eps: list[Epoch], months: list[dt.date]) -> QuerySet[MembershipInterval]:
    """The ids of the members on the books of the subtree on some day of the months (a
    subquery, never a list: a province has more members than a statement takes values)."""
    return MembershipInterval.objects.filter(
        subtree_paths(eps), valid_from__lte=last_day(months[-1]), valid_to__gt=months[0]
    ).values("member_id")


def on_books_months(eps: list[Epoch], months: list[dt.date]) -> dict[int, list[int]]:
    """For each member on the books of the subtree at the end of some of `months`, the
    indexes of those months (one query of the intervals of the whole period)."""
    days = [last_day(m) for m in months]
    ranges = []
    for day in days:
        path = _path_on(eps, day)
        ranges.append(subtree_range(path) if path is not None else None)
    found: dict[int, list[int]] = defaultdict(list)
    rows = MembershipInterval.objects.filter(
        subtree_paths(eps), valid_from__lte=days[-1], valid_to__gt=days[0]
    ).values_list("member_id", "path", "valid_from", "valid_to")
    for member_id, path, valid_from, valid_to in rows.iterator(chunk_size=20_000):
        # The month ends on which the interval holds: a run of the sorted days.
        for i in range(bisect_left(days, valid_from), bisect_left(days, valid_to)):
            bounds = ranges[i]
            if bounds is not None and bounds[0] <= path < bounds[1]:
                found[member_id].append(i)
    for held in found.values():
        held.sort()
    return found


class BasisIndex:
    """The live bases of a set of members (one query), to find in Python the one in force
    in a month: the latest whose `valid_from` is not after the month's first day."""

    def __init__(self, members: Any) -> None:
        self._starts: dict[int, list[dt.date]] = defaultdict(list)
        self._values: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        rows = (
            DuesBasis.objects.filter(member_id__in=members, voided_at__isnull=True)
            .order_by("member_id", "valid_from", "id")
            .values_list("member_id", "valid_from", *BASIS_KEYS)
        )
        for member_id, valid_from, *values in rows.iterator(chunk_size=20_000):
            self._starts[member_id].append(valid_from)
            self._values[member_id].append(tuple(values))

    def constant(self, member_id: int, first: dt.date) -> tuple[Any, ...] | bool | None:
        """The basis values in force from `first` on, when the member has at most one
        basis and it applies by then (None: no basis at all); False when it may change."""
        starts = self._starts.get(member_id)
        if not starts:
            return None
        if len(starts) == 1 and starts[0] <= first:
            return self._values[member_id][0]
        return False

    def values(self, member_id: int, month: dt.date) -> tuple[Any, ...] | None:
        """The `BASIS_KEYS` values of the basis in force in `month`, or None."""
        starts = self._starts.get(member_id)
        if not starts:
            return None
        i = bisect_right(starts, month) - 1
        return self._values[member_id][i] if i >= 0 else None


def subtree_bases(eps: list[Epoch], months: list[dt.date]) -> BasisIndex:
    """The bases of the members on the books of the subtree in the months (read once
    within a report's `registry.computation`: the expected dues and the arrears share it)."""
    from dangvu.reports.registry import memo

    key = ("dues.bases", tuple((e.path, e.start, e.end) for e in eps), months[0], months[-1])
    return memo(key, lambda: BasisIndex(subtree_members(eps, months)))


def exempt_by_age(
    eps: list[Epoch], months: list[dt.date], rules: RuleBook | None = None
) -> dict[dt.date, set[int]]:
    """The members of the subtree (its `eps`) exempt by party age, month by month
    (`seniority.party_age_exempt`: a few queries for the whole period)."""
    from dangvu.dues.seniority import party_age_exempt

    if not months or not eps:
        return {}
    return party_age_exempt(subtree_members(eps, months), months, book=rules)


def expected(org: Organisation, start: dt.date, end: dt.date) -> Amounts:
    """What the members on the books of the subtree owe for the months of start..end
    (computed once within a report's `registry.computation`)."""
    from dangvu.reports.registry import memo

    return memo(("dues.expected", org.pk, start, end), lambda: _expected(org, start, end))


def _expected(org: Organisation, start: dt.date, end: dt.date) -> Amounts:
    months = _with_bases(month_list(start, end))
    if not months:
        return Amounts()
    eps = epochs(org, months[0], last_day(months[-1]))
    rules = RuleBook()  # one read of the rules for every group priced
    exempt = exempt_by_age(eps, months, rules)
    exempt_any = set().union(*exempt.values()) if exempt else set()
    bases = subtree_bases(eps, months)
    # Members with the same basis over the same months owe the same: count each such
    # (basis, months) once per member, then each (month, basis) is priced once.
    runs: Counter[tuple[tuple[Any, ...] | None, tuple[int, ...]]] = Counter()
    for member_id, held in on_books_months(eps, months).items():
        constant = bases.constant(member_id, months[held[0]])
        if constant is not False and member_id not in exempt_any:
            runs[(constant, tuple(held))] += 1
            continue
        for i in held:  # a basis changes in the period, or an exemption by party age
            if member_id not in exempt.get(months[i], ()):
                runs[(bases.values(member_id, months[i]), (i,))] += 1
    counts: Counter[tuple[int, tuple[Any, ...] | None]] = Counter()
    for (values, held), n in runs.items():
        for i in held:
            counts[(i, values)] += n
    amounts: dict[str | None, Decimal] = defaultdict(lambda: ZERO)
    for (i, values), n in counts.items():
        basis = priced_basis(months[i], *values) if values is not None else None
        category = basis.category if basis is not None else None
        amounts[category] += expected_amount(basis, months[i], book=rules) * n
    return Amounts(sum(amounts.values(), ZERO), _by_label(dict(amounts)))


# --- collected and sent up ----------------------------------------------------------------


def placed_in(
    org: Organisation, first: dt.date, last: dt.date, *, date_field: str, org_field: str
) -> Q:
    """Rows dated first..last whose organisation stood in the subtree of `org` that day."""
    q = Q(pk__in=[])
    for e in epochs(org, first, last):
        inside = OrganisationVersion.objects.filter(
            organisation=OuterRef(org_field),
            valid_from__lte=OuterRef(date_field),
            valid_to__gt=OuterRef(date_field),
            **_in("path", e.path),
        )
        q |= Q(Exists(inside), **{f"{date_field}__gte": e.start, f"{date_field}__lt": e.end})
    return q


def payments_in(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[DuesPayment]:
    """Live payments for the months of start..end collected inside the subtree."""
    first, last = first_of_month(start), first_of_month(end)
    return DuesPayment.objects.filter(
        placed_in(org, first, last, date_field="month", org_field="organisation"),
        voided_at__isnull=True,
    )


# Live payments of a range of months summed by collecting organisation, month, category of
# the member's basis in force that month, and channel. The basis in force is found by a
# join on each basis's span of months (up to the member's next live basis, from a window
# function), so the database reads each payment once instead of looking up a basis per
# payment; SQLite and PostgreSQL both run it.
PAYMENT_TABLE_SQL = """
SELECT p.organisation_id, p.month, s.category, p.channel, SUM(p.amount)
FROM {payment} p
LEFT JOIN (
    SELECT member_id, category, valid_from,
           LEAD(valid_from) OVER (PARTITION BY member_id ORDER BY valid_from, id) AS next_from
    FROM {basis}
    WHERE voided_at IS NULL
) s ON s.member_id = p.member_id AND s.valid_from <= p.month
       AND (s.next_from IS NULL OR s.next_from > p.month)
WHERE p.voided_at IS NULL AND p.month >= %s AND p.month <= %s{within}
GROUP BY p.organisation_id, p.month, s.category, p.channel
"""
# The collecting organisations that stood inside a subtree during the period: what keeps
# a cell's or a district's table to its own payments.
PAYMENT_TABLE_WITHIN = """
  AND p.organisation_id IN (
    SELECT organisation_id FROM {version}
    WHERE path >= %s AND path < %s AND valid_from <= %s AND valid_to > %s
  )"""


@dataclass(frozen=True)
class PaymentSum:
    path: str  # the collecting organisation's path in that month
    month: dt.date
    category: str | None
    channel: str
    amount: Decimal


def payment_table(first: dt.date, last: dt.date, within: str | None = None) -> list[PaymentSum]:
    """The live payments for the months of first..last (first days), summed by collecting
    organisation (placed by its path in the month), month, category and channel: two
    queries, kept for the span of a report's `registry.computation`, where every dues
    figure of the period read through the same subtree reads it.

    `within`, a path: only the organisations that stood in its subtree during the period
    (a cell's home page reads its own payments, not the installation's). A root's path
    reads them all, without the test.
    """
    from dangvu.reports.registry import memo

    first, last = first_of_month(first), first_of_month(last)
    if within is not None and within.count("/") <= 2:
        within = None
    return memo(
        ("dues.payment_table", first, last, within),
        lambda: _payment_table(first, last, within),
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _payment_table(first: dt.date, last: dt.date, within: str | None) -> list[PaymentSum]:
    quote = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    params = [adapt(first), adapt(last)]
    condition = ""
    if within is not None:
        condition = PAYMENT_TABLE_WITHIN.format(version=quote(OrganisationVersion._meta.db_table))
        params += [*subtree_range(within), adapt(last_day(last)), adapt(first)]
    sql = PAYMENT_TABLE_SQL.format(
        payment=quote(DuesPayment._meta.db_table),
        basis=quote(DuesBasis._meta.db_table),
        within=condition,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    spans: dict[int, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    collecting = DuesPayment.objects.filter(
        month__gte=first, month__lte=last, voided_at__isnull=True
    ).values("organisation_id")
    for org_id, valid_from, valid_to, path in OrganisationVersion.objects.filter(
        organisation_id__in=collecting, valid_from__lte=last, valid_to__gt=first
    ).values_list("organisation_id", "valid_from", "valid_to", "path"):
        spans[org_id].append((valid_from, valid_to, path))
    table = []
    for org_id, month, category, channel, amount in rows:
        month = _as_date(month)
        path = next((p for start, end, p in spans.get(org_id, ()) if start <= month < end), None)
        if path is not None and amount:
            table.append(PaymentSum(path, month, category, channel, Decimal(str(amount))))
    return table


def _sums(
    orgs: list[Organisation], start: dt.date, end: dt.date, key: Callable[[PaymentSum], Any]
) -> dict[int, dict[Any, Decimal]]:
    """For each of `orgs`, the payments of start..end collected in its subtree (placed on
    the month's first day, as it stood then), summed by `key`."""
    from dangvu.reports.batch import Placement
    from dangvu.reports.registry import Period

    first, last = first_of_month(start), first_of_month(end)
    placement = Placement(orgs, Period(first, last))
    found: dict[int, dict[Any, Decimal]] = {org.pk: defaultdict(lambda: ZERO) for org in orgs}
    for row in payment_table(first, last, placement.common_path()):
        for org_id in placement.owners(row.path, row.month):
            found[org_id][key(row)] += row.amount
    return found


def collected(org: Organisation, start: dt.date, end: dt.date) -> Amounts:
    """Live payments for the months of start..end collected inside the subtree, by
    category (from the period's `payment_table`; computed once within a report's
    `registry.computation`)."""
    from dangvu.reports.registry import memo

    return memo(
        ("dues.collected", org.pk, start, end),
        lambda: collected_many([org], start, end)[org.pk],
    )


def collected_by_channel(org: Organisation, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """What the subtree collected for the months of start..end, by how it was paid (the
    channel's label, in the channels' order; only those used)."""
    from dangvu.dues.models import Channel

    sums = _sums([org], start, end, lambda row: row.channel)[org.pk]
    return {str(c.label): sums[c.value] for c in Channel if sums.get(c.value)}


def collected_many(orgs: list[Organisation], start: dt.date, end: dt.date) -> dict[int, Amounts]:
    """`collected` of each of `orgs`, by organisation id, from one `payment_table`."""
    result: dict[int, Amounts] = {}
    for org_id, sums in _sums(orgs, start, end, lambda row: row.category).items():
        amounts = {cat: amount for cat, amount in sums.items() if amount}
        result[org_id] = Amounts(sum(amounts.values(), ZERO), _by_label(amounts))
    return result


def remittances_out(org: Organisation, start: dt.date, end: dt.date) -> QuerySet[DuesRemittance]:
    """Live remittances starting in the period, sent from inside the subtree to outside."""
    first, last = first_of_month(start), last_day(end)
    sender = placed_in(org, first, last, date_field="period_start", org_field="organisation")
    recipient = placed_in(org, first, last, date_field="period_start", org_field="recipient")
    return DuesRemittance.objects.filter(sender, voided_at__isnull=True).exclude(recipient)


def remitted_out(org: Organisation, start: dt.date, end: dt.date) -> Decimal:
    total = remittances_out(org, start, end).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


# --- arrears ------------------------------------------------------------------------------


def ended_months(start: dt.date, end: dt.date, day: dt.date | None = None) -> list[dt.date]:
    """The months of start..end that have ended by `day` (today by default)."""
    day = day or today()
    return [m for m in month_list(start, end) if last_day(m) < day]


@dataclass
class Arrear:
    member_id: int
    months: list[dt.date]
    category: str | None  # the category code of the last unpaid month's basis


def unpaid(org: Organisation, months: list[dt.date]) -> dict[int, Arrear]:
    """Members on the books of the subtree with unpaid months among `months`, by member id.

    Exempted months, and months without a basis recorded, are owed by nobody; a month paid
    anywhere (another cell, in advance) is paid. One query a month, plus one for the
    subtree's epochs and one for its bases.
    """
    months = _with_bases(sorted(months))
    if not months:
        return {}
    eps = epochs(org, months[0], last_day(months[-1]))
    exempt = exempt_by_age(eps, months)
    # The payment test in the database (an anti-join: most members paid), the basis of
    # the few left in Python, from one read of the subtree's bases.
    unpaid_in: dict[dt.date, list[int]] = {}
    for month in months:
        path = _path_on(eps, last_day(month))
        if path is None:
            continue
        paid = DuesPayment.objects.filter(
            member=OuterRef("member_id"), month=month, voided_at__isnull=True
        )
        exempt_now = exempt.get(month, set())
        rows = on_books(path, month).exclude(Exists(paid)).values_list("member_id", flat=True)
        unpaid_in[month] = [m for m in rows if m not in exempt_now]
    if not any(unpaid_in.values()):
        return {}
    bases = subtree_bases(eps, months)
    found: dict[int, Arrear] = {}
    for month, members in unpaid_in.items():
        for member_id in members:
            values = bases.values(member_id, month)
            if values is None:  # no basis recorded: nothing says what they owe
                continue
            basis = priced_basis(month, *values)
            # An exemption counts until its last month, if it has one.
            if exemption_in_force(basis, month) == Exemption.EXEMPT:
                continue
            arrear = found.setdefault(member_id, Arrear(member_id, [], basis.category))
            arrear.months.append(month)
            arrear.category = basis.category
    return found


def arrears_by_category(arrears: dict[int, Arrear]) -> dict[str, int]:
    counts: Counter[str | None] = Counter(a.category for a in arrears.values())
    return _by_label(dict(counts))


def arrears_year_months(day: dt.date) -> list[dt.date]:
    """The months counted for arrears on `day`: the calendar year of the last ended month,
    from January to that month (the Statute counts months unpaid "in a year")."""
    last = add_months(first_of_month(day), -1)
    return month_list(dt.date(last.year, 1, 1), last)


@dataclass(frozen=True)
class PaidThrough:
    """What a member's dues book says on a day, as an introduction paper writes it."""

    # The latest month with a live payment (its first day), wherever it was paid and
    # however far in advance; None when none is recorded.
    month: dt.date | None
    # The months of the arrears year ended by the day that the member owes and has not paid.
    owed: list[dt.date]


def paid_through(member_id: int, organisation: Organisation, day: dt.date) -> PaidThrough:
    """The member's dues as of `day`, with `organisation` (the cell they were on the books
    of) for their arrears: the months `unpaid` finds for them in `arrears_year_months(day)`.
    """
    latest = DuesPayment.objects.filter(member_id=member_id, voided_at__isnull=True).aggregate(
        m=Max("month")
    )["m"]
    arrear = unpaid(organisation, arrears_year_months(day)).get(member_id)
    return PaidThrough(latest, sorted(arrear.months) if arrear else [])


# --- due lists ------------------------------------------------------------------------------

# Unpaid months from which the cell is asked to consider removal from the rolls.
REMOVAL_MONTHS = 3


@dataclass
class ArrearLine:
    """A member on the books with unpaid months, for the due lists."""

    member_id: int
    name: str
    search_key: str
    organisation: str
    months: list[dt.date]
    category: str | None

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def consider_removal(self) -> bool:
        return self.count >= REMOVAL_MONTHS

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("members:detail", args=[self.member_id])

    @property
    def months_text(self) -> str:
        return ", ".join(f"{m:%m/%Y}" for m in self.months)


def arrears_due(org: Organisation, day: dt.date, *, least: int = 1) -> list[ArrearLine]:
    """Members on the books of the subtree on `day` with at least `least` unpaid months in
    the year of the last ended month (most months first, then by name).

    A member who pays nothing for three months in a year without good reason is
    considered for removal from the rolls (Điều lệ Đảng, Điều 8, khoản 2; the guidance of
    the Statute: Quy định 24-QĐ/TW năm 2021, replaced by Quy định 294-QĐ/TW năm 2025):
    the list flags them for the cell's consideration, the cell judges the reason. Months
    of an exemption are owed by nobody, so an exempted member is never in arrears. Bounded:
    one query a month, one for the members on the books, one for the names.
    """
    from dangvu.members.models import Member

    found = unpaid(org, arrears_year_months(day))
    from dangvu.orgs.queries import path_at

    path = path_at(org, day)
    if path is None or not found:
        return []
    present = dict(
        MembershipInterval.objects.filter(
            valid_from__lte=day,
            valid_to__gt=day,
            member_id__in=[k for k, a in found.items() if len(a.months) >= least],
            **_in("path", path),
        ).values_list("member_id", "organisation__name")
    )
    names = Member.objects.filter(pk__in=list(present)).values_list("pk", "full_name", "search_key")
    lines = [
        ArrearLine(pk, name, key or "", present[pk], found[pk].months, found[pk].category)
        for pk, name, key in names
    ]
    lines.sort(key=lambda line: (-line.count, line.search_key, line.member_id))
    return lines


@dataclass
class EndingExemption:
    """An exemption or reduction whose last month is this month or the next, for the cell
    to reconsider (Quy định 01-QĐ/TW: each decision lasts at most 12 months)."""

    basis_id: int
    member_id: int
    name: str
    organisation: str
    what: str  # «Miễn đóng đảng phí» or «Giảm 50%»
    until: dt.date

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("dues:basis", args=[self.basis_id])


def exemptions_ending(org: Organisation, day: dt.date) -> list[EndingExemption]:
    """Live exemptions and reductions of the members on the books of the subtree on `day`
    whose last month is `day`'s month or the next, with no later basis recorded yet (then
    the cell has reconsidered): soonest first, then by name. One query."""
    from dangvu.orgs.queries import path_at

    path = path_at(org, day)
    if path is None:
        return []
    this = first_of_month(day)
    later = DuesBasis.objects.filter(
        member=OuterRef("member_id"), valid_from__gt=OuterRef("valid_from"), voided_at__isnull=True
    )
    present = MembershipInterval.objects.filter(
        valid_from__lte=day, valid_to__gt=day, **_in("path", path)
    )
    rows = (
        DuesBasis.objects.filter(
            voided_at__isnull=True,
            exemption_until__gte=this,
            exemption_until__lte=add_months(this, 1),
            member_id__in=present.values("member_id"),
        )
        .exclude(exemption="")
        .exclude(Exists(later))
        .annotate(
            _org=Subquery(
                present.filter(member_id=OuterRef("member_id")).values("organisation__name")[:1]
            )
        )
        .values_list(
            "pk",
            "member_id",
            "member__full_name",
            "member__search_key",
            "_org",
            "exemption",
            "reduction_percent",
            "exemption_until",
        )
    )
    lines = []
    for pk, member_id, name, _key, org_name, exemption, percent, until in sorted(
        rows, key=lambda r: (r[7], r[3] or "", r[1])
    ):
        what = f"Giảm {percent}%" if percent else Exemption(exemption).label
        lines.append(EndingExemption(pk, member_id, name, org_name or "", str(what), until))
    return lines


def last_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the last quarter ended before `day`."""
    this_quarter = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    start = add_months(this_quarter, -3)
    return start, this_quarter - ONE_DAY


@dataclass
class Unremitted:
    organisation_id: int
    code: str
    name: str


def not_remitted(org: Organisation, day: dt.date) -> tuple[dt.date, dt.date, list[Unremitted]]:
    """Organisations of the subtree (with a superior) that collected dues, or received them
    from below, for the months of the last quarter and recorded no live remittance for a
    period overlapping it; with the quarter's first and last day. Three queries."""
    from dangvu.orgs.queries import subtree_at

    start, end = last_quarter(day)
    collectors = DuesPayment.objects.filter(
        month__gte=start, month__lte=end, voided_at__isnull=True
    ).values("organisation_id")
    receivers = DuesRemittance.objects.filter(
        period_start__lte=end, period_end__gte=start, voided_at__isnull=True
    ).values("recipient_id")
    senders = DuesRemittance.objects.filter(
        period_start__lte=end, period_end__gte=start, voided_at__isnull=True
    ).values("organisation_id")
    rows = (
        subtree_at(org, day)
        .filter(parent_id__isnull=False)
        .filter(Q(organisation_id__in=collectors) | Q(organisation_id__in=receivers))
        .exclude(organisation_id__in=senders)
        .order_by("path")
        .values_list("organisation_id", "organisation__code", "name")
    )
    return start, end, [Unremitted(*row) for row in rows]
