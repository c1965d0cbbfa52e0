"""Helpers that record members through the real actions (no model factories)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from dangvu.members import actions
from dangvu.members.actions import Decision, Person
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation

_counter = itertools.count(1)


def person(name: str = "", birth: dt.date = dt.date(1990, 5, 17), **kw: Any) -> Person:
    n = next(_counter)
    return Person(
        full_name=name or f"Nguyễn Văn Thử {n}", birth_date=birth, sex=kw.pop("sex", "M"), **kw
    )


def admit(org: Organisation, day: dt.date, name: str = "", **kw: Any) -> Member:
    ceremony = kw.pop("ceremony", day + dt.timedelta(days=7))
    return actions.do_admit_member(
        person(name, **kw),
        organisation=org,
        decision=Decision(day, "01-QĐ/ĐUK", day),
        ceremony_date=ceremony,
        acting_user=None,
    )


def full_member(org: Organisation, admitted: dt.date, name: str = "", **kw: Any) -> Member:
    """Admitted on `admitted`, ceremony a week later, confirmed when probation ends."""
    member = admit(org, admitted, name, **kw)
    end = actions.probation_end(member)
    assert end is not None
    actions.do_confirm_member(
        member, decision=Decision(end + dt.timedelta(days=5)), acting_user=None
    )
    member.refresh_from_db()
    return member


def existing(
    org: Organisation, on: dt.date, admitted: dt.date, name: str = "", **kw: Any
) -> Member:
    """A full member admitted on `admitted`, brought onto the books on `on`.

    Born early enough to have been admitted that day (an admission before the age of 18 is
    refused as an impossible record).
    """
    kw.setdefault("birth", min(dt.date(1990, 5, 17), dt.date(admitted.year - 25, 5, 17)))
    return actions.do_record_existing_member(
        person(name, **kw),
        organisation=org,
        on=on,
        admission_decision_date=admitted,
        ceremony_date=admitted + dt.timedelta(days=10),
        full_member_date=admitted + dt.timedelta(days=375),
        acting_user=None,
    )
