"""HTTP behaviour of the personnel pages: lists, filters, exports, details with history,
forms through the actions, voiding, scope, and junk input that never crashes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.personnel import actions, queries
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
)
from dangvu.personnel.tests.helpers import committee, member, seat

pytestmark = pytest.mark.django_db

CREATE_FORMS = [
    "personnel:committee_create",
    "personnel:acting_create",
    "personnel:evaluation_create",
    "personnel:conclusion_create",
    "personnel:attendance_create",
]
LISTS = [
    "personnel:committees",
    "personnel:seats",
    "personnel:decisions",
    "personnel:acting",
    "personnel:evaluations",
    "personnel:conclusions",
    "personnel:attendances",
]


@pytest.fixture
def records(tree: dict[str, Any]) -> dict[str, Any]:
    an = member(tree["C11"], "Nguyễn Văn An", identity_number="052090001234")
    binh = member(tree["C12"], "Trần Thị Bình", identity_number="052090002345")
    tam = member(tree["C21"], "Phạm Văn Tâm", identity_number="052090003456")
    gk1 = committee(tree["GK1"])
    gk2 = committee(tree["GK2"])
    secretary = seat(gk1, an, "SECRETARY")
    seat(gk2, tam, "SECRETARY")
    decision = actions.do_complete_committee(
        gk1,
        kind=CommitteeDecision.Kind.ADD,
        decision_date=dt.date(2023, 9, 12),
        issued_by="Ban Thường vụ Đảng ủy Khối",
        number="12-QĐ/ĐUK",
        appointments=[(binh, "COMMITTEE_MEMBER")],
        acting_user=None,
    )
    evaluation = actions.do_record_evaluation(
        member=tam,
        position="Giám đốc Sở Tài chính",
        reason="REAPPOINTMENT",
        date=dt.date(2023, 7, 5),
        acting_user=None,
    )
    return {
        "an": an,
        "binh": binh,
        "tam": tam,
        "gk1": gk1,
        "gk2": gk2,
        "secretary": secretary,
        "decision": decision,
        "evaluation": evaluation,
    }


def test_lists_filter_export_and_keep_to_the_users_scope(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        for fmt in ("csv", "xlsx"):
            assert client.get(reverse(name), {"xuat": fmt}).status_code == 200, name
    url = reverse("personnel:seats")
    body = client.get(url).content.decode()
    assert "Nguyễn Văn An" in body and "Phạm Văn Tâm" in body
    body = client.get(url, {"to_chuc": "GK1"}).content.decode()
    assert "Nguyễn Văn An" in body and "Phạm Văn Tâm" not in body
    body = client.get(url, {"nguon": "qd"}).content.decode()
    assert "Trần Thị Bình" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"chuc_vu": "SECRETARY", "nam": "2020"}).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Bình" not in body
    text = client.get(url, {"xuat": "csv", "to_chuc": "GK2"}).content.decode("utf-8-sig")
    assert "Phạm Văn Tâm" in text and "Nguyễn Văn An" not in text
    decisions = reverse("personnel:decisions")
    body = client.get(decisions, {"tu": "2023-01-01", "den": "2023-12-31"}).content.decode()
    assert "12-QĐ/ĐUK" in body
    body = client.get(decisions, {"nam": "2022"}).content.decode()
    assert "12-QĐ/ĐUK" not in body
    body = client.get(decisions, {"to_chuc": "GK1", "duoi": "1"}).content.decode()
    assert "12-QĐ/ĐUK" not in body  # GK1's own decision is not below GK1
    body = client.get(reverse("personnel:committees"), {"loai": "STANDING"}).content.decode()
    assert "Đảng bộ Sở Y tế" not in body

    client.force_login(cast["cell"])  # secretary of C21 (under GK2)
    body = client.get(reverse("personnel:evaluations")).content.decode()
    assert "Phạm Văn Tâm" in body
    body = client.get(url).content.decode()
    assert "Nguyễn Văn An" not in body
    assert client.get(url, {"to_chuc": "GK1"}).status_code == 404


def test_committee_page_shows_seats_decisions_and_history(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    page = reverse("personnel:committee", args=[records["gk1"].pk])
    body = client.get(page).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Bình" in body and "12-QĐ/ĐUK" in body
    assert 'data-testid="history"' in body
    assert "Ghi quyết định kiện toàn" not in body  # a viewer records nothing
    for name in CREATE_FORMS:
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("personnel:seat_create", args=[records["gk1"].pk])).status_code == 404
    body = client.get(reverse("personnel:decision", args=[records["decision"].pk])).content
    assert "Trần Thị Bình" in body.decode()
    client.force_login(cast["grassroots"])
    assert "Ghi quyết định kiện toàn" in client.get(page).content.decode()
    client.force_login(cast["cell"])
    assert client.get(page).status_code == 404
    for name in CREATE_FORMS:  # a cell secretary reads, the committees above record
        assert client.get(reverse(name)).status_code == 404, name
    client.force_login(cast["nobody"])
    assert client.get(reverse("personnel:committees")).status_code == 200
    assert "Đảng bộ Sở Y tế" not in client.get(reverse("personnel:committees")).content.decode()


def test_committee_forms_go_through_the_actions(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])  # secretary of GK1
    response = client.post(
        reverse("personnel:committee_create"),
        {"organisation": "GK1", "kind": "INSPECTION", "term": "2020 - 2025"},
    )
    assert response.status_code == 302
    check = Committee.objects.get(kind="INSPECTION")
    assert check.term == "2020–2025"
    response = client.post(
        reverse("personnel:committee_create"),
        {"organisation": "GK1", "kind": "STANDING", "term": "2020"},
    )
    assert "Nhiệm kỳ ghi dạng" in response.content.decode()
    response = client.post(
        reverse("personnel:committee_create"),
        {"organisation": "GK2", "kind": "STANDING", "term": "2020–2025"},
    )
    assert "Không tìm thấy tổ chức" in response.content.decode()  # outside the scope
    seat_url = reverse("personnel:seat_create", args=[check.pk])
    response = client.post(
        seat_url,
        {"member": "052090002345", "position": "INSPECTION_CHAIR", "start_date": "2020-06-15"},
    )
    assert response.status_code == 302
    response = client.post(
        seat_url,
        {"member": "Nguyễn Văn An", "position": "INSPECTION_CHAIR", "start_date": "2020-06-15"},
    )
    assert "một thời điểm chỉ có một chủ nhiệm" in response.content.decode()
    response = client.post(
        seat_url,
        {"member": "052090003456", "position": "INSPECTION_MEMBER", "start_date": "2020-06-15"},
    )
    assert "Không tìm thấy" in response.content.decode()  # a member of another subtree

    # A decision moves An from secretary and adds a new secretary, in one go.
    decision_url = reverse("personnel:decision_create", args=[records["gk1"].pk])
    assert "Nguyễn Văn An — Bí thư" in client.get(decision_url).content.decode()
    cuong = member(tree["C13"], "Lê Văn Cường", identity_number="052090004567")
    response = client.post(
        decision_url,
        {
            "kind": "APPOINT",
            "number": "30-QĐ/ĐUK",
            "decision_date": "2024-02-01",
            "issued_by": "Ban Thường vụ Đảng ủy Khối",
            "member": "052090004567",
            "position": "SECRETARY",
            "endings": [str(records["secretary"].pk)],
            "end_reason": "Nghỉ hưu",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert queries.secretary_of(tree["GK1"], dt.date(2024, 3, 1)) == cuong
    response = client.post(
        decision_url,
        {
            "kind": "ADD",
            "decision_date": "2024-03-01",
            "issued_by": "Ban Thường vụ Đảng ủy Khối",
            "member": "052090001234",
            "position": "SECRETARY",
        },
    )
    assert "một thời điểm chỉ có một bí thư" in response.content.decode()
    response = client.post(
        decision_url,
        {"kind": "ADD", "decision_date": "2024-03-01", "issued_by": "X", "member": "052090001234"},
    )
    assert "Hãy chọn chức vụ" in response.content.decode()
    assert CommitteeDecision.objects.count() == 2

    seat_id = CommitteeMember.objects.get(member=cuong).pk
    end_url = reverse("personnel:seat_end", args=[seat_id])
    response = client.post(end_url, {"ended_on": "2024-01-01", "reason": "Chuyển công tác"})
    assert "phải sau ngày bắt đầu" in response.content.decode()
    response = client.post(end_url, {"ended_on": "2024-06-01", "reason": "Chuyển công tác"})
    assert response.status_code == 302
    assert CommitteeMember.objects.get(pk=seat_id).ended_on == dt.date(2024, 6, 1)


def test_record_forms_pages_and_voiding(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    response = client.post(
        reverse("personnel:acting_create"),
        {
            "organisation": "GK2",
            "member": "052090003456",
            "kind": "ACTING",
            "post": "Bí thư",
            "decision_date": "2023-04-01",
            "start_date": "2023-04-01",
            "end_date": "2023-03-01",
        },
    )
    assert "trước ngày bắt đầu" in response.content.decode()
    response = client.post(
        reverse("personnel:acting_create"),
        {
            "organisation": "GK2",
            "member": "052090003456",
            "kind": "ACTING",
            "post": "Bí thư",
            "decision_date": "2023-04-01",
            "start_date": "2023-04-01",
        },
    )
    assert response.status_code == 302
    acting = ActingAssignment.objects.get()
    response = client.post(
        reverse("personnel:evaluation_create"),
        {
            "person_name": "Võ Văn Trung",
            "organisation": "GC1",
            "position": "Giám đốc Sở Tư pháp",
            "reason": "APPOINTMENT",
            "date": "2023-08-01",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("personnel:conclusion_create"),
        {
            "person_name": "Hồ Thị Mới",
            "birth_date": "2001-05-17",
            "organisation": "C12",
            "purpose": "ADMISSION",
            "outcome": "MET",
            "date": "2023-03-21",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("personnel:conclusion_create"),
        {"member": "052090001234", "purpose": "PLANNING", "outcome": "MET", "date": "2099-01-01"},
    )
    assert "tương lai" in response.content.decode()
    response = client.post(
        reverse("personnel:attendance_create"),
        {"member": "052090001234", "cell": "C12", "start_date": "2021-01-04"},
    )
    assert response.status_code == 302
    assert PoliticalConclusion.objects.count() == 1 and LeaderEvaluation.objects.count() == 2
    attendance = CellAttendance.objects.get()

    for kind, record in (
        ("acting", acting),
        ("evaluation", records["evaluation"]),
        ("conclusion", PoliticalConclusion.objects.get()),
        ("attendance", attendance),
    ):
        page = reverse("personnel:record", args=[kind, record.pk])
        body = client.get(page).content.decode()
        assert 'data-testid="history"' in body and 'data-testid="void-form"' in body, kind
    void = reverse("personnel:void", args=["conclusion", PoliticalConclusion.objects.get().pk])
    client.post(void, {"reason": ""})
    assert not PoliticalConclusion.objects.get().is_void
    response = client.post(void, {"reason": "Ghi trùng"})
    assert response.status_code == 302 and PoliticalConclusion.objects.get().is_void
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VOID).count() == 1
    # A committee with seats is not voided; its decision is, and the seat goes with it.
    client.post(reverse("personnel:void", args=["committee", records["gk1"].pk]), {"reason": "x"})
    assert not Committee.objects.get(pk=records["gk1"].pk).is_void
    client.post(
        reverse("personnel:void", args=["decision", records["decision"].pk]),
        {"reason": "Nhầm người"},
    )
    assert CommitteeMember.objects.get(member=records["binh"]).is_void
    assert client.post(reverse("personnel:void", args=["nothing", 1])).status_code == 404
    client.force_login(cast["cell"])
    assert client.post(void, {"reason": "x"}).status_code == 404


def test_the_organisation_and_member_pages_show_committee_posts(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    body = client.get(reverse("orgs:detail", args=["GK1"])).content.decode()
    assert 'data-testid="org-committees"' in body
    assert "Bí thư:" in body and "Nguyễn Văn An" in body
    body = client.get(reverse("members:detail", args=[records["an"].pk])).content.decode()
    assert 'data-testid="member-seats"' in body and "Bí thư — Đảng bộ Sở Y tế" in body


JUNK = {
    "organisation": "KHONGCO",
    "kind": "??",
    "term": "kh",
    "member": "' OR 1=1 --",
    "member_2": "abc",
    "candidate": "99999999999999",
    "person_name": "x" * 500,
    "position": "POPE",
    "position_2": "",
    "start_date": "1/1/1",
    "end_date": "abc",
    "ended_on": "31/02/2023",
    "decision_date": "99/99/9999",
    "date": "0",
    "birth_date": "2023-13-01",
    "number": "x" * 200,
    "decision_number": "x" * 200,
    "document_number": "",
    "issued_by": "",
    "post": "",
    "purpose": "X",
    "outcome": "MAYBE",
    "reason": "XYZ",
    "cell": "C99",
    "endings": ["abc", "-1"],
    "basis": "<b>",
    "note": "<script>",
}


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_junk_in_create_forms_never_crashes(
    client: Client, admin_user: Any, tree: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    response = client.post(reverse(name), JUNK)
    assert response.status_code == 200, (name, response.status_code)
    assert 'data-testid="field-error"' in response.content.decode()


def test_junk_in_committee_forms_never_crashes(
    client: Client, admin_user: Any, records: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    pk = records["gk1"].pk
    for url in (
        reverse("personnel:seat_create", args=[pk]),
        reverse("personnel:decision_create", args=[pk]),
        reverse("personnel:seat_end", args=[records["secretary"].pk]),
    ):
        response = client.post(url, JUNK)
        assert response.status_code == 200, url
    for name in LISTS:
        junk = {"nam": "x9", "tu": "2024-13-01", "den": "abc", "trang": "-1", "chi_rieng": "??"}
        assert client.get(reverse(name), junk).status_code == 200, name
    assert Committee.objects.count() == 2


def test_an_open_assignment_gets_its_end_date_later(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    acting = actions.do_assign_acting(
        organisation=tree["GK2"],
        member=records["tam"],
        kind=ActingAssignment.Kind.IN_CHARGE,
        post="Phó Bí thư",
        start_date=dt.date(2023, 4, 1),
        decision_date=dt.date(2023, 4, 1),
        acting_user=None,
    )
    page = reverse("personnel:record", args=["acting", acting.pk])
    url = reverse("personnel:record_end", args=["acting", acting.pk])
    client.force_login(cast["viewer"])
    assert "Ghi ngày kết thúc" not in client.get(page).content.decode()
    assert client.get(url).status_code == 404
    client.force_login(cast["officer"])
    assert "Ghi ngày kết thúc" in client.get(page).content.decode()
    assert "trước ngày bắt đầu" in client.post(url, {"end_date": "2023-03-01"}).content.decode()
    assert "tương lai" in client.post(url, {"end_date": "2999-03-01"}).content.decode()
    assert client.post(url, {"end_date": "abc"}).status_code == 200
    assert client.post(url, {"end_date": "2023-09-30"}).status_code == 302
    acting.refresh_from_db()
    assert acting.end_date == dt.date(2023, 9, 30)
    assert "đã kết thúc" in client.post(url, {"end_date": "2023-10-30"}).content.decode()
    assert "Ghi ngày kết thúc" not in client.get(page).content.decode()
    evaluation = reverse("personnel:record_end", args=["evaluation", records["evaluation"].pk])
    assert client.get(evaluation).status_code == 404
    client.force_login(cast["grassroots"])  # GK1's secretary: GK2 is not theirs to record
    assert client.get(url).status_code == 404
