"""Who may replace an organisation's report template, go back to the default, set the place.

The scope walk (accounts/tests/test_scope_walk.py) declares the template URLs as scoped by
an organisation code; here each act is tried by every kind of user: the offices of two
sibling subtrees (the other's template answers 404), the read-only roles, the cell and
grassroots secretaries and the organisation board (refused, 403, nothing written, a mark
in the trail), the office on its own organisation and below it, and an administrator
(allowed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import TEMPLATE_EDITORS, Role
from dangvu.accounts.tests.test_scope_walk import OBJECT_URLS
from dangvu.audit.models import AuditEvent
from dangvu.reports.actions import live_template
from dangvu.reports.models import ReportHeading, ReportTemplate
from dangvu.reports.word import default_template

pytestmark = pytest.mark.django_db

# The template URLs as the scope walk declares them: each takes an organisation code.
TEMPLATE_URLS = sorted(name for name in OBJECT_URLS if name.startswith("reports:template"))


def upload(client: Client, code: str) -> Any:
    return client.post(
        reverse("reports:template", args=[code]),
        {"file": SimpleUploadedFile("mau-rieng.docx", default_template())},
    )


def reset(client: Client, code: str) -> Any:
    return client.post(reverse("reports:template", args=[code]), {"hanh_dong": "mac_dinh"})


def set_place(client: Client, code: str) -> Any:
    return client.post(
        reverse("reports:template", args=[code]), {"hanh_dong": "the_thuc", "place": "Quy Nhơn"}
    )


ACTS: dict[str, Callable[[Client, str], Any]] = {
    "upload": upload,
    "reset": reset,
    "place": set_place,
}


def state(org: Any) -> tuple[Any, ...]:
    """What the three acts change: the templates on record, the live one, the place."""
    live = live_template(org)
    return (
        ReportTemplate.objects.filter(organisation=org).count(),
        live.pk if live is not None else None,
        ReportHeading.objects.filter(organisation=org).values_list("place", flat=True).first(),
    )


@pytest.fixture
def users(cast: dict[str, Any], tree: dict[str, Any], django_user_model: Any) -> dict[str, Any]:
    def user(name: str, org: str, kind: str) -> Any:
        u = django_user_model.objects.create_user(name)
        Role.objects.create(user=u, organisation=tree[org], kind=kind)
        return u

    return {
        "office_gk1": user("vanphong_gk1", "GK1", Role.Kind.BOARD_OFFICE),
        "office_gk2": user("vanphong_gk2", "GK2", Role.Kind.BOARD_OFFICE),
        "office_bloc": user("vanphong_khoi", "BLOC", Role.Kind.BOARD_OFFICE),
        "leadership": user("lanhdao", "BLOC", Role.Kind.LEADERSHIP),
        "propaganda": user("tuyengiao", "BLOC", Role.Kind.BOARD_PROPAGANDA),
        "viewer": cast["viewer"],
        "cell": cast["cell"],
        "grassroots": cast["grassroots"],
        "organisation_board": cast["officer"],
    }


@pytest.fixture
def live_templates(tree: dict[str, Any]) -> None:
    """GK1, GK2 and C21 each have a template of their own, so that a reset has work to do."""
    content = default_template()  # stored directly: the upload check is not under test here
    for code in ("GK1", "GK2", "C21"):
        ReportTemplate.objects.create(
            organisation=tree[code], content=content, filename=f"{code}.docx", size=len(content)
        )


def test_the_scope_walk_declares_the_template_urls_by_organisation_code() -> None:
    assert TEMPLATE_URLS == ["reports:template", "reports:template_download"]
    for name in TEMPLATE_URLS:
        assert set(OBJECT_URLS[name]) == {"code"}, name


def test_only_the_committee_office_edits_templates() -> None:
    assert {Role.Kind.BOARD_OFFICE} == TEMPLATE_EDITORS


@pytest.mark.parametrize("act", sorted(ACTS))
@pytest.mark.parametrize(("who", "foreign"), [("office_gk1", "GK2"), ("office_gk2", "GK1")])
def test_an_office_cannot_touch_a_sibling_subtrees_template(
    client: Client,
    users: dict[str, Any],
    tree: dict[str, Any],
    live_templates: None,
    who: str,
    foreign: str,
    act: str,
) -> None:
    client.force_login(users[who])
    before = state(tree[foreign])
    for name in TEMPLATE_URLS:
        assert client.get(reverse(name, args=[foreign])).status_code == 404, name
    assert ACTS[act](client, foreign).status_code == 404
    assert state(tree[foreign]) == before


@pytest.mark.parametrize("act", sorted(ACTS))
@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("leadership", "BLOC"),
        ("leadership", "GK1"),
        ("viewer", "GK2"),
        ("propaganda", "GK1"),
        ("organisation_board", "GK1"),
        ("grassroots", "GK1"),
        ("cell", "C21"),
    ],
)
def test_read_only_cell_and_other_roles_are_refused(
    client: Client,
    users: dict[str, Any],
    tree: dict[str, Any],
    live_templates: None,
    who: str,
    code: str,
    act: str,
) -> None:
    client.force_login(users[who])
    before = state(tree[code])
    page = client.get(reverse("reports:template", args=[code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="file"' not in body and 'value="the_thuc"' not in body
    assert "Chỉ Văn phòng cấp ủy" in body
    assert client.get(reverse("reports:template_download", args=[code])).status_code == 200
    refused = ACTS[act](client, code)
    assert refused.status_code == 403
    assert "Chỉ Văn phòng cấp ủy và quản trị viên" in refused.content.decode()
    assert state(tree[code]) == before
    denied = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert denied.user == users[who] and "mẫu báo cáo" in denied.note


@pytest.mark.parametrize("act", sorted(ACTS))
@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("office_gk1", "GK1"),
        ("office_gk2", "GK2"),
        ("office_bloc", "C21"),  # a role reaches its organisation's subtree
        ("admin", "C21"),
    ],
)
def test_the_office_and_administrators_may(
    client: Client,
    users: dict[str, Any],
    admin_user: Any,
    tree: dict[str, Any],
    live_templates: None,
    who: str,
    code: str,
    act: str,
) -> None:
    actor = admin_user if who == "admin" else users[who]
    client.force_login(actor)
    org = tree[code]
    before = state(org)
    page = client.get(reverse("reports:template", args=[code])).content.decode()
    assert 'type="file"' in page and 'value="the_thuc"' in page
    assert ACTS[act](client, code).status_code == 302
    count, live, place = state(org)
    if act == "upload":
        assert count == before[0] + 1 and live != before[1]
        assert live_template(org).uploaded_by == actor
    elif act == "reset":
        assert count == before[0] and live is None
    else:
        assert place == "Quy Nhơn"
    assert AuditEvent.objects.filter(user=actor).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).exists()
