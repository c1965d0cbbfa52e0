"""For any set of payments in a small tree (bloc → grassroots → cells), the figures of
every level add up to the đồng, kept + sent up = what each level has, and nothing is
sent up beyond what was collected without a recorded reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.errors import DomainError
from dangvu.dues.actions import PaymentRow, collected, do_record_payments, do_remit, do_set_basis
from dangvu.dues.calc import retention_share, split
from dangvu.dues.models import Category, DuesPayment, DuesRemittance
from dangvu.members.tests.factories import existing
from dangvu.orgs.kinds import OrgKind

pytestmark = pytest.mark.django_db

# The cells that collect, and the grassroots each belongs to (C13 through SUB1).
CELLS = ("C11", "C12", "C13", "C21", "GC1")
GRASSROOTS = {"GK1": ("C11", "C12", "C13"), "GK2": ("C21",), "GC1": ("GC1",)}
Q_START, Q_END = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
MONTHS = (dt.date(2023, 1, 1), dt.date(2023, 2, 1), dt.date(2023, 3, 1))
SENT = dt.date(2023, 4, 10)


class Rollback(Exception):
    pass


@pytest.fixture
def members(tree: dict[str, Any]) -> dict[str, list[Any]]:
    """Two members in each collecting cell."""
    out: dict[str, list[Any]] = {}
    for code in CELLS:
        out[code] = []
        for i in range(2):
            m = existing(tree[code], dt.date(2022, 6, 1), dt.date(2010, 1, 1), f"{code} số {i}")
            do_set_basis(
                m,
                valid_from=dt.date(2022, 6, 1),
                category=Category.STATE,
                income=4_000_000 + i,
                acting_user=None,
            )
            out[code].append(m)
    return out


payment = st.tuples(
    st.sampled_from(CELLS),
    st.integers(0, 1),  # which member
    st.integers(0, 2),  # first month
    st.integers(1, 3),  # months paid
    st.integers(0, 500_000),  # amount in đồng
)


def total(qs: Any) -> Decimal:
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payments=st.lists(payment, max_size=12),
    extra=st.integers(0, 3),
    with_reason=st.booleans(),
)
def test_levels_add_up_and_nothing_is_sent_beyond_collections_without_reason(
    tree: dict[str, Any],
    members: dict[str, list[Any]],
    payments: list[tuple[str, int, int, int, int]],
    extra: int,
    with_reason: bool,
) -> None:
    try:
        with transaction.atomic():
            _check(tree, members, payments, extra, with_reason)
            raise Rollback
    except Rollback:
        pass


def _check(
    tree: dict[str, Any],
    members: dict[str, list[Any]],
    payments: list[tuple[str, int, int, int, int]],
    extra: int,
    with_reason: bool,
) -> None:
    taken: set[tuple[int, int]] = set()
    for code, who, first, n, amount in payments:
        n = min(n, 3 - first)
        member = members[code][who]
        wanted = {(member.pk, first + i) for i in range(n)}
        if wanted & taken:
            with pytest.raises(DomainError, match="đã nộp đảng phí"):
                do_record_payments(
                    tree[code],
                    MONTHS[first],
                    [PaymentRow(member, Decimal(amount), SENT, months=n)],
                    acting_user=None,
                )
            continue
        taken |= wanted
        written = do_record_payments(
            tree[code],
            MONTHS[first],
            [PaymentRow(member, Decimal(amount), SENT, months=n)],
            acting_user=None,
        )
        assert sum(p.amount for p in written) == amount

    # Collections add up: cells → grassroots → bloc, to the đồng.
    by_cell = {
        code: total(DuesPayment.objects.filter(organisation=tree[code], voided_at__isnull=True))
        for code in CELLS
    }
    assert sum(by_cell.values()) == total(DuesPayment.objects.all())
    for code, cells in GRASSROOTS.items():
        assert collected(tree[code], Q_START, Q_END) == sum(by_cell[c] for c in cells)
    bloc = collected(tree["BLOC"], Q_START, Q_END)
    assert bloc == sum(collected(tree[g], Q_START, Q_END) for g in GRASSROOTS)
    assert bloc == sum(by_cell.values())

    # Each level keeps its share and sends up the rest: kept + sent = what it has.
    received: dict[str, Decimal] = {g: Decimal("0") for g in GRASSROOTS}
    for code in ("C11", "C12", "C13", "C21"):
        kept, up = split(by_cell[code], retention_share(OrgKind.CELL, Q_START))
        assert kept + up == by_cell[code] and kept >= 0 and up >= 0
        if up:
            do_remit(
                tree[code],
                period_start=Q_START,
                period_end=Q_END,
                amount=up,
                sent_on=SENT,
                acting_user=None,
            )
        received["GK1" if code != "C21" else "GK2"] += up
    received["GC1"] = by_cell["GC1"]
    bloc_received = Decimal("0")
    for code in GRASSROOTS:
        org = tree[code]
        kept, up = split(received[code], retention_share(org.kind, Q_START))
        assert kept + up == received[code]
        if up:
            do_remit(
                org,
                period_start=Q_START,
                period_end=Q_END,
                amount=up,
                sent_on=SENT,
                acting_user=None,
            )
        bloc_received += up
    assert bloc_received == total(
        DuesRemittance.objects.filter(recipient=tree["BLOC"], voided_at__isnull=True)
    )

    # One đồng (or more) beyond what remains is refused without a reason, kept with one.
    if extra:
        remains = collected(tree["GK1"], Q_START, Q_END) - total(
            DuesRemittance.objects.filter(organisation=tree["GK1"])
        )
        kwargs: dict[str, Any] = {
            "period_start": Q_START,
            "period_end": Q_END,
            "sent_on": SENT,
            "acting_user": None,
            "amount": remains + extra,
        }
        if with_reason:
            do_remit(tree["GK1"], excess_reason="Nộp bù năm trước", **kwargs)
        else:
            with pytest.raises(DomainError) as e:
                do_remit(tree["GK1"], **kwargs)
            assert e.value.field == "excess_reason"

    # Without a recorded reason, no organisation has sent more than its subtree collected.
    for code in (*CELLS, *GRASSROOTS):
        org = tree[code]
        sent = DuesRemittance.objects.filter(organisation=org, voided_at__isnull=True)
        if not sent.exclude(excess_reason="").exists():
            assert total(sent) <= collected(org, Q_START, Q_END)
