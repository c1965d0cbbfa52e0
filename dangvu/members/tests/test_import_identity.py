"""Identity and card numbers in imports: another person's number is an error row naming
both people (never "đã có (không đổi)"), and a number Excel spoilt says so and how to keep
the column as text. Checked over every import kind that carries these numbers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import Report, get_kind, kinds, run_import
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.members.tests.factories import existing, full_member

pytestmark = pytest.mark.django_db

AN_IDENT = "052090001234"
AN_CARD = "05012345"


def sheet(kind_code: str, rows: list[dict[str, Any]]) -> bytes:
    """A file with every header of the kind; string cells formatted as text, numbers not."""
    heads = [c.header for c in get_kind(kind_code).columns]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(heads)
    for row in rows:
        ws.append([row.get(h) for h in heads])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(kind_code: str, rows: list[dict[str, Any]], user: Any) -> Report:
    return run_import(
        get_kind(kind_code),
        sheet(kind_code, rows),
        "tep.xlsx",
        user=user,
        scope=member_editable_organisations(user),
        commit=True,
    )


def problems(report: Report) -> str:
    return "\n".join(f"{p.column}: {p.message}" for p in [*report.problems, *report.duplicates])


@pytest.fixture
def an(tree: dict[str, Any]) -> Member:
    member = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2010, 5, 1),
        "Nguyễn Văn An",
        birth=dt.date(1990, 5, 17),
        identity_number=AN_IDENT,
    )
    actions.do_issue_card(
        member, card_number=AN_CARD, decision=Decision(dt.date(2021, 5, 19)), acting_user=None
    )
    member.refresh_from_db()
    return member


PERSON = {"Giới tính": "Nam", "Dân tộc": "Kinh"}
# A valid row of each kind that creates a person with an identity number, in C12.
CREATING: dict[str, dict[str, Any]] = {
    "members": {
        "Chi bộ": "C12",
        "Ghi nhận từ ngày": "01/01/2024",
        "Ngày kết nạp": "03/02/2010",
        "Ngày chính thức": "15/02/2011",
    },
    "events": {"Loại biến động": "Kết nạp", "Tổ chức": "C12", "Ngày": "06/05/2024"},
    "events-admissions": {"Tổ chức": "C12", "Ngày": "06/05/2024"},
    "events-transfers-in": {
        "Tổ chức": "C12",
        "Ngày": "06/05/2024",
        "Đảng bộ nơi đi / nơi đến": "Đảng bộ tỉnh Gia Lai",
        "Ngày kết nạp": "03/02/2010",
        "Ngày chính thức": "15/02/2011",
    },
    "candidates": {"Chi bộ": "C12", "Ngày đưa vào danh sách": "10/01/2024"},
}


def test_every_kind_that_creates_people_is_covered() -> None:
    creating = {
        k.code
        for k in kinds()
        if any(c.field == "identity_number" for c in k.columns)
        and any(c.field == "full_name" for c in k.columns)
        and any(c.field in ("organisation",) for c in k.columns)
        and any(c.field == "sex" for c in k.columns)
    }
    assert creating == set(CREATING)


def _row(kind: str, name: str, birth: str) -> dict[str, Any]:
    return {
        **PERSON,
        **CREATING[kind],
        "Họ và tên": name,
        "Ngày sinh": birth,
        "Số CCCD": AN_IDENT,
    }


def _nothing_written(before: tuple[int, int, int]) -> None:
    assert (
        Member.objects.count(),
        MemberEvent.objects.count(),
        AdmissionCandidate.objects.count(),
    ) == before


def _counts() -> tuple[int, int, int]:
    return Member.objects.count(), MemberEvent.objects.count(), AdmissionCandidate.objects.count()


@pytest.mark.parametrize("kind", sorted(CREATING))
@pytest.mark.parametrize(
    ("name", "birth"),
    [
        ("Trần Văn Khác", "17/05/1990"),  # another name
        ("Nguyễn Văn Ân", "17/05/1990"),  # another name, by one accent only
        ("Nguyễn Văn An", "18/05/1990"),  # another birth date
    ],
)
def test_a_row_with_another_persons_identity_number_names_both(
    kind: str, name: str, birth: str, an: Member, cast: dict[str, Any]
) -> None:
    before = _counts()
    report = load(kind, [_row(kind, name, birth)], cast["officer"])
    text = problems(report)
    assert not report.committed and report.created == 0 and report.unchanged == 0
    assert "Nguyễn Văn An" in text and name in text and AN_IDENT in text, text
    assert "Constraint" not in text and "UNIQUE" not in text
    _nothing_written(before)


@pytest.mark.parametrize("kind", sorted(CREATING))
def test_another_persons_number_outside_the_scope_is_not_named(
    kind: str, an: Member, cast: dict[str, Any]
) -> None:
    row = {**_row(kind, "Trần Văn Khác", "17/05/1990")}
    for header in ("Chi bộ", "Tổ chức"):
        if header in row:
            row[header] = "C21"
    report = load(kind, [row], cast["cell"])  # secretary of C21, under GK2
    text = problems(report)
    assert "ngoài phạm vi quản lý" in text, text
    assert "Nguyễn Văn An" not in text
    assert not report.committed


def test_the_same_person_written_differently_is_already_there(
    an: Member, cast: dict[str, Any]
) -> None:
    row = {
        **_row("members", "NGUYỄN  VĂN AN", "17/05/1990"),
        "Chi bộ": "C11",
        "Ngày kết nạp": "01/05/2010",
    }
    report = load("members", [row], cast["officer"])
    assert report.ok and report.unchanged == 1 and report.created == 0, problems(report)


def test_the_same_number_with_another_admission_date_is_an_error(
    an: Member, cast: dict[str, Any]
) -> None:
    row = {**_row("members", "Nguyễn Văn An", "17/05/1990"), "Ngày kết nạp": "03/02/2010"}
    report = load("members", [row], cast["officer"])
    assert "ngày kết nạp" in problems(report) and report.unchanged == 0


def test_two_rows_of_one_file_with_one_number_name_the_earlier_row(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    rows = [
        {**_row("members", "Lê Văn Một", "01/01/1991"), "Số CCCD": "052091000001"},
        {**_row("members", "Lê Văn Hai", "02/02/1992"), "Số CCCD": "052091000001"},
    ]
    report = load("members", rows, cast["officer"])
    text = problems(report)
    assert "Lê Văn Một" in text and "Lê Văn Hai" in text
    assert Member.objects.count() == 0


def test_a_card_number_already_issued_is_refused_in_imports(
    an: Member, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    row = {
        **_row("members", "Trần Văn Khác", "17/05/1991"),
        "Số CCCD": "052091000002",
        "Số thẻ đảng viên": AN_CARD,
    }
    text = problems(load("members", [row], cast["officer"]))
    assert "Số thẻ đảng viên 05012345 đã cấp cho đồng chí Nguyễn Văn An" in text
    other = full_member(tree["C12"], dt.date(2020, 3, 1), "Lê Thị Bình", birth=dt.date(1992, 1, 1))
    card_row = {
        "Họ và tên": "Lê Thị Bình",
        "Ngày sinh": "01/01/1992",
        "Ngày": "19/05/2024",
        "Số thẻ đảng viên": AN_CARD,
    }
    text = problems(load("events-cards", [card_row], cast["officer"]))
    assert "đã cấp cho đồng chí Nguyễn Văn An" in text, text
    other.refresh_from_db()
    assert other.card_number == ""


# --- numbers Excel spoilt ------------------------------------------------------------------

IDENTITY_KINDS = sorted(
    k.code for k in kinds() if any(c.field == "identity_number" for c in k.columns)
)
SPOILT = [
    (52090001234, "Excel đã bỏ mất số 0 ở đầu"),  # a number cell: the leading zero is gone
    (52090001234.0, "Excel đã bỏ mất số 0 ở đầu"),
    ("52090001234", "Excel đã bỏ mất số 0 ở đầu"),  # the same, saved to text (CSV)
    ("5.2E+11", "dạng khoa học"),
    ("5,209E+11", "dạng khoa học"),
    ("52090001234.0", "số thập phân"),
    (1234567, "có 7 chữ số"),
]


def test_every_identity_column_is_read_as_an_identity_number() -> None:
    assert len(IDENTITY_KINDS) >= 8
    for code in IDENTITY_KINDS:
        column = next(c for c in get_kind(code).columns if c.field == "identity_number")
        assert column.type == "identity", code
        assert column.template_column().text, code


@pytest.mark.parametrize("kind", IDENTITY_KINDS)
@pytest.mark.parametrize(("cell", "says"), SPOILT)
def test_an_identity_number_excel_spoilt_says_so_and_how_to_keep_it(
    kind: str, cell: Any, says: str, admin_user: Any
) -> None:
    column = next(c for c in get_kind(kind).columns if c.field == "identity_number")
    report = run_import(
        get_kind(kind),
        sheet(kind, [{column.header: cell}]),
        "tep.xlsx",
        user=admin_user,
        scope=member_editable_organisations(admin_user),
        commit=False,
    )
    mine = [p for p in report.problems if p.column == column.header]
    assert mine, problems(report)
    message = mine[0].message
    assert says in message and "Văn bản (Text)" in message and "dấu nháy" in message, message


def test_a_twelve_digit_number_cell_is_accepted(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    row = {**_row("members", "Lê Văn Số", "01/01/1991"), "Số CCCD": 152091000003}
    report = load("members", [row], cast["officer"])
    assert report.committed, problems(report)
    assert Member.objects.get(full_name="Lê Văn Số").identity_number == "152091000003"


@pytest.mark.parametrize(("cell", "says"), [("5.2E+7", "dạng khoa học"), ("501234.0", "thập phân")])
def test_a_card_number_excel_spoilt_says_so(
    cell: str, says: str, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    row = {**_row("members", "Lê Văn Thẻ", "01/01/1991"), "Số CCCD": "", "Số thẻ đảng viên": cell}
    text = problems(load("members", [row], cast["officer"]))
    assert says in text and "Văn bản (Text)" in text, text


# --- every kind that names a person by identity number ---------------------------------

# Records a row refers to, imported first from their own kind's example.
PREREQUISITES = {
    "class-learners": "classes",
    "meeting-attendance": "meetings",
    "congress-elections": "congresses",
}
# Cells changed so that the row refers to the prerequisite's example (and the example
# names no one but An: the meeting's chair and secretary are left out; the congress is a
# grassroots committee's, held with its results to follow).
OVERRIDES: dict[str, dict[str, Any]] = {
    "class-learners": {"Tên lớp": "Lớp đảng viên mới khóa 1/2024"},
    "meetings": {"Chủ trì": None, "Thư ký": None, "Cấp ủy cấp trên dự": None},
    "congresses": {"Tổ chức đảng": "GK1", "Tình trạng": "Đã tổ chức, nhập kết quả bầu cử sau"},
    "congress-elections": {"Tổ chức đảng": "GK1"},
}


def example_row(kind_code: str, cells: dict[str, Any]) -> dict[str, Any]:
    """The template's example row, in An's organisation, with `cells` changed."""
    kind = get_kind(kind_code)
    row = {c.header: c.example or None for c in kind.columns}
    for c in kind.columns:
        if c.type == "org":
            row[c.header] = "C11"
    return {**row, **OVERRIDES.get(kind_code, {}), **cells}


def naming_kinds() -> list[str]:
    return sorted(
        k.code
        for k in kinds()
        if {"identity_number"} <= {c.field for c in k.columns}
        and {c.field for c in k.columns} & {"full_name", "person_name"}
    )


@pytest.mark.parametrize("kind", naming_kinds())
def test_every_row_that_names_a_person_by_identity_must_name_that_person(
    kind: str, an: Member, admin_user: Any
) -> None:
    if kind in PREREQUISITES:
        before = load(PREREQUISITES[kind], [example_row(PREREQUISITES[kind], {})], admin_user)
        assert before.committed, before.lines()
    columns = {c.field: c.header for c in get_kind(kind).columns}
    name = columns.get("full_name") or columns["person_name"]
    row = example_row(kind, {columns["identity_number"]: AN_IDENT, name: "Nguyễn Văn Ân"})
    report = load(kind, [row], admin_user)
    # At the identity column, or the name's (the class learners' import says the name).
    mine = [p.message for p in report.problems if p.column in ("Số CCCD", name)]
    assert mine, problems(report)
    assert "Nguyễn Văn An" in mine[0] and "Nguyễn Văn Ân" in mine[0]
    assert not report.committed
