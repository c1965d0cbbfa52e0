"""The demo seed: a small committee's members over the years, consistent with its tree."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from dangvu.core.dates import today
from dangvu.members import queries
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.demo import BLOC_CODE, START
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at


@pytest.mark.django_db
def test_demo_members_follow_the_tree_and_balance_every_year() -> None:
    out = io.StringIO()
    call_command("seed_demo", members=300, stdout=out)
    assert "Đảng viên:" in out.getvalue()
    bloc = Organisation.objects.get(code=BLOC_CODE)

    statuses = set(Member.objects.values_list("status", flat=True))
    assert {Status.FULL, Status.PROBATIONARY, ""} <= statuses
    stranded = Member.objects.exclude(status="").filter(organisation__ended_on__isnull=False)
    assert not stranded.exists()
    # Every stretch of membership starts in an organisation in force that day.
    for interval in MembershipInterval.objects.select_related("organisation"):
        assert version_at(interval.organisation, interval.valid_from) is not None
    assert not MemberEvent.objects.filter(date__gt=today()).exists()
    assert queries.members_at(bloc, START)["total"] > 250

    for year in range(2021, 2026):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        b = queries.balance(bloc, first, last)
        inflow, outflow = b["in"], b["out"]
        assert isinstance(inflow, dict) and isinstance(outflow, dict)
        assert b["start"] + sum(inflow.values()) - sum(outflow.values()) == b["end"], year
        admitted = MemberEvent.objects.filter(kind=EventKind.ADMITTED, date__year=year)
        assert admitted.exists(), year
        assert MemberEvent.objects.filter(kind=EventKind.CONFIRMED, date__year=year).exists()

    _dues_follow_the_members(bloc)


def _dues_follow_the_members(bloc: Organisation) -> None:
    """Every member on the books has a basis and pays month by month from January of last
    year, at the expected amount, with a few in arrears; what each organisation sends up
    is never more than its subtree collected."""
    from django.db.models import Count

    from dangvu.dues import actions, calc
    from dangvu.dues.demo import first_month
    from dangvu.dues.models import DuesBasis, DuesPayment, DuesRemittance, Exemption
    from dangvu.dues.seniority import party_age_exempt

    now = today()
    on_books = set(
        MembershipInterval.objects.filter(valid_from__lte=now, valid_to__gt=now).values_list(
            "member_id", flat=True
        )
    )
    based = set(DuesBasis.objects.values_list("member_id", flat=True))
    # The one admission the issued-report stage records afterwards has no basis yet.
    assert on_books and len(on_books - based) <= 1
    exempt = set(
        DuesBasis.objects.filter(exemption=Exemption.EXEMPT).values_list("member_id", flat=True)
    )
    start = first_month(now)
    assert DuesPayment.objects.filter(month=start).exists()
    assert not DuesPayment.objects.filter(month__lt=start).exists()
    assert not DuesPayment.objects.filter(paid_on__gt=now).exists()
    # Last ended month: almost everyone paid; a few did not (arrears), never the exempted.
    last = calc.first_of_month(calc.first_of_month(now) - dt.timedelta(days=1))
    owing = {
        m
        for m in MembershipInterval.objects.filter(
            valid_from__lte=calc.last_of_month(last), valid_to__gt=calc.last_of_month(last)
        ).values_list("member_id", flat=True)
    } - exempt
    # From 02/2026 fifty years of party age owe nothing (Quy định 01-QĐ/TW).
    owing -= party_age_exempt(list(owing), [last]).get(last, set())
    paid = set(DuesPayment.objects.filter(month=last).values_list("member_id", flat=True))
    assert paid <= owing
    assert 0 < len(owing - paid) < len(owing) // 10
    # The expected amount is the basis's for that month.
    for payment in DuesPayment.objects.order_by("?")[:30]:
        basis = calc.bases_on([payment.member_id], payment.month)[payment.member_id]
        assert payment.expected == calc.expected_amount(basis, payment.month)
    # Remittances: receipt numbers, most acknowledged, never more than collected.
    sent = list(DuesRemittance.objects.select_related("organisation"))
    assert sent and all(r.receipt_number for r in sent)
    assert sum(1 for r in sent if r.acknowledged_on) > len(sent) // 2
    for remittance in sent[:: max(1, len(sent) // 40)]:
        got = actions.collected(
            remittance.organisation, remittance.period_start, remittance.period_end
        )
        assert remittance.amount <= got, remittance
    assert bloc.pk in {r.recipient_id for r in sent}
    # Most pay in cash to the cell, some through the national portal.
    channels = dict(
        DuesPayment.objects.values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    assert channels["CASH"] > channels.get("PORTAL", 0) > 0
