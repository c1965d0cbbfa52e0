"""`{% date_input name value id="…" %}`: a hand-written date input (a list filter, the
as-of picker) drawn by the same widget as every form's date field (dd/mm/yyyy)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dangvu.core.dateinput import VNDateInput

register = template.Library()


@register.simple_tag
def date_input(name: str, value: Any = None, **attrs: Any) -> SafeString:
    """The input named `name` showing `value` (a date, or what was typed) as dd/mm/yyyy.

    Other attributes are passed as keywords (`id`, `class`; default class "form-control");
    write `data_x` for `data-x`.
    """
    attrs = {key.replace("_", "-"): v for key, v in attrs.items()}
    attrs.setdefault("class", "form-control")
    attrs.setdefault("id", name)
    return VNDateInput(attrs=attrs).render(name, value)
