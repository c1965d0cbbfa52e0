"""Every personnel record kind declared in `records.py`, walked through the pages the record
layer derives from it: its list shows and links the record, both exports carry the table's
headings and the record's row, its page shows the history, and its form records through
the view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core import records as layer
from dangvu.core.dates import today
from dangvu.core.tests.record_checks import check_form_records, check_list_and_exports
from dangvu.personnel import actions, records
from dangvu.personnel.models import CommitteeDecision
from dangvu.personnel.tests.helpers import committee, member, seat

pytestmark = pytest.mark.django_db

KINDS = {
    kind.url_kind: kind
    for kind in vars(records).values()
    if isinstance(kind, layer.RecordKind) and kind.model._meta.app_label == "personnel"
}
LISTED = sorted(k for k, kind in KINDS.items() if kind.table is not None)
CREATED = sorted(k for k, kind in KINDS.items() if kind.create is not None)

# A valid form for each kind with a form of its own, as the clerk fills it in.
VALID = {
    "committee": {"organisation": "GK2", "kind": "INSPECTION", "term": "2020–2025"},
    "acting": {
        "organisation": "GK2",
        "member": "052090003456",
        "kind": "ACTING",
        "post": "Bí thư",
        "decision_date": "01/04/2023",
        "start_date": "01/04/2023",
    },
    "evaluation": {
        "person_name": "Võ Văn Trung",
        "organisation": "GC1",
        "position": "Giám đốc Sở Tư pháp",
        "reason": "APPOINTMENT",
        "date": "01/08/2023",
    },
    "conclusion": {
        "person_name": "Hồ Thị Mới",
        "birth_date": "17/05/2001",
        "organisation": "C12",
        "purpose": "ADMISSION",
        "outcome": "MET",
        "date": "21/03/2023",
    },
    "attendance": {"member": "052090001234", "cell": "C13", "start_date": "04/01/2021"},
}


@pytest.fixture
def made(tree: dict[str, Any]) -> dict[str, Any]:
    """One live record of every kind."""
    an = member(tree["C11"], "Nguyễn Văn An", identity_number="052090001234")
    binh = member(tree["C12"], "Trần Thị Bình", identity_number="052090002345")
    tam = member(tree["C21"], "Phạm Văn Tâm", identity_number="052090003456")
    gk1 = committee(tree["GK1"])
    secretary = seat(gk1, an, "SECRETARY")
    return {
        "committee": gk1,
        "seat": secretary,
        "decision": actions.do_complete_committee(
            gk1,
            kind=CommitteeDecision.Kind.ADD,
            decision_date=dt.date(2023, 9, 12),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            number="12-QĐ/ĐUK",
            appointments=[(binh, "COMMITTEE_MEMBER")],
            acting_user=None,
        ),
        "acting": actions.do_assign_acting(
            organisation=tree["GK2"],
            member=tam,
            kind="IN_CHARGE",
            post="Phó Bí thư",
            start_date=dt.date(2023, 4, 1),
            decision_date=dt.date(2023, 4, 1),
            decision_number="7-QĐ/ĐU",
            acting_user=None,
        ),
        "evaluation": actions.do_record_evaluation(
            member=tam,
            position="Giám đốc Sở Tài chính",
            reason="REAPPOINTMENT",
            date=dt.date(2023, 7, 5),
            acting_user=None,
        ),
        "conclusion": actions.do_conclude_political_standard(
            member=binh,
            purpose="PLANNING",
            outcome="MET",
            date=dt.date(2023, 2, 1),
            acting_user=None,
        ),
        "attendance": actions.do_assign_cell_attendance(
            member=an, cell=tree["C12"], start_date=dt.date(2023, 1, 2), acting_user=None
        ),
    }


def test_every_kind_of_the_app_is_declared() -> None:
    assert KINDS == records.KINDS
    assert set(KINDS) == {
        "committee",
        "seat",
        "decision",
        "acting",
        "attendance",
        "evaluation",
        "conclusion",
    }
    for kind in KINDS.values():
        assert kind.void_url == "personnel:void" and kind.can_void is not layer._can_nobody


@pytest.mark.parametrize("name", LISTED)
def test_the_list_shows_and_exports_the_record(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    check_list_and_exports(client, KINDS[name], made[name], admin_user)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_records_page_shows_its_history_and_void_form(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    record = made[name]
    client.force_login(admin_user)
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200, name
    body = response.content.decode()
    assert 'data-testid="history"' in body, name
    if name != "seat":  # a seat is shown, and voided, on its committee's page
        assert 'data-testid="void-form"' in body, name


@pytest.mark.parametrize("name", CREATED)
def test_the_form_records_through_the_view(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    kind = KINDS[name]
    client.force_login(admin_user)
    created = check_form_records(client, kind, VALID[name])
    assert (
        f'href="{created.get_absolute_url()}"'
        in client.get(reverse(kind.list_url)).content.decode()
    )


def _listed(client: Client, name: str, record: Any, **query: str) -> bool:
    body = client.get(reverse(name), query).content.decode()
    return f'href="{record.get_absolute_url()}"' in body


def test_attendances_are_listed_by_the_days_they_are_in_force(
    client: Client, admin_user: Any, made: dict[str, Any], tree: dict[str, Any]
) -> None:
    open_one = made["attendance"]  # from 02/01/2023, open
    ended = actions.do_assign_cell_attendance(
        member=made["seat"].member,
        cell=tree["C13"],
        start_date=dt.date(2021, 1, 4),
        end_date=dt.date(2021, 12, 31),
        acting_user=None,
    )
    client.force_login(admin_user)
    name = "personnel:attendances"
    assert _listed(client, name, ended, nam="2021") and not _listed(
        client, name, open_one, nam="2021"
    )
    assert not _listed(client, name, ended, nam="2022") and not _listed(
        client, name, open_one, nam="2022"
    )
    assert _listed(client, name, open_one, nam="2030")
    # A records link's period: what is in force on its last day, whatever its first.
    period = {"tu": "2023-06-01", "den": "2023-06-30"}
    assert _listed(client, name, open_one, **period) and not _listed(client, name, ended, **period)
    assert _listed(client, name, ended, trang_thai="past")
    assert not _listed(client, name, ended, trang_thai="current")
    assert _listed(client, name, open_one, trang_thai="current")


def test_a_year_selects_the_committees_whose_term_it_falls_in(
    client: Client, admin_user: Any, made: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    gk1, name = made["committee"], "personnel:committees"  # term 2020–2025
    assert _listed(client, name, gk1, nam="2020") and _listed(client, name, gk1, nam="2025")
    assert not _listed(client, name, gk1, nam="2019") and not _listed(client, name, gk1, nam="2026")
    current = 2020 <= today().year <= 2025
    assert _listed(client, name, gk1, trang_thai="current") == current
    assert _listed(client, name, gk1, trang_thai="past") != current
