"""Complaint and denunciation deadlines by the level that settles them, in working days
(Quy định 30-QĐ/TW 2016; Quy định 22-QĐ/TW 2021, Điều 20 and 22; Quy định 296-QĐ/TW 2025):
a grassroots body (chi bộ, đảng ủy cơ sở) 30 working days, the committee above it 60."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.core.dates import add_working_days
from dangvu.core.rules import rule
from dangvu.inspection import actions
from dangvu.inspection.models import Complaint, Level
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

# (handling organisation, level, the one complained of, tier in the rule)
BODIES = [
    ("C11", Level.CELL, "member", "GRASSROOTS"),
    ("GC1", Level.CELL, "member", "GRASSROOTS"),
    ("GK1", Level.GRASSROOTS, "C11", "GRASSROOTS"),
    ("BLOC", Level.STANDING, "GK1", "ABOVE_GRASSROOTS"),
    ("BLOC", Level.COMMISSION, "GK1", "ABOVE_GRASSROOTS"),
]


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, 0), tick=False):
        yield


def _receive(
    tree: dict[str, Any], handler: str, level: str, against: str, kind: str, day: Any
) -> Complaint:
    target: dict[str, Any] = {}
    if against == "member":
        target["against_member"] = existing(
            tree[handler], dt.date(2020, 1, 1), dt.date(1995, 5, 1), birth=dt.date(1970, 1, 2)
        )
    else:
        target["against_organisation"] = tree[against]
    return actions.do_receive_complaint(
        kind=kind,
        received_date=day,
        sender="Nguyễn Văn Bình",
        subject="Nội dung đơn",
        handling_organisation=tree[handler],
        handling_level=level,
        acting_user=None,
        **target,
    )


@pytest.mark.parametrize("kind", ["COMPLAINT", "DENUNCIATION"])
@pytest.mark.parametrize("handler, level, against, tier", BODIES)
def test_the_default_deadline_follows_the_level_in_working_days(
    tree: dict[str, Any], kind: str, handler: str, level: str, against: str, tier: str
) -> None:
    """Quy định 22-QĐ/TW: 30 working days at the grassroots, 60 above it; working days
    skip weekends and public holidays (Tết of 2025 here)."""
    day = dt.date(2025, 1, 10)
    complaint = _receive(tree, handler, level, against, kind, day)
    days = 30 if tier == "GRASSROOTS" else 60
    assert rule("inspection.complaint_deadline_days", day)[kind][tier] == days
    assert complaint.deadline == add_working_days(day, days)
    # More than the same count of calendar days, and past the Tết holidays.
    assert complaint.deadline > day + dt.timedelta(days=days)


@pytest.mark.parametrize(
    "received, grassroots_days",
    [
        (dt.date(2021, 7, 27), 90),  # Quy định 30-QĐ/TW: 90 working days at every level
        (dt.date(2021, 7, 28), 30),  # Quy định 22-QĐ/TW from 28/7/2021
        (dt.date(2025, 5, 30), 30),  # Quy định 296-QĐ/TW from 30/5/2025
    ],
)
def test_each_version_applies_from_its_text(
    tree: dict[str, Any], received: dt.date, grassroots_days: int
) -> None:
    complaint = _receive(tree, "GK1", Level.GRASSROOTS, "C11", "DENUNCIATION", received)
    assert complaint.deadline == add_working_days(received, grassroots_days)


def test_the_due_list_shows_the_deadline_the_term_and_the_working_days_overdue(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    """The due list of complaints shows the deadline of the level and its term in the
    regulation's unit; the delay is counted in working days."""
    received = dt.date(2025, 8, 1)
    grassroots = _receive(tree, "GK1", Level.GRASSROOTS, "C11", "COMPLAINT", received)
    above = _receive(tree, "BLOC", Level.COMMISSION, "GK1", "DENUNCIATION", received)
    assert grassroots.deadline == dt.date(2025, 9, 16)  # 01/09 and 02/09 are holidays
    client.force_login(admin_user)
    page = client.get(reverse("inspection:complaints_due"), {"ngay": "27/10/2025"})
    body = page.content.decode()
    assert "16/09/2025" in body and "30 ngày làm việc" in body
    assert above.deadline == add_working_days(received, 60)
    assert above.deadline > dt.date(2025, 10, 27)  # not yet overdue: not listed
    assert "60 ngày làm việc" not in body
    # 17/09 to 27/10/2025: 29 working days overdue.
    assert "<td>29</td>" in body.replace(' class="d-none d-md-table-cell"', "")
