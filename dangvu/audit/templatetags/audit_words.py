"""`{% audit_changes event %}`: an audit row's changes in words for the page's viewer."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_changes(context: template.Context, event: Any) -> list[tuple[str, Any, Any]]:
    """The row's changes (label, before, after) with links the viewer may follow."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user")
    return list(event.display_changes(viewer))
