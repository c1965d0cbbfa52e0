"""The demo meetings: every cell meets every month with its roll of the day, counts that
are those of its lines, thematic meetings in most quarters, and the few gaps the quality
table and the due lists need."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db.models import Count, Q

from dangvu.core.dates import add_months, today
from dangvu.meetings.demo import seed_meetings
from dangvu.meetings.models import Attendance, Meeting, MeetingKind, Presence
from dangvu.members import actions
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

CELLS = ("C11", "C12", "C13", "C21", "GC1", "GC2")


@pytest.fixture
def seeded(tree: dict[str, Any]) -> dict[str, Any]:
    members = [
        existing(tree[CELLS[i % 6]], dt.date(2020, 1, 1), dt.date(2001, 5, 1)) for i in range(48)
    ]
    start = dt.date(today().year - 1, 1, 10)
    actions.do_exempt_member(
        members[0], decision=actions.Decision(start, "01-QĐ/ĐU", start), acting_user=None
    )
    actions.do_record_temporary(
        members[1],
        kind=EventKind.TEMP_OUT,
        place="Học viện Chính trị khu vực III",
        until=start + dt.timedelta(days=200),
        decision=actions.Decision(start, "02-QĐ/ĐU", start),
        acting_user=None,
    )
    counts = seed_meetings(tree["BLOC"], random.Random(7))
    return {"tree": tree, "members": members, "counts": counts}


def _last_year() -> list[dt.date]:
    year = today().year - 1
    return [dt.date(year, m, 1) for m in range(1, 13)]


class TestCounts:
    def test_every_meetings_counts_are_those_of_its_lines(self, seeded: dict[str, Any]) -> None:
        assert seeded["counts"]["buổi sinh hoạt"] == Meeting.objects.count() > 100
        lines = Meeting.objects.annotate(
            n_required=Count(
                "attendance",
                filter=Q(
                    attendance__is_guest=False,
                    attendance__presence__in=[
                        Presence.PRESENT,
                        Presence.EXCUSED,
                        Presence.UNEXCUSED,
                    ],
                ),
            ),
            n_present=Count(
                "attendance",
                filter=Q(attendance__is_guest=False, attendance__presence=Presence.PRESENT),
            ),
            n_excused=Count(
                "attendance",
                filter=Q(attendance__is_guest=False, attendance__presence=Presence.EXCUSED),
            ),
            n_unexcused=Count(
                "attendance",
                filter=Q(attendance__is_guest=False, attendance__presence=Presence.UNEXCUSED),
            ),
            n_guests=Count("attendance", filter=Q(attendance__is_guest=True)),
        )
        for m in lines:
            assert (m.required, m.present, m.excused, m.unexcused, m.guests) == (
                m.n_required,
                m.n_present,
                m.n_excused,
                m.n_unexcused,
                m.n_guests,
            ), m.pk
            assert m.required == m.present + m.excused + m.unexcused

    def test_attendance_is_realistic(self, seeded: dict[str, Any]) -> None:
        year = today().year - 1
        lines = Attendance.objects.filter(meeting__date__year=year, is_guest=False)
        shares = Counter(lines.values_list("presence", flat=True))
        required = shares[Presence.PRESENT] + shares[Presence.EXCUSED] + shares[Presence.UNEXCUSED]
        assert 0.9 <= shares[Presence.PRESENT] / required <= 0.99
        assert shares[Presence.EXCUSED] > shares[Presence.UNEXCUSED] > 0
        # Every absence with a reason says which.
        assert not lines.filter(presence=Presence.EXCUSED, reason="").exists()
        assert not lines.exclude(presence=Presence.EXCUSED).exclude(reason="").exists()


class TestRoll:
    def test_exempt_and_away_members_are_shown_but_not_required(
        self, seeded: dict[str, Any]
    ) -> None:
        exempted, away = seeded["members"][:2]
        later = dt.date(today().year - 1, 3, 1)
        on_exempt = Attendance.objects.filter(member=exempted, meeting__date__gte=later)
        assert on_exempt.exists()
        assert set(on_exempt.values_list("presence", flat=True)) == {Presence.EXEMPT}
        on_away = Attendance.objects.filter(
            member=away, meeting__date__gte=later, meeting__date__lt=later.replace(month=6)
        )
        assert set(on_away.values_list("presence", flat=True)) == {Presence.AWAY}

    def test_the_chair_and_the_minutes_taker_are_present_members(
        self, seeded: dict[str, Any]
    ) -> None:
        for m in Meeting.objects.filter(date__year=today().year - 1):
            present = set(
                m.attendance.filter(presence=Presence.PRESENT).values_list("member_id", flat=True)
            )
            assert m.chaired_by_id in present
            assert m.minutes_by_id in present and m.minutes_by_id != m.chaired_by_id


class TestCalendar:
    def test_every_cell_meets_every_month_of_last_year_but_for_a_few_gaps(
        self, seeded: dict[str, Any]
    ) -> None:
        tree = seeded["tree"]
        held: dict[int, set[int]] = defaultdict(set)
        year = today().year - 1
        for org_id, day in Meeting.objects.filter(
            date__year=year, kind=MeetingKind.REGULAR
        ).values_list("organisation_id", "date"):
            held[org_id].add(day.month)
        gaps = sum(12 - len(held[tree[c].pk]) for c in CELLS)
        assert gaps <= 2
        assert all(len(held[tree[c].pk]) >= 11 for c in CELLS)
        # One regular meeting a month, early in the month, on a working day.
        regular = Meeting.objects.filter(kind=MeetingKind.REGULAR)
        assert all(d.day <= 12 and d.weekday() < 5 for d in regular.values_list("date", flat=True))
        per_month = Counter(
            (o, d.year, d.month) for o, d in regular.values_list("organisation_id", "date")
        )
        assert max(per_month.values()) == 1

    def test_last_months_due_list_has_entries(self, seeded: dict[str, Any]) -> None:
        last = add_months(today().replace(day=1), -1)
        met = set(
            Meeting.objects.filter(date__year=last.year, date__month=last.month).values_list(
                "organisation_id", flat=True
            )
        )
        assert 1 <= len({seeded["tree"][c].pk for c in CELLS} - met) <= 3
        assert not Meeting.objects.filter(date__gte=today().replace(day=1)).exists()

    def test_last_years_thematic_quarters(self, seeded: dict[str, Any]) -> None:
        tree = seeded["tree"]
        quarters: dict[int, set[int]] = defaultdict(set)
        for org_id, day in Meeting.objects.filter(
            date__year=today().year - 1, kind=MeetingKind.THEMATIC
        ).values_list("organisation_id", "date"):
            quarters[org_id].add((day.month - 1) // 3 + 1)
        assert all(len(quarters[tree[c].pk]) >= 3 for c in CELLS)
        assert sum(len(quarters[tree[c].pk]) == 4 for c in CELLS) >= 3
        topics = Meeting.objects.filter(kind=MeetingKind.THEMATIC).values_list("topic", flat=True)
        assert all(topics) and len(set(topics)) >= 5

    def test_the_demo_is_deterministic(self, tree: dict[str, Any]) -> None:
        for i in range(12):
            existing(tree[CELLS[i % 6]], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
        first = seed_meetings(tree["BLOC"], random.Random(1))
        rows = list(Meeting.objects.order_by("id").values_list("date", "kind", "present"))
        Attendance.objects.all().delete()
        Meeting.objects.all().delete()
        assert seed_meetings(tree["BLOC"], random.Random(1)) == first
        again = list(Meeting.objects.order_by("id").values_list("date", "kind", "present"))
        assert again == rows
