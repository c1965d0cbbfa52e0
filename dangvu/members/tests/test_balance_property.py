"""The balance identity over random histories and random restructurings.

For every organisation (dissolved ones included) and every period:
start + admitted + readmitted + restored + transferred in + moved in
  - transferred out - moved out - died - expelled - removed - resigned = end.

The roll loaded when the committee takes the system into use, on any date (the day the tree
is founded, or later, cell by cell), is stock and never a flow: the members on the books on
the loading day count in the start of every period the loading falls in, with the members
of the day before the period (docs/indicators.md). Statistical reports state a period as
"số đầu kỳ + tăng trong kỳ − giảm trong kỳ = số cuối kỳ"; loading the books moves nobody.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, cast

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangvu.core.errors import DomainError
from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import person
from dangvu.orgs import actions as org_actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation

START = dt.date(2020, 1, 1)
OPS = [
    "load",
    "admit",
    "admit",
    "move",
    "confirm",
    "out",
    "in",
    "end",
    "expel",
    "readmit",
    "org_move",
    "org_merge",
    "org_dissolve",
    "org_convert",
    "org_split",
]

operation = st.tuples(
    st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50), st.integers(1, 60)
)


def build_tree() -> list[Organisation]:
    d = org_actions.Decision(START)
    bloc = org_actions.do_create_organisation(
        code="B", name="Khối", kind=OrgKind.BLOC, parent=None, decision=d, acting_user=None
    )
    orgs = [bloc]
    for g in range(3):
        gk = org_actions.do_create_organisation(
            code=f"G{g}",
            name=f"Đảng bộ {g}",
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            parent=bloc,
            decision=d,
            acting_user=None,
        )
        orgs.append(gk)
        for c in range(2):
            orgs.append(
                org_actions.do_create_organisation(
                    code=f"G{g}C{c}",
                    name=f"Chi bộ {g}.{c}",
                    kind=OrgKind.CELL,
                    parent=gk,
                    decision=d,
                    acting_user=None,
                )
            )
    orgs.append(
        org_actions.do_create_organisation(
            code="GC",
            name="Chi bộ cơ sở",
            kind=OrgKind.GRASSROOTS_CELL,
            parent=bloc,
            decision=d,
            acting_user=None,
        )
    )
    return orgs


def load(cell: Organisation, day: dt.date, b: int) -> None:
    """Bring one member onto the books by the roll on `day`: full, or still probationary."""
    if b % 3:
        admitted = dt.date(2010 + b % 8, 3, 1)
        full: dt.date | None = admitted + dt.timedelta(days=380)
    else:
        admitted, full = day - dt.timedelta(days=40 + b), None
    actions.do_record_existing_member(
        person(birth=dt.date(1985, 1, 1)),
        organisation=cell,
        on=day,
        admission_decision_date=admitted,
        ceremony_date=admitted + dt.timedelta(days=10),
        full_member_date=full,
        acting_user=None,
    )


def pick(items: list[Any], i: int) -> Any:
    return items[i % len(items)] if items else None


def apply(op: str, a: int, b: int, day: dt.date, orgs: list[Organisation]) -> None:
    active = [o for o in Organisation.objects.filter(ended_on__isnull=True).order_by("pk")]
    cells = [o for o in active if o.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)]
    committees = [o for o in active if o.kind == OrgKind.GRASSROOTS_COMMITTEE]
    members = list(Member.objects.exclude(status="").order_by("pk"))
    former = list(Member.objects.filter(status="").order_by("pk"))
    dec = Decision(day)
    odec = org_actions.Decision(day)
    if op == "load" and cells:
        load(pick(cells, a), day, b)
    elif op == "admit" and cells:
        actions.do_admit_member(
            person(birth=dt.date(1990, 1, 1)),
            organisation=pick(cells, a),
            decision=dec,
            acting_user=None,
        )
    elif op == "in" and cells:
        actions.do_transfer_in(
            person(),
            organisation=pick(cells, a),
            external_party="Đảng bộ khác",
            party_file=actions.PartyFile(dt.date(2010, 1, 1), None, dt.date(2011, 1, 1)),
            decision=dec,
            acting_user=None,
        )
    elif op == "move" and members and cells:
        actions.do_move_member(pick(members, a), to=pick(cells, b), decision=dec, acting_user=None)
    elif op == "confirm" and members:
        actions.do_confirm_member(pick(members, a), decision=dec, acting_user=None)
    elif op == "out" and members:
        actions.do_transfer_out(
            pick(members, a), external_party="Tỉnh khác", decision=dec, acting_user=None
        )
    elif op == "end" and members:
        kind = [EventKind.DIED, EventKind.REMOVED, EventKind.RESIGNED][b % 3]
        actions.do_end_membership(
            pick(members, a), kind=kind, cause="Lý do", decision=dec, acting_user=None
        )
    elif op == "expel" and members:
        actions.do_discipline_member(
            pick(members, a),
            form="EXPULSION",
            issuing_level="STANDING",
            violation_date=None,
            decision=dec,
            acting_user=None,
        )
    elif op == "readmit" and former and cells:
        member = pick(former, a)
        if b % 2:
            actions.do_restore_member(
                member, organisation=pick(cells, b), decision=dec, acting_user=None
            )
        else:
            actions.do_readmit_member(
                member,
                organisation=pick(cells, b),
                decision=dec,
                left_for="OTHER",
                consent_number="01-CV/TU",
                consent_date=dec.date,
                acting_user=None,
            )
    elif op == "org_move" and committees:
        cell = pick([c for c in cells if c.kind == OrgKind.CELL], a)
        if cell is not None:
            org_actions.do_move_organisation(
                cell, new_parent=pick(committees, b), decision=odec, acting_user=None
            )
    elif op == "org_merge" and len(committees) > 1:
        source, target = pick(committees, a), pick(committees, b)
        org_actions.do_merge_organisations([source], target=target, decision=odec, acting_user=None)
    elif op == "org_dissolve" and len(cells) > 1:
        cell, home = pick(cells, a), pick(cells, b)
        org_actions.do_dissolve_organisation(cell, members_to=home, decision=odec, acting_user=None)
    elif op == "org_convert":
        gc = [o for o in active if o.kind == OrgKind.GRASSROOTS_CELL]
        if gc and a % 2:
            org_actions.do_convert_organisation(
                pick(gc, b), new_kind=OrgKind.GRASSROOTS_COMMITTEE, decision=odec, acting_user=None
            )
        elif committees:
            org_actions.do_convert_organisation(
                pick(committees, b),
                new_kind=OrgKind.GRASSROOTS_CELL,
                absorb_children=True,
                decision=odec,
                acting_user=None,
            )
    elif op == "org_split" and committees:
        source = pick(committees, a)
        children = list(Organisation.objects.filter(parent=source, ended_on__isnull=True))
        n = Organisation.objects.count()
        org_actions.do_split_organisation(
            source,
            parts=[
                org_actions.NewOrganisation(
                    f"S{n}A", "Tách A", OrgKind.GRASSROOTS_COMMITTEE, children=children[: b % 3]
                ),
                org_actions.NewOrganisation(
                    f"S{n}B", "Tách B", OrgKind.GRASSROOTS_COMMITTEE, children=children[b % 3 :]
                ),
            ],
            decision=odec,
            acting_user=None,
        )


class BalanceTest(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        ops=st.lists(operation, min_size=5, max_size=40),
        cuts=st.lists(st.integers(0, 2000), min_size=2, max_size=4),
        first_roll=st.lists(st.integers(0, 50), max_size=6),
    )
    def test_balance_holds_for_every_subtree_and_period(
        self, ops: list[tuple[str, int, int, int]], cuts: list[int], first_roll: list[int]
    ) -> None:
        orgs = build_tree()
        cells = [o for o in orgs if o.kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)]
        for i in first_roll:  # the roll loaded on the day the tree was founded
            load(pick(cells, i), START, i + 1)
        day = START
        for op, a, b, step in ops:
            day = day + dt.timedelta(days=step)
            if day > dt.date.today():
                break
            try:
                apply(op, a, b, day, orgs)
                event(f"applied {op}")
            except DomainError:
                event(f"refused {op}")  # a refusal must leave everything as it was
        last = min(day + dt.timedelta(days=30), dt.date.today())
        span = (last - START).days
        bounds = sorted(START + dt.timedelta(days=c % (span + 1)) for c in cuts)
        periods = [(bounds[0], bounds[-1]), (START, last)]
        # Periods the loading falls in: starting on a loading day, the calendar year and the
        # month around it (the first year's report), and the day itself.
        loadings = sorted(
            set(MemberEvent.objects.filter(kind=EventKind.OPENING).values_list("date", flat=True))
        )
        for loaded_on in loadings[:3]:
            periods += [
                (loaded_on, last),
                (dt.date(loaded_on.year, 1, 1), min(dt.date(loaded_on.year, 12, 31), last)),
                (loaded_on.replace(day=1), loaded_on + dt.timedelta(days=20)),
                (loaded_on, loaded_on),
            ]
        everyone = Organisation.objects.all()
        for org in everyone:
            for first, final in periods:
                b = queries.balance(org, first, final)
                inflow = cast(Counter[str], b["in"])
                outflow = cast(Counter[str], b["out"])
                assert EventKind.OPENING not in inflow, (org.code, first, final, b)
                assert b["start"] + sum(inflow.values()) - sum(outflow.values()) == b["end"], (
                    org.code,
                    first,
                    final,
                    b,
                )
                # The start stock: the day before, and the roll loaded in the period.
                before = queries.members_at(org, first - dt.timedelta(days=1))["total"]
                assert (
                    b["start"]
                    == before + queries.loaded(org, first, final)
                    == (before + cast(int, b["loaded"]))
                ), (org.code, first, final, b)
        root = everyone.get(code="B")
        assert queries.members_at(root, last)["total"] == Member.objects.exclude(status="").count()
