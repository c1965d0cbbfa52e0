"""Dues of temporary attendees: recorded at the host cell, once a month within the stay,
voided never deleted, and never in the members' dues figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.members.tests.factories import existing
from dangvu.transit import actions
from dangvu.transit.models import TemporaryDuesPayment
from dangvu.transit.tests.helpers import attendee

pytestmark = pytest.mark.django_db

MAY = dt.date(2025, 5, 1)


def record(who: Any, month: dt.date = MAY, amount: int = 30_000, **kw: Any) -> Any:
    return actions.do_record_temporary_dues(
        who,
        month=month,
        amount=amount,
        paid_on=kw.pop("paid_on", dt.date(2025, 5, 10)),
        acting_user=kw.pop("acting_user", None),
        **kw,
    )


def test_a_payment_is_recorded_and_audited(tree: dict[str, Any]) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    payment = record(guest, receipt=" PT-12 ")
    assert (payment.organisation, payment.month, payment.amount) == (tree["C11"], MAY, 30_000)
    assert payment.receipt == "PT-12"
    assert AuditEvent.objects.filter(object_id=str(payment.pk)).exists()


def test_a_second_payment_of_the_month_is_refused_naming_the_first(
    tree: dict[str, Any],
) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    first = record(guest)
    with pytest.raises(DomainError) as caught:
        record(guest, amount=50_000)
    assert "30.000 đồng" in caught.value.message and "10/05/2025" in caught.value.message
    actions.do_void_temporary_dues(first, reason="Ghi nhầm số tiền", acting_user=None)
    assert record(guest, amount=50_000).amount == 50_000
    # Voided, never deleted.
    assert TemporaryDuesPayment.objects.filter(attendee=guest).count() == 2


@pytest.mark.parametrize(
    ("month", "field"),
    [(dt.date(2024, 12, 1), "month"), (dt.date(2025, 7, 1), "month")],
)
def test_a_month_outside_the_stay_is_refused(
    tree: dict[str, Any], month: dt.date, field: str
) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 15), dt.date(2025, 6, 30))
    with pytest.raises(DomainError) as caught:
        record(guest, month=month)
    assert caught.value.field == field and "15/01/2025" in caught.value.message
    # The months the stay touches at all are accepted.
    assert record(guest, month=dt.date(2025, 1, 1)).month == dt.date(2025, 1, 1)


def test_an_attendee_who_pays_at_home_is_refused(tree: dict[str, Any]) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30), pays_dues_here=False)
    with pytest.raises(DomainError) as caught:
        record(guest)
    assert "nơi sinh hoạt chính thức" in caught.value.message


@pytest.mark.parametrize("amount", [0, -5, 100_000_001])
def test_an_amount_out_of_bounds_is_refused(tree: dict[str, Any], amount: int) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    with pytest.raises(DomainError) as caught:
        record(guest, amount=amount)
    assert caught.value.field == "amount"
    assert not TemporaryDuesPayment.objects.exists()


def test_a_user_of_another_subtree_may_not_record(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    with pytest.raises(DomainError):
        record(guest, acting_user=cast["cell"])
    client = Client()
    client.force_login(cast["cell"])
    url = reverse("transit:dues_payment_create")
    response = client.post(
        url, {"attendee": guest.pk, "month": "05/2025", "amount": "30000", "paid_on": "10/05/2025"}
    )
    assert response.status_code == 200 and not TemporaryDuesPayment.objects.exists()
    payment = record(guest)
    assert client.get(reverse("transit:dues_payment", args=[payment.pk])).status_code == 404


def test_the_dues_page_links_to_the_form_and_the_payment_never_counts_among_members(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Đảng Viên Chi Bộ")
    guest = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30), "Người Khách")
    client = Client()
    client.force_login(cast["grassroots"])
    month_url = reverse("dues:month", args=["C11"]) + "?thang=05/2025"
    before = client.get(month_url)
    link = f"{reverse('transit:dues_payment_create')}?nguoi={guest.pk}&amp;thang=05/2025"
    assert link in before.content.decode()
    form = client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    response = client.post(
        reverse("transit:dues_payment_create"),
        {
            "attendee": str(guest.pk),
            "month": "05/2025",
            "amount": "45.000",
            "paid_on": "10/05/2025",
            "receipt": "PT-7",
        },
    )
    payment = TemporaryDuesPayment.objects.get()
    assert response.status_code == 302 and payment.amount == 45_000
    after = client.get(month_url)
    assert "Đã nộp tháng 05/2025: 45.000 đồng" in after.content.decode()
    for figure in ("expected", "collected", "outstanding", "owing_count"):
        assert after.context[figure] == before.context[figure], figure
    again = client.post(
        reverse("transit:dues_payment_create"),
        {"attendee": str(guest.pk), "month": "05/2025", "amount": "1", "paid_on": "10/05/2025"},
    )
    assert again.status_code == 200 and "đã nộp đảng phí tháng 05/2025" in again.content.decode()
    assert TemporaryDuesPayment.objects.count() == 1
