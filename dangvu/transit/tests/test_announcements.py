"""Members announced as coming: closed by the transfer-in, or as not coming."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.members import actions as member_actions
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member
from dangvu.members.tests.factories import person
from dangvu.transit import actions, queries
from dangvu.transit.models import Announcement
from dangvu.transit.tests.helpers import announce

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 20)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False):
        yield


def test_the_prefilled_transfer_in_form_closes_the_announcement(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    announcement = announce(tree["C11"], dt.date(2025, 3, 3), acting_user=cast["grassroots"])
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("transit:receive", args=[announcement.pk])
    page = client.get(url).content.decode()
    assert 'value="Lê Thị Đến"' in page and 'value="C11"' in page and "45-GGT/TU" in page
    answer = client.post(
        url,
        {
            "p-full_name": "Lê Thị Đến",
            "p-birth_date": "02/04/1985",
            "p-sex": "F",
            "p-education": "12/12",
            "organisation": "C11",
            "external_party": "Đảng bộ tỉnh Bình Định",
            "date": "10/03/2025",
            "decision_number": "45-GGT/TU",
            "decision_date": "03/03/2025",
            "admission_decision_date": "01/06/2012",
            "ceremony_date": "10/06/2012",
            "full_member_date": "10/06/2013",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    member = Member.objects.get(full_name="Lê Thị Đến")
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.ARRIVED
    assert announcement.arrival.member == member
    assert announcement.arrival.kind == EventKind.TRANSFER_IN
    assert queries.announced(tree["BLOC"], DAY) == []


def test_a_transfer_in_recorded_elsewhere_is_matched_by_name_and_birth_date(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    announcement = announce(tree["C11"], dt.date(2025, 3, 3), "Lê Thị Đến")
    member = member_actions.do_transfer_in(
        person("le thi den", dt.date(1985, 4, 2), sex="F"),
        organisation=tree["C12"],
        external_party="Đảng bộ tỉnh Bình Định",
        decision=member_actions.Decision(dt.date(2025, 3, 12)),
        party_file=member_actions.PartyFile(dt.date(2012, 6, 1), None, dt.date(2013, 6, 10), ""),
        acting_user=None,
    )
    (event,) = actions.arrival_candidates(announcement)
    assert event.member == member
    client = Client()
    client.force_login(cast["grassroots"])
    assert "Khớp với thông báo này" in client.get(announcement.get_absolute_url()).content.decode()
    client.post(reverse("transit:link", args=[announcement.pk]), {"event": str(event.pk)})
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.ARRIVED and announcement.arrival == event


def test_it_may_be_closed_as_not_coming_with_a_reason(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    announcement = announce(tree["C11"], dt.date(2025, 3, 3))
    with pytest.raises(DomainError, match="lý do"):
        actions.do_close_not_coming(
            announcement, closed_on=DAY, reason=" ", acting_user=cast["grassroots"]
        )
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("transit:not_coming", args=[announcement.pk])
    answer = client.post(url, {"closed_on": "18/03/2025", "reason": "Đồng chí ở lại\r\nnơi cũ"})
    assert answer.status_code == 302
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.NOT_COMING
    assert announcement.close_reason == "Đồng chí ở lại\nnơi cũ"
    with pytest.raises(DomainError, match="đã kết thúc theo dõi"):
        actions.do_close_not_coming(announcement, closed_on=DAY, reason="Lần nữa", acting_user=None)


def test_the_announcement_checks_what_it_is_given(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="chưa đủ 18 tuổi"):
        announce(tree["C11"], dt.date(2025, 3, 3), birth_date=dt.date(2010, 1, 1))
    with pytest.raises(DomainError, match="Hãy chọn chi bộ"):
        announce(tree["GK2"].__class__.objects.get(code="BLOC"), dt.date(2025, 3, 3))
    with pytest.raises(DomainError, match="tương lai"):
        announce(tree["C11"], dt.date(2025, 3, 21))
    assert not Announcement.objects.exists()


def test_another_subtree_sees_nothing_and_reaches_nothing(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    announcement = announce(tree["C11"], dt.date(2025, 3, 3), "Người Của GK1")
    client = Client()
    client.force_login(cast["cell"])
    for name in ("transit:announcement", "transit:receive", "transit:not_coming"):
        assert client.get(reverse(name, args=[announcement.pk])).status_code == 404
    assert client.post(reverse("transit:link", args=[announcement.pk])).status_code == 404
    assert "Người Của GK1" not in client.get(reverse("transit:announcements")).content.decode()
    assert "Người Của GK1" not in client.get(reverse("transit:due")).content.decode()
    assert client.get(reverse("transit:due") + "?to_chuc=GK1").status_code == 404
    # A viewer of the bloc sees it but records nothing.
    client.force_login(cast["viewer"])
    assert client.get(announcement.get_absolute_url()).status_code == 200
    assert client.get(reverse("transit:receive", args=[announcement.pk])).status_code == 404
