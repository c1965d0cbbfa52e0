"""Spreadsheets in and out: import files that party offices fill in, export lists they open.

Reading (`read_rows`) takes an .xlsx or a .csv, checks that the extension and the content
agree, finds the header row, and streams the data rows, so that a large file never sits in
memory as cells. Everything that can go wrong with a file a person uploads ends in a
`SheetError` whose message, in Vietnamese, says what to do about it.

Writing: `write_template` makes the blank import template (data sheet, instructions sheet,
drop-down lists), `write_table` and `write_csv` export lists. Every exported string passes
through `safe_cell`, so that a name such as "=HYPERLINK(...)" cannot run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from dangvu.lib.text import clean
from dangvu.lib.vndate import ImpossibleDate, ShortYear, UnreadableDate, parse_vn_date

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


__all__ = [
    "ROW_NUMBER_HEADER",
    "Sheet",
    "SheetError",
    "SheetRow",
    "TemplateColumn",
    "parse_card_number",
    "parse_date",
    "parse_identity_number",
    "parse_text_code",
    "read_rows",
    "safe_cell",
    "write_csv",
    "write_table",
    "write_template",
]

MAX_BYTES = 20 * 1024 * 1024
# The header may sit below a title block; further down than this it is not a header.
HEADER_SEARCH_ROWS = 10
# Rows of the template's data sheet that are pre-formatted as text for text columns.
TEMPLATE_ROWS = 2000
# Exported tables: the row-number column, the title block's subtitle lines at most (so that
# the header stays within HEADER_SEARCH_ROWS and the file can be read back), column widths
# in characters, and the rows read ahead to fit the widths.
ROW_NUMBER_HEADER = "STT"
MAX_SUBTITLE_LINES = 5
WIDTH_MIN = 6
WIDTH_MAX = 50
WIDTH_SAMPLE_ROWS = 1000
# Excel refuses an inline list ("a,b,c") longer than this in a data validation.
_INLINE_LIST_LIMIT = 255
# A well-formed xlsx rarely expands more than this; more suggests a zip bomb.
_MAX_EXPANSION = 50

DATA_SHEET = "Dữ liệu"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_NUMBER_ALIGNMENT = Alignment(horizontal="center", vertical="top")
_DATE_FORMAT = "DD/MM/YYYY"
_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


class SheetError(Exception):
    """A file that cannot be imported; `message` says, in Vietnamese, what to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    """One data row.

    `number` is the row number Excel shows (for CSV: the record number, header included), so
    that an error message can send the user straight to the row. `values` maps each expected
    header, spelt as the caller gave it, to the cleaned cell value (None when empty).
    """

    number: int
    values: dict[str, object]


@dataclass
class Sheet:
    """What `read_rows` found: the columns, and the data rows as a one-pass iterator.

    `headers`: the expected headers present in the file, in the file's column order.
    `extra_headers`: other non-empty header cells (cleaned), not an error but worth telling
    the user, since their contents are ignored. `header_row`: the header's row number.
    `sheet_name`: the worksheet used ("" for CSV).

    `rows` is lazy: an .xlsx is parsed as it is iterated, so a problem inside a row (a formula)
    raises `SheetError` only when that row is reached, and iteration ends there. Iterating
    the `Sheet` itself is the same as iterating `rows`. Use it as a context manager, or call
    `close()`, to release the workbook early when the rows are not read to the end.
    """

    headers: list[str]
    extra_headers: list[str]
    rows: Iterator[SheetRow]
    header_row: int = 1
    sheet_name: str = ""
    _close: Callable[[], None] = field(default=lambda: None, repr=False, compare=False)

    def __iter__(self) -> Iterator[SheetRow]:
        return self.rows

    def close(self) -> None:
        """Stop the row iterator and release the workbook."""
        close_rows = getattr(self.rows, "close", None)
        if close_rows is not None:
            close_rows()
        self._close()

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# One raw cell: its value and whether it holds a formula (only an .xlsx can).
_RawCell = tuple[object, bool]
_RawRow = Sequence[_RawCell]


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def read_rows(
    data: bytes | BinaryIO,
    filename: str,
    *,
    expected_headers: list[str],
    required_headers: Collection[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Sheet:
    """Open an .xlsx or a .csv, find the header row and return a `Sheet` streaming its rows.

    The format is chosen by the extension and must agree with the content (a PDF renamed
    .xlsx is refused, with a message naming what it really is). The header row is the first
    row, among the first 10, holding at least half of `expected_headers`; headers match
    whatever their case, spacing, Unicode form or trailing " *". Each expected header may
    appear once; those in `required_headers` (by default all of them) must appear, the
    others are None in every row when their column is absent. A file-like `data` is read
    from its current position.
    """
    if not expected_headers:
        raise ValueError("expected_headers must not be empty")
    required = set(expected_headers if required_headers is None else required_headers)
    unknown = required - set(expected_headers)
    if unknown:
        raise ValueError(f"required headers not in expected_headers: {sorted(unknown)}")

    content = _read_limited(data, max_bytes)
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if not content:
        raise SheetError("Tệp rỗng (0 byte). Hãy chọn đúng tệp đã nhập dữ liệu.")
    if extension == ".xlsx":
        return _read_xlsx(content, expected_headers, required, max_bytes)
    if extension == ".csv":
        return _read_csv(content, expected_headers, required)
    if extension in (".xls", ".xlsm", ".xlsb", ".ods"):
        raise SheetError(
            f"Không đọc được định dạng {extension}. Hãy mở tệp bằng Excel và lưu lại dưới dạng "
            "Excel Workbook (.xlsx): File → Save As → Excel Workbook (*.xlsx)."
        )
    raise SheetError(
        f"Tệp «{filename}» không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); "
        "hãy tải về tệp mẫu, nhập dữ liệu và tải lên lại."
    )


def _read_limited(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    """The file's bytes, refusing one over `max_bytes` without reading all of it."""
    if isinstance(data, bytes | bytearray | memoryview):
        content = bytes(data)
    else:
        content = data.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise SheetError(
            f"Tệp lớn hơn {_size_text(max_bytes)}, quá giới hạn cho một lần tải lên. "
            "Hãy chia dữ liệu thành nhiều tệp nhỏ hơn."
        )
    return content


def _size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g} MB".replace(".", ",")
    return f"{math.ceil(size / 1024)} KB"


# Magic numbers of files people upload by mistake, with what to call them.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7z"),
    (b"{\\rtf", "văn bản RTF"),
]
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _not_a_sheet(what: str) -> SheetError:
    return SheetError(
        f"Tệp là {what}, không phải bảng tính. Hãy tải lên tệp Excel (.xlsx) hoặc CSV (.csv) "
        "nhập theo mẫu."
    )


def _refuse_foreign(content: bytes) -> None:
    """Raise if the bytes are a known non-spreadsheet format (whatever the extension says)."""
    for magic, what in _SIGNATURES:
        if content.startswith(magic):
            raise _not_a_sheet(what)


def _ole2_error(content: bytes) -> SheetError:
    """Explain an OLE2 compound file: an encrypted .xlsx, an old .xls or a .doc.

    The stream names sit in the directory in UTF-16, so a byte search tells them apart well
    enough to pick the right advice; when unsure, the message covers both common cases.
    """
    if "EncryptionInfo".encode("utf-16-le") in content:
        return SheetError(
            "Tệp Excel đang được đặt mật khẩu nên không đọc được. Hãy mở tệp, bỏ mật khẩu "
            "(File → Info → Protect Workbook → Encrypt with Password, xoá mật khẩu) rồi lưu lại "
            "dưới dạng .xlsx."
        )
    if "WordDocument".encode("utf-16-le") in content:
        return _not_a_sheet("văn bản Word (.doc)")
    if "Workbook".encode("utf-16-le") in content:
        return SheetError(
            "Tệp là định dạng Excel cũ (.xls) được đổi đuôi. Hãy mở bằng Excel và lưu lại dưới "
            "dạng Excel Workbook (.xlsx): File → Save As → Excel Workbook (*.xlsx)."
        )
    return SheetError(
        "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls). Hãy mở bằng Excel, bỏ mật "
        "khẩu nếu có, và lưu lại dưới dạng Excel Workbook (.xlsx) không mật khẩu."
    )


def _looks_like_text(content: bytes) -> bool:
    return b"\x00" not in content[:8192]


# --- xlsx ------------------------------------------------------------------------------------


def _check_xlsx_container(content: bytes, max_bytes: int) -> None:
    """Make sure the bytes are an Excel workbook before openpyxl sees them."""
    if content.startswith(_OLE2):
        raise _ole2_error(content)
    _refuse_foreign(content)
    if not content.startswith(_ZIP):
        if _looks_like_text(content):
            raise SheetError(
                "Tệp có đuôi .xlsx nhưng nội dung là văn bản (có thể là CSV bị đổi đuôi). "
                "Hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
            )
        raise _not_a_sheet("một loại tệp khác")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(
            "Tệp .xlsx bị hỏng (không giải nén được), có thể do tải lên chưa hết. Hãy mở "
            "tệp bằng Excel, lưu lại rồi tải lên lần nữa."
        ) from exc
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise _not_a_sheet("văn bản Word (.docx)")
        if "ppt/presentation.xml" in names:
            raise _not_a_sheet("bài trình chiếu PowerPoint (.pptx)")
        if "content.xml" in names:
            raise SheetError(
                "Tệp là bảng tính LibreOffice (.ods) bị đổi đuôi. Hãy lưu lại dưới dạng "
                "Excel 2007-365 (.xlsx)."
            )
        raise _not_a_sheet("một tệp nén (.zip)")
    # Declared sizes are enforced by zipfile when reading, so their sum bounds the work.
    if sum(info.file_size for info in infos) > _MAX_EXPANSION * max_bytes:
        raise SheetError("Tệp .xlsx có cấu trúc bất thường (giải nén quá lớn), không đọc được.")


def _corrupt_xlsx() -> SheetError:
    return SheetError(
        "Tệp .xlsx bị hỏng hoặc không đúng chuẩn nên không đọc được. Hãy mở tệp bằng Excel, "
        "lưu lại (File → Save As → Excel Workbook) rồi tải lên lần nữa."
    )


def _xlsx_raw_rows(worksheet: ReadOnlyWorksheet) -> Iterator[_RawRow]:
    """Stream a read-only worksheet as (value, is_formula) cells; rows gaps come back empty."""
    try:
        # A wrong <dimension> tag from some generators would cut rows off: do not trust it.
        worksheet.reset_dimensions()
        for row in worksheet.iter_rows():
            # data_only=False: a formula cell has data_type "f" and its text ("=...") as value.
            yield tuple((cell.value, cell.data_type == "f") for cell in row)
    except SheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
        raise _corrupt_xlsx() from exc


def _read_xlsx(
    content: bytes, expected: list[str], required: Collection[str], max_bytes: int
) -> Sheet:
    _check_xlsx_container(content, max_bytes)
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises KeyError, ValueError, XML errors...
        raise _corrupt_xlsx() from exc

    saw_content = False
    try:
        # The template's first sheet holds the data, but a user may have added sheets or
        # moved the instructions first: take the first sheet whose top holds the header.
        for worksheet in workbook.worksheets:
            raw = _xlsx_raw_rows(worksheet)
            head = list(itertools.islice(raw, HEADER_SEARCH_ROWS))
            saw_content = saw_content or any(_raw_has_content(row) for row in head)
            found = _find_header(head, expected, required)
            if found is None:
                raw.close()
                continue
            index, layout = found
            columns, extras = _resolve_columns(layout, expected, required, index + 1)
            rest = itertools.chain(head[index + 1 :], raw)
            return Sheet(
                headers=[name for _, name in columns],
                extra_headers=extras,
                rows=_data_rows(rest, index + 2, columns, expected, workbook.close),
                header_row=index + 1,
                sheet_name=worksheet.title,
                _close=workbook.close,
            )
    except BaseException:
        workbook.close()
        raise
    workbook.close()
    if not saw_content:
        raise SheetError("Tệp không có dữ liệu: các trang tính đều trống.")
    raise _no_header(expected)


def _raw_has_content(row: _RawRow) -> bool:
    return any(_clean_value(value) is not None for value, _ in row)


# --- csv -------------------------------------------------------------------------------------


def _decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) first; then UTF-16 with BOM; then Vietnamese Windows."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" export: UTF-16 with a byte order mark, tab-separated.
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            text = content.decode("cp1258")
        except UnicodeDecodeError:
            pass
        else:
            # cp1258 maps almost every byte; control characters mean it was not text at all.
            if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
                return text
    raise SheetError(
        "Tệp CSV không phải mã UTF-8 nên tiếng Việt sẽ bị lỗi phông. Hãy mở bằng Excel và lưu "
        "lại: File → Save As → CSV UTF-8 (Comma delimited) (*.csv), hoặc lưu dạng .xlsx."
    )


def _check_csv_content(content: bytes) -> None:
    if content.startswith(_ZIP):
        raise SheetError(
            "Tệp có đuôi .csv nhưng thực ra là tệp Excel (.xlsx) hoặc tệp nén. Hãy đổi đuôi "
            "thành .xlsx, hoặc mở bằng Excel và lưu lại dưới dạng CSV UTF-8."
        )
    if content.startswith(_OLE2):
        raise SheetError(
            "Tệp có đuôi .csv nhưng thực ra là tệp Excel cũ (.xls) hoặc có mật khẩu. Hãy mở "
            "bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx) không mật khẩu."
        )
    _refuse_foreign(content)
    if not content.startswith((b"\xff\xfe", b"\xfe\xff")) and not _looks_like_text(content):
        raise _not_a_sheet("một tệp nhị phân")


def _sniff_delimiter(text: str) -> str:
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut line would mislead the sniffer
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _csv_raw_rows(text: str, delimiter: str) -> Iterator[_RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [(value, False) for value in record]
    except csv.Error as exc:
        raise SheetError(
            f"Tệp CSV bị lỗi định dạng gần dòng {reader.line_num} ({exc}). Hãy mở bằng Excel "
            "và lưu lại dưới dạng CSV UTF-8 hoặc .xlsx."
        ) from exc


def _read_csv(content: bytes, expected: list[str], required: Collection[str]) -> Sheet:
    _check_csv_content(content)
    text = _decode_csv(content)
    if not text.strip():
        raise SheetError("Tệp rỗng: không có dòng nào. Hãy chọn đúng tệp đã nhập dữ liệu.")
    sniffed = _sniff_delimiter(text)
    # The sniffer can guess wrong on short files; the header row settles it.
    for delimiter in dict.fromkeys([sniffed, ",", ";", "\t"]):
        raw = _csv_raw_rows(text, delimiter)
        head = list(itertools.islice(raw, HEADER_SEARCH_ROWS))
        found = _find_header(head, expected, required)
        if found is None:
            continue
        index, layout = found
        columns, extras = _resolve_columns(layout, expected, required, index + 1)
        rest = itertools.chain(head[index + 1 :], raw)
        return Sheet(
            headers=[name for _, name in columns],
            extra_headers=extras,
            rows=_data_rows(rest, index + 2, columns, expected, None),
            header_row=index + 1,
        )
    raise _no_header(expected)


# --- header and rows -------------------------------------------------------------------------

_REQUIRED_MARK = re.compile(r"\s*(?:\*|\(\*\))$")


def _header_key(value: object) -> str:
    """The form headers are compared in: clean, case-folded, without a trailing " *"."""
    if value is None:
        return ""
    return _REQUIRED_MARK.sub("", clean(str(value))).casefold()


def _quote_list(names: Iterable[str]) -> str:
    return ", ".join(f"«{name}»" for name in names)


def _no_header(expected: list[str]) -> SheetError:
    return SheetError(
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu: tệp có thể không "
        f"đúng mẫu. Dòng tiêu đề cần có các cột: {_quote_list(expected)}. Hãy tải tệp mẫu "
        "và nhập dữ liệu vào đó."
    )


# The header row as read: (column index, cleaned text, key) for each non-empty cell.
_Layout = list[tuple[int, str, str]]


def _find_header(
    head: list[_RawRow], expected: list[str], required: Collection[str] = ()
) -> tuple[int, _Layout] | None:
    """The first row holding every required header, or at least half of the expected ones.

    A file may leave out optional columns, so holding all the required headers (with at
    least two headers matched) is enough to recognise the header row.
    """
    wanted = {_header_key(name) for name in expected}
    needed = {_header_key(name) for name in required}
    for index, row in enumerate(head):
        layout = [
            (column, clean(str(value)), _header_key(value))
            for column, (value, _) in enumerate(row)
            if value is not None and _header_key(value)
        ]
        matched = {key for _, _, key in layout} & wanted
        if 2 * len(matched) >= len(wanted) or (needed and needed <= matched and len(matched) >= 2):
            return index, layout
    return None


def _resolve_columns(
    layout: _Layout, expected: list[str], required: Collection[str], header_row: int
) -> tuple[list[tuple[int, str]], list[str]]:
    """Map file columns to expected names; refuse duplicates and missing columns."""
    by_key = {_header_key(name): name for name in expected}
    positions: dict[str, list[int]] = {}
    extras: list[str] = []
    for column, text, key in layout:
        name = by_key.get(key)
        if name is None and key == _header_key(ROW_NUMBER_HEADER):
            continue  # the row numbers of an exported list: not data
        if name is None:
            extras.append(text)
        else:
            positions.setdefault(name, []).append(column)

    for name, columns in positions.items():
        if len(columns) > 1:
            letters = " và ".join(f"cột {get_column_letter(c + 1)}" for c in columns)
            raise SheetError(
                f"Cột «{name}» xuất hiện {len(columns)} lần trong dòng tiêu đề (dòng "
                f"{header_row}: {letters}). Hãy xoá hoặc đổi tên để mỗi cột chỉ có một."
            )
    missing = [name for name in expected if name not in positions and name in required]
    if missing:
        raise SheetError(
            f"Thiếu cột {_quote_list(missing)} ở dòng tiêu đề (dòng {header_row}). Hãy dùng "
            "đúng tệp mẫu, hoặc thêm các cột này với đúng tên."
        )
    columns = sorted((cols[0], name) for name, cols in positions.items())
    return [(column, name) for column, name in columns], extras


def _data_rows(
    raw_rows: Iterator[_RawRow],
    first_number: int,
    columns: list[tuple[int, str]],
    expected: list[str],
    on_finish: Callable[[], None] | None,
) -> Iterator[SheetRow]:
    """Turn raw rows into `SheetRow`s, skipping empty ones and refusing formulas."""
    absent = [name for name in expected if all(name != known for _, known in columns)]
    try:
        for number, row in enumerate(raw_rows, start=first_number):
            values: dict[str, object] = dict.fromkeys(absent)
            filled = False
            for column, name in columns:
                if column >= len(row):
                    values[name] = None
                    continue
                raw, is_formula = row[column]
                if is_formula:
                    raise SheetError(
                        f"Dòng {number}, cột «{name}»: ô chứa công thức; hãy dán giá trị "
                        "(Paste Special → Values)."
                    )
                value = _clean_value(raw)
                filled = filled or value is not None
                values[name] = value
            if filled:
                yield SheetRow(number=number, values=values)
    finally:
        if on_finish is not None:
            on_finish()


_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")


def _clean_value(value: object) -> object:
    """Strings: NFC, trimmed, runs of spaces folded (line breaks inside a cell are kept);
    empty becomes None. Numbers, dates and booleans come back as they are."""
    if not isinstance(value, str):
        return value
    if "\n" not in value and "\r" not in value:
        return clean(value) or None  # the common case, kept fast for large files
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    cleaned = "\n".join(line for line in lines if line)
    return cleaned or None


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MIN_SERIAL = (dt.date(_MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_MAX_SERIAL = (dt.date(_MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

_EXAMPLE_DATE = "05/03/1990"


def parse_date(value: object) -> dt.date:
    """A date from a cell: a date or datetime, an Excel serial number, or text as the
    forms read it (`dangvu.lib.vndate`: dd/mm/yyyy, also with "-", "." or a space,
    d/m/yyyy, ddmmyyyy, yyyy-mm-dd). ValueError in Vietnamese."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_serial(value)
    if value is None or (isinstance(value, str) and not clean(value)):
        raise ValueError("Chưa có ngày")
    if not isinstance(value, str):
        raise ValueError(f"«{value}» không phải ngày")

    text = clean(value)
    try:
        day = parse_vn_date(text)
    except ShortYear:
        raise ValueError(f"«{text}»: năm phải ghi đủ 4 chữ số, ví dụ {_EXAMPLE_DATE}") from None
    except UnreadableDate:
        raise ValueError(
            f"«{text}» không phải ngày hợp lệ; hãy ghi theo dạng ngày/tháng/năm, "
            f"ví dụ {_EXAMPLE_DATE}"
        ) from None
    except ImpossibleDate as error:
        raise ValueError(error.message) from None
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        raise ValueError(f"Năm {day.year} không hợp lý (chỉ nhận từ {_MIN_YEAR} đến {_MAX_YEAR})")
    return day


def _date_from_serial(value: float) -> dt.date:
    """Excel stores dates as days since 1899-12-30; outside 1900..2100 it is not a date."""
    if not math.isfinite(value) or not _MIN_SERIAL <= value < _MAX_SERIAL + 1:
        raise ValueError(
            f"Số {value:g} không phải ngày; hãy ghi ngày theo dạng ngày/tháng/năm, "
            f"ví dụ {_EXAMPLE_DATE}"
        )
    return _EXCEL_EPOCH + dt.timedelta(days=math.floor(value))


# Excel keeps 15 significant digits; a longer number typed into a General cell is already
# rounded ("123456789012345678" becomes 123456789012345000).
_EXACT_DIGITS_LIMIT = 10**15


def parse_text_code(value: object) -> str:
    """An identity or card number as text: 12345.0 -> "12345", " 0123 456 " -> "0123456".

    Leading zeros that Excel dropped from a number cannot be known here; callers that know
    the expected length decide. None gives "".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"«{value}» không phải mã số")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"«{value:g}» không phải mã số (có phần thập phân)")
        if abs(value) >= _EXACT_DIGITS_LIMIT:
            raise ValueError(
                "Số quá dài nên Excel đã làm tròn mất các chữ số cuối; hãy định dạng cột là "
                "Văn bản (Text) và nhập lại"
            )
        return str(int(value))
    return "".join(unicodedata.normalize("NFC", str(value)).split())


IDENTITY_DIGITS = 12
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_DECIMAL_ZERO = re.compile(r"(\d+)[.,]0+")
KEEP_AS_TEXT = (
    "Hãy định dạng cột là Văn bản (Text) trong Excel rồi gõ lại số, hoặc gõ dấu nháy ' "
    "trước số (ví dụ '052090001234) để Excel giữ nguyên."
)


def parse_identity_number(value: object) -> str:
    """A 12-digit identity (CCCD) number from a cell, or ValueError saying how Excel spoilt it.

    Excel turns a number typed into a General cell into a number: the leading zero of
    every CCCD goes (11 digits left), a long one may show as 5.2E+11, and a CSV export may
    write 52012345678.0. Each is refused with what happened and how to keep it as text;
    the length and digits of a text cell are judged with the record (`clean_person`).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"«{value}» không phải số CCCD")
    if isinstance(value, int | float):
        if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
            raise ValueError(
                f"«{value:g}» không phải số CCCD: ô đang ở dạng số nên Excel đã đổi số. "
                + KEEP_AS_TEXT
            )
        if abs(value) >= _EXACT_DIGITS_LIMIT:
            raise ValueError(
                "Số quá dài nên Excel đã làm tròn mất các chữ số cuối. " + KEEP_AS_TEXT
            )
        digits = str(int(value))
        if len(digits) == IDENTITY_DIGITS:
            return digits
        return _mangled_identity(digits)
    text = "".join(unicodedata.normalize("NFC", str(value)).split())
    if _SCIENTIFIC.fullmatch(text):
        raise ValueError(
            f"«{text}» là số CCCD đã bị Excel đổi sang dạng khoa học (E+), mất các chữ số "
            "cuối và số 0 ở đầu; không khôi phục được từ tệp này. " + KEEP_AS_TEXT
        )
    if match := _DECIMAL_ZERO.fullmatch(text):
        raise ValueError(
            f"«{text}» là số CCCD đã bị đổi thành số thập phân (có «.0» ở cuối)"
            + (" và mất số 0 ở đầu" if len(match[1]) == IDENTITY_DIGITS - 1 else "")
            + ". "
            + KEEP_AS_TEXT
        )
    if text.isdigit() and len(text) == IDENTITY_DIGITS - 1:
        return _mangled_identity(text)
    return text


def _mangled_identity(digits: str) -> str:
    if len(digits) == IDENTITY_DIGITS - 1:
        raise ValueError(
            f"Số CCCD «{digits}» có 11 chữ số: Excel đã bỏ mất số 0 ở đầu vì cột đang ở dạng "
            f"số (số đúng có thể là 0{digits}). " + KEEP_AS_TEXT
        )
    raise ValueError(
        f"Số CCCD «{digits}» có {len(digits)} chữ số; số CCCD gồm đúng 12 chữ số (kể cả số 0 "
        "ở đầu). " + KEEP_AS_TEXT
    )


def parse_card_number(value: object) -> str:
    """A party card number from a cell: digits kept as text, with the same guard against a
    number Excel spoilt (scientific notation, a trailing ".0")."""
    if isinstance(value, str):
        text = "".join(unicodedata.normalize("NFC", value).split())
        if _SCIENTIFIC.fullmatch(text):
            raise ValueError(
                f"«{text}» là số thẻ đã bị Excel đổi sang dạng khoa học (E+). " + KEEP_AS_TEXT
            )
        if _DECIMAL_ZERO.fullmatch(text):
            raise ValueError(
                f"«{text}» là số thẻ đã bị đổi thành số thập phân (có «.0» ở cuối). " + KEEP_AS_TEXT
            )
        return text
    return parse_text_code(value)


def safe_cell(value: object) -> object:
    """Guard an exported string against formula injection: prefix "'" to one that a
    spreadsheet would run as a formula (starting with = + - @, tab or CR)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


@dataclass
class TemplateColumn:
    """One column of an import template.

    `text`: format the column as Text ("@") so that Excel keeps leading zeros (identity and
    card numbers). `choices`: allowed values, offered as a drop-down list.
    """

    header: str
    required: bool
    text: bool = False
    choices: list[str] | None = None
    help: str = ""
    example: str = ""
    width: int = 18

    @property
    def label(self) -> str:
        """The header as written in the template: required columns carry " *"."""
        return f"{self.header} *" if self.required else self.header


def _set_text(cell: Cell, value: str) -> None:
    """Write a string that stays a string even when it starts with "="."""
    cell.value = value
    cell.data_type = "s"


def write_template(columns: list[TemplateColumn], *, title: str, instructions: list[str]) -> bytes:
    """A blank import template (.xlsx).

    Sheet "Dữ liệu" (first, so that `read_rows` finds it) has only the header row: the
    example lives on "Hướng dẫn" so that it is never imported by mistake. Drop-down lists
    whose inline form would pass Excel's 255-character limit live on the hidden "Danh mục".
    """
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    help_sheet = workbook.create_sheet(HELP_SHEET)
    lists = None

    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index)
        _set_text(header, column.label)
        header.font = _BOLD
        header.fill = _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        data.column_dimensions[letter].width = column.width
        if column.text:
            # The column style covers cells typed further down; the cells themselves are
            # formatted too, because not every program applies column styles to new cells.
            data.column_dimensions[letter].number_format = "@"
            for row in range(2, TEMPLATE_ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"
        if column.choices:
            if lists is None:
                lists = workbook.create_sheet(LISTS_SHEET)
                lists.sheet_state = "hidden"
            formula = _choices_formula(column, index, lists)
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ",
                error=f"Hãy chọn một giá trị trong danh sách của cột «{column.header}».",
            )
            validation.add(f"{letter}2:{letter}1048576")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"

    _write_help(help_sheet, columns, title, instructions)
    return _save(workbook)


def _choices_formula(column: TemplateColumn, index: int, lists: Worksheet) -> str:
    """The validation source: inline when short and plain, else a range on the lists sheet."""
    choices = column.choices or []
    inline = ",".join(choices)
    if len(inline) <= _INLINE_LIST_LIMIT - 2 and not any('"' in c or "," in c for c in choices):
        return f'"{inline}"'
    letter = get_column_letter(index)
    for row, choice in enumerate(choices, start=1):
        _set_text(lists.cell(row=row, column=index), choice)
    sheet = quote_sheetname(LISTS_SHEET)
    return f"{sheet}!${letter}$1:${letter}${len(choices)}"


def _write_help(
    ws: Worksheet, columns: list[TemplateColumn], title: str, instructions: list[str]
) -> None:
    """Title, instructions, the table of columns, then one example row under its headers."""
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    row = 3
    for line in instructions:
        _set_text(ws.cell(row=row, column=1), line)
        row += 1

    row += 1
    ws.cell(row=row, column=1, value="Các cột của mẫu").font = _BOLD
    row += 1
    table_headers = ["Cột", "Bắt buộc", "Hướng dẫn", "Giá trị được phép"]
    for index, text in enumerate(table_headers, start=1):
        cell = ws.cell(row=row, column=index, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for column in columns:
        row += 1
        allowed = "; ".join(column.choices or [])
        if not allowed and column.text:
            allowed = "Văn bản (giữ nguyên số 0 ở đầu)"
        for index, text in enumerate([column.header, "Có" if column.required else "Không"], 1):
            _set_text(ws.cell(row=row, column=index), text)
        _set_text(ws.cell(row=row, column=3), column.help)
        _set_text(ws.cell(row=row, column=4), allowed)

    row += 2
    ws.cell(
        row=row, column=1, value="Ví dụ một dòng dữ liệu (chỉ để tham khảo; nhập ở trang «Dữ liệu»)"
    ).font = _BOLD
    row += 1
    for index, column in enumerate(columns, start=1):
        header = ws.cell(row=row, column=index)
        _set_text(header, column.label)
        header.font = _BOLD
        header.fill = _HEADER_FILL
        example = ws.cell(row=row + 1, column=index)
        _set_text(example, column.example)
        if column.text:
            example.number_format = "@"

    minimum = {1: 28, 2: 10, 3: 50, 4: 30}
    for index in range(1, max(len(columns), len(table_headers)) + 1):
        width = columns[index - 1].width if index <= len(columns) else 0
        ws.column_dimensions[get_column_letter(index)].width = max(width, minimum.get(index, 0))


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    name = re.sub(r"[\[\]:*?/\\]", " ", clean(title)).strip("' ")
    return name[:31].strip() or DATA_SHEET


def _plain_value(value: object) -> object:
    """A value openpyxl can store: timezones dropped (callers pass local time), other
    objects (lazy strings, UUIDs) as text."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | dt.date | dt.time):
        return value
    return str(value)


def write_table(
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
    subtitle: Sequence[str] = (),
    text_columns: Collection[int] = frozenset(),
    row_numbers: bool = True,
) -> bytes:
    """A list as an .xlsx office document, written row by row (openpyxl write-only).

    Above the table, the title block: `title` (which also names the sheet), then the
    `subtitle` lines (the organisation, the date the list holds for), each merged across
    the table and bold, then one blank row. The first column is "STT" (1, 2, …) unless
    `row_numbers` is False. Column widths fit the header and the first `WIDTH_SAMPLE_ROWS`
    rows (between `WIDTH_MIN` and `WIDTH_MAX` characters; longer text wraps), so only that
    many rows are ever held. The header row is frozen and repeated on every printed page;
    the print fits the width of an A4 landscape page, with "Trang x/y" in the footer.
    `text_columns` are 0-based indexes into `headers` (not counting STT) of columns written
    as Text, so that "012345678901" keeps its zero. `read_rows` reads such a file back: it
    finds the header below the title block and ignores the STT column.
    """
    lines = [line for line in (clean(s) for s in subtitle) if line][:MAX_SUBTITLE_LINES]
    heading = clean(title)
    offset = 1 if row_numbers else 0
    columns = ([ROW_NUMBER_HEADER] if row_numbers else []) + list(headers)
    last = get_column_letter(max(len(columns), 1))
    row_iter = iter(rows)
    sample = list(itertools.islice(row_iter, WIDTH_SAMPLE_ROWS))

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_sheet_title(title))
    # Widths, views and page setup are written out at the first append: set them before.
    for index, width in enumerate(_fitted_widths(columns, sample, offset), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    block = [heading] if heading else []
    block += lines
    header_row = len(block) + 2 if block else 1
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    _print_setup(ws)

    for number, text in enumerate(block, start=1):
        cell = WriteOnlyCell(ws, value=safe_cell(text))
        cell.data_type = "s"
        cell.font = _TITLE_FONT if number == 1 and heading else _BOLD
        cell.alignment = _CENTRED
        ws.append([cell])
        if len(columns) > 1:
            ws.merged_cells.add(f"A{number}:{last}{number}")
    if block:
        ws.append([])

    header_cells = []
    for header in columns:
        cell = WriteOnlyCell(ws, value=safe_cell(header))
        cell.data_type = "s"
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        cell.border = _BOX
        header_cells.append(cell)
    ws.append(header_cells)

    text = frozenset(i + offset for i in text_columns)
    for number, row in enumerate(itertools.chain(sample, row_iter), start=1):
        values = [number, *row] if row_numbers else list(row)
        ws.append([_table_cell(ws, value, i in text, i < offset) for i, value in enumerate(values)])
    return _save(workbook)


def _fitted_widths(columns: list[str], sample: list[Sequence[object]], offset: int) -> list[float]:
    """Each column's width in characters: its longest line among the header and the sample
    rows, plus a margin, kept within [WIDTH_MIN, WIDTH_MAX]."""
    longest = [_shown_length(header) for header in columns]
    for number, row in enumerate(sample, start=1):
        values = [number, *row] if offset else row
        for index, value in enumerate(values[: len(longest)]):
            longest[index] = max(longest[index], _shown_length(value))
    return [min(max(length + 2, WIDTH_MIN), WIDTH_MAX) for length in longest]


def _shown_length(value: object) -> int:
    """How many characters the cell shows on its longest line."""
    value = _plain_value(value)
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _print_setup(ws: WriteOnlyWorksheet) -> None:
    """A4 landscape, as wide as one page and as long as it takes, page numbers below."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"


def _table_cell(
    ws: WriteOnlyWorksheet, value: object, as_text: bool, row_number: bool = False
) -> object:
    value = _plain_value(value)
    if value is None:
        return None
    if as_text and not isinstance(value, str):
        value = parse_text_code(value) if isinstance(value, int | float) else str(value)
    cell = WriteOnlyCell(ws, value=safe_cell(value) if isinstance(value, str) else value)
    cell.alignment = _NUMBER_ALIGNMENT if row_number else _WRAP
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, an error code or anything but text
        if as_text:
            cell.number_format = "@"
    elif isinstance(value, dt.date):
        cell.number_format = _DATETIME_FORMAT if isinstance(value, dt.datetime) else _DATE_FORMAT
    return cell


def _csv_text(value: object) -> object:
    value = _plain_value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return safe_cell(value)


def write_csv(
    headers: list[str], rows: Iterable[Sequence[object]], *, delimiter: str = ","
) -> bytes:
    """A list as CSV in UTF-8 with BOM (without it Excel reads Vietnamese as Windows-1258)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
