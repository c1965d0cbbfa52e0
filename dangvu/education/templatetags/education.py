"""`{% member_classes member %}`: the classes on a member's record."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.education.queries import classes_of_member
from dangvu.members.models import Member

register = template.Library()


@register.inclusion_tag("education/_member_classes.html")
def member_classes(member: Member) -> dict[str, Any]:
    return {"classes": list(classes_of_member(member))}
