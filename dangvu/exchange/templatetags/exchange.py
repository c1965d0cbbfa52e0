"""Exchange fragments for the member page: `{% load exchange %}{% member_exchange member %}`."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.accounts.scoping import editable_members
from dangvu.exchange.models import ReceivedPackage
from dangvu.exchange.package import last_event
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member

register = template.Library()


@register.inclusion_tag("exchange/_member_exchange.html", takes_context=True)
def member_exchange(context: dict[str, Any], member: Member) -> dict[str, Any]:
    """The package link for a member transferred out of the user's subtree, and the
    history other committees' packages brought (shown apart from this committee's ledger)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    offer = False
    if user is not None and editable_members(user).filter(pk=member.pk).exists():
        event = last_event(member)
        offer = event is not None and event.kind == EventKind.TRANSFER_OUT
    received = list(
        ReceivedPackage.objects.filter(member=member)
        .prefetch_related("events")
        .order_by("received_at", "id")
    )
    return {"member": member, "offer": offer, "received": received}
