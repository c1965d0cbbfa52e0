"""HTTP behaviour of plans, plan versus actual and the document register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.members.tests.factories import admit
from dangvu.office.models import Document, Plan, PlanTarget, PlanTask
from dangvu.office.tests.helpers import document, issued_plan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 11, 20, 9, 0)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def records(tree: dict[str, Any]) -> dict[str, Plan]:
    for day in (dt.date(2024, 3, 1), dt.date(2024, 6, 1), dt.date(2024, 9, 1)):
        admit(tree["C11"], day)
    return {
        "gk1": issued_plan(
            tree["GK1"],
            2024,
            {"members.admitted": 4},
            tasks=("Nâng cao chất lượng sinh hoạt chi bộ",),
        ),
        "gk2": issued_plan(tree["GK2"], 2024, {"members.admitted": 2}),
    }


def test_plan_list_filters_exports_and_scope(
    client: Client, cast: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(cast["viewer"])
    url = reverse("office:plans")
    body = client.get(url).content.decode()
    assert "Đảng bộ Sở Y tế" in body and "Đảng bộ Sở Tài chính" in body
    assert "Thêm mới" not in body  # a viewer records nothing
    assert "Sở Tài chính" not in client.get(url, {"to_chuc": "GK1"}).content.decode()
    assert "Sở Y tế" not in client.get(url, {"nam": "2023"}).content.decode()
    assert "Sở Y tế" not in client.get(url, {"trang_thai": "DRAFT"}).content.decode()
    assert "Sở Y tế" in client.get(url, {"loai": "ANNUAL"}).content.decode()
    response = client.get(url, {"xuat": "csv", "to_chuc": "GK2"})
    text = response.content.decode("utf-8-sig")
    assert "Đảng bộ Sở Tài chính" in text and "Sở Y tế" not in text
    assert "01-CTr/ĐU" in text
    client.force_login(cast["cell"])  # C21, under GK2
    assert "Sở Y tế" not in client.get(url).content.decode()
    assert client.get(records["gk1"].get_absolute_url()).status_code == 404


def test_plan_page_shows_targets_against_actual_with_the_records_link(
    client: Client, cast: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(cast["grassroots"])
    body = client.get(records["gk1"].get_absolute_url()).content.decode()
    assert "Kết nạp đảng viên mới" in body and "75%" in body
    assert "Nâng cao chất lượng sinh hoạt chi bộ" in body
    assert "Thêm chỉ tiêu" in body and "Hủy bản ghi ghi nhầm" in body
    client.force_login(cast["viewer"])
    body = client.get(records["gk1"].get_absolute_url()).content.decode()
    assert "Thêm chỉ tiêu" not in body and "Hủy bản ghi ghi nhầm" not in body


def test_plan_forms_go_through_the_actions(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(cast["grassroots"])  # secretary of GK1
    data = {"organisation": "C11", "kind": "ANNUAL", "year": "2025", "title": "Chương trình 2025"}
    response = client.post(reverse("office:plan_create"), data)
    plan = Plan.objects.get(title="Chương trình 2025")
    assert response["Location"] == plan.get_absolute_url() and plan.status == Plan.Status.DRAFT
    body = client.post(reverse("office:plan_create"), {**data, "organisation": "C21"})
    assert "Không tìm thấy tổ chức" in body.content.decode()
    body = client.post(reverse("office:plan_create"), {**data, "year": "2027"})
    assert "chỉ ghi kế hoạch đến năm 2025" in body.content.decode()

    target_url = reverse("office:target_create", args=[plan.pk])
    assert 'value="members.admitted"' in client.get(target_url).content.decode()
    body = client.post(target_url, {"indicator": "members.admited", "target": "3"})
    assert "Không có chỉ tiêu mã «members.admited»" in body.content.decode()
    body = client.post(target_url, {"indicator": "members.admitted.pct_start", "target": "3"})
    assert "tỷ lệ phần trăm" in body.content.decode()
    response = client.post(target_url, {"indicator": "members.admitted", "target": "3"})
    assert response.status_code == 302 and plan.targets.get().target == 3

    task_url = reverse("office:task_create", args=[plan.pk])
    response = client.post(task_url, {"title": "Phát triển đảng viên", "detail": "Mỗi chi bộ"})
    assert response.status_code == 302 and plan.tasks.get().position == 1

    issue_url = reverse("office:plan_issue", args=[plan.pk])
    body = client.post(issue_url, {"document": "05-CTr/CB"}).content.decode()
    assert "không có văn bản số 05-CTr/CB" in body
    document(tree["C11"], dt.date(2024, 11, 15))
    assert client.post(issue_url, {"document": "01-CTr/CB"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED

    close_url = reverse("office:plan_close", args=[plan.pk])
    client.post(close_url)  # the 2025 plan cannot be closed in 2024
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    client.post(reverse("office:plan_close", args=[records["gk1"].pk]))
    records["gk1"].refresh_from_db()
    assert records["gk1"].status == Plan.Status.CLOSED
    assert client.get(close_url).status_code == 405

    client.force_login(cast["viewer"])
    assert client.get(reverse("office:plan_create")).status_code == 404
    assert client.post(task_url, {"title": "x"}).status_code == 404


def test_plan_versus_actual_page(
    client: Client, cast: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(cast["grassroots"])
    url = reverse("office:plan_actual")
    body = client.get(url).content.decode()  # the user's own organisation, this year
    assert "Thực hiện chỉ tiêu năm 2024 — Đảng bộ Sở Y tế" in body
    assert "75%" in body and "Đạt và vượt 0/1 chỉ tiêu" in body
    assert reverse("members:list") in body or "?to_chuc=GK1" in body
    body = client.get(url, {"to_chuc": "C11", "nam": "2024"}).content.decode()
    assert "chưa có chỉ tiêu nào" in body
    assert client.get(url, {"to_chuc": "GK2"}).status_code == 404
    export = client.get(url, {"xuat": "csv", "nam": "2024"}).content.decode("utf-8-sig")
    assert "Kết nạp đảng viên mới" in export and "75%" in export
    client.force_login(cast["nobody"])
    assert client.get(url).status_code == 404


def test_document_register_pages(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(cast["grassroots"])
    url = reverse("office:document_create")
    next_url = reverse("office:document_next")
    fragment = client.get(next_url, {"issuer": "GK1", "kind": "CTr", "date": "2024-11-01"})
    assert "02-CTr/ĐU" in fragment.content.decode() and "2020 - 2025" in fragment.content.decode()
    fragment = client.get(next_url, {"issuer": "GK1", "kind": "CTr", "date": "2025-11-01"})
    assert "01-CTr/ĐU" in fragment.content.decode()  # a new term
    fragment = client.get(next_url, {"issuer": "GK2", "kind": "CTr"}).content.decode()
    assert "CTr/" not in fragment  # outside the user's reach: no proposal
    fragment = client.get(next_url, {"issuer": "GK1", "kind": "BC", "term": "2020"})
    assert "Nhiệm kỳ ghi dạng" in fragment.content.decode()
    data = {
        "issuer": "GK1",
        "kind": "BC",
        "date": "2024-06-30",
        "summary": "Sơ kết 6 tháng đầu năm 2024",
        "signer": "Nguyễn Văn An",
    }
    response = client.post(url, data)
    doc = Document.objects.get(kind="BC")
    assert response["Location"] == doc.get_absolute_url() and doc.full_number == "01-BC/ĐU"
    body = client.post(url, {**data, "number": "1"}).content.decode()
    assert "Số 01-BC/ĐU nhiệm kỳ 2020 - 2025 đã dùng" in body
    body = client.post(url, {**data, "date": "2024-12-01"}).content.decode()
    assert "tương lai" in body
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Sơ kết 6 tháng đầu năm 2024" in page and "Nguyễn Văn An" in page

    listing = reverse("office:documents")
    body = client.get(listing, {"loai": "BC"}).content.decode()
    assert "01-BC/ĐU" in body and "01-CTr/ĐU" not in body
    body = client.get(listing, {"tu": "2024-01-01", "den": "2024-12-31"}).content.decode()
    assert "01-BC/ĐU" in body and "01-CTr/ĐU" not in body  # the programmes are of 2023
    assert "từ ngày 01/01/2024 đến ngày 31/12/2024" in body
    export = client.get(listing, {"xuat": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
    client.force_login(cast["cell"])
    assert "Sở Y tế" not in client.get(listing).content.decode()
    assert client.get(doc.get_absolute_url()).status_code == 404
    body = client.post(url, {**data, "issuer": "GK1"}).content.decode()
    assert "Không tìm thấy tổ chức" in body
    # A cell secretary keeps the cell's own register.
    assert client.post(url, {**data, "issuer": "C21"}).status_code == 302
    assert Document.objects.get(issuer=tree["C21"]).full_number == "01-BC/CB"


def _void(kind: str, pk: int) -> str:
    return reverse("office:void", args=[kind, pk])


def test_voiding_plans_targets_tasks_and_documents(
    client: Client, cast: dict[str, Any], records: dict[str, Plan]
) -> None:
    plan = records["gk1"]
    target = plan.targets.get()
    task = plan.tasks.get()
    assert plan.document is not None
    client.force_login(cast["cell"])
    assert client.post(_void("target", target.pk), {"reason": "x"}).status_code == 404
    client.force_login(cast["grassroots"])
    response = client.post(_void("target", target.pk), {"reason": "Nhầm con số"})
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(_void("task", task.pk), {"reason": "Trùng"})
    assert response["Location"] == plan.get_absolute_url()
    body = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="void-targets"' in body and 'data-testid="void-tasks"' in body
    assert PlanTarget.objects.get(pk=target.pk).is_void and PlanTask.objects.get().is_void
    client.post(_void("document", plan.document.pk), {"reason": "Nhầm"})
    plan.document.refresh_from_db()
    assert not plan.document.is_void  # it issued a live plan
    client.post(_void("plan", plan.pk), {"reason": "Ghi nhầm năm"})
    client.post(_void("document", plan.document.pk), {"reason": "Nhầm"})
    plan.refresh_from_db()
    plan.document.refresh_from_db()
    assert plan.is_void and plan.document.is_void
    assert plan.get_absolute_url() not in client.get(reverse("office:plans")).content.decode()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Bản ghi đã hủy" in page and "Thêm chỉ tiêu" not in page


JUNK = {
    "organisation": "KHONGCO",
    "issuer": "' OR 1=1 --",
    "kind": "??",
    "year": "x9",
    "end_year": "-5",
    "title": "x" * 600,
    "document": "<b>",
    "indicator": "__class__",
    "target": "1e99",
    "detail": "\x00",
    "date": "31/02/2023",
    "number": "abc",
    "symbol": "Đ/U",
    "term": "9999 - 1",
    "summary": "",
    "signer": "x" * 300,
    "note": "<script>",
}


def test_junk_in_every_form_never_crashes(
    client: Client, admin_user: Any, tree: dict[str, Any], records: dict[str, Plan]
) -> None:
    client.force_login(admin_user)
    pk = records["gk1"].pk
    for name, args in (
        ("office:plan_create", []),
        ("office:document_create", []),
        ("office:target_create", [pk]),
        ("office:task_create", [pk]),
        ("office:plan_issue", [pk]),
    ):
        response = client.post(reverse(name, args=args), JUNK)
        assert response.status_code == 200, (name, response.status_code)
        assert 'data-testid="field-error"' in response.content.decode(), name
    for junk in ({"issuer": "GK1", "kind": "BC", "date": "2024-13-01", "symbol": "a/b"}, JUNK):
        assert client.get(reverse("office:document_next"), junk).status_code == 200
    for name in ("office:plans", "office:documents", "office:plan_actual"):
        response = client.get(reverse(name), {**JUNK, "tu": "2024-13-01", "den": "x", "nam": "0"})
        assert response.status_code in (200, 404), name
    assert Plan.objects.count() == 2 and Document.objects.count() == 2
