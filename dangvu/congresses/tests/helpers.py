"""Shortcuts that record congresses through the real actions (the write side's tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dangvu.congresses import actions
from dangvu.congresses.actions import ElectionLine
from dangvu.congresses.models import Congress, CongressForm, CongressKind, ElectedBody
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.personnel.models import Position
from dangvu.personnel.tests.helpers import member

__all__ = ["hold", "line", "member", "plan"]


def plan(
    org: Organisation,
    term: str = "2020–2025",
    day: dt.date = dt.date(2020, 6, 10),
    kind: str = CongressKind.REGULAR,
    form: str = CongressForm.ALL_MEMBERS,
    **kw: Any,
) -> Congress:
    return actions.do_plan_congress(
        organisation=org,
        kind=kind,
        form=form,
        term_label=term,
        opens_on=day,
        acting_user=kw.pop("acting_user", None),
        **kw,
    )


def line(
    who: Member,
    body: str = ElectedBody.EXECUTIVE,
    position: str = Position.COMMITTEE_MEMBER,
    votes: int | None = 9,
    share: Decimal | None = None,
    alternate: bool = False,
) -> ElectionLine:
    return ElectionLine(
        body=body,
        member=who,
        position=position,
        votes=votes,
        vote_share=share,
        is_alternate=alternate,
    )


def hold(
    congress: Congress,
    elections: list[ElectionLine],
    day: dt.date | None = None,
    total: int = 10,
    attended: int = 10,
    **kw: Any,
) -> Congress:
    day = day or congress.opens_on
    return actions.do_record_results(
        congress,
        opens_on=day,
        closes_on=kw.pop("closes_on", day),
        members_total=total,
        attended_total=attended,
        elections=elections,
        acting_user=kw.pop("acting_user", None),
        **kw,
    )
