"""The sender confirms a member's arrival at the receiving committee, and voids a mistake."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.transit import actions, queries
from dangvu.transit.models import ArrivalConfirmation
from dangvu.transit.tests.helpers import transferred_out

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False):
        yield


DAY = dt.date(2025, 3, 20)


def _confirm(event: Any, user: Any = None, **kw: Any) -> ArrivalConfirmation:
    values = {
        "learned_on": dt.date(2025, 3, 5),
        "notice_number": "15-TB/ĐU",
        "receiving_organisation": "Đảng bộ tỉnh Quảng Nam",
    }
    return actions.do_confirm_arrival(event, **(values | kw), acting_user=user)


def test_a_confirmed_member_leaves_the_list_and_the_trail_says_so(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    assert [p.record for p in queries.in_transit(tree["GK1"], DAY)] == [event]
    confirmation = _confirm(event, cast["grassroots"])
    assert queries.in_transit(tree["GK1"], DAY) == []
    assert confirmation.organisation == tree["C11"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_id=str(confirmation.pk)
    ).exists()


def test_a_second_live_confirmation_is_refused(tree: dict[str, Any]) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    _confirm(event)
    with pytest.raises(DomainError, match="Đã có xác nhận"):
        _confirm(event, notice_number="16-TB/ĐU")
    assert ArrivalConfirmation.objects.count() == 1


def test_a_voided_confirmation_puts_the_member_back_and_may_be_recorded_again(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    confirmation = _confirm(event)
    do_void(confirmation, reason="Nhầm người", acting_user=cast["grassroots"])
    assert [p.record for p in queries.in_transit(tree["GK1"], DAY)] == [event]
    again = _confirm(event, notice_number="17-TB/ĐU")
    assert again.pk != confirmation.pk
    confirmation.refresh_from_db()
    assert confirmation.is_void and confirmation.void_reason == "Nhầm người"


def test_it_refuses_a_notice_before_the_transfer_or_in_the_future(tree: dict[str, Any]) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    with pytest.raises(DomainError, match="trước ngày chuyển đi"):
        _confirm(event, learned_on=dt.date(2025, 2, 1))
    with pytest.raises(DomainError, match="tương lai"):
        _confirm(event, learned_on=dt.date(2025, 3, 21))
    with pytest.raises(DomainError, match="Hãy ghi số giấy báo"):
        _confirm(event, notice_number="  ")
    assert not ArrivalConfirmation.objects.exists()


def test_a_user_of_another_subtree_may_not_confirm(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        _confirm(event, cast["cell"])
    client = Client()
    client.force_login(cast["cell"])
    url = reverse("transit:confirm", args=[event.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"learned_on": "05/03/2025"}).status_code == 404
    assert not ArrivalConfirmation.objects.exists()


def test_the_form_records_the_confirmation(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10), "Hoàng Văn Đi")
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("transit:confirm", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Đảng bộ tỉnh Quảng Nam" in page.content.decode()  # the destination, prefilled
    refused = client.post(url, {"learned_on": "31/02/2025", "notice_number": "1"})
    assert refused.status_code == 200
    assert "không tồn tại" in refused.content.decode()
    done = client.post(
        url,
        {
            "learned_on": "05/03/2025",
            "notice_number": "15-TB/ĐU",
            "receiving_organisation": "Đảng bộ tỉnh Quảng Nam",
            "note": "Nhận qua thư",
        },
    )
    confirmation = ArrivalConfirmation.objects.get()
    assert done.status_code == 302 and done["Location"] == confirmation.get_absolute_url()
    detail = client.get(confirmation.get_absolute_url()).content.decode()
    assert "Hoàng Văn Đi" in detail and "15-TB/ĐU" in detail
    void = client.post(
        reverse("transit:void", args=["confirmation", confirmation.pk]), {"reason": "Ghi nhầm"}
    )
    assert void.status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.is_void


def test_the_form_of_a_confirmed_transfer_leads_to_its_confirmation(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    event = transferred_out(tree["C11"], dt.date(2025, 2, 10))
    confirmation = _confirm(event)
    client = Client()
    client.force_login(cast["grassroots"])
    answer = client.get(reverse("transit:confirm", args=[event.pk]))
    assert answer.status_code == 302 and answer["Location"] == confirmation.get_absolute_url()
    assert ArrivalConfirmation.objects.count() == 1
