"""The demo inspection work is recorded through the actions, at a realistic scale, quickly."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine

from dangvu.inspection.demo import seed_inspection
from dangvu.inspection.models import DisciplineDecision, Inspection, Programme
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db


def test_seed_inspection(tree: dict[str, Any]) -> None:
    with time_machine.travel(dt.datetime(2024, 7, 1, 9, 0), tick=False):
        for i in range(40):
            existing(tree["C11" if i % 2 else "C21"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
        counts = seed_inspection(tree["BLOC"], random.Random(7))
        assert counts["programmes"] == 5  # 2020 to 2024
        bloc = tree["BLOC"]
        y2023 = Period.year(2023)
        done = value("inspection.programme_done", bloc, y2023)
        assert done.value == 17 and done.breakdown["Ban Thường vụ"] == 17
        assert value("inspection.programme_items", bloc, y2023).value == 18
        inspected = value("inspection.inspected_orgs", bloc, y2023)
        assert (
            inspected.breakdown["Ủy ban Kiểm tra"] + inspected.breakdown["Các ban của cấp ủy"] > 5
        )
        assert value("inspection.supervised_members", bloc, y2023).value >= 5
        # Every cell checks about half of its members once a year.
        checked = value("inspection.members_checked_by_cells", bloc, y2023).value
        assert 10 <= checked <= 30
        assert value("complaints.received", bloc, y2023).value >= 6
        half = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
        assert value("complaints.overdue", bloc, half).value >= 1
        # The current year is under way: nothing ends in the future.
        assert not Inspection.objects.filter(end_date__gt=dt.date(2024, 7, 1)).exists()
        assert DisciplineDecision.objects.filter(member_event__isnull=False).exists()
        for decision in DisciplineDecision.objects.filter(member_event__isnull=False):
            assert decision.member_event.details["form"] == decision.form
        assert Programme.objects.filter(year=2024).get().items.count() == 18
