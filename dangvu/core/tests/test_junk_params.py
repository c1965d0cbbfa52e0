"""No page answers 500 to a malformed query string: junk filters get a message or are
ignored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.tests.test_scope_walk import LIST_URLS

pytestmark = pytest.mark.django_db

JUNK = {
    "trang": "abc",
    "ngay": "31/02/2023",
    "nam": "x9",
    "to_chuc": "KHONGCO",
    "loai": "???",
    "tu_cach": "zzz",
    "trong": "-5",
    "q": "' OR 1=1 --",
    "sap_xep": "__class__",
    "hien": "all",
    "xuat": "pdf",
    "tu": "2024-13-01",
    "den": "abc",
    "hanh_dong": "drop",
    "trang_thai": "x",
    "so_phan": "999999999999",
}


@pytest.mark.parametrize("name", sorted(LIST_URLS))
def test_junk_query_strings_never_crash(
    client: Client, admin_user: Any, tree: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    response = client.get(reverse(name), JUNK)
    assert response.status_code in (200, 302, 404), (name, response.status_code)


def test_a_split_with_an_absurd_number_of_parts_is_bounded(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    response = client.get(reverse("orgs:split", args=["GK1"]), {"so_phan": "999999999999"})
    assert response.status_code == 200


JUNK_FORM = {
    "date": "99/99/9999",
    "decision_number": "x" * 200,
    "decision_date": "abc",
    "note": "<b>",
    "card_number": "12a",
    "external_party": "",
    "to": "KHONGCO",
    "place": "",
    "until": "no",
    "ended": "maybe",
    "form": "SHOOT",
    "violation_date": "?",
    "cause": "",
    "milestone": "abc",
    "organisation": "",
    "reason": "",
}


def test_junk_event_forms_never_crash(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    import datetime as dt

    from dangvu.members.actions import allowed_event_kinds
    from dangvu.members.tests.factories import existing

    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    client.force_login(admin_user)
    for kind in allowed_event_kinds(member):
        response = client.post(reverse("members:event", args=[member.pk, kind]), JUNK_FORM)
        assert response.status_code == 200, (kind, response.status_code)
    for name in (
        "members:admit",
        "members:existing",
        "members:transfer_in",
        "members:candidate_create",
        "orgs:create",
    ):
        response = client.post(reverse(name), JUNK_FORM)
        assert response.status_code in (200, 404), (name, response.status_code)


@pytest.mark.parametrize(
    "name",
    [
        "education:class_create",
        "education:conference_create",
        "education:resolution_create",
        "education:contest_create",
        "office:commendation_create",
        "office:massorg_create",
    ],
)
def test_junk_board_forms_never_crash(
    client: Client, admin_user: Any, tree: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    junk = {
        **JUNK_FORM,
        "kind": "??",
        "attendance": "-x",
        "start_date": "1/1/1",
        "end_date": "0",
        "issued_on": "abc",
        "organiser": "KHONGCO",
        "member": "abc",
        "reason": "XYZ",
        "level": "",
        "name": "",
        "title": "",
        "number": "",
        "issuing_body": "",
        "term": "kh",
    }
    response = client.post(reverse(name), junk)
    assert response.status_code == 200, (name, response.status_code)


def test_years_and_ids_are_never_grouped_in_pages(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    body = client.get(reverse("reports:figures"), {"nam": "2025"}).content.decode()
    assert "Số liệu năm 2025" in body and 'value="2025"' in body
    assert "2.025" not in body
