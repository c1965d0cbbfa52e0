"""Personnel fragments for other apps' pages:
`{% load personnel %}{% org_committees org day %}` and `{% member_seats member %}`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.personnel import queries
from dangvu.personnel.scoping import can_edit_personnel

register = template.Library()


def _user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("personnel/_org_committees.html", takes_context=True)
def org_committees(context: dict[str, Any], org: Organisation, day: dt.date) -> dict[str, Any]:
    """The organisation's committees in force on `day`, with who sits in them."""
    user = _user(context)
    return {
        "org": org,
        "day": day,
        "bodies": queries.org_committees(org, day),
        "can_edit": user is not None and org.is_active and can_edit_personnel(user, org),
    }


@register.inclusion_tag("personnel/_member_seats.html")
def member_seats(member: Member) -> dict[str, Any]:
    """A member's seats in committees, and the cells they were assigned to attend."""
    return {
        "member": member,
        "seats": list(queries.member_seats(member)),
        "attendances": list(
            member.cell_attendances.filter(voided_at__isnull=True)
            .select_related("cell")
            .order_by("-start_date")
        ),
    }
