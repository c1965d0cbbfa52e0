"""The tables' pages and Excel files: what they show, in whose scope, with what input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from dangvu.lib.vnformat import fmt_number
from dangvu.stats.tables import DAY, TABLES, build
from dangvu.stats.tests.conftest import DAY as ON
from dangvu.stats.tests.conftest import YEAR as IN

pytestmark = pytest.mark.django_db


def query(table: Any, org: str = "GK1") -> dict[str, str]:
    when = {"ngay": ON.strftime("%d/%m/%Y")} if table.period == DAY else {"nam": str(IN)}
    return {"to_chuc": org, **when}


@pytest.fixture
def secretary(client: Client, committee: dict[str, Any], cast: dict[str, Any]) -> Client:
    client.force_login(cast["grassroots"])
    return client


def test_the_index_lists_every_table_with_its_links(secretary: Client) -> None:
    body = secretary.get(reverse("stats:index"), {"to_chuc": "GK1"}).content.decode()
    for table in TABLES:
        assert table.number in body
        assert reverse("stats:table", args=[table.code]) in body
        assert reverse("stats:download", args=[table.code]) in body
    assert reverse("stats:workbook") in body


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_the_page_shows_the_table_as_built(
    secretary: Client, committee: dict[str, Any], table: Any
) -> None:
    response = secretary.get(reverse("stats:table", args=[table.code]), query(table))
    assert response.status_code == 200
    body = response.content.decode()
    built = build(table, committee["GK1"], **({"day": ON} if table.period == DAY else {"year": IN}))
    for part in (table.number, table.title, "ĐẢNG CỘNG SẢN VIỆT NAM", "STT", "Tổng cộng"):
        assert part in body
    assert built.period_label in body
    assert 'class="table-responsive' in body
    for line in built.rows:
        assert escape(line.label) in body
    total = body.split('data-testid="total"')[1].split("</tr>")[0]
    for value, column in zip(built.total.cells, built.columns, strict=True):
        assert f">{fmt_number(value, column.decimals)}<" in total


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_the_excel_file_holds_the_pages_figures_in_the_forms_layout(
    secretary: Client, committee: dict[str, Any], table: Any
) -> None:
    response = secretary.get(reverse("stats:download", args=[table.code]), query(table))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }
    texts = [v for v in cells.values() if isinstance(v, str)]
    for part in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        table.number,
        table.title.upper(),
        "Đơn vị tính: người",
        "STT",
        "NGƯỜI LẬP BIỂU",
        "BÍ THƯ",
        "T/M ĐẢNG ỦY",
        "ĐẢNG ỦY SỞ Y TẾ",
    ):
        assert part in texts, part
    built = build(table, committee["GK1"], **({"day": ON} if table.period == DAY else {"year": IN}))
    assert built.period_label in texts
    # The line of column numbers, then one row per line of the page, the total last.
    numbers_row = next(r for (r, c), v in cells.items() if c == 1 and v == "A")
    assert [cells.get((numbers_row, c)) for c in range(1, 5)][:3] == ["A", "B", 1]
    for offset, line in enumerate(built.all_lines(), start=1):
        row = numbers_row + offset
        assert cells.get((row, 1)) == line.number
        assert str(cells[(row, 2)]).startswith(line.label)
        for i, (value, column) in enumerate(zip(line.cells, built.columns, strict=True)):
            shown = None if value is None else round(value, column.decimals)
            assert cells.get((row, 3 + i)) == shown, (line.label, i)


def test_the_workbook_has_a_sheet_per_table(secretary: Client) -> None:
    response = secretary.get(
        reverse("stats:workbook"), {"to_chuc": "GK1", "ngay": "30/06/2025", "nam": "2024"}
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == len(TABLES)


@pytest.mark.parametrize("name", ["stats:table", "stats:download"])
def test_another_committees_user_gets_404(
    client: Client, committee: dict[str, Any], cast: dict[str, Any], name: str
) -> None:
    client.force_login(cast["cell"])  # the secretary of GK2's cell
    response = client.get(reverse(name, args=["so-luong"]), {"to_chuc": "GK1"})
    assert response.status_code == 404
    response = client.get(reverse("stats:workbook"), {"to_chuc": "GK1"})
    assert response.status_code == 404


def test_a_user_without_a_role_sees_no_table(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["nobody"])
    response = client.get(reverse("stats:table", args=["so-luong"]))
    assert response.status_code == 200
    assert "chưa được giao vai trò" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"ngay": "31/02/2025"}, "không đọc được"),
        ({"ngay": "01/01/2999"}, "chưa đến"),
        ({"nam": "x9"}, "không hợp lệ"),
        ({"nam": "1990"}, "không hợp lệ"),
        ({"ngay": "01/01/2019"}, "được thành lập ngày 01/01/2020"),
    ],
)
def test_bad_parameters_are_said_in_words(
    secretary: Client, params: dict[str, str], says: str
) -> None:
    for code in ("so-luong", "ket-nap"):
        response = secretary.get(reverse("stats:table", args=[code]), {"to_chuc": "GK1", **params})
        assert response.status_code == 200
        body = response.content.decode()
        if code == "so-luong" or "nam" in params:
            assert says in body, (code, params)
        response = secretary.get(
            reverse("stats:download", args=[code]), {"to_chuc": "GK1", **params}
        )
        assert response.status_code == 200


def test_a_year_before_the_committee_existed_has_no_table(secretary: Client) -> None:
    response = secretary.get(
        reverse("stats:table", args=["ket-nap"]), {"to_chuc": "GK1", "nam": "2019"}
    )
    body = response.content.decode()
    assert "được thành lập ngày 01/01/2020" in body
    assert 'data-testid="total"' not in body
    response = secretary.get(
        reverse("stats:download", args=["ket-nap"]), {"to_chuc": "GK1", "nam": "2019"}
    )
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("code", ["khong-co", "..", "so-luong%00"])
def test_an_unknown_table_is_404(secretary: Client, code: str) -> None:
    assert secretary.get(f"/stats/{code}/").status_code == 404
    assert secretary.get(f"/stats/{code}/tai-ve/").status_code == 404


def test_junk_parameters_never_crash(secretary: Client) -> None:
    junk = {"to_chuc": "KHONGCO", "ngay": "99/99/9999", "nam": "-1e9"}
    for name, args in (
        ("stats:index", []),
        ("stats:workbook", []),
        ("stats:table", ["so-luong"]),
        ("stats:download", ["giam"]),
    ):
        assert secretary.get(reverse(name, args=args), junk).status_code == 404
        response = secretary.get(reverse(name, args=args), {**junk, "to_chuc": "GK1"})
        assert response.status_code == 200
