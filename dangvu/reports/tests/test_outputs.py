"""Each format renders; the Excel totals are the committee's figures; the command line."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from dangvu.reports import annual, prose, registry, xlsx
from dangvu.reports.outputs import render
from dangvu.reports.tests.records import YEAR, record_year

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 15, 9, 0)


@pytest.fixture
def report(tree: dict[str, Any]) -> annual.AnnualReport:
    with time_machine.travel(TODAY, tick=False):
        record_year(tree)
        return annual.compose(tree["BLOC"], YEAR)


def test_the_excel_totals_equal_the_committees_figures(report: annual.AnnualReport) -> None:
    book = load_workbook(io.BytesIO(render(report, "xlsx").content))
    ws = book[xlsx.SHEET_GRASSROOTS]
    header = [c.value for c in ws[4]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5) if row[2].value]
    names = [r[2] for r in rows]
    assert names[:4] == [
        "Chi bộ Sở Tư pháp",
        "Chi bộ Sở Ngoại vụ",
        "Đảng bộ Sở Y tế",
        "Đảng bộ Sở Tài chính",
    ]
    total = rows[names.index(xlsx.TOTAL_LABEL)]
    columns = xlsx.additive_figures(report)
    assert len(header) == 3 + len(columns)
    grassroots = rows[:4]
    difference = (
        rows[names.index(xlsx.DIFFERENCE_LABEL)] if xlsx.DIFFERENCE_LABEL in names else None
    )
    for i, f in enumerate(columns, start=3):
        assert header[i] == f"{f.label} ({f.unit})"
        assert total[i] == f.value, f.code
        summed = sum(r[i] or 0 for r in grassroots) + ((difference[i] or 0) if difference else 0)
        assert summed == (f.value or 0), f.code
    # Every record of this year sits under a grassroots organisation, and each grassroots
    # organisation counts itself: the rows add up with nothing left over.
    assert difference is None
    admitted = header.index("Kết nạp đảng viên mới (đảng viên)")
    assert [r[admitted] for r in grassroots] == [0, 1, 1, 1]
    committee = book[xlsx.SHEET_COMMITTEE]
    codes = {row[-1].value: row for row in committee.iter_rows(min_row=5)}
    assert codes["members.end"][2].value == 14
    assert codes["members.admitted"][3].value == 2  # the previous year


def test_the_excel_shows_the_committees_own_records_as_a_difference(
    tree: dict[str, Any],
) -> None:
    from dangvu.education import actions as edu

    with time_machine.travel(TODAY, tick=False):
        edu.do_create_conference(
            kind="INFO",
            title="Hội nghị của Đảng ủy Khối",
            date=dt.date(YEAR, 2, 1),
            organiser=tree["BLOC"],
            attendance=80,
            acting_user=None,
        )
        report = annual.compose(tree["BLOC"], YEAR)
    ws = load_workbook(io.BytesIO(render(report, "xlsx").content))[xlsx.SHEET_GRASSROOTS]
    header = [c.value for c in ws[4]]
    rows = {row[2].value: [c.value for c in row] for row in ws.iter_rows(min_row=5)}
    col = header.index("Hội nghị thông tin (hội nghị)")
    assert rows[xlsx.DIFFERENCE_LABEL][col] == 1
    assert rows[xlsx.TOTAL_LABEL][col] == 1


def test_the_word_document_is_a_party_report(report: annual.AnnualReport) -> None:
    doc = Document(io.BytesIO(render(report, "docx").content))
    header = "\n".join(c.text for c in doc.tables[0]._cells)
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" in header
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    assert "-BC/" in header
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body
    assert f"Kết quả công tác xây dựng Đảng năm {YEAR}" in body
    assert "I. Công tác tổ chức xây dựng Đảng" in body
    assert "kết nạp 03 đảng viên mới (bằng 25% tổng số đảng viên đầu năm" in body
    assert "{{" not in body and "{%" not in body
    signature = "\n".join(c.text for c in doc.tables[1]._cells)
    assert "Nơi nhận:" in signature and "T/M BAN THƯỜNG VỤ" in signature
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    # The charts are pictures in the document.
    names = zipfile.ZipFile(io.BytesIO(render(report, "docx").content)).namelist()
    assert sum(n.startswith("word/media/") for n in names) == 2


def test_the_html_file_says_what_the_word_file_says(report: annual.AnnualReport) -> None:
    page = re.sub(r"<[^>]+>", "", render(report, "html").content.decode())
    page = " ".join(html.unescape(page).split())
    word = "\n".join(
        p.text for p in Document(io.BytesIO(render(report, "docx").content)).paragraphs
    )
    paragraphs = [p.text for s in prose.compose_sections(report) for p in s.paragraphs]
    assert len(paragraphs) >= 4
    for text in paragraphs:
        assert text in page
        assert text in word
    assert "data:image/svg+xml;base64," in render(report, "html").content.decode()


def test_the_command_writes_every_format(tree: dict[str, Any], tmp_path: Path) -> None:
    with time_machine.travel(TODAY, tick=False):
        record_year(tree)
        for fmt in ("json", "docx", "xlsx", "html"):
            out = tmp_path / f"r.{fmt}"
            call_command("report", "annual", "--year", str(YEAR), "--format", fmt, "-o", str(out))
            assert out.stat().st_size > 0
        doc = json.loads((tmp_path / "r.json").read_text())
        assert doc["organisation"]["code"] == "BLOC"
        call_command(
            "report",
            "annual",
            "--org",
            "gk1",
            "--year",
            str(YEAR),
            "--format",
            "json",
            "-o",
            str(tmp_path / "gk1.json"),
        )
        assert json.loads((tmp_path / "gk1.json").read_text())["organisation"]["code"] == "GK1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2030"], "Năm 2030 chưa đến"),
        (["--year", "2023", "--org", "KHONGCO"], "Không tìm thấy tổ chức có mã «KHONGCO»"),
        (["--year", "2023", "--org", "GK2", "--user", "bithu_gk1"], "«GK2»"),
        (["--year", "2023", "--user", "khongai"], "Không có người dùng «khongai»"),
    ],
)
def test_the_command_refuses_bad_input_in_vietnamese(
    cast: dict[str, Any], tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.json"
    with time_machine.travel(TODAY, tick=False), pytest.raises(CommandError, match=message):
        call_command("report", "annual", *args, "--format", "json", "-o", str(out))
    assert not out.exists()


def test_the_command_reports_a_year_without_data(tree: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    with time_machine.travel(TODAY, tick=False):
        call_command("report", "annual", "--year", "2019", "--format", "json", "-o", str(out))
    doc = json.loads(out.read_text())
    assert doc["has_data"] is False
    assert all(item["value"] in (0, None) for item in doc["indicators"].values()), (
        "a year without data has no figure to state"
    )
    assert registry.get("members.end")
