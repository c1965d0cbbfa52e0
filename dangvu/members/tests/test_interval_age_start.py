"""Each membership interval carries the day its party age counts from (`age_start`), so that
party age on a day D of the interval is D - age_start, as `queries.party_age` counts it with
the member's periods up to D (Quy định 24-QĐ/TW 2021, điểm 4.5.1–4.5.2)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangvu.core.dates import today
from dangvu.members import actions, queries
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.models import Member, MembershipInterval
from dangvu.members.tests.factories import admit
from dangvu.members.tests.test_party_age import (
    ledger_event,
    old_tree,
    on_the_books,
    transfer_out_and_back,
)

LAST_DAY = dt.date(2030, 12, 31)  # open intervals are checked up to here


def assert_dated_as_party_age(member: Member) -> int:
    """On every day of every interval, D - age_start is the party age in days; the days
    checked are returned."""
    member.refresh_from_db()
    rows = sorted(member.intervals.all(), key=lambda i: (i.valid_from, i.valid_to))
    counting = queries.membership_gaps(today())
    checked = 0
    for row in rows:
        assert row.age_start is not None
        day = row.valid_from
        while day < min(row.valid_to, LAST_DAY):
            age = queries.party_age(
                member, [r for r in rows if r.valid_from <= day], counting=counting
            )
            assert age is not None
            expected = (day - age.start).days - age.gap_days
            assert (day - row.age_start).days == expected, (row, day)
            checked += 1
            day += dt.timedelta(days=1)
    return checked


episode = st.tuples(
    st.sampled_from(["transfer", "removed", "expelled_restored", "moved"]),
    st.integers(30, 900),  # days on our books before leaving
    st.integers(1, 1200),  # days away
)


class AgeStartProperty(TestCase):
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        admitted=st.dates(dt.date(1975, 1, 1), dt.date(1990, 12, 31)),
        interruption=st.none() | st.tuples(st.integers(400, 2000), st.integers(1, 2000)),
        settle=st.integers(400, 2000),
        episodes=st.lists(episode, max_size=3),
    )
    def test_every_day_of_every_interval_is_dated_as_party_age(
        self,
        admitted: dt.date,
        interruption: tuple[int, int] | None,
        settle: int,
        episodes: list[tuple[str, int, int]],
    ) -> None:
        _, cell = old_tree()
        left = readmitted = None
        if interruption is not None:
            left = admitted + dt.timedelta(days=interruption[0])
            readmitted = left + dt.timedelta(days=interruption[1])
        on = (readmitted or admitted) + dt.timedelta(days=settle)
        member = on_the_books(cell, on, admitted, left=left, readmitted=readmitted)
        day = on
        readmissions = 1 if readmitted else 0
        for kind, stay, away in episodes:
            out, back = day + dt.timedelta(days=stay), day + dt.timedelta(days=stay + away)
            if kind == "removed" and readmissions:
                kind = "transfer"  # a member is readmitted once only
            if kind == "transfer":
                transfer_out_and_back(member, cell, out, back)
            elif kind == "removed":
                ledger_event(member, EventKind.REMOVED, out, cell, cause="Bỏ sinh hoạt")
                ledger_event(member, EventKind.READMITTED, back, cell)
                readmissions += 1
            elif kind == "moved":
                ledger_event(member, EventKind.MOVED, out, cell)
                back = out
            else:
                ledger_event(
                    member, EventKind.DISCIPLINED, out, cell, form=DisciplineForm.EXPULSION
                )
                ledger_event(member, EventKind.RESTORED, back, cell)
            day = back
        assert assert_dated_as_party_age(member) > 0


@pytest.mark.django_db
def test_a_removal_and_readmission_moves_the_start_of_the_later_interval() -> None:
    _, cell = old_tree()
    member = on_the_books(cell, dt.date(1995, 1, 1), dt.date(1980, 5, 10))
    ledger_event(member, EventKind.REMOVED, dt.date(2000, 1, 1), cell, cause="Bỏ sinh hoạt")
    ledger_event(member, EventKind.READMITTED, dt.date(2004, 1, 1), cell)
    starts = list(member.intervals.order_by("valid_from").values_list("age_start", flat=True))
    gap = dt.date(2004, 1, 1) - dt.date(2000, 1, 1)
    assert starts == [dt.date(1980, 5, 10), dt.date(1980, 5, 10) + gap]
    assert_dated_as_party_age(member)


@pytest.mark.django_db
def test_a_member_admitted_here_counts_from_the_decision() -> None:
    _, cell = old_tree()
    member = admit(cell, dt.date(2020, 3, 2))
    assert list(member.intervals.values_list("age_start", flat=True)) == [dt.date(2020, 3, 2)]


@pytest.mark.django_db
def test_correcting_the_interruption_on_the_record_dates_the_intervals_again() -> None:
    _, cell = old_tree()
    member = on_the_books(
        cell,
        dt.date(2000, 1, 1),
        dt.date(1980, 5, 10),
        left=dt.date(1990, 1, 1),
        readmitted=dt.date(1995, 1, 1),
    )
    five = dt.date(1995, 1, 1) - dt.date(1990, 1, 1)
    assert member.intervals.get().age_start == dt.date(1980, 5, 10) + five
    person = actions.Person(
        **{f: getattr(member, f) for f in ("full_name", "birth_date", "sex")},
    )
    actions.do_update_member_record(
        member,
        person,
        acting_user=None,
        interruption=(dt.date(1991, 1, 1), dt.date(1995, 1, 1)),
    )
    four = dt.date(1995, 1, 1) - dt.date(1991, 1, 1)
    assert member.intervals.get().age_start == dt.date(1980, 5, 10) + four
    assert_dated_as_party_age(member)


@pytest.mark.django_db
def test_the_migration_fills_what_the_ledger_writes() -> None:
    _, cell = old_tree()
    member = on_the_books(
        cell,
        dt.date(2000, 1, 1),
        dt.date(1980, 5, 10),
        left=dt.date(1990, 1, 1),
        readmitted=dt.date(1995, 1, 1),
    )
    transfer_out_and_back(member, cell, dt.date(2001, 1, 1), dt.date(2002, 1, 1))
    ledger_event(member, EventKind.REMOVED, dt.date(2003, 1, 1), cell, cause="Bỏ sinh hoạt")
    ledger_event(member, EventKind.READMITTED, dt.date(2006, 1, 1), cell)
    written = dict(member.intervals.values_list("pk", "age_start"))
    MembershipInterval.objects.update(age_start=None)
    migration = importlib.import_module("dangvu.members.migrations.0017_interval_age_start")
    migration.fill_age_start(apps, None)
    assert dict(member.intervals.values_list("pk", "age_start")) == written
