"""The batch forms of the member indicators answer exactly as one call per organisation.

The data is the demo committee at small scale: years of admissions, confirmations, cards,
badges, discipline, transfers, moves between organisations of the committee, deaths and
removals, and the tree's restructurings (a cell moved in 2021, cells merged in 2022,
departments merged on 01/03/2025, new organisations every April). Every organisation of
the tree is asked: the committee, grassroots organisations, sub-committees and cells,
including ended ones.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dangvu.members import batch
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.reports import registry
from dangvu.reports.registry import Period

CODES = [
    "discipline.members",
    "members.admitted",
    "members.admitted.pct_start",
    "members.badges_proposed",
    "members.cards_issued",
    "members.confirmed",
    "members.died",
    "members.end",
    "members.expelled",
    "members.moved_in",
    "members.moved_out",
    "members.opened",
    "members.readmitted",
    "members.removed",
    "members.resigned",
    "members.restored",
    "members.start",
    "members.transferred_in",
    "members.transferred_out",
    "members.transfers",
]
PERIODS = [
    Period.year(2021),  # a cell moved on 01/09
    Period.year(2022),  # cells merged on 01/07
    Period.year(2025),  # departments merged on 01/03
    Period(dt.date(2025, 2, 10), dt.date(2025, 8, 20)),  # mid-year, across the merge
    Period(dt.date(2024, 5, 1), dt.date(2024, 10, 31)),  # mid-year, a calm stretch
    Period(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),  # the day of the merge itself
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo committee with a few hundred members, seeded once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", members=300, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def everyone() -> list[Organisation]:
    return list(Organisation.objects.order_by("path", "pk"))


def grassroots() -> list[Organisation]:
    kinds = [OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE]
    return list(Organisation.objects.filter(kind__in=kinds).order_by("path", "pk"))


def test_the_demo_has_the_variety_the_batch_forms_must_handle(demo: None, db: None) -> None:
    moves = MemberEvent.objects.filter(kind=EventKind.MOVED, voided_at__isnull=True)
    between_grassroots = moves.filter(
        restructuring__isnull=True,
        organisation__kind__in=[OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE],
    )
    assert between_grassroots.exists()
    for period in PERIODS[:3]:
        steady, others = batch.steady_paths(everyone(), period.start, period.end)
        assert steady and others, period  # both paths of the batch forms are taken
    for kind in (EventKind.DISCIPLINED, EventKind.BADGE_PROPOSED, EventKind.TRANSFER_OUT):
        assert MemberEvent.objects.filter(kind=kind, date__year=2025).exists(), kind


@pytest.mark.parametrize("code", CODES)
def test_the_batch_form_equals_the_single_form(demo: None, db: None, code: str) -> None:
    assert code in registry._MANY
    orgs = everyone()
    differences = []
    for period in PERIODS:
        batched = registry.values_by_org(code, orgs, period)
        for org in orgs:
            single = registry.value(code, org, period)
            if batched[org.pk] != single:
                differences.append((org.code, period, batched[org.pk], single))
    assert differences == []
    # A list holding an organisation and another inside it answers for both.
    nested = [o for o in orgs if o.kind == OrgKind.BLOC] + grassroots()[:3]
    for period in PERIODS[2:4]:
        batched = registry.values_by_org(code, nested, period)
        assert batched == {o.pk: registry.value(code, o, period) for o in nested}


def queries_of(code: str, orgs: list[Organisation], period: Period) -> int:
    with CaptureQueriesContext(connection) as captured:
        registry.values_by_org(code, orgs, period)
    return len(captured.captured_queries)


@pytest.mark.parametrize("code", CODES)
def test_the_query_count_does_not_grow_with_the_organisations(
    demo: None, db: None, code: str
) -> None:
    calm = PERIODS[4]
    steady, _ = batch.steady_paths(grassroots(), calm.start - dt.timedelta(days=1), calm.end)
    steady_orgs = [o for o in grassroots() if o.pk in steady]
    assert len(steady_orgs) > 10
    assert queries_of(code, steady_orgs, calm) == queries_of(code, steady_orgs[:2], calm)

    # Over a year of restructuring, only the restructured organisations cost more: each
    # one what its single form costs.
    year = PERIODS[2]
    orgs = everyone()
    _, restructured = batch.steady_paths(orgs, year.start - dt.timedelta(days=1), year.end)
    with CaptureQueriesContext(connection) as captured:
        for org in restructured:
            registry.value(code, org, year)
    fallback = len(captured.captured_queries)
    two = [o for o in orgs if o.pk in steady][:2]
    assert queries_of(code, orgs, year) <= queries_of(code, two, year) + fallback + 3
