"""One import mechanism for every record kind, driven by a declaration of columns.

An app declares an `ImportKind`: its Vietnamese columns (header, field, type, required,
allowed values) and an `apply` function that writes one parsed row through the app's
domain actions. From that declaration come the blank template, the validation, the import
itself (web and command line alike) and docs/import.md.

`run_import` reads every row, parses its cells by type, and applies it inside a savepoint
of one transaction; a refused row is rolled back to its savepoint and reported by row,
column and reason. Unless the caller commits and every row passed, the whole transaction
is rolled back at the end: a preview and a failed import write nothing.

Rows are taken in chunks of `CHUNK_ROWS`. A kind that declares a `batch` gets, for each
chunk, one call to load what its rows will look up, then checks each row without writing
(its `apply` only hands the checked row to the batch), and one write for the whole chunk:
that is how a roll of 100,000 members imports in minutes, not hours. The rules are the
same functions either way; only the reads and the writes are grouped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangvu.core.errors import DomainError
from dangvu.core.fields import (
    COUNT_MAX,
    LINE_MAX,
    TEXT_MAX,
    IntRange,
    date_range_for,
    year_range,
)
from dangvu.lib import sheets
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import AmbiguousOrganisation, resolve_organisation


@dataclass(frozen=True)
class Column:
    """One column of an import: what the user sees and how the cell is read."""

    header: str
    field: str
    type: str = "text"  # text | code | identity | card | date | int | money | month | choice | org
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Vietnamese label)
    help: str = ""
    example: str = ""
    # Longest cell accepted; by default a line (255), or a paragraph for the long-text
    # fields (notes, conclusions...). A 100,000-character cell is never stored.
    max_length: int | None = None

    def length_limit(self) -> int:
        if self.max_length is not None:
            return self.max_length
        return TEXT_MAX if self.field in LONG_TEXT_FIELDS else LINE_MAX

    @property
    def keeps_lines(self) -> bool:
        """A paragraph column keeps the line breaks of its cells (Alt+Enter in Excel), as
        its textarea does; every other cell is one line."""
        return self.type == "text" and self.field in LONG_TEXT_FIELDS

    def template_column(self) -> sheets.TemplateColumn:
        return sheets.TemplateColumn(
            header=self.header,
            required=self.required,
            text=self.type in TEXT_TYPES,
            choices=[label for _, label in self.choices] or None,
            help=self.help or TYPE_HELP.get(self.type, ""),
            example=self.example,
        )


# Fields written as paragraphs (TextField in the models); every other text is one line.
LONG_TEXT_FIELDS = frozenset(
    {"note", "conclusion", "violation", "subject", "outcome", "reason", "summary", "detail"}
)

# Columns the template formats as text, so that Excel keeps leading zeros.
TEXT_TYPES = frozenset({"code", "identity", "card", "text", "org", "month"})

# Date columns that are not the date of the record a row writes.
NOT_RECORD_DATES = frozenset({"birth_date"})

TYPE_HELP = {
    "date": "Ngày dạng dd/mm/yyyy (ví dụ 30/01/2024) hoặc ô kiểu ngày của Excel.",
    "code": "Nhập dạng văn bản để giữ các số 0 ở đầu.",
    "identity": "12 chữ số, nhập dạng văn bản để giữ số 0 ở đầu (ô dạng số làm mất số 0).",
    "card": "Chỉ gồm chữ số; nhập dạng văn bản để giữ các số 0 ở đầu.",
    "org": "Mã tổ chức (ví dụ DBK.01.02) hoặc tên đầy đủ, đúng như trong Đảng vụ.",
    "int": "Số nguyên.",
    "money": "Số tiền bằng đồng, số nguyên (ví dụ 150000 hoặc 150.000).",
    "month": "Tháng dạng mm/yyyy (ví dụ 03/2025).",
}


class RowError(Exception):
    """A row refused at one column (or the whole row when column is None)."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# Rows read, checked and (for a batched kind) written together; bounds memory on big files.
CHUNK_ROWS = 500


class Batch(Protocol):
    """Grouped reads and writes for a kind whose rows are many and alike."""

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        """Load at once what the checks of these parsed rows will look up."""

    def flush(self) -> None:
        """Write the rows `apply` accepted since the last flush."""


@dataclass
class Context:
    """What an import row may use: the acting user, their scope, and lookups with caches."""

    user: Any
    scope: QuerySet[Organisation]
    batch: Any = None  # the kind's Batch, when it declares one
    # The date of the row being applied (its kind's first required date column): among
    # organisations of the same name, the one that existed then is meant.
    row_date: dt.date | None = None
    # An organisation found, or the refusal to repeat, by (text, date).
    _orgs: dict[tuple[str, dt.date | None], Organisation | DomainError] = field(
        default_factory=dict
    )
    _in_scope: dict[int, bool] = field(default_factory=dict)

    def in_scope(self, org_id: int) -> bool:
        """Whether organisation `org_id` is within the user's scope (asked once per id)."""
        if org_id not in self._in_scope:
            self._in_scope[org_id] = self.scope.filter(pk=org_id).exists()
        return self._in_scope[org_id]

    def organisation(self, text: str, column: str, on: dt.date | None = None) -> Organisation:
        """The organisation named by code or exact name, within the user's scope.

        `on`, the row's date, picks among namesakes the one that existed then; a name that
        stays ambiguous is refused with the candidates (see `dangvu.orgs.resolve`).
        """
        text = clean(text)
        day = on if on is not None else self.row_date
        # A code or a name borne by one organisation answers for every date: asked once.
        # Only namesakes are asked again for each date.
        if (text, None) not in self._orgs:
            self._orgs[(text, None)] = self._resolve(text, None)
        found = self._orgs[(text, None)]
        if isinstance(found, AmbiguousOrganisation) and day is not None:
            if (text, day) not in self._orgs:
                self._orgs[(text, day)] = self._resolve(text, day)
            found = self._orgs[(text, day)]
        if isinstance(found, DomainError):
            raise RowError(found.message, column)
        return found

    def _resolve(self, text: str, day: dt.date | None) -> Organisation | DomainError:
        try:
            return resolve_organisation(self.scope, text, on=day)
        except DomainError as error:
            return error

    def forget(self) -> None:
        """Drop cached lookups (a row that created an organisation may be rolled back)."""
        self._orgs.clear()


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str
    description: str
    columns: tuple[Column, ...]
    # Writes one parsed row; returns "created" or "unchanged". Raises RowError/DomainError.
    apply: Callable[[dict[str, Any], Context], str]
    # Rows that depend on others of the same file (children after parents) may be retried.
    retry_on: tuple[str, ...] = ()
    # A possible duplicate person for a row, as a message, or None.
    duplicate_of: Callable[[dict[str, Any], Context], str | None] | None = None
    # Grouped reads and writes (see the module's docstring); `apply` then writes nothing.
    batch: Callable[[Context], Batch] | None = None
    # Rows that depend on rows further down the file (one decision's foundings before its
    # moves, its moves before its dissolutions): the whole file is parsed first, then its
    # rows are applied in the order this returns (each keeps its number in "_row").
    arrange: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
    # Further points of the format for docs/import.md (English prose, after the table).
    notes: tuple[str, ...] = ()

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    @property
    def date_field(self) -> str | None:
        """The field holding a row's own date: its first required date column (a birth
        date is a person's, not the record's)."""
        return next(
            (
                c.field
                for c in self.columns
                if c.type == "date" and c.required and c.field not in NOT_RECORD_DATES
            ),
            None,
        )

    def template(self) -> bytes:
        return sheets.write_template(
            [c.template_column() for c in self.columns],
            title=f"Mẫu nhập {self.label.lower()}",
            instructions=[
                self.description,
                "Mỗi dòng của trang «Dữ liệu» là một bản ghi; dòng đầu là tiêu đề, không sửa.",
                "Cột có dấu * là bắt buộc. Ngày ghi dạng dd/mm/yyyy.",
                "Không dán công thức: chỉ dán giá trị. Dòng trống ở cuối được bỏ qua.",
                "Nhập lại cùng một tệp không tạo bản ghi trùng.",
            ],
        )


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    _KINDS[kind.code] = kind


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def get_kind(code: str) -> ImportKind:
    try:
        return _KINDS[code]
    except KeyError:
        names = ", ".join(_KINDS)
        raise DomainError(f"Không có loại dữ liệu «{code}»; các loại: {names}.") from None


# --- parsing ------------------------------------------------------------------------


def parse_cell(column: Column, raw: Any) -> Any:
    """The typed value of one cell, or RowError naming the column."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise RowError("Ô bắt buộc đang trống.", column.header)
        return None
    if isinstance(raw, str) and len(raw) > column.length_limit():
        raise RowError(
            f"Ô dài {len(raw)} ký tự; cột này chỉ nhận tối đa {column.length_limit()} ký tự.",
            column.header,
        )
    if isinstance(raw, str) and "\x00" in raw:
        raise RowError("Ô có ký tự rỗng (mã 0); hãy gõ lại nội dung ô.", column.header)
    try:
        if column.type == "date":
            day = sheets.parse_date(raw)
            date_range_for(column.field)(day)
            return day
        if column.type == "code":
            return sheets.parse_text_code(raw)
        if column.type == "identity":
            return sheets.parse_identity_number(raw)
        if column.type == "card":
            return sheets.parse_card_number(raw)
        if column.type == "int":
            return _parse_int(column, raw)
        if column.type == "money":
            return _parse_money(raw)
        if column.type == "month":
            return _parse_month(raw)
        if column.type == "choice":
            text = clean(str(raw))
            for value, label in column.choices:
                if text.lower() in (value.lower(), label.lower()):
                    return value
            allowed = ", ".join(label for _, label in column.choices)
            raise RowError(
                f"Giá trị «{text}» không hợp lệ; chọn một trong: {allowed}.", column.header
            )
        if isinstance(raw, dt.datetime | dt.date):
            raise RowError("Ô này cần chữ, không phải ngày.", column.header)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return (clean_paragraphs if column.keeps_lines else clean)(str(raw))
    except ValueError as error:
        raise RowError(str(error), column.header) from None
    except ValidationError as error:
        raise RowError(" ".join(error.messages), column.header) from None


def _parse_int(column: Column, raw: Any) -> int:
    """A whole number within the column's plausible range (years, or counts)."""
    if isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    else:
        text = str(raw).strip()
        if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
            raise ValueError(f"«{text[:20]}» không phải số nguyên hợp lý")
        value = int(text)
    low, high = year_range() if "year" in column.field else (0, COUNT_MAX)
    IntRange(low, high)(value)
    return value


# The largest amount a money cell holds: a province's year of dues with room to spare.
MONEY_MAX = 10**12


def _parse_money(raw: Any) -> Decimal:
    """Whole đồng: a number cell, or digits grouped by dots, commas or spaces."""
    if isinstance(raw, bool | dt.date):
        raise ValueError("Ô này cần số tiền bằng đồng (ví dụ 150000)")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not raw.is_integer():
            raise ValueError(f"«{raw:g}» có phần lẻ; số tiền ghi bằng đồng, số nguyên")
        value = Decimal(int(raw))
    else:
        text = "".join(str(raw).split()).removesuffix("đ").removesuffix("đồng")
        if not re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d{1,13}", text):
            raise ValueError(
                f"«{str(raw).strip()[:20]}» không phải số tiền; ghi số đồng, ví dụ 150000 "
                "hoặc 150.000"
            )
        value = Decimal(re.sub(r"[.,]", "", text))
    if value < 0 or value > MONEY_MAX:
        raise ValueError(f"Số tiền phải từ 0 đến {MONEY_MAX:,} đồng".replace(",", "."))
    return value


def _parse_month(raw: Any) -> dt.date:
    """The first day of a month written mm/yyyy (or a date cell of that month)."""
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
    else:
        text = "".join(str(raw).split())
        found = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
        if found is None or not 1 <= int(found[1]) <= 12:
            raise ValueError(
                f"«{str(raw).strip()[:20]}» không phải tháng; ghi dạng mm/yyyy, ví dụ 03/2025"
            )
        day = dt.date(int(found[2]), int(found[1]), 1)
    low, high = year_range()
    if not low <= day.year <= high:
        raise ValueError(f"Năm {day.year} không hợp lý; ghi năm từ {low} đến {high}")
    return day.replace(day=1)


@dataclass
class Problem:
    row: int
    column: str | None
    message: str


@dataclass
class Report:
    kind: ImportKind
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    extra_headers: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.duplicates

    def lines(self) -> list[str]:
        """The report as the command line prints it (and the web page shows it)."""
        out = [
            f"{self.kind.label}: {self.rows} dòng; {self.created} mới, "
            f"{self.unchanged} đã có (không đổi), {len(self.problems)} lỗi, "
            f"{len(self.duplicates)} có thể trùng người."
        ]
        if self.extra_headers:
            out.append("Các cột không dùng (bỏ qua): " + ", ".join(self.extra_headers) + ".")
        for p in self.problems:
            where = f"Dòng {p.row}" + (f", cột «{p.column}»" if p.column else "")
            out.append(f"{where}: {p.message}")
        for p in self.duplicates:
            out.append(f"Dòng {p.row}: {p.message}")
        for p in self.skipped:
            out.append(f"Dòng {p.row}: bỏ qua (có thể trùng người đã có).")
        out.append(
            "Đã ghi vào cơ sở dữ liệu." if self.committed else "Chưa ghi gì vào cơ sở dữ liệu."
        )
        return out


def run_import(
    kind: ImportKind,
    data: bytes,
    filename: str,
    *,
    user: Any,
    scope: QuerySet[Organisation],
    commit: bool,
    accept_duplicates: Iterable[int] = (),
    skip_duplicates: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Validate (and, with `commit`, write) every row of a file, all or nothing.

    A row that may double a person already here is held back: it is written only if its
    number is in `accept_duplicates`; otherwise it is a problem, or, with
    `skip_duplicates`, left out of the import.
    """
    report = Report(kind)
    try:
        sheet = sheets.read_rows(
            data,
            filename,
            expected_headers=[c.header for c in kind.columns],
            required_headers=[c.header for c in kind.columns if c.required],
        )
    except sheets.SheetError as error:
        report.problems.append(Problem(0, None, error.message))
        return report
    report.extra_headers = list(sheet.extra_headers)
    accepted = set(accept_duplicates)
    ctx = Context(user=user, scope=scope)
    if kind.batch is not None:
        ctx.batch = kind.batch(ctx)
    with transaction.atomic():
        pending: list[tuple[int, dict[str, Any], RowError | DomainError]] = []
        chunk: list[tuple[int, dict[str, Any]]] = []

        def run_chunk() -> None:
            pending.extend(
                _apply_chunk(kind, chunk, ctx, report, accepted, skip_duplicates=skip_duplicates)
            )
            chunk.clear()

        try:
            for sheet_row in sheet.rows:
                report.rows += 1
                if progress is not None and report.rows % 500 == 0:
                    progress(report.rows)
                parsed = _parse(kind, sheet_row, report)
                if parsed is None:
                    continue
                chunk.append((sheet_row.number, parsed))
                if len(chunk) >= CHUNK_ROWS and kind.arrange is None:
                    run_chunk()
            if kind.arrange is not None:
                arranged = kind.arrange([parsed for _, parsed in chunk])
                chunk.clear()
                for parsed in arranged:
                    chunk.append((parsed["_row"], parsed))
                    if len(chunk) >= CHUNK_ROWS:
                        run_chunk()
            run_chunk()
        except sheets.SheetError as error:
            report.problems.append(Problem(0, None, error.message))
        except DomainError as error:  # a batch's write refused (e.g. a number taken meanwhile)
            report.problems.append(Problem(0, None, error.message))
        # Rows that waited for another row of the file (a child before its parent).
        while pending and kind.retry_on:
            still: list[tuple[int, dict[str, Any], RowError | DomainError]] = []
            for number, parsed, _ in pending:
                error = _apply(kind, parsed, ctx, report)
                if error is not None:
                    still.append((number, parsed, error))
            if len(still) == len(pending):
                break
            pending = still
        if ctx.batch is not None:
            try:
                ctx.batch.flush()  # the rows that a retry accepted
            except DomainError as error:
                report.problems.append(Problem(0, None, error.message))
        for number, _, error in pending:
            column = error.column if isinstance(error, RowError) else _column_of(kind, error)
            report.problems.append(Problem(number, column, error.message))
        report.problems.sort(key=lambda p: p.row)
        if commit and report.ok:
            report.committed = True
        else:
            transaction.set_rollback(True)
    return report


def _apply_chunk(
    kind: ImportKind,
    chunk: list[tuple[int, dict[str, Any]]],
    ctx: Context,
    report: Report,
    accepted: set[int],
    *,
    skip_duplicates: bool,
) -> list[tuple[int, dict[str, Any], RowError | DomainError]]:
    """Check (and apply) a chunk of parsed rows; return the refused ones."""
    if not chunk:
        return []
    if ctx.batch is not None:
        ctx.batch.prepare([parsed for _, parsed in chunk])
    refused: list[tuple[int, dict[str, Any], RowError | DomainError]] = []
    for number, parsed in chunk:
        if kind.duplicate_of is not None and number not in accepted:
            duplicate = kind.duplicate_of(parsed, ctx)
            if duplicate:
                target = report.skipped if skip_duplicates else report.duplicates
                target.append(Problem(number, None, duplicate))
                continue
        error = _apply(kind, parsed, ctx, report)
        if error is not None:
            refused.append((number, parsed, error))
    # Written even when a row was refused, as the savepoints of unbatched kinds keep the
    # rows that passed: the later rows are checked against them, and at the end the
    # whole transaction is rolled back anyway unless every row passed.
    if ctx.batch is not None:
        ctx.batch.flush()
    return refused


def _parse(kind: ImportKind, sheet_row: Any, report: Report) -> dict[str, Any] | None:
    parsed: dict[str, Any] = {"_row": sheet_row.number}
    failed = False
    for column in kind.columns:
        try:
            parsed[column.field] = parse_cell(column, sheet_row.values.get(column.header))
        except RowError as error:
            report.problems.append(Problem(sheet_row.number, error.column, error.message))
            failed = True
    return None if failed else parsed


def _apply(
    kind: ImportKind, parsed: dict[str, Any], ctx: Context, report: Report
) -> RowError | DomainError | None:
    # A batched kind's `apply` writes nothing, so a refused row has nothing to roll back.
    ctx.row_date = parsed.get(kind.date_field) if kind.date_field else None
    try:
        with transaction.atomic() if ctx.batch is None else nullcontext():
            outcome = kind.apply(parsed, ctx)
    except (RowError, DomainError) as error:
        ctx.forget()
        return error
    if outcome == "created":
        report.created += 1
    else:
        report.unchanged += 1
    return None


def _column_of(kind: ImportKind, error: DomainError) -> str | None:
    """The header of the column a domain error names by field, when there is one."""
    for column in kind.columns:
        if column.field == error.field:
            return column.header
    return None
