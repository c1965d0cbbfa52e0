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
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dangvu.members import actions, batch, composition
from dangvu.members.actions import Decision
from dangvu.members.demo import seed_members
from dangvu.members.kinds import DisciplineForm, EventKind, Status
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.demo import build_tree, history_steps
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
    "members.readmitted",
    "members.removed",
    "members.resigned",
    "members.restored",
    "members.start",
    "members.transferred_in",
    "members.transferred_out",
    "members.transfers",
    # The composition (dangvu.members.composition): members of the day by each field, the
    # admissions of the period by each field, the departures by reason.
    *(code for code, *_ in composition.DAY_INDICATORS),
    *(code for code, *_ in composition.ADMITTED_INDICATORS),
    "members.left",
]
ONE_DAY = dt.timedelta(days=1)
PERIODS = [
    Period.year(2020),  # the members brought onto the books, the tree founded on 01/01
    Period.year(2021),  # a cell moved on 01/09
    Period.year(2022),  # cells merged on 01/07
    Period.year(2025),  # departments merged on 01/03
    Period(dt.date(2025, 2, 10), dt.date(2025, 8, 20)),  # mid-year, across the merge
    Period(dt.date(2024, 5, 1), dt.date(2024, 10, 31)),  # mid-year, a calm stretch
    Period(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),  # the day of the merge itself
]


# The demo is seeded once per worker: the module's tests stay on one worker of the suite.
pytestmark = pytest.mark.xdist_group("members-indicators-many")


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo committee's tree and history with a few hundred members, seeded once.

    Only the tree and the ledger: these indicators read nothing else.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        rng = random.Random(2020)
        bloc, committees, cells = build_tree()
        steps = history_steps(bloc, committees, cells, rng, None)
        seed_members(bloc, rng, target=300, history=steps)
        add_the_rarer_events()
        yield
        transaction.set_rollback(True)


def add_the_rarer_events() -> None:
    """What a few hundred members seldom show: deaths, expulsions, readmissions, moves.

    Recorded through the actions, on members whose ledger is quiet from 2024 on.
    """
    quiet = list(
        Member.objects.filter(status=Status.FULL)
        .exclude(events__date__gte=dt.date(2024, 1, 1))
        .select_related("organisation")
        .order_by("pk")
    )
    assert len(quiet) >= 10
    places = [o for o in grassroots() if o.ended_on is None]

    def elsewhere(member: Member) -> Organisation:
        return next(o for o in places if o.pk != member.organisation_id)

    def on(day: dt.date) -> Decision:
        return Decision(day, "99-QĐ/ĐUK", day)

    # The readmitted one left at least 36 months before (Quy định 294-QĐ/TW, điểm 3.5.1):
    # a member whose ledger is quiet from 2022 on, expelled early that year.
    six = next(m for m in quiet if not m.events.filter(date__gte=dt.date(2022, 1, 1)).exists())
    one, two, three, four, five, seven, eight, nine = [m for m in quiet if m.pk != six.pk][:8]
    actions.do_move_member(
        one, to=elsewhere(one), decision=on(dt.date(2024, 7, 1)), acting_user=None
    )
    actions.do_move_member(
        two, to=elsewhere(two), decision=on(dt.date(2025, 6, 16)), acting_user=None
    )
    for member, kind, day in (
        (three, EventKind.DIED, dt.date(2025, 5, 12)),
        (four, EventKind.REMOVED, dt.date(2025, 6, 3)),
        (five, EventKind.RESIGNED, dt.date(2024, 9, 9)),
    ):
        actions.do_end_membership(
            member, kind=kind, decision=on(day), acting_user=None, cause="Thử"
        )
    for member, day in ((six, dt.date(2022, 3, 1)), (seven, dt.date(2025, 3, 20))):
        actions.do_discipline_member(
            member,
            form=DisciplineForm.EXPULSION,
            issuing_level="COMMISSION",
            violation_date=None,
            decision=on(day),
            acting_user=None,
        )
    actions.do_readmit_member(
        six,
        organisation=elsewhere(six),
        decision=on(dt.date(2025, 7, 1)),
        left_for="OTHER",
        consent_number="120-CV/TU",
        consent_date=dt.date(2025, 6, 10),
        acting_user=None,
    )
    actions.do_restore_member(
        seven, organisation=seven.organisation, decision=on(dt.date(2025, 9, 10)), acting_user=None
    )
    # A temporary attachment elsewhere: a few hundred members may draw none in the periods.
    actions.do_record_temporary(
        nine,
        kind=EventKind.TEMP_OUT,
        place="Học viện Chính trị khu vực III",
        until=dt.date(2025, 8, 1),
        decision=on(dt.date(2024, 8, 1)),
        acting_user=None,
    )
    actions.do_discipline_member(
        eight,
        form=DisciplineForm.WARNING,
        issuing_level="COMMISSION",
        violation_date=None,
        decision=on(dt.date(2025, 4, 2)),
        acting_user=None,
    )


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
    # Each way the batch forms place an organisation is taken: one path all along, one
    # path for part of the period (founded or ended in it), several paths (single form).
    seen: set[str] = set()
    for period in PERIODS:
        single, others = batch.one_path(everyone(), period.start - ONE_DAY, period.end)
        whole = (period.start - ONE_DAY, period.end + ONE_DAY)
        seen |= {"whole" if (e.start, e.end) == whole else "part" for e in single.values()}
        seen |= {"several"} if others else set()
    assert seen == {"whole", "part", "several"}
    # Every kind of record the indicators count falls in one of the periods tested.
    for kind in set(EventKind) - {EventKind.TEMP_IN, EventKind.EXEMPTED}:
        in_periods = [
            MemberEvent.objects.filter(kind=kind, date__range=(p.start, p.end)).exists()
            for p in PERIODS
        ]
        assert any(in_periods), kind


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_the_batch_form_equals_the_single_form(demo: None, db: None, period: Period) -> None:
    """Each code's batch form, in a computation of its own, against the single forms of
    every organisation. The single forms of one organisation share a computation, as a
    report's do (the day's members and the period's flows are read once for all the
    codes); each organisation has its own, so none borrows another's answer."""
    assert set(CODES) <= set(registry._MANY)
    orgs = everyone()
    batched: dict[str, dict[int, Any]] = {}
    for code in CODES:
        with registry.computation():
            batched[code] = registry.values_by_org(code, orgs, period)
    differences = []
    for org in orgs:
        with registry.computation():
            for code in CODES:
                single = registry.value(code, org, period)
                if batched[code][org.pk] != single:
                    differences.append((code, org.code, batched[code][org.pk], single))
    assert differences == []


@pytest.mark.parametrize("period", PERIODS[3:5], ids=str)
def test_a_list_nesting_an_organisation_answers_for_both(
    demo: None, db: None, period: Period
) -> None:
    orgs = everyone()
    nested = [o for o in orgs if o.kind == OrgKind.BLOC] + grassroots()[:3]
    for code in CODES:
        with registry.computation():
            batched = registry.values_by_org(code, nested, period)
        expected = {}
        for o in nested:
            with registry.computation():
                expected[o.pk] = registry.value(code, o, period)
        assert batched == expected, code


def queries_of(code: str, orgs: list[Organisation], period: Period) -> int:
    with CaptureQueriesContext(connection) as captured:
        registry.values_by_org(code, orgs, period)
    return len(captured.captured_queries)


@pytest.mark.parametrize("code", CODES)
def test_the_query_count_does_not_grow_with_the_organisations(
    demo: None, db: None, code: str
) -> None:
    calm = PERIODS[5]
    single, _ = batch.one_path(grassroots(), calm.start - ONE_DAY, calm.end)
    whole = (calm.start - ONE_DAY, calm.end + ONE_DAY)
    steady_orgs = [o for o in grassroots() if o.pk in single and single[o.pk].end == whole[1]]
    steady_orgs = [o for o in steady_orgs if single[o.pk].start == whole[0]]
    assert len(steady_orgs) > 10
    assert queries_of(code, steady_orgs, calm) == queries_of(code, steady_orgs[:2], calm)

    # Over a year of restructuring, the organisations founded or ended in it cost one
    # grouped query per direction of flow between them all, and only those moved in the
    # tree (several paths) cost more: each one what its single form costs.
    year = PERIODS[3]
    orgs = everyone()
    single, restructured = batch.one_path(orgs, year.start - ONE_DAY, year.end)
    assert restructured
    with CaptureQueriesContext(connection) as captured:
        for org in restructured:
            registry.value(code, org, year)
    fallback = len(captured.captured_queries)
    whole = (year.start - ONE_DAY, year.end + ONE_DAY)
    two = [o for o in orgs if o.pk in single and (single[o.pk].start, single[o.pk].end) == whole]
    assert queries_of(code, orgs, year) <= queries_of(code, two[:2], year) + fallback + 2
