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
