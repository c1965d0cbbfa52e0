"""Demo party dues: a basis for every member, their payments month by month, and what the
cells, sub-committees and grassroots organisations sent up, from January of last year to
today.

Why not since 2020 like the other stages: every member pays every month, so the whole
demo period is about 400,000 payments, seconds more than the first start can spare. A
full last year plus this year is enough for last year's annual report and this year's
figures and due lists. The rows are written in bulk statements, as the payments import
writes them, with the same expected amounts (`calc.expected_amount` of the basis in force
that month, by the rates of that month); the seed records no audit entries for them, as
the tree's bulk build records none.

The bloc is provincial agencies: almost every member is paid from the state budget
(5–20 million đồng a month), a few are seconded officers of the armed forces, the members
of the elderly and veterans' associations' cells and members past 60 are pensioners, and
a few are exempted or have a reduced amount by a decision. Most pay every month in that
month, some a quarter in advance; a few are one to three months behind and two are more
than three months behind (the Statute's case for consideration). Cells send their share
up every month, sub-committees and grassroots organisations every quarter, each with a
receipt number, most acknowledged by the superior a few days later.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import DateField, DecimalField
from django.utils import timezone

from dangvu.core.dates import add_months, today
from dangvu.core.rules import rule
from dangvu.dues import calc
from dangvu.dues.models import (
    Category,
    Channel,
    DuesBasis,
    DuesPayment,
    DuesRemittance,
    Exemption,
)
from dangvu.dues.seniority import party_age_exempt
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion

# The grassroots organisations whose members are mostly retired.
RETIRED_UNITS = ("Người cao tuổi", "Cựu chiến binh")
CHANNELS = (Channel.CASH, Channel.PORTAL, Channel.BANK)
GRASSROOTS = (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE)


def first_month(now: dt.date | None = None) -> dt.date:
    """January of last year: the first month the demo records dues for."""
    return dt.date((now or today()).year - 1, 1, 1)


def _income(rng: random.Random, low: int, mode: int, high: int) -> Decimal:
    return Decimal(int(rng.triangular(low, high, mode)) // 10_000 * 10_000)


def insert(
    model: type[DuesPayment] | type[DuesRemittance],
    names: list[str],
    rows: list[tuple[object, ...]],
    stamp: dt.datetime,
) -> None:
    """Insert `rows` (values of the fields `names`) in chunks of one statement each, the
    other columns at their defaults: no void, no note, recorded now by the system.

    Plain tuples, not model instances: building 100,000 instances and letting the ORM
    prepare each value took most of the stage's time.
    """
    meta = model._meta
    fixed = {"note": "", "void_reason": "", "recorded_at": stamp}
    if model is DuesRemittance:
        fixed["excess_reason"] = ""
    fields = [meta.get_field(n) for n in names] + [meta.get_field(n) for n in fixed]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if not rows:
        return
    # Column by column: each distinct date or amount is prepared for the database once.
    columns: list[Any] = list(zip(*rows, strict=True))
    for i, f in enumerate(fields[: len(names)]):
        if isinstance(f, DateField | DecimalField):
            prepared = {v: f.get_db_prep_save(v, connection) for v in set(columns[i])}
            columns[i] = [prepared[v] for v in columns[i]]
    for value, f in zip(fixed.values(), fields[len(names) :], strict=True):
        columns.append([f.get_db_prep_save(value, connection)] * len(rows))
    values = list(zip(*columns, strict=True))
    with connection.cursor() as cursor:
        for i in range(0, len(values), 5000):
            cursor.executemany(sql, values[i : i + 5000])


def seed_dues(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    now = today()
    start = first_month(now)
    months = calc.months(start, now)
    ends = {m: calc.last_of_month(m) for m in months}
    days = {m: min(ends[m], now) for m in months}
    index = {m: i for i, m in enumerate(months)}
    versions: dict[int, list[OrganisationVersion]] = defaultdict(list)
    for v in OrganisationVersion.objects.filter(valid_to__gt=start).order_by("valid_from"):
        versions[v.organisation_id].append(v)

    def version(org_id: int, day: dt.date) -> OrganisationVersion | None:
        for v in versions.get(org_id, ()):
            if v.valid_from <= day < v.valid_to:
                return v
        return None

    names = {v.path: v.name for vs in versions.values() for v in vs}

    # Where each member was on each month's last day (the month they owe).
    where: dict[int, dict[dt.date, int]] = defaultdict(dict)
    paths: dict[int, str] = {}
    for member_id, org_id, path, valid_from, valid_to in (
        MembershipInterval.objects.filter(valid_to__gt=start, valid_from__lte=now)
        .order_by("member_id", "valid_from")
        .values_list("member_id", "organisation_id", "path", "valid_from", "valid_to")
    ):
        # The months whose last day (today, for this month) the interval covers.
        for m in months[index.get(calc.first_of_month(valid_from), 0) :]:
            if days[m] >= valid_to:
                break
            if valid_from <= days[m]:
                where[member_id][m] = org_id
                paths[member_id] = path
    births = dict(Member.objects.filter(pk__in=list(where)).values_list("pk", "birth_date"))

    # One basis per member, from the first month they owe.
    bases: list[DuesBasis] = []
    for member_id in sorted(where):
        owed = sorted(where[member_id])
        unit = names.get("/".join(paths[member_id].split("/")[:3]) + "/", "")
        retired = any(u in unit for u in RETIRED_UNITS) and rng.random() < 0.85
        if retired or births[member_id].year <= now.year - 61:
            category, income = Category.PENSION, _income(rng, 3_500_000, 6_000_000, 12_000_000)
        elif rng.random() < 0.02:
            category, income = Category.ARMED, _income(rng, 8_000_000, 11_000_000, 18_000_000)
        else:
            category, income = Category.STATE, _income(rng, 5_000_000, 8_500_000, 20_000_000)
        basis = DuesBasis(member_id=member_id, valid_from=owed[0], category=category, income=income)
        luck = rng.random()
        if luck < 0.004:
            basis.exemption = Exemption.EXEMPT
            basis.decision = f"{rng.randint(5, 90)}-QĐ/ĐU"
            basis.decision_date = owed[0] - dt.timedelta(days=rng.randint(5, 40))
            basis.note = "Miễn đóng đảng phí: ốm đau dài ngày, đã được miễn công tác và sinh hoạt."
        elif luck < 0.008:
            basis.exemption = Exemption.REDUCED
            basis.reduced_amount = Decimal(20_000)
            basis.decision = f"{rng.randint(5, 90)}-QĐ/ĐU"
            basis.decision_date = owed[0] - dt.timedelta(days=rng.randint(5, 40))
            basis.note = "Giảm mức đóng: hoàn cảnh gia đình đặc biệt khó khăn."
        bases.append(basis)
    DuesBasis.objects.bulk_create(bases, batch_size=1000)

    # Expected amounts: computed once per basis for each run of months with the same rates.
    rates = {
        m: json.dumps([rule(calc.PERCENT, m), rule(calc.FIXED, m)], default=str) for m in months
    }
    expected: dict[tuple[int, str], Decimal] = {}

    def owed_for(basis: DuesBasis, m: dt.date) -> Decimal:
        key = (basis.member_id, rates[m])
        if key not in expected:
            expected[key] = calc.expected_amount(basis, m)
        return expected[key]

    # Who is behind: a few members one to three months, two members more than three.
    ended = [m for m in months if ends[m] < now]
    payers = [b for b in bases if b.exemption != Exemption.EXEMPT and len(where[b.member_id]) > 6]
    behind: dict[int, int] = {}
    for basis in rng.sample(payers, min(len(payers), max(3, len(payers) // 60))):
        behind[basis.member_id] = rng.randint(1, 3)
    for basis in rng.sample(payers, min(len(payers), 2)):
        behind[basis.member_id] = rng.randint(4, 6)
    quarterly = {b.member_id for b in payers if rng.random() < 0.1}
    # From 02/2026 (Quy định 01-QĐ/TW) fifty years of party age owe nothing: no payment.
    exempt = party_age_exempt(list(where), months)
    # How each member pays: most in cash to the cell, some by the national portal or bank.
    channels = {b.member_id: rng.choices(CHANNELS, weights=(80, 15, 5))[0] for b in payers}

    payments: list[tuple[int, int, dt.date, Decimal, dt.date, str, str]] = []
    seq: dict[tuple[int, dt.date], int] = defaultdict(int)
    for basis in bases:
        if basis.exemption == Exemption.EXEMPT:
            continue
        owed = sorted(where[basis.member_id])
        skip = set(ended[-behind[basis.member_id] :]) if basis.member_id in behind else set()
        paid_on: dt.date | None = None
        for m in owed:
            if m in skip or basis.member_id in exempt.get(m, ()):
                continue
            cell = where[basis.member_id][m]
            if not (basis.member_id in quarterly and (m.month - 1) % 3 and paid_on is not None):
                paid_on = m + dt.timedelta(days=rng.randint(2, 24))
            if paid_on > now:
                break
            seq[(cell, m)] += 1
            payments.append(
                (
                    basis.member_id,
                    cell,
                    m,
                    owed_for(basis, m),
                    paid_on,
                    f"PT{m:%m%y}-{seq[(cell, m)]:03d}",
                    channels.get(basis.member_id, Channel.CASH),
                )
            )
    stamp = timezone.now()
    insert(
        DuesPayment,
        ["member", "organisation", "month", "amount", "expected", "paid_on", "receipt", "channel"],
        [
            (a, b, m, amount, amount, paid, receipt, ch)
            for a, b, m, amount, paid, receipt, ch in payments
        ],
        stamp,
    )

    # What each organisation collected (or received) and sends up.
    collected: dict[tuple[int, dt.date], Decimal] = defaultdict(Decimal)
    for _, org_id, m, amount, *_ in payments:
        collected[(org_id, m)] += amount
    remittances: list[tuple[object, ...]] = []
    codes = dict(Organisation.objects.values_list("pk", "code"))
    received: dict[tuple[int, dt.date], Decimal] = defaultdict(Decimal)

    def send(org_id: int, first: dt.date, last: dt.date, amount: Decimal) -> None:
        sent_on = calc.last_of_month(last) + dt.timedelta(days=rng.randint(3, 12))
        v = version(org_id, calc.last_of_month(last))
        if sent_on > now or v is None or v.parent_id is None or amount <= 0:
            return
        acknowledged = sent_on + dt.timedelta(days=rng.randint(1, 6))
        remittances.append(
            (
                org_id,
                v.parent_id,
                first,
                calc.last_of_month(last),
                amount,
                sent_on,
                f"GNT-{codes[org_id]}-{last:%m%y}"[:40],
                acknowledged if acknowledged <= now else None,
            )
        )
        received[(v.parent_id, last)] += amount

    units = dict(Organisation.objects.exclude(unit_type="").values_list("pk", "unit_type"))
    # Cells (and groups) every month, to their superior.
    for (org_id, m), total in sorted(collected.items()):
        v = version(org_id, ends[m] if ends[m] < now else now)
        if v is None or v.kind in GRASSROOTS or v.kind == OrgKind.SUB_COMMITTEE:
            continue
        _, up = calc.split(total, calc.retention_share(v.kind, m, unit=units.get(org_id, "")))
        send(org_id, m, m, up)
    # Sub-committees, then grassroots organisations, every quarter.
    quarters = [
        (m, add_months(m, 2))
        for m in months
        if m.month in (1, 4, 7, 10) and add_months(m, 2) in ends
    ]
    for kinds in ((OrgKind.SUB_COMMITTEE,), GRASSROOTS):
        for org_id, vs in versions.items():
            if not any(v.kind in kinds for v in vs):
                continue
            for first, last in quarters:
                v = version(org_id, ends[last])
                if v is None or v.kind not in kinds:
                    continue
                total = sum(
                    (
                        collected.get((org_id, m), Decimal(0))
                        + received.get((org_id, m), Decimal(0))
                        for m in calc.months(first, last)
                    ),
                    Decimal(0),
                )
                share = calc.retention_share(v.kind, last, unit=units.get(org_id, ""))
                _, up = calc.split(total, share)
                send(org_id, first, last, up)
    insert(
        DuesRemittance,
        [
            "organisation",
            "recipient",
            "period_start",
            "period_end",
            "amount",
            "sent_on",
            "receipt_number",
            "acknowledged_on",
        ],
        remittances,
        stamp,
    )
    return {
        "căn cứ đóng đảng phí": len(bases),
        "khoản thu": len(payments),
        "lần nộp lên cấp trên": len(remittances),
    }
