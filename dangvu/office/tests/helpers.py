"""Shortcuts that record office data through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.dates import today
from dangvu.members.models import Member
from dangvu.office import actions
from dangvu.office.documents import do_register_document
from dangvu.office.models import Commendation, Document, Plan, Reason
from dangvu.office.plans import do_add_task, do_create_plan, do_set_target
from dangvu.orgs.models import Organisation


def commend(
    day: dt.date,
    *,
    org: Organisation | None = None,
    member: Member | None = None,
    name: str = "",
    reason: str = Reason.HCM,
    user: Any = None,
) -> Commendation:
    return actions.do_commend(
        reason=reason,
        level="Ban Thường vụ Đảng ủy Khối",
        decision_date=day,
        decision_number="12-QĐ/ĐUK",
        organisation=org,
        member=member,
        person_name=name,
        acting_user=user,
    )


def document(
    org: Organisation,
    day: dt.date,
    kind: str = "CTr",
    *,
    number: int | None = None,
    symbol: str = "",
    term: str = "",
    user: Any = None,
) -> Document:
    return do_register_document(
        issuer=org,
        kind=kind,
        date=day,
        summary=f"Văn bản {kind} của {org.name}",
        number=number,
        symbol=symbol,
        term=term,
        acting_user=user,
    )


def issued_plan(
    org: Organisation,
    year: int,
    targets: dict[str, int] | None = None,
    *,
    tasks: tuple[str, ...] = (),
    kind: str = Plan.Kind.ANNUAL,
    title: str = "",
    user: Any = None,
) -> Plan:
    """A plan of `org` for `year`, issued by a programme entered in December before (or
    today, when that December is still to come)."""
    plan = do_create_plan(
        organisation=org,
        year=year,
        kind=kind,
        title=title or f"Chương trình công tác năm {year} của {org.name}",
        document=document(org, min(dt.date(year - 1, 12, 20), today())),
        acting_user=user,
    )
    for code, target in (targets or {}).items():
        do_set_target(plan, indicator=code, target=target, acting_user=user)
    for title_ in tasks:
        do_add_task(plan, title=title_, detail=f"Chi tiết: {title_}", acting_user=user)
    return plan
