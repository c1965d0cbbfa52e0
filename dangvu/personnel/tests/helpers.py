"""Shortcuts that record personnel data through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members.models import Member
from dangvu.members.tests.factories import existing
from dangvu.orgs.models import Organisation
from dangvu.personnel import actions
from dangvu.personnel.models import Committee, CommitteeKind, CommitteeMember, Position

START = dt.date(2020, 6, 15)


def member(org: Organisation, name: str, on: dt.date = dt.date(2020, 1, 1), **kw: Any) -> Member:
    return existing(org, on, dt.date(2005, 5, 1), name, **kw)


def committee(
    org: Organisation, kind: str = CommitteeKind.EXECUTIVE, term: str = "2020–2025"
) -> Committee:
    return actions.do_create_committee(organisation=org, kind=kind, term=term, acting_user=None)


def seat(
    body: Committee,
    who: Member,
    position: str = Position.COMMITTEE_MEMBER,
    start: dt.date = START,
) -> CommitteeMember:
    return actions.do_add_seat(
        body, member=who, position=position, start_date=start, acting_user=None
    )
