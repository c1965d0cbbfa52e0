"""The demo personnel data is recorded through the actions, in date order."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from dangvu.core.dates import today
from dangvu.members.tests.factories import existing
from dangvu.personnel import queries
from dangvu.personnel.demo import seed_personnel
from dangvu.personnel.models import Committee, CommitteeMember, Position
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db


def test_seed_personnel(tree: dict[str, Any]) -> None:
    for i in range(40):
        org = ("C11", "C12", "C13", "C21", "GC1", "GC2")[i % 6]
        existing(tree[org], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    counts = seed_personnel(tree["BLOC"], random.Random(3), scale=0.05)
    assert all(counts[k] > 0 for k in ("committees", "seats", "decisions", "conclusions"))
    assert Committee.objects.filter(organisation=tree["BLOC"], term="2020–2025").count() == 3
    for code in ("BLOC", "GK1", "GK2", "GC1"):
        assert queries.secretary_of(tree[code], today()) is not None, code
    # Never two secretaries of one organisation on one day, whatever the decisions did.
    for day in (dt.date(2021, 6, 1), dt.date(2023, 6, 1), today()):
        for code in ("BLOC", "GK1", "GK2", "GC1", "GC2"):
            n = CommitteeMember.objects.filter(
                queries.seats_on(day),
                committee__organisation=tree[code],
                committee__kind="EXECUTIVE",
                position=Position.SECRETARY,
            ).count()
            assert n <= 1, (code, day, n)
    # Every full year has its share of each kind of record, at the scale asked for.
    for year in range(2021, today().year):
        period = Period.year(year)
        assert 1 <= value("personnel.executive_completed", tree["BLOC"], period).value <= 3
        conclusions = value("personnel.political_conclusions", tree["BLOC"], period).value
        assert 540 * 0.05 * 0.9 <= conclusions <= 720 * 0.05 * 1.3, (year, conclusions)
    assert value("personnel.cell_attendance_assignments", tree["BLOC"], Period.year(2023)).value
    last_full = Period.year(today().year - 1)
    growth = value("personnel.political_conclusions.pct_change", tree["BLOC"], last_full).value
    assert growth is not None and growth > 0
