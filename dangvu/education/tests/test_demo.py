"""The demo activity is written through the actions and looks like a real year."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from dangvu.education.demo import seed_education
from dangvu.education.models import ClassLearner, PoliticalClass
from dangvu.members.tests.factories import admit, existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db


def test_demo_activity(tree: dict[str, Any]) -> None:
    for org in ("GC1", "C11", "C21"):
        existing(tree[org], dt.date(2020, 1, 1), dt.date(2005, 1, 1))
    newcomer = admit(tree["C11"], dt.date(2022, 3, 1))
    counts = seed_education(tree["BLOC"], random.Random(7))
    assert counts["conferences"] > 12 * 5
    year = Period.year(2022)
    info = value("education.info_conferences", tree["BLOC"], year).value
    attendance = value("education.info_conference_attendance", tree["BLOC"], year).value
    assert info == 12 and 1_600 <= attendance <= 1_900
    assert value("education.candidate_classes", tree["BLOC"], year).value == 3
    assert value("education.new_member_classes", tree["BLOC"], year).value == 1
    assert ClassLearner.objects.filter(
        member=newcomer, political_class__kind=PoliticalClass.Kind.NEW_MEMBER
    ).exists()
    pct = value("education.study.members_pct", tree["BLOC"], Period.year(2021)).value
    assert pct is not None and pct >= 90
    entries = value("education.contest_entries", tree["BLOC"], year).value
    sent = value("education.contest_sent_up", tree["BLOC"], year).value
    assert entries >= 100 and 0.2 <= sent / entries <= 0.3
