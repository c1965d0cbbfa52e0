"""Readmission (kết nạp lại) as the regulation states it (issue point 6).

Quy định 294-QĐ/TW ngày 26/5/2025, điểm 3.5.1-3.5.2 (as 24-QĐ/TW ngày 30/7/2021, điểm 4
before it): out of the party for at least 36 months; readmitted once only; never those who
left by abandoning activity, by resigning (unless for a family in exceptional hardship), by
serious disunity, or convicted of corruption or of a serious crime; with the written consent
of the provincial standing committee; then a probation of 12 months as at a first admission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.kinds import DisciplineForm, EventKind, Status
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.members.tests.sheets import load, problems

pytestmark = pytest.mark.django_db

LEFT = dt.date(2020, 6, 15)
LAWFUL = dt.date(2023, 6, 15)  # exactly 36 months later
CONSENT = {"consent_number": "1250-CV/TU", "consent_date": dt.date(2023, 6, 1)}


def former(tree: dict[str, Any], kind: str = EventKind.REMOVED, cause: str = "") -> Member:
    """A full member who left the party on LEFT in the way `kind` says."""
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2005, 3, 1))
    if kind == "EXPELLED":
        actions.do_discipline_member(
            member,
            form=DisciplineForm.EXPULSION,
            issuing_level="COMMISSION",
            violation_date=None,
            decision=Decision(LEFT),
            acting_user=None,
        )
    else:
        actions.do_end_membership(
            member,
            kind=kind,
            cause=cause or "Hai năm liền không hoàn thành nhiệm vụ",
            decision=Decision(LEFT),
            acting_user=None,
        )
    member.refresh_from_db()
    return member


def readmit(member: Member, tree: dict[str, Any], day: dt.date = LAWFUL, **kw: Any) -> Any:
    args = {"left_for": "OTHER", **CONSENT, **kw}
    return actions.do_readmit_member(
        member, organisation=tree["C12"], decision=Decision(day), acting_user=None, **args
    )


@pytest.mark.parametrize("version_day", [dt.date(2021, 3, 1), dt.date(2024, 3, 1), LAWFUL])
def test_the_rule_values_of_every_text(version_day: dt.date) -> None:
    assert rule("members.readmission_min_months_out", version_day) == 36
    assert rule("members.readmission_times", version_day) == 1
    assert {"ABANDONED", "RESIGNED"} <= set(
        rule("members.readmission_excluded_grounds", version_day)
    )


def test_thirty_six_months_out_at_least(tree: dict[str, Any]) -> None:
    member = former(tree)
    with pytest.raises(DomainError, match="ít nhất 36 tháng") as error:
        readmit(member, tree, LAWFUL - dt.timedelta(days=1))
    assert "15/06/2020" in error.value.message and "15/06/2023" in error.value.message
    event = readmit(member, tree)
    assert event.details["consent_number"] == "1250-CV/TU"


def test_once_only(tree: dict[str, Any]) -> None:
    member = former(tree)
    readmit(member, tree)
    actions.do_end_membership(
        member,
        kind=EventKind.REMOVED,
        cause="Không đạt tiêu chuẩn",
        decision=Decision(dt.date(2023, 9, 1)),
        acting_user=None,
    )
    member.refresh_from_db()
    with pytest.raises(DomainError, match="chỉ kết nạp lại 1 lần"):
        readmit(member, tree, dt.date(2026, 9, 2), consent_date=dt.date(2026, 9, 1))


def test_a_readmission_on_the_file_counts_as_the_one(tree: dict[str, Any]) -> None:
    """A member whose file already carries "ngày vào Đảng lần thứ hai" was readmitted once."""
    member = former(tree)
    Member.objects.filter(pk=member.pk).update(
        earlier_left_date=dt.date(2001, 1, 1), readmission_date=dt.date(2005, 3, 1)
    )
    member.refresh_from_db()
    with pytest.raises(DomainError, match="đã được kết nạp lại 1 lần"):
        readmit(member, tree)


@pytest.mark.parametrize(
    ("kind", "cause", "declared"),
    [
        (EventKind.REMOVED, "Tự bỏ sinh hoạt đảng 3 tháng không lý do", "OTHER"),
        (EventKind.RESIGNED, "", "OTHER"),
        (EventKind.REMOVED, "Không đạt tiêu chuẩn", "ABANDONED"),
        ("EXPELLED", "", "DISUNITY"),
        ("EXPELLED", "", "CORRUPTION"),
        ("EXPELLED", "", "SERIOUS_CRIME"),
    ],
)
def test_the_excluded_grounds_are_refused(
    tree: dict[str, Any], kind: str, cause: str, declared: str
) -> None:
    """The ledger's own ground (a resignation, a removal for abandoning activity) wins over
    what the form says; a declared excluded ground is refused too."""
    member = former(tree, kind, cause)
    with pytest.raises(DomainError, match="không xem xét kết nạp lại"):
        readmit(member, tree, left_for=declared)
    assert not MemberEvent.objects.filter(kind=EventKind.READMITTED).exists()


def test_a_resignation_for_family_hardship_may_be_readmitted(tree: dict[str, Any]) -> None:
    member = former(tree, EventKind.RESIGNED)
    event = readmit(member, tree, left_for="RESIGNED_FAMILY")
    assert event.details["left_for"] == "RESIGNED_FAMILY"


def test_the_provincial_consent_is_recorded_before_the_decision(tree: dict[str, Any]) -> None:
    member = former(tree)
    with pytest.raises(DomainError, match="Ban Thường vụ tỉnh ủy"):
        readmit(member, tree, consent_number="", consent_date=None)
    with pytest.raises(DomainError, match="phải có trước quyết định"):
        readmit(member, tree, consent_date=LAWFUL + dt.timedelta(days=1))


def test_a_new_probation_of_twelve_months_follows(tree: dict[str, Any]) -> None:
    member = former(tree)
    readmit(member, tree, ceremony_date=dt.date(2023, 6, 25))
    member.refresh_from_db()
    assert member.status == Status.PROBATIONARY
    assert actions.probation_end(member) == dt.date(2024, 6, 25)
    with pytest.raises(DomainError, match="Chưa đủ 12 tháng dự bị"):
        actions.do_confirm_member(member, decision=Decision(dt.date(2024, 6, 1)), acting_user=None)


def test_who_transferred_out_is_received_not_readmitted(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2005, 3, 1))
    actions.do_transfer_out(
        member, external_party="Đảng bộ tỉnh Phú Yên", decision=Decision(LEFT), acting_user=None
    )
    member.refresh_from_db()
    with pytest.raises(DomainError, match="Tiếp nhận chuyển sinh hoạt đến"):
        readmit(member, tree)


def test_the_readmission_form_asks_for_the_ground_and_the_consent(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = former(tree, EventKind.RESIGNED)
    client.force_login(cast["grassroots"])
    url = reverse("members:event", args=[member.pk, EventKind.READMITTED])
    body = client.get(url).content.decode()
    assert "Lý do đã ra khỏi Đảng" in body and "Ban Thường vụ tỉnh ủy" in body
    refused = client.post(
        url,
        {
            "date": "2023-06-15",
            "organisation": "C12",
            "left_for": "OTHER",
            "consent_number": "1250-CV/TU",
            "consent_date": "2023-06-01",
        },
    )
    assert "xin ra khỏi Đảng" in refused.content.decode()
    assert "không xem xét kết nạp lại" in refused.content.decode()
    ok = client.post(
        url,
        {
            "date": "2023-06-15",
            "organisation": "C12",
            "left_for": "RESIGNED_FAMILY",
            "consent_number": "1250-CV/TU",
            "consent_date": "2023-06-01",
            "ceremony_date": "2023-06-30",
        },
    )
    assert ok.status_code == 302, ok.content.decode()
    member.refresh_from_db()
    assert member.status == Status.PROBATIONARY


def test_the_readmissions_import_applies_the_same_rules(
    cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = former(tree)
    row = {
        "Họ và tên": member.full_name,
        "Ngày sinh": member.birth_date.strftime("%d/%m/%Y"),
        "Tổ chức": "C12",
        "Lý do đã ra khỏi Đảng": "Lý do khác",
        "Số văn bản đồng ý của Ban Thường vụ tỉnh ủy": "1250-CV/TU",
        "Ngày văn bản đồng ý": "01/06/2023",
        "Ngày": "01/06/2023",
    }
    report = load("events-readmissions", [row], cast["officer"])
    assert "ít nhất 36 tháng" in problems(report)
    report = load(
        "events-readmissions",
        [{**row, "Ngày": "15/06/2023", "Lý do đã ra khỏi Đảng": "Tự bỏ sinh hoạt đảng"}],
        cast["officer"],
    )
    assert "không xem xét kết nạp lại" in problems(report)
    report = load("events-readmissions", [{**row, "Ngày": "15/06/2023"}], cast["officer"])
    assert report.ok, problems(report)
    member.refresh_from_db()
    assert member.status == Status.PROBATIONARY
