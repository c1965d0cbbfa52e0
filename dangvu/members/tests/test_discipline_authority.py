"""Who may decide which form is enforced on the member page's discipline event and in the
events import too, by the same check as the discipline decisions (Điều lệ Đảng 2011,
Điều 36: a cell, a grassroots cell too, warns and reprimands its members; a grassroots
committee dismisses, warns, reprimands, and expels only where the committee above
delegated it the power to admit and expel; the standing committee and the inspection
commission of the committee above decide every form)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import get_kind, run_import
from dangvu.inspection.models import MEMBER_FORMS, Form, Level
from dangvu.lib import sheets
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

MEMBER_LEVELS = (Level.CELL, Level.GRASSROOTS, Level.STANDING, Level.COMMISSION)
# As Điều lệ Đảng, Điều 36 states it, not as the rule registry says it.
LAWFUL = {
    Level.CELL: {Form.WARNING, Form.REPRIMAND},
    Level.GRASSROOTS: {Form.DISMISSAL, Form.WARNING, Form.REPRIMAND},
    Level.STANDING: set(MEMBER_FORMS),
    Level.COMMISSION: set(MEMBER_FORMS),
}
DELEGATION = "125-QĐ/ĐUK ngày 10/3/2021"
# What the refusals say: the body's forms, the missing or needless delegation, no such body.
REFUSALS = (
    "không quyết định",
    "được cấp ủy cấp trên ủy quyền",
    "Chỉ ghi quyết định ủy quyền",
    "không có đảng ủy cơ sở cấp trên",
)
# A cell under a grassroots committee, and a grassroots cell (no grassroots committee above).
CELLS = ("C11", "GC1")


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


def lawful(cell: str, level: str, form: str, delegated: bool) -> bool:
    if level == Level.GRASSROOTS and cell == "GC1":
        return False  # a grassroots cell's members have no grassroots committee above
    if delegated:
        return level == Level.GRASSROOTS and form == Form.EXPULSION
    return form in LAWFUL[level]


def cases() -> list[tuple[str, bool]]:
    return list(itertools.product(CELLS, (False, True)))


def _member(tree: dict[str, Any], cell: str, n: int) -> Any:
    return existing(
        tree[cell],
        dt.date(2020, 1, 1),
        dt.date(1995, 5, 1),
        name=f"Trần Văn Kỷ {n}",
        birth=dt.date(1970, 3, 2),
        identity_number=f"05207000{n:04d}",
        post="Trưởng phòng",
    )


@pytest.mark.parametrize("level", MEMBER_LEVELS)
@pytest.mark.parametrize("form", MEMBER_FORMS)
def test_the_member_page_enforces_who_may_decide_each_form(
    tree: dict[str, Any], client: Client, admin_user: Any, level: str, form: str
) -> None:
    """Every form × every issuing body on the member page's discipline event, in a cell
    under a grassroots committee and in a grassroots cell, with and without a delegating
    decision (Điều lệ Đảng, Điều 36, khoản 1–3)."""
    client.force_login(admin_user)
    for n, (cell, delegated) in enumerate(cases()):
        member = _member(tree, cell, n)
        data = {
            "date": "20/02/2025",
            "form": form,
            "issuing_level": level,
            "violation_date": "10/01/2025",
            "delegation": DELEGATION if delegated else "",
        }
        response = client.post(reverse("members:event", args=[member.pk, "DISCIPLINED"]), data)
        events = member.events.filter(kind=EventKind.DISCIPLINED, voided_at__isnull=True)
        if lawful(cell, level, form, delegated):
            assert response.status_code == 302, (cell, delegated, response.content.decode())
            event = events.get()
            assert event.details["issuing_level"] == level
            assert event.details.get("delegation", "") == data["delegation"]
            # The member's history says who decided, in words, never the code.
            page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
            assert f"(do {Level(level).label} quyết định)" in page
        else:
            assert response.status_code == 200, (cell, delegated)
            assert not events.exists(), (cell, delegated)
            body = response.content.decode()
            assert any(phrase in body for phrase in REFUSALS), (cell, delegated)


def _import(rows: list[dict[str, str]], user: Any) -> Any:
    kind = get_kind("events")
    table = [[row.get(c.field, "") for c in kind.columns] for row in rows]
    data = sheets.write_csv([c.header for c in kind.columns], table)
    scope = member_editable_organisations(user)
    return run_import(kind, data, "x.csv", user=user, scope=scope, commit=True)


@pytest.mark.parametrize("level", MEMBER_LEVELS)
@pytest.mark.parametrize("form", MEMBER_FORMS)
def test_the_events_import_enforces_who_may_decide_each_form(
    tree: dict[str, Any], admin_user: Any, level: str, form: str
) -> None:
    """The same class of cases through the events import, the issuing body and the
    delegating decision written in their columns (Điều lệ Đảng, Điều 36)."""
    for n, (cell, delegated) in enumerate(cases()):
        member = _member(tree, cell, n)
        row = {
            "kind": "Kỷ luật",
            "date": "20/02/2025",
            "full_name": member.full_name,
            "birth_date": "02/03/1970",
            "sex": "Nam",
            "identity_number": member.identity_number,
            "form": Form(form).label,
            "issuing_level": Level(level).label,
            "delegation": DELEGATION if delegated else "",
            "violation_date": "10/01/2025",
        }
        report = _import([row], admin_user)
        events = member.events.filter(kind=EventKind.DISCIPLINED, voided_at__isnull=True)
        if lawful(cell, level, form, delegated):
            assert report.ok and report.created == 1, (cell, delegated, report.lines())
            assert events.get().details["issuing_level"] == level
        else:
            assert not report.ok, (cell, delegated)
            assert not events.exists(), (cell, delegated)
            said = " ".join(report.lines())
            assert any(phrase in said for phrase in REFUSALS), (cell, delegated, said)


def test_the_issuing_body_is_required_on_the_page_and_in_the_import(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    """Without the issuing body the authority cannot be checked: both paths ask for it."""
    member = _member(tree, "C11", 1)
    client.force_login(admin_user)
    response = client.post(
        reverse("members:event", args=[member.pk, "DISCIPLINED"]),
        {"date": "20/02/2025", "form": "REPRIMAND", "violation_date": "10/01/2025"},
    )
    assert response.status_code == 200
    report = _import(
        [
            {
                "kind": "Kỷ luật",
                "date": "20/02/2025",
                "full_name": member.full_name,
                "birth_date": "02/03/1970",
                "sex": "Nam",
                "identity_number": member.identity_number,
                "form": "Khiển trách",
                "violation_date": "10/01/2025",
            }
        ],
        admin_user,
    )
    assert not report.ok and "Cơ quan quyết định" in " ".join(report.lines())
    assert not member.events.filter(kind=EventKind.DISCIPLINED).exists()
