"""Impossible member records are refused, naming the two facts that conflict (issue point 7).

Điều lệ Đảng, Điều 1 and Quy định 24-QĐ/TW 2021, điểm 1.1: nobody is admitted before a full
18 years of age, let alone before birth; Điều lệ Đảng, Điều 5-6 and Hướng dẫn 01-HD/TW 2021
(thẻ đảng viên): the card goes to a full member, so it is never issued before the
full-membership date. Each check is tried through the form AND the import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import admit
from dangvu.members.tests.sheets import load, problems

pytestmark = pytest.mark.django_db

PERSON = {"p-sex": "M", "p-education": "12/12"}
ROW = {"Giới tính": "Nam", "Dân tộc": "Kinh"}


# --- admitted before birth, or before the minimum age ----------------------------------

FORMS_WITH_A_FILE = {
    "members:existing": {"organisation": "C12", "on": "2024-01-01"},
    "members:transfer_in": {
        "organisation": "C12",
        "date": "2024-01-01",
        "external_party": "Đảng bộ tỉnh Quảng Ngãi",
    },
}
IMPORTS_WITH_A_FILE = {
    "members": {"Chi bộ": "C12", "Ghi nhận từ ngày": "01/01/2024"},
    "events-transfers-in": {
        "Tổ chức": "C12",
        "Ngày": "01/01/2024",
        "Đảng bộ nơi đi / nơi đến": "Đảng bộ tỉnh Quảng Ngãi",
    },
}


@pytest.mark.parametrize("url", sorted(FORMS_WITH_A_FILE))
@pytest.mark.parametrize(
    ("admitted", "words"),
    [("1985-03-01", "ngày sinh 02/01/1988"), ("2003-03-01", "chưa đủ 18 tuổi")],
)
def test_a_file_admitted_before_birth_or_age_is_refused_by_the_form(
    client: Client, cast: dict[str, Any], url: str, admitted: str, words: str
) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse(url),
        {
            **FORMS_WITH_A_FILE[url],
            **PERSON,
            "p-full_name": "Lê Văn Sớm",
            "p-birth_date": "1988-01-02",
            "admission_decision_date": admitted,
            "full_member_date": "2010-03-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày kết nạp" in body and words in body
    assert Member.objects.count() == 0


@pytest.mark.parametrize("kind", sorted(IMPORTS_WITH_A_FILE))
@pytest.mark.parametrize(
    ("admitted", "words"),
    [("01/03/1985", "ngày sinh 02/01/1988"), ("01/03/2003", "chưa đủ 18 tuổi")],
)
def test_a_file_admitted_before_birth_or_age_is_refused_by_the_import(
    cast: dict[str, Any], kind: str, admitted: str, words: str
) -> None:
    row = {
        **ROW,
        **IMPORTS_WITH_A_FILE[kind],
        "Họ và tên": "Lê Văn Sớm",
        "Ngày sinh": "02/01/1988",
        "Ngày kết nạp": admitted,
        "Ngày chính thức": "01/03/2010",
    }
    report = load(kind, [row], cast["officer"])
    assert "Ngày kết nạp" in problems(report) and words in problems(report)
    assert Member.objects.count() == 0


def test_an_admission_before_birth_is_refused_by_action_and_import(
    cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    """The person form itself takes no birth date under 16 years ago, so the form cannot
    send one; the action and the import refuse it naming both dates."""
    from dangvu.members.tests.factories import person

    with pytest.raises(DomainError, match=r"trước ngày sinh \(01/06/2024\)"):
        actions.do_admit_member(
            person(birth=dt.date(2024, 6, 1)),
            organisation=tree["C12"],
            decision=Decision(dt.date(2024, 5, 6)),
            acting_user=None,
        )
    report = load(
        "events-admissions",
        [
            {
                **ROW,
                "Họ và tên": "Chưa Sinh",
                "Ngày sinh": "01/06/2024",
                "Tổ chức": "C12",
                "Ngày": "06/05/2024",
            }
        ],
        cast["officer"],
    )
    assert "01/06/2024" in problems(report)
    assert Member.objects.count() == 0


# --- a card issued before the full-membership date -----------------------------------


def test_a_file_with_a_card_before_full_membership_is_refused_by_form_and_import(
    client: Client, cast: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:existing"),
        {
            **PERSON,
            "organisation": "C12",
            "on": "2024-01-01",
            "p-full_name": "Võ Thẻ Sớm",
            "p-birth_date": "1980-01-02",
            "admission_decision_date": "2010-03-01",
            "full_member_date": "2011-03-10",
            "card_number": "01234567",
            "card_date": "2011-02-03",
        },
    )
    body = response.content.decode()
    assert "Ngày cấp thẻ (03/02/2011) trước ngày chính thức (10/03/2011)" in body
    report = load(
        "members",
        [
            {
                **ROW,
                **IMPORTS_WITH_A_FILE["members"],
                "Họ và tên": "Võ Thẻ Sớm",
                "Ngày sinh": "02/01/1980",
                "Ngày kết nạp": "01/03/2010",
                "Ngày chính thức": "10/03/2011",
                "Số thẻ đảng viên": "01234567",
                "Ngày cấp thẻ": "03/02/2011",
            }
        ],
        cast["officer"],
    )
    assert "Ngày cấp thẻ (03/02/2011) trước ngày chính thức (10/03/2011)" in problems(report)
    assert Member.objects.count() == 0


def test_a_card_issued_before_full_membership_is_refused_by_form_and_import(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = admit(tree["C11"], dt.date(2023, 3, 1), "Đinh Văn Thẻ")  # ceremony 08/03/2023
    actions.do_confirm_member(member, decision=Decision(dt.date(2024, 3, 20)), acting_user=None)
    member.refresh_from_db()
    assert member.full_member_date == dt.date(2024, 3, 8)
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:event", args=[member.pk, EventKind.CARD_ISSUED]),
        {"date": "2024-02-03", "card_number": "00123456"},
    )
    words = (
        "Ngày phát thẻ (03/02/2024) trước ngày đồng chí trở thành đảng viên chính thức (08/03/2024)"
    )
    assert words in response.content.decode()
    report = load(
        "events-cards",
        [
            {
                "Họ và tên": "Đinh Văn Thẻ",
                "Ngày sinh": "17/05/1990",
                "Ngày": "03/02/2024",
                "Số thẻ đảng viên": "00123456",
            }
        ],
        cast["officer"],
    )
    assert words in problems(report)
    assert not MemberEvent.objects.filter(kind=EventKind.CARD_ISSUED).exists()


def test_voiding_the_confirmation_under_a_card_is_refused(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], dt.date(2023, 3, 1))
    confirmed = actions.do_confirm_member(
        member, decision=Decision(dt.date(2024, 3, 20)), acting_user=None
    )
    actions.do_issue_card(
        member, card_number="00999888", decision=Decision(dt.date(2024, 5, 19)), acting_user=None
    )
    with pytest.raises(DomainError, match="còn là đảng viên dự bị"):
        actions.do_void_event(confirmed, reason="Ghi nhầm", acting_user=None)
