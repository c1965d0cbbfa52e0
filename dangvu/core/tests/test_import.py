"""Spreadsheet import through the command line and the web, and export back out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from dangvu.core.importing import LONG_TEXT_FIELDS, Column, get_kind, kinds, parse_cell
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def xlsx(
    kind_code: str,
    rows: list[dict[str, Any]],
    *,
    headers: list[str] | None = None,
    text_codes: bool = True,
) -> bytes:
    """A filled-in template: the kind's headers on row 1 (or the given ones)."""
    kind = get_kind(kind_code)
    heads = headers or [c.header for c in kind.columns]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(heads)
    for row in rows:
        sheet.append([row.get(h) for h in heads])
    if text_codes:
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_cli(tmp_path: Path, kind: str, data: bytes, *extra: str, name: str = "tep.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_records", kind, str(path), *extra, stdout=out)
    return out.getvalue()


def refused_cli(tmp_path: Path, kind: str, data: bytes, name: str = "tep.xlsx") -> str:
    before = (Organisation.objects.count(), Member.objects.count(), MemberEvent.objects.count())
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", kind, str(path), stdout=out)
    assert (
        Organisation.objects.count(),
        Member.objects.count(),
        MemberEvent.objects.count(),
    ) == before
    return out.getvalue()


MEMBER = {
    "Họ và tên": "Nguyễn Văn An",
    "Ngày sinh": "17/05/1985",
    "Giới tính": "Nam",
    "Số CCCD": "052085001234",
    "Chi bộ": "C11",
    "Ghi nhận từ ngày": "01/01/2021",
    "Ngày kết nạp": dt.datetime(2008, 3, 3),
    "Ngày lễ kết nạp": "15/03/2008",
    "Ngày chính thức": "15/03/2009",
    "Số thẻ đảng viên": "0012345",
}


def test_templates_have_the_declared_headers(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    out = tmp_path / "mau.xlsx"
    call_command("import_records", "members", "--template", str(out), stdout=io.StringIO())
    book = openpyxl.load_workbook(out)
    data = book["Dữ liệu"]
    headers = [c.value for c in data[1] if c.value]
    assert headers[0] == "Họ và tên *"
    # The example row lives on the instructions sheet, not among the data.
    assert not any(c.value for row in data.iter_rows(min_row=2) for c in row)
    assert "Hướng dẫn" in book.sheetnames


def test_organisations_import_in_any_order_and_again_unchanged(
    admin_user: Any, tmp_path: Path
) -> None:
    rows = [
        {
            "Mã tổ chức": "K.01.01",
            "Tên tổ chức": "Chi bộ Văn phòng",
            "Loại tổ chức": "Chi bộ trực thuộc",
            "Trực thuộc": "K.01",
            "Ngày thành lập": "01/01/2020",
        },
        {
            "Mã tổ chức": "K",
            "Tên tổ chức": "Đảng bộ Khối",
            "Loại tổ chức": "Đảng bộ cấp trên cơ sở",
            "Ngày thành lập": "01/01/2020",
        },
        {
            "Mã tổ chức": "K.01",
            "Tên tổ chức": "Đảng bộ Sở Y tế",
            "Loại tổ chức": "Đảng bộ cơ sở",
            "Trực thuộc": "Đảng bộ Khối",
            "Ngày thành lập": dt.date(2020, 1, 1),
        },
    ]
    data = xlsx("organisations", rows)
    out = run_cli(tmp_path, "organisations", data)
    assert "3 mới" in out
    assert Organisation.objects.get(code="K.01.01").parent.code == "K.01"
    again = run_cli(tmp_path, "organisations", data)
    assert "0 mới, 3 đã có" in again


def test_members_import_keeps_leading_zeros_and_normalises_text(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    nfd = unicodedata.normalize("NFD", "  Trần   Thị Bích ")
    rows = [
        MEMBER,
        {
            **MEMBER,
            "Họ và tên": nfd,
            "Số CCCD": "052190000777",
            "Giới tính": "nữ",
            "Số thẻ đảng viên": "0099",
            "Chi bộ": "Chi bộ Khoa Nội",
        },
        {},
        {},
    ]
    out = run_cli(tmp_path, "members", xlsx("members", rows))
    assert "2 mới" in out
    an = Member.objects.get(identity_number="052085001234")
    assert an.card_number == "0012345" and an.admission_decision_date == dt.date(2008, 3, 3)
    bich = Member.objects.get(identity_number="052190000777")
    assert bich.full_name == "Trần Thị Bích" and bich.organisation.code == "C13"
    assert "0 mới, 2 đã có" in run_cli(tmp_path, "members", xlsx("members", rows))


def test_csv_with_a_bom_is_read(tree: dict[str, Any], admin_user: Any, tmp_path: Path) -> None:
    kind = get_kind("members")
    heads = [c.header for c in kind.columns]
    line = [
        str(MEMBER.get(h, "")) if not isinstance(MEMBER.get(h), dt.datetime) else "03/03/2008"
        for h in heads
    ]
    # Quoted as a spreadsheet writes it: some headers hold a comma («tỉnh, thành phố»).
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([heads, line])
    out = run_cli(tmp_path, "members", ("\ufeff" + buffer.getvalue()).encode(), name="ds.csv")
    assert "1 mới" in out
    assert Member.objects.get().card_number == "0012345"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 not a sheet", "tep.xlsx", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "tep.xlsx", "mật khẩu"),
        (b"PK\x03\x04 broken zip", "tep.xlsx", ""),
        (b"", "tep.xlsx", "rỗng"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path, data: bytes, name: str, message: str
) -> None:
    out = refused_cli(tmp_path, "members", data, name)
    assert "Chưa ghi gì" in out
    assert message in out


def test_the_wrong_template_is_refused(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    out = refused_cli(tmp_path, "members", xlsx("organisations", []))
    assert "Họ và tên" in out


def test_a_missing_required_column_is_named(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    heads = [c.header for c in get_kind("members").columns if c.header != "Ngày sinh"]
    out = refused_cli(tmp_path, "members", xlsx("members", [MEMBER], headers=heads))
    assert "Ngày sinh" in out


def test_extra_columns_are_reported_not_refused(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    heads = [c.header for c in get_kind("members").columns] + ["Ghi chú riêng"]
    out = run_cli(tmp_path, "members", xlsx("members", [MEMBER], headers=heads))
    assert "Ghi chú riêng" in out and "1 mới" in out


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    rows = [
        MEMBER,
        {**MEMBER, "Số CCCD": "052085009999", "Ngày sinh": "31/02/1985"},
        {**MEMBER, "Số CCCD": "052085008888", "Chi bộ": "KHONGCO"},
        {**MEMBER, "Số CCCD": "12345"},
    ]
    out = refused_cli(tmp_path, "members", xlsx("members", rows))
    assert "Dòng 3, cột «Ngày sinh»: Ngày 31/02/1985 không tồn tại" in out
    assert "Dòng 4, cột «Chi bộ»" in out and "KHONGCO" in out
    assert "Dòng 5, cột «Số CCCD»" in out


def test_formulas_are_refused(tree: dict[str, Any], admin_user: Any, tmp_path: Path) -> None:
    out = refused_cli(
        tmp_path, "members", xlsx("members", [{**MEMBER, "Ngày sinh": "=DATE(1985,5,17)"}])
    )
    assert "công thức" in out


def test_dry_run_writes_nothing(tree: dict[str, Any], admin_user: Any, tmp_path: Path) -> None:
    out = run_cli(tmp_path, "members", xlsx("members", [MEMBER]), "--dry-run")
    assert "1 mới" in out and "Chưa ghi gì" in out
    assert Member.objects.count() == 0


def test_possible_duplicates_wait_for_a_decision(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    run_cli(tmp_path, "members", xlsx("members", [{**MEMBER, "Số CCCD": ""}]))
    twin = {
        **MEMBER,
        "Số CCCD": "",
        "Chi bộ": "C21",
        "Ngày kết nạp": "01/01/2011",
        "Ngày lễ kết nạp": "",
        "Ngày chính thức": "01/02/2012",
        "Số thẻ đảng viên": "",
    }
    out = refused_cli(tmp_path, "members", xlsx("members", [twin]))
    assert "Có thể trùng với đồng chí Nguyễn Văn An" in out
    out = run_cli(tmp_path, "members", xlsx("members", [twin]), "--accept-duplicates", "2")
    assert "1 mới" in out
    assert Member.objects.filter(full_name="Nguyễn Văn An").count() == 2


def test_events_import_in_order(tree: dict[str, Any], admin_user: Any, tmp_path: Path) -> None:
    person = {k: MEMBER[k] for k in ("Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD")}
    rows = [
        {
            **person,
            "Loại biến động": "Kết nạp",
            "Ngày": "01/03/2022",
            "Tổ chức": "C11",
            "Ngày lễ kết nạp": "10/03/2022",
            "Ngày sinh": "17/05/1995",
        },
        {
            **person,
            "Loại biến động": "Chuyển đảng chính thức",
            "Ngày": "20/03/2023",
            "Ngày sinh": "17/05/1995",
        },
        {
            **person,
            "Loại biến động": "Phát thẻ đảng viên",
            "Ngày": "02/09/2023",
            "Số thẻ đảng viên": "0055",
            "Ngày sinh": "17/05/1995",
        },
        {
            **person,
            "Loại biến động": "Chuyển sinh hoạt đi",
            "Ngày": "01/02/2024",
            "Đảng bộ nơi đi / nơi đến": "Đảng bộ tỉnh Gia Lai",
            "Ngày sinh": "17/05/1995",
        },
    ]
    out = run_cli(tmp_path, "events", xlsx("events", rows))
    assert "4 mới" in out
    member = Member.objects.get()
    assert member.status == "" and member.card_number == "0055"
    assert "0 mới, 4 đã có" in run_cli(tmp_path, "events", xlsx("events", rows))


def test_web_upload_preview_and_commit(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    page = client.get(reverse("core:import"))
    assert "Đảng viên (số liệu đầu kỳ)" in page.content.decode()
    upload = io.BytesIO(xlsx("members", [MEMBER]))
    upload.name = "ds.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": upload})
    assert response.status_code == 302
    job_page = client.get(response["Location"]).content.decode()
    assert "1 mới" in job_page and "Ghi vào cơ sở dữ liệu" in job_page
    assert Member.objects.count() == 0
    job_id = int(response["Location"].rstrip("/").split("/")[-1])
    client.post(reverse("core:import_commit", args=[job_id]))
    assert Member.objects.count() == 1


def test_web_upload_outside_the_scope_is_refused(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["cell"])  # C21 only
    upload = io.BytesIO(xlsx("members", [MEMBER]))  # into C11
    upload.name = "ds.xlsx"
    response = client.post(
        reverse("core:import_upload", args=["members"]), {"file": upload}, follow=True
    )
    assert "trong phạm vi của bạn" in response.content.decode()
    assert Member.objects.count() == 0


def test_web_upload_refuses_an_oversized_file(
    client: Client, cast: dict[str, Any], settings: Any
) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(cast["grassroots"])
    upload = io.BytesIO(b"x" * 2000)
    upload.name = "lon.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": upload})
    assert "vượt giới hạn" in response.content.decode()


def test_viewers_cannot_import(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["viewer"])
    assert client.get(reverse("core:import")).status_code == 404
    assert client.get(reverse("core:import_template", args=["members"])).status_code == 404


def test_a_file_with_only_the_required_columns_is_accepted(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    # A probationary member needs one optional column more: the ceremony probation runs from.
    heads = [c.header for c in get_kind("members").columns if c.required] + ["Ngày lễ kết nạp"]
    recent = {**MEMBER, "Ngày kết nạp": "01/06/2020", "Ngày lễ kết nạp": "15/06/2020"}
    out = run_cli(tmp_path, "members", xlsx("members", [recent], headers=heads))
    assert "1 mới" in out


def test_a_per_kind_template_imports_confirmations(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    from dangvu.members.tests.factories import admit

    member = admit(tree["C11"], dt.date(2022, 3, 1), "Lê Thị Dự Bị", identity_number="052099000321")
    rows = [
        {
            "Số CCCD": "052099000321",
            "Họ và tên": "Lê Thị Dự Bị",
            "Ngày sinh": "17/05/1990",
            "Ngày": "20/03/2023",
            "Số quyết định": "45-QĐ/ĐU",
        }
    ]
    out = run_cli(tmp_path, "events-confirmations", xlsx("events-confirmations", rows))
    assert "1 mới" in out
    member.refresh_from_db()
    assert member.status == "FULL"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a sheet", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "mật khẩu"),
        (b"PK\x03\x04 broken zip", "hỏng"),
    ],
)
def test_bad_files_through_the_web_say_why_and_write_nothing(
    client: Client, cast: dict[str, Any], data: bytes, message: str
) -> None:
    client.force_login(cast["grassroots"])
    upload = io.BytesIO(data)
    upload.name = "tep.xlsx"
    response = client.post(
        reverse("core:import_upload", args=["members"]), {"file": upload}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body and "Chưa ghi gì" in body
    assert "Ghi vào cơ sở dữ liệu" not in body
    assert Member.objects.count() == 0


def test_bad_rows_through_the_web_are_listed(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    upload = io.BytesIO(
        xlsx(
            "members", [{**MEMBER, "Ngày sinh": "31/02/1985"}, {**MEMBER, "Ngày sinh": "=TODAY()"}]
        )
    )
    upload.name = "tep.xlsx"
    body = client.post(
        reverse("core:import_upload", args=["members"]), {"file": upload}, follow=True
    ).content.decode()
    assert "31/02/1985 không tồn tại" in body
    assert "Ghi vào cơ sở dữ liệu" not in body


TEXT_COLUMNS = [
    pytest.param(column, id=f"{kind.code}:{column.field}")
    for kind in kinds()
    for column in kind.columns
    if column.type == "text"
]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_paragraph_cells_keep_their_lines_and_line_cells_are_one_line(column: Column) -> None:
    # Alt+Enter in an Excel cell is a line break inside the cell; a paragraph column keeps
    # it as its textarea does, a name or a number cannot span lines.
    cell = "  Đoạn  một \r\n\r\n\r\nĐoạn hai  "
    parsed = parse_cell(column, cell)
    if column.field in LONG_TEXT_FIELDS:
        assert parsed == "Đoạn một\n\nĐoạn hai"
    else:
        assert parsed == "Đoạn một Đoạn hai"
