import csv
import datetime as dt
import io
import tracemalloc
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from dangvu.lib.sheets import (
    SheetError,
    SheetRow,
    TemplateColumn,
    parse_date,
    parse_text_code,
    read_rows,
    safe_cell,
    write_csv,
    write_table,
    write_template,
)

HEADERS = ["Họ và tên", "Số định danh", "Ngày sinh"]


def xlsx(*rows: list[object], sheets: dict[str, list[list[object]]] | None = None) -> bytes:
    """An .xlsx whose first sheet holds `rows` (or the given sheets, in order)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, sheet_rows in (sheets or {"Dữ liệu": list(rows)}).items():
        ws = workbook.create_sheet(title)
        for row in sheet_rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, filename: str = "danh-sach.xlsx", **kwargs: object) -> list[SheetRow]:
    kwargs.setdefault("expected_headers", HEADERS)
    return list(read_rows(data, filename, **kwargs))


def error_of(data: bytes, filename: str = "danh-sach.xlsx", **kwargs: object) -> str:
    with pytest.raises(SheetError) as caught:
        read(data, filename, **kwargs)
    assert str(caught.value) == caught.value.message
    return caught.value.message


# --- reading xlsx ------------------------------------------------------------------------------


def test_reads_rows_with_excel_row_numbers_and_canonical_keys() -> None:
    data = xlsx(
        ["  họ VÀ   tên *", "SỐ ĐỊNH DANH", "Ngày sinh (*)"],
        ["Nguyễn Văn An", "012345678901", dt.datetime(1990, 3, 5)],
        [None, None, None],
        ["  Trần   Thị  Bình ", 12345678901, "05/03/1991"],
    )
    sheet = read_rows(data, "a.xlsx", expected_headers=HEADERS)
    assert sheet.headers == HEADERS
    assert sheet.extra_headers == []
    assert sheet.header_row == 1
    assert sheet.sheet_name == "Dữ liệu"
    rows = list(sheet)
    assert [row.number for row in rows] == [2, 4]
    assert rows[0].values == {
        "Họ và tên": "Nguyễn Văn An",
        "Số định danh": "012345678901",
        "Ngày sinh": dt.datetime(1990, 3, 5),
    }
    assert rows[1].values["Họ và tên"] == "Trần Thị Bình"
    assert rows[1].values["Số định danh"] == 12345678901


def test_header_found_below_a_title_block() -> None:
    data = xlsx(
        ["DANH SÁCH ĐẢNG VIÊN"],
        ["Chi bộ Văn phòng"],
        [],
        HEADERS,
        ["Lê Văn Cường", "001", "01/01/1980"],
    )
    sheet = read_rows(data, "a.xlsx", expected_headers=HEADERS)
    assert sheet.header_row == 4
    assert [row.number for row in sheet] == [5]


def test_header_below_row_10_is_not_found() -> None:
    data = xlsx(*([["tiêu đề"]] * 10), HEADERS, ["An", "1", "01/01/1980"])
    assert "Không tìm thấy dòng tiêu đề" in error_of(data)


def test_skips_an_instructions_sheet_placed_first() -> None:
    data = xlsx(
        sheets={
            "Hướng dẫn": [["Cách nhập"], ["Mỗi đảng viên một dòng"]],
            "Nhập liệu": [HEADERS, ["An", "1", "01/01/1980"]],
        }
    )
    sheet = read_rows(data, "a.xlsx", expected_headers=HEADERS)
    assert sheet.sheet_name == "Nhập liệu"
    assert [row.values["Họ và tên"] for row in sheet] == ["An"]


def test_trailing_empty_and_blank_rows_are_skipped() -> None:
    data = xlsx(
        HEADERS,
        ["An", "1", "01/01/1980"],
        ["   ", None, ""],
        [None, None, None],
        ["Bình", "2", "02/02/1982"],
        *([[None, " ", None]] * 20),
    )
    assert [row.number for row in read(data)] == [2, 5]


def test_nfd_text_becomes_nfc_in_values_and_headers() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    headers = [unicodedata.normalize("NFD", header) for header in HEADERS]
    (row,) = read(xlsx(headers, [nfd, "1", "01/01/1980"]))
    assert row.values["Họ và tên"] == unicodedata.normalize("NFC", "Nguyễn Thị Ánh")
    assert row.values["Họ và tên"] != nfd


def test_line_breaks_inside_a_cell_are_kept_and_spaces_folded() -> None:
    (row,) = read(xlsx(HEADERS, ["An", "1\r\n  2", " 01/01/1980 "]))
    assert row.values["Số định danh"] == "1\n2"
    assert row.values["Ngày sinh"] == "01/01/1980"


def test_extra_columns_are_reported_not_refused() -> None:
    data = xlsx(
        ["STT", *HEADERS, "  Ghi   chú "],
        [1, "An", "1", "01/01/1980", "chuyển đến"],
    )
    sheet = read_rows(data, "a.xlsx", expected_headers=HEADERS)
    # STT, the row numbers every export carries, is ignored without a word.
    assert sheet.extra_headers == ["Ghi chú"]
    (row,) = list(sheet)
    assert set(row.values) == set(HEADERS)


def test_columns_in_another_order_are_matched_by_name() -> None:
    (row,) = read(xlsx(["Ngày sinh", "Họ và tên", "Số định danh"], ["01/01/1980", "An", "7"]))
    assert row.values == {"Họ và tên": "An", "Số định danh": "7", "Ngày sinh": "01/01/1980"}


def test_missing_columns_are_named() -> None:
    message = error_of(xlsx(["Họ và tên", "Ngày sinh"], ["An", "01/01/1980"]))
    assert "Thiếu cột «Số định danh»" in message


def test_required_headers_must_be_expected() -> None:
    with pytest.raises(ValueError):
        read_rows(b"", "a.csv", expected_headers=HEADERS, required_headers=["Quê quán"])


def test_columns_not_required_may_be_absent() -> None:
    sheet = read_rows(
        xlsx(["Họ và tên", "Ngày sinh"], ["An", "01/01/1980"]),
        "a.xlsx",
        expected_headers=HEADERS,
        required_headers=["Họ và tên", "Ngày sinh"],
    )
    assert sheet.headers == ["Họ và tên", "Ngày sinh"]
    (row,) = list(sheet)
    assert row.values == {"Họ và tên": "An", "Số định danh": None, "Ngày sinh": "01/01/1980"}


def test_duplicated_header_is_refused_with_column_letters() -> None:
    message = error_of(xlsx([*HEADERS, "HỌ VÀ TÊN *"], ["An", "1", "01/01/1980", "An"]))
    assert "«Họ và tên» xuất hiện 2 lần" in message
    assert "cột A và cột D" in message


def test_wrong_template_lists_the_expected_headers() -> None:
    message = error_of(xlsx(["Tên đơn vị", "Địa chỉ", "Điện thoại"], ["Chi bộ 1", "Hà Nội", 1]))
    assert "không đúng mẫu" in message
    assert "«Họ và tên», «Số định danh», «Ngày sinh»" in message


def test_workbook_without_any_data() -> None:
    assert "không có dữ liệu" in error_of(xlsx())


def test_formula_cell_is_refused_when_its_row_is_reached() -> None:
    data = xlsx(
        HEADERS,
        ["An", "1", "01/01/1980"],
        ["Bình", "2", "01/01/1981"],
        ["Cường", "3", "01/01/1982"],
        ["Dũng", "4", "=DATE(1983,1,1)"],
    )
    rows = iter(read_rows(data, "a.xlsx", expected_headers=HEADERS))
    assert [next(rows).number for _ in range(3)] == [2, 3, 4]
    with pytest.raises(SheetError) as caught:
        next(rows)
    assert caught.value.message == (
        "Dòng 5, cột «Ngày sinh»: ô chứa công thức; hãy dán giá trị (Paste Special → Values)."
    )
    assert next(rows, None) is None  # iteration ends at the error


def test_formula_in_an_ignored_column_does_not_matter() -> None:
    (row,) = read(xlsx([*HEADERS, "Tuổi"], ["An", "1", "01/01/1980", "=2024-1980"]))
    assert row.values["Họ và tên"] == "An"


def test_text_that_starts_with_equals_is_not_a_formula() -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(HEADERS)
    ws.append(["An", "1", "01/01/1980"])
    ws["A2"].value = "=An"  # a string cell, as Excel stores text typed after an apostrophe
    ws["A2"].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (row,) = read(buffer.getvalue())
    assert row.values["Họ và tên"] == "=An"


def test_file_like_input_and_size_limit() -> None:
    data = xlsx(HEADERS, ["An", "1", "01/01/1980"])
    assert len(read(io.BytesIO(data))) == 1  # type: ignore[arg-type]
    message = error_of(data, max_bytes=1024)
    assert message.startswith("Tệp lớn hơn 1 KB")
    big = io.BytesIO(b"x" * (20 * 1024 * 1024 + 1))
    with pytest.raises(SheetError, match="Tệp lớn hơn 20 MB"):
        read_rows(big, "a.csv", expected_headers=HEADERS)


def test_sheet_close_releases_the_workbook() -> None:
    data = xlsx(HEADERS, ["An", "1", "01/01/1980"], ["Bình", "2", "01/01/1981"])
    with read_rows(data, "a.xlsx", expected_headers=HEADERS) as sheet:
        assert next(iter(sheet)).number == 2
    assert next(sheet.rows, None) is None


# --- files that are not spreadsheets ------------------------------------------------------------


def test_empty_file() -> None:
    assert "Tệp rỗng" in error_of(b"", "a.xlsx")
    assert "Tệp rỗng" in error_of(b"", "a.csv")
    assert "Tệp rỗng" in error_of(b"\r\n  \r\n", "a.csv")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ảnh PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "ảnh JPEG"),
    ],
)
def test_renamed_pdf_or_image_is_not_a_spreadsheet(content: bytes, what: str) -> None:
    for filename in ("a.xlsx", "a.csv"):
        message = error_of(content, filename)
        assert what in message
        assert "không phải bảng tính" in message


def test_docx_renamed_xlsx_is_not_a_spreadsheet() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "văn bản Word (.docx)" in error_of(buffer.getvalue(), "a.xlsx")


def test_other_extension_is_refused() -> None:
    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)" in error_of(b"%PDF-1.4", "a.pdf")


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_ole2_file_is_password_protected_or_old_xls() -> None:
    message = error_of(OLE2, "a.xlsx")
    assert "mật khẩu" in message
    assert ".xls" in message
    assert "lưu lại dưới dạng Excel Workbook (.xlsx) không mật khẩu" in message


def test_encrypted_xlsx_says_password() -> None:
    data = OLE2 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    message = error_of(data, "a.xlsx")
    assert "đặt mật khẩu" in message
    assert ".xlsx" in message


def test_xls_renamed_xlsx_says_old_format() -> None:
    data = OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 64
    assert "Excel cũ (.xls)" in error_of(data, "a.xlsx")


def test_xls_extension_asks_for_xlsx() -> None:
    message = error_of(OLE2, "DANH SACH.XLS")
    assert "Không đọc được định dạng .xls" in message
    assert "(.xlsx)" in message


def test_corrupt_zip() -> None:
    data = xlsx(HEADERS, ["An", "1", "01/01/1980"])
    assert "bị hỏng" in error_of(data[: len(data) // 2], "a.xlsx")


def test_zip_without_valid_sheet_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    assert "bị hỏng" in error_of(buffer.getvalue(), "a.xlsx")


def test_csv_renamed_xlsx_and_xlsx_renamed_csv() -> None:
    assert "nội dung là văn bản" in error_of("Họ và tên,Số\nAn,1\n".encode(), "a.xlsx")
    data = xlsx(HEADERS, ["An", "1", "01/01/1980"])
    assert "thực ra là tệp Excel (.xlsx)" in error_of(data, "a.csv")


# --- reading csv -------------------------------------------------------------------------------

CSV_TEXT = "Họ và tên,Số định danh,Ngày sinh\r\nNguyễn Văn An,012345678901,05/03/1990\r\n"


@pytest.mark.parametrize(
    "content",
    [CSV_TEXT.encode("utf-8"), CSV_TEXT.encode("utf-8-sig")],
    ids=["utf-8", "utf-8-bom"],
)
def test_csv_with_and_without_bom(content: bytes) -> None:
    sheet = read_rows(content, "a.csv", expected_headers=HEADERS)
    assert sheet.headers == HEADERS
    assert sheet.sheet_name == ""
    (row,) = list(sheet)
    assert row.number == 2
    assert row.values == {
        "Họ và tên": "Nguyễn Văn An",
        "Số định danh": "012345678901",
        "Ngày sinh": "05/03/1990",
    }


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does: â, ê, ơ... precomposed, the tone as a combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            vowel = unicodedata.normalize("NFC", base + "".join(marks[:-1]))
            out.append((vowel + marks[-1]).encode("cp1258"))
    return b"".join(out)


def test_cp1258_csv() -> None:
    # Windows-1258 writes tone marks as combining characters: the result must still be NFC.
    content = to_cp1258(CSV_TEXT)
    assert "ễ".encode("cp1258", errors="replace") == b"?"  # the encoder alone cannot do it
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    (row,) = read(content, "a.csv")
    assert row.values["Họ và tên"] == "Nguyễn Văn An"


def test_csv_in_no_known_encoding() -> None:
    message = error_of(b"H\x81 v\x8d t\x90n,S\x9d\r\n", "a.csv")
    assert message.startswith("Tệp CSV không phải mã UTF-8")
    assert "CSV UTF-8" in message


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_csv(delimiter: str) -> None:
    text = CSV_TEXT.replace(",", delimiter) + delimiter.join(["Lê, Thị B", "2", "1/2/1991"])
    rows = read(text.encode(), "a.csv")
    assert [row.values["Họ và tên"] for row in rows] == ["Nguyễn Văn An", "Lê, Thị B"]


def test_utf16_csv_from_excel_unicode_text() -> None:
    (row,) = read(CSV_TEXT.replace(",", "\t").encode("utf-16"), "a.csv")
    assert row.values["Họ và tên"] == "Nguyễn Văn An"


def test_csv_nfd_header_and_value_blank_rows_and_quoted_newline() -> None:
    text = unicodedata.normalize(
        "NFD", 'HỌ VÀ TÊN *,số  định danh,Ngày sinh\n\n,,\n"Trần\nThị  Bình",1,01/01/1980\n'
    )
    (row,) = read(text.encode(), "a.csv")
    assert row.number == 4  # blank records counted, as Excel would show them
    assert row.values["Họ và tên"] == "Trần\nThị Bình"


def test_csv_missing_column() -> None:
    assert "Thiếu cột «Ngày sinh»" in error_of("Họ và tên;Số định danh\nAn;1\n".encode(), "a.csv")


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(1990, 3, 5, 0, 0), dt.date(1990, 3, 5)),
        (dt.date(1990, 3, 5), dt.date(1990, 3, 5)),
        (32937, dt.date(1990, 3, 5)),
        (32937.75, dt.date(1990, 3, 5)),
        ("05/03/1990", dt.date(1990, 3, 5)),
        ("5/3/1990", dt.date(1990, 3, 5)),
        ("05-03-1990", dt.date(1990, 3, 5)),
        ("05.03.1990", dt.date(1990, 3, 5)),
        ("1990-03-05", dt.date(1990, 3, 5)),
        (" 05/03/1990 00:00:00 ", dt.date(1990, 3, 5)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2023", "Ngày 31/02/2023 không tồn tại"),
        ("2023-02-31", "Ngày 31/02/2023 không tồn tại"),
        ("05/13/2023", "Ngày 05/13/2023 không tồn tại (có thể đã ghi tháng trước ngày"),
        ("05/03/90", "năm phải ghi đủ 4 chữ số"),
        ("5-3-90", "năm phải ghi đủ 4 chữ số"),
        ("05/03/1890", "Năm 1890 không hợp lý"),
        ("mùng 5 tháng 3", "không phải ngày hợp lệ"),
        ("05/03-1990", "không phải ngày hợp lệ"),
        (1, "Số 1 không phải ngày"),
        (-3.5, "không phải ngày"),
        (99999999, "không phải ngày"),
        (float("nan"), "không phải ngày"),
        (True, "không phải ngày"),
        (None, "Chưa có ngày"),
        ("  ", "Chưa có ngày"),
    ],
)
def test_parse_date_refuses(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_date(value)


def test_parse_text_code() -> None:
    assert parse_text_code(12345678901) == "12345678901"  # the lost zero is not restored
    assert parse_text_code(12345678901.0) == "12345678901"
    assert parse_text_code(" 0123 4567\u00a08901 ") == "012345678901"
    assert parse_text_code(unicodedata.normalize("NFD", "AĐ 12")) == "AĐ12"
    assert parse_text_code(None) == ""
    with pytest.raises(ValueError, match="thập phân"):
        parse_text_code(1.5)
    with pytest.raises(ValueError, match="làm tròn"):
        parse_text_code(1.23456789012346e17)


def test_safe_cell() -> None:
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("+84 912 345 678") == "'+84 912 345 678"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("Nguyễn Văn An") == "Nguyễn Văn An"
    assert safe_cell(-1) == -1
    assert safe_cell(2.5) == 2.5
    assert safe_cell(dt.date(2024, 1, 30)) == dt.date(2024, 1, 30)
    assert safe_cell(None) is None


# --- template ----------------------------------------------------------------------------------

BRANCHES = [f"Chi bộ {i} - Đảng bộ cơ quan Ủy ban nhân dân" for i in range(1, 21)]
COLUMNS = [
    TemplateColumn("Họ và tên", True, help="Ghi đủ họ, đệm, tên", example="Nguyễn Văn An"),
    TemplateColumn("Số định danh", True, text=True, help="12 chữ số", example="001090012345"),
    TemplateColumn("Giới tính", False, choices=["Nam", "Nữ"], example="Nam"),
    TemplateColumn("Chi bộ", True, choices=BRANCHES, example=BRANCHES[0], width=40),
    TemplateColumn("Ngày sinh", True, help="ngày/tháng/năm", example="05/03/1990"),
]


def template() -> bytes:
    return write_template(
        COLUMNS,
        title="Mẫu nhập danh sách đảng viên",
        instructions=["Mỗi đảng viên ghi một dòng.", "Không đổi tên các cột."],
    )


def test_template_layout() -> None:
    workbook = load_workbook(io.BytesIO(template()))
    assert workbook.sheetnames == ["Dữ liệu", "Hướng dẫn", "Danh mục"]
    assert workbook["Danh mục"].sheet_state == "hidden"
    data = workbook["Dữ liệu"]
    assert [cell.value for cell in data[1]] == [
        "Họ và tên *",
        "Số định danh *",
        "Giới tính",
        "Chi bộ *",
        "Ngày sinh *",
    ]
    assert all(cell.font.b for cell in data[1])
    assert data.freeze_panes == "A2"
    assert data.column_dimensions["D"].width == 40
    assert data["B2"].number_format == "@"
    assert data["B2001"].number_format == "@"
    assert data["A2"].number_format == "General"


def test_template_example_row_is_only_on_the_instructions_sheet() -> None:
    workbook = load_workbook(io.BytesIO(template()))
    data_values = {cell.value for row in workbook["Dữ liệu"].iter_rows() for cell in row}
    assert "Nguyễn Văn An" not in data_values
    assert data_values - {None} == {cell.value for cell in workbook["Dữ liệu"][1]}
    help_rows = [[cell.value for cell in row] for row in workbook["Hướng dẫn"].iter_rows()]
    assert help_rows[0][0] == "Mẫu nhập danh sách đảng viên"
    examples = [c.example for c in COLUMNS]
    assert [row[: len(COLUMNS)] for row in help_rows].count(examples) == 1
    table = {row[0]: row for row in help_rows if row[0] in {c.header for c in COLUMNS}}
    assert table["Họ và tên"][1:4] == ["Có", "Ghi đủ họ, đệm, tên", None]
    assert table["Giới tính"][1:4] == ["Không", None, "Nam; Nữ"]


def test_template_read_back_is_empty() -> None:
    sheet = read_rows(template(), "mau.xlsx", expected_headers=[c.header for c in COLUMNS])
    assert sheet.sheet_name == "Dữ liệu"
    assert list(sheet) == []


def test_template_drop_down_lists() -> None:
    workbook = load_workbook(io.BytesIO(template()))
    validations = {str(v.sqref): v for v in workbook["Dữ liệu"].data_validations.dataValidation}
    assert set(validations) == {"C2:C1048576", "D2:D1048576"}
    assert validations["C2:C1048576"].type == "list"
    assert validations["C2:C1048576"].formula1 == '"Nam,Nữ"'
    # The branch list is longer than Excel's 255-character inline limit: it is a range.
    long_list = validations["D2:D1048576"]
    assert long_list.formula1 == "'Danh mục'!$D$1:$D$20"
    assert long_list.showErrorMessage
    lists = workbook["Danh mục"]
    assert [lists.cell(row=i, column=4).value for i in range(1, 21)] == BRANCHES


def test_leading_zero_identity_survives_the_template_round_trip() -> None:
    workbook = load_workbook(io.BytesIO(template()))
    data = workbook["Dữ liệu"]
    data["A2"] = "Nguyễn Văn An"
    data["B2"] = "012345678901"  # typed into a cell formatted as Text
    data["C2"] = "Nam"
    data["D2"] = BRANCHES[3]
    data["E2"] = dt.datetime(1990, 3, 5)
    buffer = io.BytesIO()
    workbook.save(buffer)

    sheet = read_rows(buffer.getvalue(), "mau.xlsx", expected_headers=[c.header for c in COLUMNS])
    (row,) = list(sheet)
    assert row.number == 2
    assert row.values["Số định danh"] == "012345678901"
    assert parse_text_code(row.values["Số định danh"]) == "012345678901"
    assert parse_date(row.values["Ngày sinh"]) == dt.date(1990, 3, 5)
    assert row.values["Chi bộ"] == BRANCHES[3]


# --- export ------------------------------------------------------------------------------------

EXPORT_HEADERS = ["Họ và tên", "Số định danh", "Ngày vào Đảng", "Số con"]
EXPORT_ROWS = [
    ["Nguyễn Văn An", "001090012345", dt.date(2010, 5, 19), 2],
    ['=HYPERLINK("http://x")', 1090012345, dt.date(2015, 2, 3), None],
    ["-1", None, None, -1],
]


def test_write_table_round_trip() -> None:
    data = write_table(
        EXPORT_HEADERS, iter(EXPORT_ROWS), title="Danh sách đảng viên", text_columns={1}
    )
    workbook = load_workbook(io.BytesIO(data))
    ws = workbook.active
    assert ws.title == "Danh sách đảng viên"
    assert ws["A1"].value == "Danh sách đảng viên"
    assert ws["A3"].value == "STT" and ws["B3"].value == "Họ và tên"
    assert ws["B3"].font.b
    assert ws.freeze_panes == "A4"
    assert ws["D4"].number_format == "DD/MM/YYYY"
    assert ws["C4"].number_format == "@"  # text_columns count the caller's columns
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)

    sheet = read_rows(data, "xuat.xlsx", expected_headers=EXPORT_HEADERS)
    assert sheet.header_row == 3
    rows = list(sheet)
    assert [row.number for row in rows] == [4, 5, 6]
    assert rows[0].values == {
        "Họ và tên": "Nguyễn Văn An",
        "Số định danh": "001090012345",
        "Ngày vào Đảng": dt.datetime(2010, 5, 19),
        "Số con": 2,
    }
    assert rows[1].values["Họ và tên"] == '\'=HYPERLINK("http://x")'
    assert rows[1].values["Số định danh"] == "1090012345"  # a text column stays text
    assert rows[2].values["Họ và tên"] == "'-1"
    assert rows[2].values["Số con"] == -1


def test_write_table_without_title_and_odd_values() -> None:
    aware = dt.datetime(2024, 1, 30, 8, 15, tzinfo=dt.UTC)
    data = write_table(["Thời điểm", "Mã"], [[aware, Decimalish()]])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "Dữ liệu"
    assert [ws["A1"].value, ws["B1"].value] == ["STT", "Thời điểm"]  # no title block
    assert ws["A2"].value == 1
    assert ws["B2"].value == dt.datetime(2024, 1, 30, 8, 15)
    assert ws["B2"].number_format == "DD/MM/YYYY HH:MM"
    assert ws["C2"].value == "mã-x"


class Decimalish:
    def __str__(self) -> str:
        return "mã-x"


def test_write_csv_round_trip() -> None:
    data = write_csv(EXPORT_HEADERS, EXPORT_ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert records[1] == ["Nguyễn Văn An", "001090012345", "19/05/2010", "2"]
    assert records[2][0] == '\'=HYPERLINK("http://x")'
    assert records[3] == ["'-1", "", "", "-1"]

    rows = list(read_rows(data, "xuat.csv", expected_headers=EXPORT_HEADERS))
    assert rows[0].values["Số định danh"] == "001090012345"
    assert parse_date(rows[0].values["Ngày vào Đảng"]) == dt.date(2010, 5, 19)
    assert rows[2].values["Số định danh"] is None


def test_write_csv_semicolon() -> None:
    data = write_csv(["A", "B"], [[dt.datetime(2024, 1, 30, 8, 5), "x;y"]], delimiter=";")
    assert data.decode("utf-8-sig").splitlines() == ["A;B", '30/01/2024 08:05;"x;y"']


# --- streaming ---------------------------------------------------------------------------------


def test_reading_a_large_workbook_streams() -> None:
    rows = 50_000
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Dữ liệu")
    ws.append(["Họ và tên", "Số con"])
    for i in range(rows):
        ws.append([f"Đảng viên số {i}", i % 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    tracemalloc.start()
    try:
        sheet = read_rows(data, "lon.xlsx", expected_headers=["Họ và tên", "Số con"])
        count = sum(1 for _ in sheet)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == rows
    # The rows as objects would take well over 20 MB; streamed, a few MB are held at once.
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
