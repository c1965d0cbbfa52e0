"""The permission matrix of docs/security.md, role by role, and the ordinary attacks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

# (cast member, page) -> may they open it?
MATRIX = {
    "officer": {
        "rename_c11": True,
        "admit": True,
        "import": True,
        "member_c11": True,
        "audit": False,
        "users": False,
    },
    "grassroots": {
        "rename_c11": False,
        "admit": True,
        "import": True,
        "member_c11": True,
        "audit": False,
        "users": False,
    },
    "grassroots_editor": {
        "rename_c11": True,
        "admit": True,
        "import": True,
        "member_c11": True,
        "audit": False,
        "users": False,
    },
    "cell": {
        "rename_c11": False,
        "admit": True,
        "import": True,
        "member_c11": False,
        "audit": False,
        "users": False,
    },
    "viewer": {
        "rename_c11": False,
        "admit": False,
        "import": False,
        "member_c11": True,
        "audit": False,
        "users": False,
    },
    "nobody": {
        "rename_c11": False,
        "admit": False,
        "import": False,
        "member_c11": False,
        "audit": False,
        "users": False,
    },
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_the_permission_matrix(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], who: str
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    pages = {
        "rename_c11": reverse("orgs:rename", args=["C11"]),
        "admit": reverse("members:admit"),
        "import": reverse("core:import"),
        "member_c11": reverse("members:detail", args=[member.pk]),
        "audit": reverse("audit:search"),
        "users": reverse("accounts:users"),
    }
    client.force_login(cast[who])
    for page, allowed in MATRIX[who].items():
        status = client.get(pages[page]).status_code
        assert status == (200 if allowed else 404), (who, page, status)


def test_script_in_a_text_field_is_rendered_escaped(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "<script>alert(1)</script>",
        residence='"><img src=x onerror=alert(2)>',
    )
    client.force_login(cast["officer"])
    body = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body


def test_posts_without_a_csrf_token_are_refused(cast: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["officer"])
    response = client.post(
        reverse("orgs:rename", args=["GC1"]), {"new_name": "X", "effective_date": "2022-01-01"}
    )
    assert response.status_code == 403


def test_templates_have_no_inline_script_or_style() -> None:
    """The Content-Security-Policy forbids them; a template that needs one breaks pages."""
    root = Path(settings.BASE_DIR) / "dangvu"
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(f"{path}: inline style")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders
