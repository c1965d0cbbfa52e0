"""The batch forms of the board's indicators give, organisation by organisation, exactly
what the single forms give, in a number of queries that does not grow with the set.

The helpers here are shared with the batch tests of the office, inspection and personnel
apps: a small committee with members, restructured during 2025 (a cell merged into
another on 01/03, a sub-committee moved to another grassroots committee on 01/06), then
the apps' demo activity from 2020 to today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.education.demo import seed_education
from dangvu.members.tests.factories import admit, existing
from dangvu.orgs import actions as org_actions
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period, value, values_by_org

pytestmark = pytest.mark.django_db

MERGED_ON = dt.date(2025, 3, 1)
MOVED_ON = dt.date(2025, 6, 1)
PERIODS = [
    Period(dt.date(2023, 1, 1), dt.date(2024, 12, 31)),  # two years, before the changes
    Period.year(2025),
    Period(dt.date(2025, 2, 10), dt.date(2025, 7, 20)),  # across both restructurings
    Period(dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
]
Seeder = Callable[[Organisation, random.Random], object]


def restructured_committee(tree: dict[str, Any], decision: Any, *seeders: Seeder) -> None:
    """Members in every cell (some admitted in 2024 and 2025), the 2025 restructurings,
    then the demo activity of `seeders`."""
    for code, n in (("C11", 6), ("C12", 4), ("C13", 7), ("C21", 8), ("GC1", 5), ("GC2", 3)):
        for i in range(n):
            existing(tree[code], dt.date(2020, 1, 1), dt.date(1995 + i, 3, 1))
    for code, day in (("C13", dt.date(2024, 2, 1)), ("GC1", dt.date(2024, 9, 2))):
        admit(tree[code], day)
    admit(tree["C21"], dt.date(2025, 1, 15))
    org_actions.do_merge_organisations(
        [tree["C12"]], target=tree["C11"], decision=decision(MERGED_ON), acting_user=None
    )
    org_actions.do_move_organisation(
        tree["SUB1"], new_parent=tree["GK2"], decision=decision(MOVED_ON), acting_user=None
    )
    for seed in seeders:
        seed(tree["BLOC"], random.Random(11))


def assert_batch_equals_single(codes: list[str]) -> None:
    """Every code, every organisation (ended ones too), every period: batch == single."""
    orgs = list(Organisation.objects.order_by("path"))
    differences = []
    nonzero: set[str] = set()
    for code in codes:
        for period in PERIODS:
            batch = values_by_org(code, orgs, period)
            for org in orgs:
                single = value(code, org, period)
                if batch[org.pk] != single:
                    differences.append((code, org.code, period, batch[org.pk], single))
                if single.value:
                    nonzero.add(code)
    assert differences == []
    # The comparison means something only if the records are there.
    assert nonzero == set(codes)


def assert_queries_do_not_grow(codes: list[str]) -> None:
    """The batch form of each code reads as much for two organisations as for all."""
    orgs = list(Organisation.objects.order_by("path"))
    assert len(orgs) > 4
    period = PERIODS[2]
    for code in codes:
        counts = []
        for subset in (orgs[:2], orgs):
            with CaptureQueriesContext(connection) as ctx:
                values_by_org(code, subset, period)
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] <= 3, (code, counts)


CODES = [
    "education.candidate_classes",
    "education.candidate_learners",
    "education.conferences",
    "education.contest_entries",
    "education.contest_sent_up",
    "education.info_conference_attendance",
    "education.info_conferences",
    "education.new_member_classes",
    "education.new_member_learners",
]


@pytest.fixture
def committee(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    restructured_committee(tree, decision, seed_education)
    return tree


def test_batch_forms_equal_the_single_forms(committee: dict[str, Any]) -> None:
    assert_batch_equals_single(CODES)


def test_batch_queries_do_not_grow_with_the_organisations(committee: dict[str, Any]) -> None:
    assert_queries_do_not_grow(CODES)
