"""`{% member_unresolved member %}`: the record's values that match no vocabulary value."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.members.unresolved import FIELDS

register = template.Library()


@register.inclusion_tag("members/_member_unresolved.html", takes_context=True)
def member_unresolved(context: dict[str, Any], member: Any) -> dict[str, Any]:
    values = [
        (FIELDS[u.field].label if u.field in FIELDS else u.field, u.text)
        for u in member.unresolved.order_by("id")
        # A field set since through the record's own form is no longer waiting.
        if getattr(member, f"{u.field}_id", None) is None
    ]
    organisation = getattr(member, "organisation", None)
    return {
        "values": values,
        # The page of the member's organisation, for those who may fix it.
        "org_code": organisation.code if organisation is not None else "",
        "can_edit": context.get("can_edit", False),
    }
