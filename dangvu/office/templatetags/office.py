"""Office fragments for other apps' pages: `{% load office %}{% member_commendations member %}`."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.members.models import Member
from dangvu.office.queries import member_commendations as fetch
from dangvu.office.scoping import office_editable_organisations

register = template.Library()


@register.inclusion_tag("office/_member_commendations.html", takes_context=True)
def member_commendations(context: dict[str, Any], member: Member) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    can_edit = (
        user is not None
        and member.organisation_id is not None
        and office_editable_organisations(user).filter(pk=member.organisation_id).exists()
    )
    return {"member": member, "commendations": list(fetch(member)), "can_edit": can_edit}
