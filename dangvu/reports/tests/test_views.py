"""The report page, its downloads and the template page, for each kind of user."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent
from dangvu.reports.models import ReportTemplate
from dangvu.reports.tests.records import YEAR, record_year
from dangvu.reports.tests.test_word import edited
from dangvu.reports.word import default_template

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 15, 9, 0)
FOREIGN = "Đảng bộ Sở Tài chính"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_the_page_shows_the_report_of_the_users_top_organisation(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record_year(tree)
    response = login(client, cast["viewer"]).get(reverse("reports:annual"), {"nam": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body
    assert "I. Công tác tổ chức xây dựng Đảng" in body
    assert 'data-code="members.admitted"' in body
    for fmt in ("docx", "xlsx", "json", "html"):
        assert reverse("reports:annual_download", args=[fmt]) in body
    assert "Báo cáo năm" in body  # the menu item


def test_each_figure_links_to_its_records_when_the_indicator_has_them(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    from dangvu.office.actions import do_commend

    record_year(tree)
    do_commend(
        reason="HCM",
        level="Ban Thường vụ",
        decision_date=dt.date(YEAR, 5, 19),
        organisation=tree["C11"],
        acting_user=None,
    )
    body = login(client, cast["viewer"]).get(reverse("reports:annual"), {"nam": YEAR})
    html = body.content.decode()
    assert 'data-code="emulation.commended_collectives"' in html
    assert f"{reverse('office:commendations')}?" in html
    # Members at the end of the year link to the member list on 31/12.
    assert f'href="{reverse("members:list")}?to_chuc=BLOC&amp;ngay=31%2F12%2F{YEAR}"' in html


def test_a_grassroots_secretary_gets_their_own_organisation(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record_year(tree)
    c = login(client, cast["grassroots"])
    body = c.get(reverse("reports:annual"), {"nam": YEAR}).content.decode()
    assert "Đảng ủy Sở Y tế" in body.upper().title() or "ĐẢNG ỦY SỞ Y TẾ" in body.upper()
    assert FOREIGN not in body
    doc = json.loads(
        c.get(reverse("reports:annual_download", args=["json"]), {"nam": YEAR}).content
    )
    assert doc["organisation"]["code"] == "GK1"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nam": "2030"}, "Năm 2030 chưa đến"),
        ({"nam": "abc"}, "Năm «abc» không hợp lệ"),
        ({"nam": "1800"}, "không hợp lệ"),
        ({"to_chuc": "KHONGCO"}, "Không tìm thấy tổ chức có mã «KHONGCO»"),
        ({"to_chuc": "GK2"}, "Không tìm thấy tổ chức có mã «GK2»"),
    ],
)
def test_bad_choices_get_a_message_never_a_crash(
    client: Client, cast: dict[str, Any], params: dict[str, str], message: str
) -> None:
    c = login(client, cast["grassroots"])
    response = c.get(reverse("reports:annual"), params)
    assert response.status_code == 200
    assert 'data-testid="annual-report"' not in response.content.decode()
    body = response.content.decode()
    assert message in body
    assert FOREIGN not in body
    download = c.get(reverse("reports:annual_download", args=["docx"]), params)
    assert download.status_code == 400
    assert message in download.content.decode()


def test_an_out_of_scope_request_is_audited(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["grassroots"]).get(reverse("reports:annual"), {"to_chuc": "GK2"})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).exists()


def test_a_year_without_data_says_so(client: Client, cast: dict[str, Any]) -> None:
    response = login(client, cast["viewer"]).get(reverse("reports:annual"), {"nam": "2019"})
    body = response.content.decode()
    assert 'data-testid="no-data"' in body
    assert "Không có số liệu" in body


@pytest.mark.parametrize("fmt", ["json", "docx", "xlsx", "html"])
def test_each_download_is_a_file_and_is_audited(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], fmt: str
) -> None:
    record_year(tree)
    response = login(client, cast["viewer"]).get(
        reverse("reports:annual_download", args=[fmt]), {"nam": YEAR, "to_chuc": "GK1"}
    )
    assert response.status_code == 200
    assert f"bao-cao-nam-{YEAR}-gk1.{fmt}" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_an_unknown_format_is_not_found(client: Client, cast: dict[str, Any]) -> None:
    url = reverse("reports:annual_download", args=["odt"])
    assert login(client, cast["viewer"]).get(url).status_code == 404


def test_the_report_needs_a_login(client: Client, tree: dict[str, Any]) -> None:
    response = client.get(reverse("reports:annual"))
    assert response.status_code == 302


# --- The template ------------------------------------------------------------------------


def upload(client: Client, code: str, content: bytes, name: str = "mau.docx") -> Any:
    return client.post(
        reverse("reports:template", args=[code]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_an_office_uploads_its_template_and_the_report_uses_it(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], django_user_model: Any
) -> None:
    office = django_user_model.objects.create_user("vanphong")
    Role.objects.create(user=office, organisation=tree["BLOC"], kind=Role.Kind.BOARD_OFFICE)
    c = login(client, office)
    content = edited({"{{ place }}, {{ date }}": "Quy Nhơn, {{ date }}"})
    response = upload(c, "BLOC", content)
    assert response.status_code == 302
    live = ReportTemplate.objects.get(retired_at__isnull=True)
    assert live.organisation == tree["BLOC"] and live.uploaded_by == office
    assert AuditEvent.objects.filter(action="create", object_type="reporttemplate").exists()
    download = c.get(reverse("reports:template_download", args=["BLOC"]))
    assert download.content == content
    default = c.get(reverse("reports:template_download", args=["BLOC"]), {"mac_dinh": "1"})
    assert default.content == default_template()
    record_year(tree)
    report = c.get(reverse("reports:annual_download", args=["docx"]), {"nam": YEAR})
    from docx import Document

    header = "\n".join(cell.text for cell in Document(io.BytesIO(report.content)).tables[0]._cells)
    assert "Quy Nhơn, ngày 15 tháng 3 năm 2024" in header
    # A second upload retires the first; going back to the default retires the second.
    assert upload(c, "BLOC", content, "mau-2.docx").status_code == 302
    assert ReportTemplate.objects.filter(retired_at__isnull=True).get().filename == "mau-2.docx"
    response = c.post(reverse("reports:template", args=["BLOC"]), {"hanh_dong": "mac_dinh"})
    assert response.status_code == 302
    assert ReportTemplate.objects.count() == 2
    assert not ReportTemplate.objects.filter(retired_at__isnull=True).exists()


@pytest.fixture
def gk1_office(tree: dict[str, Any], django_user_model: Any) -> Any:
    """The office of GK1's committee: the role that may replace GK1's template."""
    office = django_user_model.objects.create_user("vanphong_gk1")
    Role.objects.create(user=office, organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE)
    return office


def test_a_broken_template_is_refused_naming_the_placeholder(
    client: Client, gk1_office: Any
) -> None:
    c = login(client, gk1_office)
    response = upload(c, "GK1", edited({"Số {{ number }}": "Số {{ so_hieu }}"}))
    assert response.status_code == 400
    assert "«{{ so_hieu }}»" in response.content.decode()
    assert not ReportTemplate.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "mau.docx", "Tệp mẫu tải lên rỗng"),
        (b"abc", "mau.pdf", "không phải văn bản Word .docx"),
        (b"abc", "mau.docx", "không phải văn bản Word (.docx) hợp lệ"),
    ],
)
def test_junk_uploads_get_a_message(
    client: Client, gk1_office: Any, content: bytes, name: str, message: str
) -> None:
    c = login(client, gk1_office)
    response = upload(c, "GK1", content, name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_post_without_a_file_asks_for_one(client: Client, gk1_office: Any) -> None:
    response = login(client, gk1_office).post(reverse("reports:template", args=["GK1"]))
    assert response.status_code == 400
    assert "Hãy chọn tệp mẫu" in response.content.decode()


def test_a_viewer_may_download_but_not_replace_the_template(
    client: Client, cast: dict[str, Any]
) -> None:
    c = login(client, cast["viewer"])
    page = c.get(reverse("reports:template", args=["GK1"]))
    assert page.status_code == 200
    assert 'type="file"' not in page.content.decode()
    assert upload(c, "GK1", default_template()).status_code == 403
    assert not ReportTemplate.objects.exists()


def test_another_subtrees_template_is_not_found(client: Client, cast: dict[str, Any]) -> None:
    c = login(client, cast["grassroots"])
    assert c.get(reverse("reports:template", args=["GK2"])).status_code == 404
    assert upload(c, "GK2", default_template()).status_code == 404
    assert c.get(reverse("reports:template_download", args=["GK2"])).status_code == 404
