"""Every inspection record kind declared in `records.py`, walked through the pages the
record layer derives from it: its list shows and links the record, both exports carry the
table's headings and the record's row, its page shows the history and the void form, its
form records through the view, and a void through the view takes it off the list. The
filters whose meaning is the board's own (an inspection's year, a closed complaint's
period) keep it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.core import records as layer
from dangvu.core.tests.record_checks import check_form_records, check_list_and_exports
from dangvu.inspection import actions, records
from dangvu.inspection.models import Kind, Level, Status
from dangvu.inspection.tests.helpers import inspect
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

KINDS = {
    kind.url_kind: kind
    for kind in vars(records).values()
    if isinstance(kind, layer.RecordKind) and kind.model._meta.app_label == "inspection"
}
LISTED = sorted(k for k, kind in KINDS.items() if kind.table is not None)

# A valid form for each kind, as the clerk fills it in.
VALID = {
    "programme": {
        "organisation": "BLOC",
        "level": Level.STANDING,
        "year": "2024",
        "title": "Chương trình kiểm tra, giám sát năm 2024",
    },
    "inspection": {
        "organisation": "GK1",
        "level": Level.GRASSROOTS,
        "kind": Kind.THEMATIC,
        "title": "Giám sát chuyên đề công tác phát triển đảng viên",
        "subject_orgs": "C12",
        "start_date": "03/06/2024",
        "status": Status.DONE,
        "end_date": "28/06/2024",
    },
    "discipline": {
        "target": "MEMBER",
        "member": "052085004321",
        "form": "REPRIMAND",
        "issuing_organisation": "BLOC",
        "issuing_level": Level.COMMISSION,
        "violation_date": "10/01/2024",
        "decision_date": "01/06/2024",
        "decision_number": "15-QĐ/UBKT",
        "violation": "Vi phạm quy định về những điều đảng viên không được làm",
    },
    "complaint": {
        "kind": "COMPLAINT",
        "received_date": "05/02/2024",
        "sender": "Đỗ Văn Khải",
        "subject": "Khiếu nại quyết định kỷ luật",
        "handling_organisation": "GK2",
        "handling_level": Level.GRASSROOTS,
        "against_organisation": "C21",
    },
}


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def inspector(tree: dict[str, Any], django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("ubkt", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=tree["BLOC"], kind=Role.Kind.BOARD_INSPECTION)
    return user


@pytest.fixture
def made(tree: dict[str, Any]) -> dict[str, Any]:
    """One live record of every kind."""
    an = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(1985, 5, 1),
        "Lê Văn An",
        identity_number="052085004321",
    )
    programme = actions.do_create_programme(
        organisation=tree["GK1"],
        level=Level.GRASSROOTS,
        year=2024,
        title="Chương trình của Đảng ủy",
        acting_user=None,
    )
    return {
        "programme": programme,
        "item": actions.do_add_programme_item(
            programme,
            kind=Kind.THEMATIC,
            title="Giám sát chuyên đề công tác cán bộ",
            acting_user=None,
        ),
        "inspection": inspect(
            tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, dt.date(2024, 5, 20), orgs=[tree["C11"]]
        ),
        "discipline": actions.do_discipline(
            target="MEMBER",
            form="REPRIMAND",
            issuing_organisation=tree["GK1"],
            issuing_level=Level.GRASSROOTS,
            violation_date=dt.date(2024, 2, 1),
            decision_date=dt.date(2024, 4, 2),
            decision_number="3-QĐ/ĐU",
            violation="Không sinh hoạt đảng ba tháng",
            member=an,
            acting_user=None,
        ),
        "complaint": actions.do_receive_complaint(
            kind="DENUNCIATION",
            received_date=dt.date(2024, 1, 10),
            sender="Phạm Thị Cúc",
            subject="Tố cáo vi phạm",
            handling_organisation=tree["GK2"],
            handling_level=Level.GRASSROOTS,
            against_organisation=tree["C21"],
            acting_user=None,
        ),
    }


def test_every_kind_of_the_app_is_declared() -> None:
    assert set(KINDS) == {"programme", "item", "inspection", "discipline", "complaint"}
    assert KINDS == records.KINDS
    for kind in KINDS.values():
        assert kind.void_url == "inspection:void" and kind.can_void is not layer._can_nobody
    for name in LISTED:  # a programme's items are listed and added on its page
        assert KINDS[name].create is not None and KINDS[name].import_kind, name


@pytest.mark.parametrize("name", LISTED)
def test_the_list_shows_and_exports_the_record(
    client: Client, inspector: Any, made: dict[str, Any], name: str
) -> None:
    kind = KINDS[name]
    client.force_login(inspector)
    body = check_list_and_exports(client, kind, made[name], inspector)
    assert 'data-testid="total">1 bản ghi' in body, name
    assert f'href="{reverse(kind.create_url)}"' in body, name


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_records_page_shows_its_history_and_void_form(
    client: Client, inspector: Any, made: dict[str, Any], name: str
) -> None:
    record = made[name]  # an item's page is its programme's
    client.force_login(inspector)
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200, name
    body = response.content.decode()
    assert 'data-testid="record"' in body and 'data-testid="history"' in body, name
    void_url = reverse("inspection:void", args=[name, record.pk])
    assert f'action="{void_url}"' in body, name


@pytest.mark.parametrize("name", LISTED)
def test_the_form_records_through_the_view(
    client: Client, inspector: Any, made: dict[str, Any], name: str
) -> None:
    kind = KINDS[name]
    client.force_login(inspector)
    created = check_form_records(client, kind, VALID[name])
    assert (
        f'href="{created.get_absolute_url()}"'
        in client.get(reverse(kind.list_url)).content.decode()
    )


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_void_through_the_view_takes_the_record_off_the_list(
    client: Client, inspector: Any, made: dict[str, Any], name: str
) -> None:
    kind, record = KINDS[name], made[name]
    client.force_login(inspector)
    void_url = reverse("inspection:void", args=[name, record.pk])
    response = client.post(void_url, {"reason": "Ghi nhầm"})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    record.refresh_from_db()
    assert record.is_void, name
    if kind.list_url:
        body = client.get(reverse(kind.list_url)).content.decode()
        assert f'href="{record.get_absolute_url()}"' not in body, name
        assert 'data-testid="void-note"' in client.get(record.get_absolute_url()).content.decode()
    else:  # the item leaves its programme's page
        body = client.get(record.get_absolute_url()).content.decode()
        assert record.title not in body and "Chương trình chưa có nội dung" in body


def test_an_inspection_counts_in_its_end_dates_year_or_its_start_dates_while_open(
    client: Client, inspector: Any, tree: dict[str, Any]
) -> None:
    ended = inspect(
        tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, dt.date(2024, 1, 10), orgs=[tree["C11"]]
    )
    open_ = inspect(
        tree["GK2"],
        Level.GRASSROOTS,
        Kind.THEMATIC,
        dt.date(2024, 2, 1),
        orgs=[tree["C21"]],
        status=Status.IN_PROGRESS,
    )
    client.force_login(inspector)
    url = reverse("inspection:inspections")

    def listed(**query: str) -> set[int]:
        body = client.get(url, query).content.decode()
        return {r.pk for r in (ended, open_) if f'href="{r.get_absolute_url()}"' in body}

    assert listed(nam="2024") == {ended.pk, open_.pk}  # the open one started in January
    assert listed(nam="2023") == set()  # the ended one started in December 2023
    # A report's period counts the records ended in it: the open one is not.
    assert listed(tu="01/01/2024", den="31/12/2024") == {ended.pk}
    assert listed(nam="junk", tu="junk") == {ended.pk, open_.pk}


def test_a_closed_complaint_counts_in_the_period_it_was_closed(
    client: Client, inspector: Any, tree: dict[str, Any], made: dict[str, Any]
) -> None:
    complaint = made["complaint"]
    actions.do_update_complaint(
        complaint,
        status="RESOLVED",
        outcome="Đã giải quyết",
        closed_date=dt.date(2024, 3, 1),
        acting_user=None,
    )
    client.force_login(inspector)
    url = reverse("inspection:complaints")
    link = f'href="{complaint.get_absolute_url()}"'
    march = {"tu": "01/03/2024", "den": "31/03/2024"}
    assert link not in client.get(url, march).content.decode()  # received in January
    assert link in client.get(url, {**march, "trang_thai": "CLOSED"}).content.decode()
    assert link not in client.get(url, {"trang_thai": "OPEN"}).content.decode()


def test_the_complaints_list_points_at_the_overdue(
    client: Client, inspector: Any, made: dict[str, Any]
) -> None:
    client.force_login(inspector)
    body = client.get(reverse("inspection:complaints"), {"to_chuc": "GK2"}).content.decode()
    assert 'data-testid="list-notice"' in body and "1 đơn quá hạn giải quyết" in body
    assert f"{reverse('inspection:complaints_due')}?to_chuc=GK2" in body
    body = client.get(reverse("inspection:complaints"), {"to_chuc": "GK1"}).content.decode()
    assert 'data-testid="list-notice"' not in body
