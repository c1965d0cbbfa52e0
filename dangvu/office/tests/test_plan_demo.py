"""The demo plans and register: every year to next year, targets the admissions meet."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine

from dangvu.members.tests.factories import admit
from dangvu.office.demo import seed_plans
from dangvu.office.models import Document, Plan
from dangvu.reports.registry import Period, plan, planned_tasks, value

pytestmark = pytest.mark.django_db


def test_seed_plans(tree: dict[str, Any]) -> None:
    with time_machine.travel(dt.datetime(2024, 11, 20, 9, 0), tick=False):
        for i in range(20):
            admit(tree["C11" if i % 2 else "C21"], dt.date(2023, 1 + i // 2, 10))
        counts = seed_plans(tree["BLOC"], random.Random(1))
    bloc = tree["BLOC"]
    years = sorted(Plan.objects.filter(organisation=bloc).values_list("year", flat=True))
    assert years == [2020, 2021, 2022, 2023, 2024, 2025]
    assert counts["plans"] == Plan.objects.count() == 6 * 5  # the bloc and 4 grassroots
    # The bloc's target of 2023 is its admissions rounded to ten.
    assert value("members.admitted", bloc, Period.year(2023)).value == 20
    assert plan("members.admitted", bloc, Period.year(2023)) == 20
    assert value("members.admitted.pct_plan", bloc, Period.year(2023)).value == 100
    assert plan("members.admitted", tree["GK1"], Period.year(2023)) is not None
    assert plan("members.admitted", tree["GC1"], Period.year(2023)) is None  # none admitted
    assert planned_tasks(bloc, 2025) and planned_tasks(tree["GK2"], 2025)
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {"BC", "KH", "CTr", "NQ"} <= kinds
    # Numbers run in date order and restart in the 2025 term (none yet here).
    reports = list(
        Document.objects.filter(issuer=bloc, kind="BC").order_by("date").values_list("number")
    )
    assert [n for (n,) in reports] == list(range(1, len(reports) + 1))
    assert Document.objects.filter(issuer=bloc, date__year=2020).first() is not None
    assert Plan.objects.filter(year=2025, status=Plan.Status.ISSUED).count() == 5
