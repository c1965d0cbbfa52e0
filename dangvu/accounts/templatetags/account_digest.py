"""The digest choice on the account page (whose view is the two-step sign-in's)."""

from __future__ import annotations

from typing import Any

from django import template

from dangvu.accounts.digest_views import ANCHOR, initial_for
from dangvu.accounts.forms import DigestForm

register = template.Library()


@register.inclusion_tag("accounts/_digest_form.html", takes_context=True)
def digest_form(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    return {
        "form": DigestForm(initial=initial_for(request.user)),
        "csrf_token": context.get("csrf_token"),
        "anchor": ANCHOR,
    }
