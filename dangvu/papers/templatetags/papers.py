"""The «Giấy tờ» block of a member's page: the papers their events call for, and those made."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.accounts.scoping import visible_organisations
from dangvu.members.models import Member
from dangvu.papers.kinds import KINDS, papers_for_event
from dangvu.papers.models import Paper

register = template.Library()


@register.inclusion_tag("papers/_member_papers.html", takes_context=True)
def member_papers(context: dict[str, Any], member: Member) -> dict[str, Any]:
    from dangvu.papers.views import issuers_for

    request = context.get("request")
    user = getattr(request, "user", None)
    can_produce = user is not None and issuers_for(user, member).exists()
    offered: list[dict[str, Any]] = []
    if can_produce:
        for event in member.events.filter(voided_at__isnull=True).order_by("-date", "-id"):
            offered += [
                {"kind": k, "event": event} for k in papers_for_event(event.kind, event.details)
            ]
        offered += [{"kind": k, "event": None} for k in KINDS if k.code in ("FORM_2", "FORM_3")]
    papers = (
        Paper.objects.filter(member=member, issue__issuer__in=visible_organisations(user))
        .select_related("issue", "document")
        .order_by("-issue__issued_at", "-id")[:30]
        if user is not None
        else []
    )
    return {"member": member, "can_produce": can_produce, "offered": offered, "papers": papers}
