"""The batch forms of the organisation indicators give what the single forms give."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.core.dates import today
from dangvu.orgs.demo import build_tree, history_steps
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period, indicators, value, values_by_org

pytestmark = pytest.mark.django_db
CODES = sorted(i.code for i in indicators() if i.owner == "orgs")


@pytest.fixture
def demo_tree() -> list[Organisation]:
    bloc, committees, cells = build_tree()
    for _, step in history_steps(bloc, committees, cells, random.Random(5), None):
        step()
    return list(Organisation.objects.order_by("path"))


def periods() -> list[Period]:
    years = [Period.year(y) for y in range(2021, today().year)]
    return [*years, Period(dt.date(2021, 3, 1), dt.date(2023, 8, 31)), Period(today(), today())]


def test_every_batch_form_equals_the_single_form(demo_tree: list[Organisation]) -> None:
    seen_nonzero: set[str] = set()
    for period in periods():
        for code in CODES:
            batch = values_by_org(code, demo_tree, period)
            for org in demo_tree:
                single = value(code, org, period)
                got = batch[org.pk]
                assert (got.value, got.breakdown) == (single.value, single.breakdown), (
                    code,
                    org.code,
                    period,
                )
                if single.value:
                    seen_nonzero.add(code)
    # The comparison is not between zeros: every figure occurs in the demo's history.
    assert seen_nonzero == set(CODES)


def test_the_batch_query_count_does_not_grow_with_the_organisations(
    demo_tree: list[Organisation],
) -> None:
    period = Period.year(today().year - 1)
    counts = []
    for orgs in (demo_tree[:2], demo_tree):
        with CaptureQueriesContext(connection) as queries:
            for code in CODES:
                values_by_org(code, orgs, period)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 2 * len(CODES)


def test_an_organisation_counts_itself(demo_tree: list[Organisation]) -> None:
    period = Period.year(today().year - 1)
    grassroots_cell = next(
        o for o in demo_tree if o.kind == "GRASSROOTS_CELL" and o.ended_on is None
    )
    assert value("orgs.grassroots_cells", grassroots_cell, period).value == 1
    assert (
        values_by_org("orgs.grassroots", [grassroots_cell], period)[grassroots_cell.pk].value == 1
    )


def test_an_empty_list_is_an_empty_answer(demo_tree: Any) -> None:
    assert values_by_org("orgs.grassroots", [], Period.year(2024)) == {}
