"""Reading list-page filters from the query string: junk is ignored, never an error."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def choice(request: HttpRequest, name: str, values: list[str]) -> str:
    """The value of `name` if it is one of `values`, else "" (no filter)."""
    value = request.GET.get(name, "")
    return value if value in values else ""


def select(name: str, label: str, choices: list[tuple[str, str]], value: str) -> dict[str, Any]:
    """A drop-down filter as the list templates draw it."""
    return {"name": name, "label": label, "choices": choices, "value": value}


def year(request: HttpRequest, name: str = "nam") -> int | None:
    """The year filter, or None when absent or not a plausible year."""
    text = request.GET.get(name, "").strip()
    return int(text) if text.isdigit() and 1930 <= int(text) <= 2200 else None
