"""HTTP behaviour of the inspection pages: lists, filters, exports, details, forms, scope."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.core.concurrency import stamp
from dangvu.inspection import actions
from dangvu.inspection.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    Kind,
    Level,
    Programme,
    Status,
)
from dangvu.inspection.tests.helpers import inspect
from dangvu.inspection.tests.test_step_conflict import _stamp_of
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db
D = dt.date(2024, 5, 20)


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
def records(tree: dict[str, Any]) -> dict[str, Any]:
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Lê Văn An")
    return {
        "an": an,
        "gk1": inspect(tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, D, orgs=[tree["C11"]]),
        "gk2": inspect(
            tree["GK2"], Level.GRASSROOTS, Kind.THEMATIC, dt.date(2023, 5, 1), orgs=[tree["C21"]]
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


def test_inspection_list_filters_exports_and_scope(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    url = reverse("inspection:inspections")
    body = client.get(url).content.decode()
    assert "Đảng bộ Sở Y tế" in body and "Đảng bộ Sở Tài chính" in body
    assert "Sở Tài chính" not in client.get(url, {"to_chuc": "GK1"}).content.decode()
    assert "Sở Y tế" not in client.get(url, {"nam": "2023"}).content.decode()
    assert "Sở Y tế" not in client.get(url, {"nhom": "supervision"}).content.decode()
    assert "Sở Tài chính" not in client.get(url, {"loai": Kind.COMPLIANCE}).content.decode()
    assert (
        "Sở Tài chính"
        not in client.get(url, {"tu": "2024-01-01", "den": "2024-12-31"}).content.decode()
    )
    assert "Sở Y tế" not in client.get(url, {"trang_thai": Status.PLANNED}).content.decode()
    response = client.get(url, {"xuat": "csv", "cap": Level.GRASSROOTS, "to_chuc": "GK1"})
    text = response.content.decode("utf-8-sig")
    assert "Chi bộ Văn phòng Sở Y tế" in text and "Sở Tài chính" not in text
    assert client.get(url, {"xuat": "xlsx"}).status_code == 200
    assert "Thêm mới" not in body  # a viewer records nothing
    assert client.get(reverse("inspection:inspection_create")).status_code == 404

    client.force_login(cast["cell"])  # C21 only
    body = client.get(url).content.decode()
    assert "Sở Y tế" not in body
    assert client.get(reverse("inspection:inspection", args=[records["gk1"].pk])).status_code == 404
    assert client.get(url, {"to_chuc": "GK1"}).status_code == 404


def test_recording_an_inspection_through_the_form(
    client: Client, inspector: Any, tree: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(inspector)
    url = reverse("inspection:inspection_create")
    data = {
        "organisation": "BLOC",
        "level": Level.COMMISSION,
        "kind": Kind.VIOLATION,
        "title": "Kiểm tra khi có dấu hiệu vi phạm",
        "subject_orgs": "GK1\nChi bộ Sở Tư pháp",
        "subject_members": "Lê Văn An",
        "start_date": "2024-06-01",
        "status": Status.DONE,
        "end_date": "2024-07-01",
        "conclusion": "Có vi phạm, đề nghị xử lý.",
        "conclusion_date": "2024-07-05",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    record = Inspection.objects.get(title="Kiểm tra khi có dấu hiệu vi phạm")
    assert record.subjects.count() == 3 and record.conclusion
    detail = client.get(reverse("inspection:inspection", args=[record.pk])).content.decode()
    assert "Đồng chí Lê Văn An" in detail and "Chi bộ Sở Tư pháp" in detail
    assert "Có vi phạm, đề nghị xử lý." in detail
    # Bad input: a clear message, nothing written.
    n = Inspection.objects.count()
    for bad, message in (
        ({"end_date": "2099-01-01"}, "tương lai"),
        ({"end_date": "2024-05-01"}, "không thể trước ngày bắt đầu"),
        ({"status": Status.IN_PROGRESS, "end_date": ""}, "Chỉ ghi kết luận"),
        ({"subject_orgs": "KHONGCO"}, "Không tìm thấy tổ chức"),
        ({"subject_members": "Không Có Ai"}, "Không tìm thấy đảng viên"),
        ({"programme_item": "3"}, "không có nội dung số 3"),
        ({"organisation": "GK1", "level": Level.COMMISSION}, "Ủy ban Kiểm tra là cơ quan"),
    ):
        body = client.post(url, {**data, **bad}).content.decode()
        assert message in body, (bad, message)
    assert Inspection.objects.count() == n


def test_a_subject_outside_the_conducting_body_is_refused(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])  # secretary of GK1
    data = {
        "organisation": "GK1",
        "level": Level.GRASSROOTS,
        "kind": Kind.THEMATIC,
        "title": "Giám sát chuyên đề",
        "subject_orgs": "C11",
        "start_date": "2024-06-01",
        "status": Status.DONE,
        "end_date": "2024-06-20",
    }
    url = reverse("inspection:inspection_create")
    assert client.post(url, data).status_code == 302
    body = client.post(url, {**data, "subject_orgs": "C21"}).content.decode()
    assert "Không tìm thấy tổ chức" in body  # C21 is not even visible to GK1's secretary
    body = client.post(url, {**data, "subject_orgs": "GK1"}).content.decode()
    assert "không tự kiểm tra" in body
    body = client.post(
        url, {**data, "organisation": "BLOC", "level": Level.STANDING}
    ).content.decode()
    assert "Không tìm thấy tổ chức" in body  # the bloc is not theirs to record for


def _status_stamp(record: Any) -> str:
    return stamp(record, actions.STATUS_STAMPED)


def _conclusion_stamp(record: Any) -> str:
    return stamp(record, actions.CONCLUSION_STAMPED)


def test_status_and_conclusion_pages(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record = inspect(
        tree["GK1"],
        Level.GRASSROOTS,
        Kind.COMPLIANCE,
        D,
        orgs=[tree["C12"]],
        status=Status.IN_PROGRESS,
    )
    client.force_login(cast["grassroots"])
    detail = reverse("inspection:inspection", args=[record.pk])
    conclude = reverse("inspection:inspection_conclude", args=[record.pk])
    # Each post carries the stamp of the inspection as its page shows it (core.concurrency).
    client.post(
        conclude,
        {"conclusion": "Tốt", "conclusion_date": "2024-06-01", "stamp": _conclusion_stamp(record)},
    )
    record.refresh_from_db()
    assert record.conclusion == ""
    assert "đã hoàn thành" in client.get(detail).content.decode()
    status = reverse("inspection:inspection_status", args=[record.pk])
    client.post(
        status,
        {"status": Status.DONE, "end_date": "2099-01-01", "stamp": _status_stamp(record)},
    )
    record.refresh_from_db()
    assert record.status == Status.IN_PROGRESS
    client.post(
        status,
        {"status": Status.DONE, "end_date": "2024-06-01", "stamp": _status_stamp(record)},
    )
    record.refresh_from_db()
    client.post(
        conclude,
        {
            "conclusion": "Chi bộ thực hiện tốt",
            "conclusion_date": "2024-06-05",
            "stamp": _conclusion_stamp(record),
        },
    )
    record.refresh_from_db()
    assert record.status == Status.DONE and record.conclusion == "Chi bộ thực hiện tốt"
    client.force_login(cast["viewer"])
    assert client.post(status, {"status": Status.CANCELLED}).status_code == 404


def test_programme_pages(client: Client, inspector: Any, tree: dict[str, Any]) -> None:
    client.force_login(inspector)
    response = client.post(
        reverse("inspection:programme_create"),
        {
            "organisation": "BLOC",
            "level": Level.STANDING,
            "year": "2024",
            "title": "Chương trình KTGS",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    url = reverse("inspection:programme", args=[programme.pk])
    assert (
        client.post(url, {"kind": Kind.COMPLIANCE, "title": "Kiểm tra Đảng bộ Sở Y tế"}).status_code
        == 302
    )
    assert (
        "quý"
        in client.post(url, {"kind": Kind.COMPLIANCE, "title": "X", "planned_quarter": "7"})
        .content.decode()
        .lower()
    )
    item = programme.items.get()
    body = client.get(url).content.decode()
    assert f"?noi_dung={item.pk}" in body
    prefilled = client.get(reverse("inspection:inspection_create"), {"noi_dung": item.pk})
    assert 'value="Kiểm tra Đảng bộ Sở Y tế"' in prefilled.content.decode()
    inspect(tree["BLOC"], Level.STANDING, Kind.COMPLIANCE, D, orgs=[tree["GK1"]], item=item)
    body = client.get(url).content.decode()
    assert "Đã hoàn thành 1/1 nội dung" in body
    body = client.get(reverse("inspection:programmes"), {"nam": "2024"}).content.decode()
    assert "Chương trình KTGS" in body
    response = client.post(
        reverse("inspection:programme_create"),
        {"organisation": "BLOC", "level": Level.STANDING, "year": "2024", "title": "Lần hai"},
    )
    assert "đã được ghi" in response.content.decode()


def test_discipline_from_the_member_page_and_void(
    client: Client, inspector: Any, tree: dict[str, Any], records: dict[str, Any]
) -> None:
    an = records["an"]
    client.force_login(inspector)
    url = reverse("inspection:discipline_create") + f"?member={an.pk}"
    assert "Lê Văn An" in client.get(url).content.decode()
    data = {
        "target": "MEMBER",
        "member": "Lê Văn An",
        "form": "REPRIMAND",
        "issuing_organisation": "BLOC",
        "issuing_level": Level.COMMISSION,
        "violation_date": "2024-01-10",
        "decision_date": "2024-06-01",
        "decision_number": "15-QĐ/UBKT",
        "violation": "Vi phạm quy định",
    }
    for bad, message in (
        ({"violation_date": "2015-01-01"}, "hết thời hiệu"),
        ({"form": "DISMISSAL"}, "đang giữ chức vụ"),
        ({"form": "DISSOLUTION"}, "Hình thức kỷ luật đảng viên"),
        ({"decision_date": "2099-01-01"}, "tương lai"),
        ({"member": ""}, "Hãy nhập đảng viên"),
    ):
        body = client.post(url, {**data, **bad}).content.decode()
        assert message in body, (bad, message)
    assert not DisciplineDecision.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    decision = DisciplineDecision.objects.get()
    member_page = client.get(an.get_absolute_url()).content.decode()
    assert (
        "Khiển trách" in member_page
        and reverse("inspection:discipline", args=[decision.pk]) in member_page
    )
    body = client.get(
        reverse("inspection:disciplines"), {"hinh_thuc": "REPRIMAND"}
    ).content.decode()
    assert "Lê Văn An" in body
    void = reverse("inspection:void", args=["discipline", decision.pk])
    client.post(void, {"reason": ""})
    decision.refresh_from_db()
    assert not decision.is_void
    client.post(void, {"reason": "Ghi nhầm"})
    decision.refresh_from_db()
    assert decision.is_void
    assert MemberEvent.objects.get(pk=decision.member_event_id).voided_at is not None
    assert "Lê Văn An" not in client.get(reverse("inspection:disciplines")).content.decode()


def test_a_probationer_cannot_be_expelled_through_the_form(
    client: Client, inspector: Any, tree: dict[str, Any]
) -> None:
    admit(tree["C11"], dt.date(2024, 1, 5), "Hoàng Văn Dự", identity_number="052090009999")
    client.force_login(inspector)
    body = client.post(
        reverse("inspection:discipline_create"),
        {
            "target": "MEMBER",
            "member": "052090009999",
            "form": "EXPULSION",
            "issuing_organisation": "BLOC",
            "issuing_level": Level.COMMISSION,
            "violation_date": "2024-03-01",
            "decision_date": "2024-06-01",
            "violation": "Vi phạm",
        },
    ).content.decode()
    assert "dự bị chỉ có thể bị kỷ luật cảnh cáo, khiển trách" in body
    assert not DisciplineDecision.objects.exists()


def test_complaints_list_counts_the_overdue_and_the_due_page_lists_them(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    body = client.get(reverse("inspection:complaints")).content.decode()
    assert "1 đơn quá hạn giải quyết" in body and "Phạm Thị Cúc" in body
    due = client.get(reverse("inspection:complaints_due")).content.decode()
    assert "Phạm Thị Cúc" in due
    due = client.get(reverse("inspection:complaints_due"), {"ngay": "01/02/2024"}).content.decode()
    assert "Phạm Thị Cúc" not in due  # not yet overdue then
    assert client.get(reverse("inspection:complaints_due"), {"xuat": "csv"}).status_code == 200
    body = client.get(reverse("inspection:complaints"), {"trang_thai": "CLOSED"}).content.decode()
    assert "Phạm Thị Cúc" not in body


def test_closing_a_complaint_through_its_page(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Any]
) -> None:
    complaint = records["complaint"]
    url = reverse("inspection:complaint", args=[complaint.pk])
    client.force_login(cast["cell"])  # handled by GK2's committee: not the cell's to see
    assert client.get(url).status_code == 404
    client.force_login(cast["viewer"])
    assert client.post(url, {"status": "RESOLVED"}).status_code == 404
    Role.objects.create(
        user=cast["viewer"], organisation=tree["GK2"], kind=Role.Kind.GRASSROOTS_SECRETARY
    )
    seen = _stamp_of(client.get(url).content.decode())  # the page's edit stamp
    body = client.post(
        url, {"status": "RESOLVED", "closed_date": "2024-03-01", "stamp": seen}
    ).content.decode()
    assert "Hãy ghi kết quả giải quyết" in body
    response = client.post(
        url,
        {
            "status": "RESOLVED",
            "closed_date": "2024-03-01",
            "outcome": "Tố cáo không đúng",
            "stamp": seen,
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.State.RESOLVED


def _complaint_handler(cast: dict[str, Any], tree: dict[str, Any]) -> Any:
    """A secretary of GK2, whose committee handles the complaint."""
    Role.objects.create(
        user=cast["viewer"], organisation=tree["GK2"], kind=Role.Kind.GRASSROOTS_SECRETARY
    )
    return cast["viewer"]


def test_a_complaint_moved_on_meanwhile_is_named_then_a_resubmit_closes_it(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Any]
) -> None:
    complaint = records["complaint"]
    url = reverse("inspection:complaint", args=[complaint.pk])
    client.force_login(_complaint_handler(cast, tree))
    seen = _stamp_of(client.get(url).content.decode())
    # Another clerk records that the complaint is being handled after the page was opened.
    actions.do_update_complaint(
        complaint,
        status=Complaint.State.IN_PROGRESS,
        outcome="Đã giao tổ xác minh",
        acting_user=None,
    )
    typed = {
        "status": "RESOLVED",
        "closed_date": "01/03/2024",
        "outcome": "Tố cáo không đúng",
        "stamp": seen,
    }
    response = client.post(url, typed)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and 'data-testid="edit-conflict"' in page
    assert (
        "Tình trạng: lúc bạn mở là «Đã nhận đơn»" in page or "Tình trạng: lúc bạn mở là «" in page
    )
    assert "Đã giao tổ xác minh" in page  # what the complaint holds now is named
    assert "Tố cáo không đúng" in page  # what the clerk typed is kept
    complaint.refresh_from_db()
    assert complaint.status == Complaint.State.IN_PROGRESS
    response = client.post(url, {**typed, "stamp": _stamp_of(page)})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.State.RESOLVED


def test_a_complaint_update_without_its_stamp_is_refused_in_words(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Any]
) -> None:
    complaint = records["complaint"]
    client.force_login(_complaint_handler(cast, tree))
    response = client.post(
        reverse("inspection:complaint", args=[complaint.pk]), {"status": "IN_PROGRESS"}
    )
    assert response.status_code == 200
    assert "hãy tải lại trang rồi nhập lại" in html.unescape(response.content.decode())
    complaint.refresh_from_db()
    assert complaint.status == Complaint.State.RECEIVED


def test_the_member_fragment(
    tree: dict[str, Any], cast: dict[str, Any], records: dict[str, Any]
) -> None:
    request = RequestFactory().get("/")
    request.user = cast["grassroots"]
    html = Template("{% load inspection %}{% member_disciplines member %}").render(
        Context({"member": records["an"], "request": request})
    )
    assert "Chưa có quyết định kỷ luật" in html and "Ghi quyết định kỷ luật" in html


JUNK = {
    "organisation": "KHONGCO",
    "level": "??",
    "board_name": "x" * 300,
    "kind": "SHOOT",
    "title": "",
    "subject_orgs": "KHONGCO\n\n;;",
    "subject_members": "0000",
    "members_checked": "-x",
    "in_programme": "maybe",
    "programme_item": "abc",
    "decision_number": "x" * 200,
    "start_date": "99/99/9999",
    "end_date": "1/1/1",
    "status": "x",
    "conclusion": "<b>",
    "conclusion_date": "abc",
    "year": "năm",
    "target": "ALIEN",
    "member": "abc",
    "form": "SHOOT",
    "issuing_organisation": "",
    "issuing_level": "",
    "violation_date": "?",
    "decision_date": "abc",
    "violation": "",
    "received_date": "32/13/2024",
    "sender": "",
    "against_organisation": "KHONGCO",
    "against_member": "???",
    "subject": "",
    "handling_organisation": "",
    "handling_level": "",
    "deadline": "soon",
    "outcome": "",
    "closed_date": "no",
    "planned_quarter": "9",
    "reason": "",
}


@pytest.mark.parametrize(
    "name",
    [
        "inspection:inspection_create",
        "inspection:programme_create",
        "inspection:discipline_create",
        "inspection:complaint_create",
    ],
)
def test_junk_in_every_create_form_never_crashes(
    client: Client, admin_user: Any, tree: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    response = client.post(reverse(name), JUNK)
    assert response.status_code == 200, (name, response.status_code)
    assert 'data-testid="field-error"' in response.content.decode()


def test_junk_in_the_record_forms_never_crashes(
    client: Client, admin_user: Any, tree: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    programme = actions.do_create_programme(
        organisation=tree["BLOC"],
        level=Level.STANDING,
        year=2024,
        title="Chương trình",
        acting_user=None,
    )
    pk = records["gk1"].pk
    for url, ok in (
        (reverse("inspection:programme", args=[programme.pk]), (200,)),
        # Refused: the page again with the form and its errors, or, when the record's state
        # shows no such form, back to the page with the reason.
        (reverse("inspection:inspection_status", args=[pk]), (200, 302)),
        (reverse("inspection:inspection_conclude", args=[pk]), (200, 302)),
        (reverse("inspection:complaint", args=[records["complaint"].pk]), (200,)),
        (reverse("inspection:void", args=["nothing", pk]), (404,)),
        (reverse("inspection:void", args=["inspection", pk]), (302,)),
    ):
        response = client.post(url, JUNK)
        assert response.status_code in ok, (url, response.status_code)
    assert Inspection.objects.filter(voided_at__isnull=True).count() == 2
