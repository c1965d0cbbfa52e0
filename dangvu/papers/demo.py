"""Demo data of the papers: what an office of the demo committee has produced.

The first grassroots committee (by code) that confirmed members produces, in one bulk,
the confirmation decisions of the latest month with confirmations, and the member form
(2-HSĐV) of the first member of one of its cells: the register then shows consecutive
decision numbers, and a member's page lists their papers. Deterministic: no draws.
"""

from __future__ import annotations

import random

from dangvu.core.dates import today
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.queries import members_in
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.papers.actions import do_issue_papers
from dangvu.papers.kinds import kind
from dangvu.papers.selection import lines_for
from dangvu.papers.values import Line


def seed_papers(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    """A bulk of confirmation decisions and one member form (`rng` is not drawn from)."""
    counts = {"lần lập giấy": 0, "giấy": 0}
    now = today()
    for committee in Organisation.objects.filter(
        path__startswith=bloc.path, kind=OrgKind.GRASSROOTS_COMMITTEE, ended_on__isnull=True
    ).order_by("code"):
        last = (
            MemberEvent.objects.filter(
                kind=EventKind.CONFIRMED,
                voided_at__isnull=True,
                member__org_path__contains=f"/{committee.pk}/",
                date__lte=now,
            )
            .order_by("-date", "-id")
            .first()
        )
        if last is None:
            continue
        month = f"{last.date:%Y-%m}"
        paper = kind("CONFIRMATION")
        lines = [
            line
            for line in lines_for(paper, committee, month=month, cell=committee, day=last.date)
            if line.event is not None
        ]
        if lines:
            issue = do_issue_papers(
                paper,
                issuer=committee,
                date=max(line.event.date for line in lines if line.event is not None),
                lines=lines,
                label=f"{paper.name}: tháng {last.date:%m/%Y}",
                acting_user=None,
            )
            counts["lần lập giấy"] += 1
            counts["giấy"] += issue.papers.count()
        cell = (
            Organisation.objects.filter(
                path__startswith=committee.path, kind=OrgKind.CELL, ended_on__isnull=True
            )
            .order_by("code")
            .first()
        )
        member = members_in(cell, now).order_by("search_key").first() if cell else None
        if member is not None:
            do_issue_papers(
                kind("FORM_2"),
                issuer=committee,
                date=now,
                lines=[Line(member)],
                label=f"Phiếu đảng viên: {member.full_name}",
                acting_user=None,
            )
            counts["lần lập giấy"] += 1
            counts["giấy"] += 1
        break
    return counts
