"""The values of a paper's placeholders, from the records: plain text only.

Nothing but strings, numbers, booleans, lists and dictionaries reaches a template (see
`reports.template_rules`), so a template has no object to walk from. Identity and phone
numbers are masked as on screen (`audit.models.mask`) unless the paper is produced by a
role that may read them in full for this member (`accounts.scoping.full_number_members`);
the action records each full number written as a reveal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from dangvu.audit.models import mask
from dangvu.dues.queries import paid_through
from dangvu.lib.vnformat import fmt_date, fmt_date_long
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import Member, MemberEvent
from dangvu.members.record import place_text
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.papers.kinds import PaperKind
from dangvu.personnel.queries import secretary_of
from dangvu.reports import prose
from dangvu.reports.heading import PLACE_BLANK, signing
from dangvu.reports.models import place_for

BLANK = "…………"
STATUS_TEXT = {Status.FULL: "đảng viên chính thức", Status.PROBATIONARY: "đảng viên dự bị"}


@dataclass
class Line:
    """One member on a paper, with the event the paper documents (None for the forms)."""

    member: Member
    event: MemberEvent | None = None
    milestone: int | None = None
    full_numbers: bool = False


@dataclass
class Heading:
    """Who issues the paper, under which number, where and when."""

    issuer: Organisation
    date: dt.date
    number: str = ""
    signer: str | None = None
    recipients: list[str] = field(default_factory=list)
    occasion: str = ""


def _date(day: dt.date | None) -> str:
    return fmt_date(day) if day else ""


def _name(value: Any) -> str:
    return str(getattr(value, "name", "") or "")


def member_values(line: Line) -> dict[str, str]:
    m = line.member
    shown = (lambda v: v) if line.full_numbers else mask
    return {
        "full_name": m.full_name,
        "birth_date": _date(m.birth_date),
        "sex": m.get_sex_display() if m.sex else "",
        "ethnicity": _name(m.ethnicity),
        "religion": _name(m.religion),
        "birthplace": place_text(m, "birthplace"),
        "hometown": place_text(m, "hometown"),
        "residence": place_text(m, "residence"),
        "identity_number": shown(m.identity_number) or "",
        "phone": shown(m.phone) or "",
        "education": m.education or "",
        "expertise": m.expertise or "",
        "qualification": _name(m.qualification),
        "theory_level": _name(m.theory_level),
        "job": m.job or "",
        "post": m.post or "",
        "organisation": m.organisation.name if m.organisation_id and m.organisation else "",
        "status": STATUS_TEXT.get(m.status, "đảng viên"),
        "admission_date": _date(m.admission_decision_date),
        "ceremony_date": _date(m.ceremony_date),
        "full_member_date": _date(m.full_member_date),
        "card_number": m.card_number or "",
        "card_date": _date(m.card_date),
        "milestone": str(line.milestone) if line.milestone else "",
    }


def event_values(event: MemberEvent | None) -> dict[str, str]:
    if event is None:
        return {
            "kind": "",
            "date": "",
            "decision_number": "",
            "decision_date": "",
            "from_organisation": "",
            "to_organisation": "",
            "until": "",
            "reason": "",
            "dues_paid_to": BLANK,
            "dues_owed": "",
        }
    details = event.details or {}
    until = details.get("until")
    origin = event.from_organisation
    if event.kind in (EventKind.TRANSFER_OUT, EventKind.TEMP_OUT):
        # Leaving the committee: the event's organisation is the one left; where to is
        # the outside party written on the event.
        origin = event.organisation or origin
        destination = event.external_party or BLANK
    else:
        destination = _name(event.organisation) or event.external_party or BLANK
    return {
        "kind": event.get_kind_display(),
        "date": _date(event.date),
        "decision_number": event.decision_number or "",
        "decision_date": _date(event.decision_date),
        "from_organisation": _name(origin) or _name(event.member.organisation) or BLANK,
        "to_organisation": destination,
        "until": fmt_date(dt.date.fromisoformat(until)) if until else "",
        "reason": (event.note or "").strip(),
        **_dues(event, origin),
    }


# The events whose papers say how far the member's dues are paid: the member takes their
# dues book to the organisation they go to.
DUES_EVENTS = (EventKind.TRANSFER_OUT, EventKind.TEMP_OUT, EventKind.MOVED)


def _dues(event: MemberEvent, origin: Organisation | None) -> dict[str, str]:
    """The dues book as of the event: the latest month paid (blank for the clerk to fill
    when none is recorded) and the months of the year owed, from the cell left."""
    if event.kind not in DUES_EVENTS:
        return {"dues_paid_to": BLANK, "dues_owed": ""}
    cell = origin or event.member.organisation
    book = paid_through(event.member_id, cell, event.date) if cell else None
    if book is None:
        return {"dues_paid_to": BLANK, "dues_owed": ""}
    return {
        "dues_paid_to": f"{book.month:%m/%Y}" if book.month else BLANK,
        "dues_owed": ", ".join(f"{m:%m/%Y}" for m in book.owed),
    }


def default_recipients(paper: PaperKind, issuer: Organisation) -> list[str]:
    """The usual recipients of a paper: the member or the organisations concerned, the file."""
    keep = "Lưu Văn phòng" if issuer.kind not in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL) else ""
    lines = (
        ["Các tổ chức đảng có đảng viên trong danh sách"]
        if paper.is_list
        else ["Chi bộ có đảng viên", "Đảng viên có tên"]
    )
    lines.append(keep or "Lưu Chi bộ")
    return lines


def superior_line(issuer: Organisation) -> str:
    parent = issuer.parent
    return parent.name.upper() if parent is not None else ""


def values(paper: PaperKind, heading: Heading, lines: list[Line]) -> dict[str, Any]:
    """Every placeholder's value for the paper of `lines` under `heading`."""
    issuer = heading.issuer
    body = prose.issuing_body(issuer.name, issuer.kind)
    signing_body, signer_title = signing(issuer.kind)
    if heading.signer is not None:
        signer = heading.signer
    elif issuer.pk is not None:
        found = secretary_of(issuer, heading.date)
        signer = found.full_name if found is not None else ""
    else:
        signer = ""
    place = place_for(issuer) if issuer.pk is not None else ""
    recipients = heading.recipients or default_recipients(paper, issuer)
    last = len(recipients) - 1
    members = [member_values(line) for line in lines]
    empty = member_values(Line(Member(full_name="", birth_date=None)))  # type: ignore[misc]
    return {
        "superior_line": superior_line(issuer) if issuer.pk is not None else "",
        "issuing_body": body.upper(),
        "issuing_body_name": body,
        "number": heading.number,
        "numbered": bool(heading.number),
        "place": place or PLACE_BLANK,
        "date": fmt_date_long(heading.date),
        "date_short": fmt_date(heading.date),
        "year": heading.date.year,
        "title": paper.title,
        "summary": paper.summary,
        "paper_name": paper.name,
        "occasion": heading.occasion or BLANK,
        "member": members[0] if members else empty,
        "event": event_values(lines[0].event if lines else None),
        "members": members,
        "signing_body": signing_body,
        "signer_title": signer_title,
        "signer_name": signer,
        "recipients": [f"- {r}{'.' if i == last else ','}" for i, r in enumerate(recipients)],
    }


def full_number_pks(user: Any, members: Collection[int]) -> set[int]:
    """The members among `members` whose full numbers `user` may write on a paper."""
    from dangvu.accounts.scoping import full_number_members

    return set(full_number_members(user).filter(pk__in=members).values_list("pk", flat=True))


def sample_values(paper: PaperKind) -> dict[str, Any]:
    """Values for checking an uploaded template: a made-up member and event."""
    member = Member(
        full_name="Nguyễn Văn Mẫu",
        birth_date=dt.date(1990, 5, 17),
        sex="M",
        identity_number="052090001234",
        status=Status.FULL,
        admission_decision_date=dt.date(2020, 3, 2),
        ceremony_date=dt.date(2020, 3, 12),
        full_member_date=dt.date(2021, 3, 12),
        card_number="52012345",
    )
    org = Organisation(code="MAU", name="Đảng bộ mẫu", kind=OrgKind.GRASSROOTS_COMMITTEE)
    event = MemberEvent(
        member=member,
        kind=paper.events[0] if paper.events else EventKind.MOVED,
        date=dt.date(2024, 1, 15),
        external_party="Đảng bộ nơi đến mẫu",
        note="Lý do mẫu",
        details={"until": "2024-12-31"},
    )
    line = Line(member, event, milestone=30)
    number = f"01-{paper.document_kind}/ĐU" if paper.document_kind else ""
    heading = Heading(org, dt.date(2024, 1, 30), number=number, occasion="19/5/2024")
    return values(paper, heading, [line, line] if paper.is_list else [line])
