"""Inspection fragments for other apps' pages: `{% load inspection %}{% member_disciplines m %}`."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.inspection.queries import member_decisions
from dangvu.inspection.scoping import can_record
from dangvu.members.models import Member

register = template.Library()


@register.inclusion_tag("inspection/_member_disciplines.html", takes_context=True)
def member_disciplines(context: dict[str, Any], member: Member) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    can_edit = (
        user is not None
        and member.organisation is not None
        and can_record(user, member.organisation)
    )
    return {"member": member, "decisions": list(member_decisions(member)), "can_edit": can_edit}
