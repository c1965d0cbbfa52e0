"""The demo's transit records: deterministic, scoped like the rest, one of each case."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from dangvu.core.dates import today
from dangvu.members.tests.factories import existing
from dangvu.transit import queries
from dangvu.transit.demo import seed_transit
from dangvu.transit.models import (
    Announcement,
    ArrivalConfirmation,
    TemporaryAttendee,
    TemporaryDuesPayment,
)
from dangvu.transit.tests.helpers import transferred_out

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_a_few_in_transit_and_fills_the_registers(tree: dict[str, Any]) -> None:
    for cell in ("C11", "C12", "C13", "C21"):
        for _ in range(2):
            existing(tree[cell], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    old = [transferred_out(tree["C13"], dt.date(2023, 5, 2 + n)) for n in range(3)]
    counts = seed_transit(tree["BLOC"], random.Random(1))
    now = today()
    assert counts == {
        "xác nhận đến nơi mới": 2,
        "đang chuyển đi": 3,
        "thông báo chuyển đến": 2,
        "đến sinh hoạt tạm thời": 3,
        "đảng phí sinh hoạt tạm thời": 3,
    }
    paid = TemporaryDuesPayment.objects.filter(voided_at__isnull=True)
    assert paid.count() == 3 and len({p.attendee_id for p in paid}) == 1
    assert ArrivalConfirmation.objects.filter(event__in=old[:2]).count() == 2
    pending = queries.in_transit(tree["BLOC"], now)
    assert len(pending) == 3 and pending[0].record == old[2] and pending[0].overdue
    assert sum(p.overdue for p in queries.announced(tree["BLOC"], now)) == 1
    assert Announcement.objects.count() == 2
    ending = queries.attendees_ending(tree["BLOC"], now, 30)
    assert [e.attendee.full_name for e in ending] == ["Đinh Văn Toàn"]
    assert TemporaryAttendee.objects.filter(purpose="STUDY").count() == 1
