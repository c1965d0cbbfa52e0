"""HTTP behaviour of the member pages for each member of the cast."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.concurrency import stamp
from dangvu.members.actions import MEMBER_STAMPED
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import admit, existing, full_member, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Member]:
    return {
        "an": existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Nguyễn Văn An"),
        "dao": existing(tree["C21"], dt.date(2020, 1, 1), dt.date(1999, 3, 2), "Đặng Thị Đào"),
        "new": admit(tree["C11"], dt.date(2025, 11, 3), "Lê Minh Mới"),
    }


def test_the_list_finds_names_without_accents(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["officer"])
    body = client.get(reverse("members:list"), {"q": "dang thi dao"}).content.decode()
    assert "Đặng Thị Đào" in body and "Nguyễn Văn An" not in body
    body = client.get(reverse("members:list"), {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in body


def test_the_list_is_scoped_to_the_users_subtree(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["cell"])  # secretary of C21
    body = client.get(reverse("members:list")).content.decode()
    assert "Đặng Thị Đào" in body and "Nguyễn Văn An" not in body
    assert client.get(reverse("members:detail", args=[people["an"].pk])).status_code == 404
    assert client.get(reverse("members:detail", args=[people["dao"].pk])).status_code == 200
    assert client.get(reverse("members:list"), {"to_chuc": "GK1"}).status_code == 404


def test_the_list_filters_by_status_and_date(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["officer"])
    body = client.get(reverse("members:list"), {"tu_cach": Status.PROBATIONARY}).content.decode()
    assert "Lê Minh Mới" in body and "Nguyễn Văn An" not in body
    body = client.get(reverse("members:list"), {"ngay": "2025-01-01"}).content.decode()
    assert "Lê Minh Mới" not in body and "Nguyễn Văn An" in body


def test_admission_through_the_form(client: Client, cast: dict[str, Any]) -> None:
    kinh, none = value("ETHNICITY", "01"), value("RELIGION", "00")
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:admit"),
        {
            "organisation": "C12",
            "date": "2024-05-06",
            "ceremony_date": "2024-05-20",
            "p-full_name": "Trần Quốc Toản",
            "p-birth_date": "1996-02-03",
            "p-sex": "M",
            "p-ethnicity": kinh.code,
            "p-religion": none.code,
            "p-identity_number": "052096001234",
            "p-education": "12/12",
        },
    )
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(identity_number="052096001234")
    assert (member.ethnicity, member.religion) == (kinh, none)
    assert member.status == Status.PROBATIONARY
    assert member.organisation.code == "C12"


def test_admission_refusals_are_shown_beside_the_field(
    client: Client, cast: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:admit"),
        {
            "organisation": "C12",
            "date": "2024-05-06",
            "p-full_name": "Trẻ Quá",
            "p-birth_date": "2008-02-03",
            "p-sex": "F",
            "p-identity_number": "05209600",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "đúng 12 chữ số" in body
    assert Member.objects.count() == 0
    response = client.post(
        reverse("members:admit"),
        {
            "organisation": "C21",
            "date": "2024-05-06",
            "p-full_name": "Ngoài Phạm Vi",
            "p-birth_date": "1990-02-03",
            "p-sex": "F",
        },
    )
    assert "Không tìm thấy tổ chức" in response.content.decode()


def test_confirmation_and_card_through_the_forms(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = admit(tree["C11"], dt.date(2023, 3, 1))
    client.force_login(cast["grassroots"])
    early = client.post(
        reverse("members:event", args=[member.pk, EventKind.CONFIRMED]), {"date": "2023-12-01"}
    )
    assert "Chưa đủ 12 tháng dự bị" in early.content.decode()
    ok = client.post(
        reverse("members:event", args=[member.pk, EventKind.CONFIRMED]),
        {"date": "2024-03-20", "decision_number": "77-QĐ/ĐU"},
    )
    assert ok.status_code == 302
    member.refresh_from_db()
    assert member.status == Status.FULL
    ok = client.post(
        reverse("members:event", args=[member.pk, EventKind.CARD_ISSUED]),
        {"date": "2024-09-02", "card_number": "00123456"},
    )
    assert ok.status_code == 302
    member.refresh_from_db()
    assert member.card_number == "00123456"


def test_only_kinds_the_state_allows_are_offered(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["officer"])
    full = people["an"]
    assert (
        client.get(reverse("members:event", args=[full.pk, EventKind.CONFIRMED])).status_code == 404
    )
    page = client.get(reverse("members:detail", args=[full.pk])).content.decode()
    assert "Phát thẻ đảng viên" in page and "Chuyển đảng chính thức" not in page


def test_voiding_through_the_page(
    client: Client, cast: dict[str, Any], people: dict[str, Member], tree: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    an = people["an"]
    client.post(
        reverse("members:event", args=[an.pk, EventKind.MOVED]), {"date": "2024-01-10", "to": "C12"}
    )
    an.refresh_from_db()
    assert an.organisation.code == "C12"
    move = an.events.get(kind=EventKind.MOVED)
    response = client.post(reverse("members:void", args=[move.pk]), {"reason": "Nhầm chi bộ"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.organisation.code == "C11"
    assert MemberEvent.objects.get(pk=move.pk).is_void


def test_viewers_cannot_record_events(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["viewer"])
    assert client.get(reverse("members:detail", args=[people["an"].pk])).status_code == 200
    url = reverse("members:event", args=[people["an"].pk, EventKind.DIED])
    assert client.post(url, {"date": "2024-01-10"}).status_code == 404
    assert client.get(reverse("members:admit")).status_code == 404
    people["an"].refresh_from_db()
    assert people["an"].status == Status.FULL


def test_editing_the_record(
    client: Client, cast: dict[str, Any], people: dict[str, Member]
) -> None:
    client.force_login(cast["officer"])
    an = people["an"]
    response = client.post(
        reverse("members:edit", args=[an.pk]),
        {
            # The stamp of the record as the page shows it (see core.concurrency).
            "stamp": stamp(an, MEMBER_STAMPED),
            "p-full_name": "Nguyễn Văn Ân",
            "p-birth_date": "1975-05-17",
            "p-sex": "M",
            "p-identity_number": "",
            "p-education": "12/12",
            "p-phone": "0905123456",
        },
    )
    assert response.status_code == 302, response.content.decode()
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Ân" and an.search_key == "nguyen van an"


def test_due_page_lists_what_falls_due(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    full_member(tree["C11"], dt.date(2023, 2, 1), "Chưa Có Thẻ")
    client.force_login(cast["officer"])
    body = client.get(reverse("members:due")).content.decode()
    assert "Chưa Có Thẻ" in body
    assert "Huy hiệu Đảng dịp" in body


def test_transfer_in_through_the_form_keeps_the_party_file(
    client: Client, cast: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:transfer_in"),
        {
            "organisation": "C12",
            "external_party": "Đảng bộ tỉnh Quảng Ngãi",
            "date": "2024-04-01",
            "admission_decision_date": "2001-06-12",
            "ceremony_date": "2001-06-30",
            "full_member_date": "2002-06-30",
            "card_number": "0098765",
            "p-full_name": "Huỳnh Văn Chuyển",
            "p-birth_date": "1978-01-02",
            "p-sex": "M",
        },
    )
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(full_name="Huỳnh Văn Chuyển")
    assert member.status == Status.FULL and member.card_number == "0098765"
    assert member.admission_decision_date == dt.date(2001, 6, 12)


def test_a_probationary_transfer_can_be_confirmed(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    client.post(
        reverse("members:transfer_in"),
        {
            "organisation": "C12",
            "external_party": "Đảng bộ tỉnh Quảng Ngãi",
            "date": "2024-04-01",
            "admission_decision_date": "2023-10-02",
            "ceremony_date": "2023-10-20",
            "p-full_name": "Dự Bị Chuyển Đến",
            "p-birth_date": "1998-01-02",
            "p-sex": "F",
        },
    )
    member = Member.objects.get(full_name="Dự Bị Chuyển Đến")
    assert member.status == Status.PROBATIONARY
    ok = client.post(
        reverse("members:event", args=[member.pk, EventKind.CONFIRMED]), {"date": "2024-10-25"}
    )
    assert ok.status_code == 302
    member.refresh_from_db()
    assert member.full_member_date == dt.date(2024, 10, 20)
