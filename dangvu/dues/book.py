"""The cell's dues book (sổ thu nộp đảng phí) and the dues report of any level.

The book: one row per member on the books of the cell in some month of the range (or who
paid there), with their category and monthly amount by the basis in force in the last
month, a column per month with what they paid; then per month what the cell collected,
what it keeps by the retention share of that month and what it sends up. A fixed number
of queries whatever the number of members.

The report: one row per organisation directly under the one asked (and the organisation
itself when it collected directly), each with what its subtree collected (by category of
member), kept and sent up out of its subtree; the total row is the sum of the rows, so
the committee's figures are the sums of its organisations'. What the organisation asked
itself sent further up is given apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dangvu.core.rules import RuleBook
from dangvu.dues import queries
from dangvu.dues.calc import (
    bases_on,
    expected_amount,
    first_of_month,
    last_of_month,
    months,
    retention_share,
    split,
)
from dangvu.dues.models import Category, DuesPayment
from dangvu.dues.seniority import exemption_years, party_age_exempt
from dangvu.dues.seniority import label as seniority_label
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import children_at, path_at, version_at

ZERO = Decimal(0)
MAX_MONTHS = 36


@dataclass
class BookRow:
    member: Member
    category: str
    basis: Decimal  # the monthly amount by the basis in force in the last month
    paid: list[Decimal | None]  # one per month

    @property
    def total(self) -> Decimal:
        return sum((p for p in self.paid if p is not None), ZERO)


@dataclass
class Book:
    cell: Organisation
    months: list[dt.date]
    rows: list[BookRow]
    collected: list[Decimal]
    kept: list[Decimal]
    sent_up: list[Decimal]
    shares: list[Decimal]  # the retention share of each month (0..1)

    @property
    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        return sum(self.collected, ZERO), sum(self.kept, ZERO), sum(self.sent_up, ZERO)


def book(cell: Organisation, first: dt.date, last: dt.date) -> Book:
    """The dues book of `cell` for the months of first..last (at most `MAX_MONTHS`)."""
    span = months(first, last)[:MAX_MONTHS]
    start, end = span[0], last_of_month(span[-1])
    path = path_at(cell, end) or cell.path
    low, high = subtree_range(path)
    on_books: set[int] = set(
        MembershipInterval.objects.filter(
            path__gte=low, path__lt=high, valid_from__lte=end, valid_to__gt=start
        ).values_list("member_id", flat=True)
    )
    paid: dict[tuple[int, dt.date], Decimal] = {}
    for member_id, month, amount in DuesPayment.objects.filter(
        organisation=cell, month__gte=start, month__lte=span[-1], voided_at__isnull=True
    ).values_list("member_id", "month", "amount"):
        paid[(member_id, month)] = amount
        on_books.add(member_id)
    members = Member.objects.filter(pk__in=on_books).order_by("search_key", "pk")
    bases = bases_on(on_books, span[-1])
    rules = RuleBook()  # one read of the rules for every row
    # Members exempt by party age in the last month owe nothing that month, whatever
    # their basis says (Quy định 01-QĐ/TW; `dues.seniority`).
    aged = party_age_exempt(list(on_books), [span[-1]], book=rules).get(span[-1], set())
    rows = []
    for m in members:
        basis = bases.get(m.pk)
        category = basis.get_category_display() if basis else queries.NO_BASIS
        if m.pk in aged:
            category = f"{category} — {seniority_label(exemption_years(span[-1], rules))}"
        rows.append(
            BookRow(
                member=m,
                category=category,
                basis=ZERO if m.pk in aged else expected_amount(basis, span[-1], book=rules),
                paid=[paid.get((m.pk, month)) for month in span],
            )
        )
    collected = [sum((r.paid[i] or ZERO for r in rows), ZERO) for i in range(len(span))]
    kind = (version_at(cell, end) or cell).kind
    shares = [retention_share(kind, month, unit=cell.unit_type, book=rules) for month in span]
    kept, sent_up = [], []
    for amount, share in zip(collected, shares, strict=True):
        k, s = split(amount, share)
        kept.append(k)
        sent_up.append(s)
    return Book(cell, span, rows, collected, kept, sent_up, shares)


# --- the report of a level ---------------------------------------------------------------------


@dataclass
class ReportRow:
    organisation: Organisation
    name: str
    collected: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    sent_up: Decimal = ZERO
    cells: list[tuple[str, Decimal]] = field(default_factory=list)  # by the report's labels

    @property
    def kept(self) -> Decimal:
        return self.collected - self.sent_up


@dataclass
class LevelReport:
    organisation: Organisation
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    total: ReportRow
    categories: list[str]
    sent_further: Decimal  # what the organisation asked sent out of its own subtree


def quarter(year: int, q: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * (q - 1) + 1, 1)
    return first, last_of_month(dt.date(year, 3 * q, 1))


def level_report(org: Organisation, start: dt.date, end: dt.date) -> LevelReport:
    """The dues of `org`'s level for the months of start..end, by directly subordinate
    organisation; a few queries per subordinate organisation, none per member."""
    start, end = first_of_month(start), last_of_month(end)
    parts = [(v.organisation, v.name) for v in sorted(children_at(org, end), key=lambda v: v.path)]
    rows: list[ReportRow] = []
    # What each collected, the organisation's whole among them: two grouped queries.
    got_all = queries.collected_many([child for child, _ in parts] + [org], start, end)
    for child, name in parts:
        got = got_all[child.pk]
        rows.append(
            ReportRow(
                child, name, got.total, got.by_category, queries.remitted_out(child, start, end)
            )
        )
    whole = got_all[org.pk]
    direct = whole.total - sum((r.collected for r in rows), ZERO)
    if direct or not rows:
        # What the organisation collected itself (a grassroots cell, or members kept on the
        # committee's own books): its own row, so the rows still add up to the whole.
        own_by_category = _own_by_category(whole, rows) if rows else whole.by_category
        sent = ZERO if rows else queries.remitted_out(org, start, end)
        version = version_at(org, end)
        name = version.name if version else org.name
        rows.append(
            ReportRow(
                org,
                f"{name} (thu trực tiếp)" if parts else name,
                direct if parts else whole.total,
                own_by_category,
                sent,
            )
        )
    order = {Category(c).label: i for i, c in enumerate(Category.values)}
    labels = sorted(
        {label for r in rows for label in r.by_category}, key=lambda k: order.get(k, len(order))
    )
    total = ReportRow(org, "Tổng cộng")
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        total.collected += r.collected
        total.sent_up += r.sent_up
        for label, amount in r.by_category.items():
            sums[label] += amount
    total.by_category = dict(sums)
    for r in [*rows, total]:
        r.cells = [(label, r.by_category.get(label, ZERO)) for label in labels]
    return LevelReport(org, start, end, rows, total, labels, queries.remitted_out(org, start, end))


def _own_by_category(whole: queries.Amounts, rows: list[ReportRow]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for label, amount in whole.by_category.items():
        rest = amount - sum((r.by_category.get(label, ZERO) for r in rows), ZERO)
        if rest:
            found[label] = rest
    return found
