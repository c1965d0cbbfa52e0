"""A report for a period before an organisation was founded or after it ended says so.

Issue 13, point 17: a report or figure for an organisation for a period before it was
founded or after it ended says so in words ("Tổ chức … được thành lập ngày …; kỳ báo cáo
… trước ngày thành lập"), not a report of zeros; a period partly overlapping says which
part is covered. Checked for every output of the annual report (web page, JSON, Word,
Excel, standalone HTML), the indicators page and the default organisation of a past year.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangvu.orgs.tests.dissolved_bloc import NEW_CODE, NEW_NAME, dissolve_bloc
from dangvu.reports import annual

pytestmark = pytest.mark.django_db

BEFORE = f"Tổ chức {NEW_NAME} được thành lập ngày 01/03/2025; kỳ báo cáo năm 2023"
AFTER_END = "kết thúc hoạt động từ ngày 01/03/2025"
PARTLY_BLOC = "chỉ gồm phần từ ngày 01/01/2025 đến ngày 28/02/2025"
PARTLY_NEW = "chỉ gồm phần từ ngày 01/03/2025 đến ngày 31/12/2025"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 30, 9, 0), tick=False):
        yield


@pytest.fixture
def new_committee(tree: dict[str, Any], decision: Any) -> Any:
    return dissolve_bloc(tree, decision)


@pytest.fixture
def admin_client(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def _xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    )


def download(client: Client, fmt: str, code: str, year: int) -> str:
    response = client.get(
        reverse("reports:annual_download", args=[fmt]), {"to_chuc": code, "nam": year}
    )
    assert response.status_code == 200
    if fmt == "docx":
        return _docx_text(response.content)
    if fmt == "xlsx":
        return _xlsx_text(response.content)
    return response.content.decode()


def test_a_report_before_founding_has_no_figures_only_the_reason(new_committee: Any) -> None:
    report = annual.compose(new_committee, 2023)
    assert report.absent and not report.has_data
    assert report.figures == {}
    assert report.coverage.startswith(BEFORE)
    assert "trước ngày thành lập" in report.coverage
    document = report.to_json()
    assert document["indicators"] == {}
    assert document["coverage"] == {"exists": False, "complete": False, "note": report.coverage}


def test_a_report_after_the_end_has_no_figures_only_the_reason(
    tree: dict[str, Any], new_committee: Any
) -> None:
    report = annual.compose(tree["BLOC"], 2026)
    assert report.absent and report.figures == {}
    assert AFTER_END in report.coverage
    assert "(giải thể, kết thúc hoạt động)" in report.coverage
    # The year before, it lived two months: figures, and the days they cover.
    earlier = annual.compose(tree["BLOC"], 2025)
    assert not earlier.absent and earlier.figures
    assert PARTLY_BLOC in earlier.coverage


@pytest.mark.parametrize("fmt", ["json", "docx", "xlsx", "html"])
def test_every_output_says_in_words_when_the_organisation_did_not_exist(
    admin_client: Client, new_committee: Any, fmt: str
) -> None:
    before = download(admin_client, fmt, NEW_CODE, 2023)
    assert BEFORE in before and "trước ngày thành lập" in before
    after = download(admin_client, fmt, "BLOC", 2026)
    assert AFTER_END in after and "sau khi tổ chức kết thúc hoạt động" in after


@pytest.mark.parametrize("fmt", ["json", "docx", "xlsx", "html"])
def test_every_output_of_a_year_partly_lived_says_which_part_is_covered(
    admin_client: Client, new_committee: Any, fmt: str
) -> None:
    assert PARTLY_BLOC in download(admin_client, fmt, "BLOC", 2025)
    assert PARTLY_NEW in download(admin_client, fmt, NEW_CODE, 2025)


def test_the_report_page_says_so_and_shows_no_table_of_zeros(
    admin_client: Client, new_committee: Any
) -> None:
    body = admin_client.get(reverse("reports:annual"), {"to_chuc": NEW_CODE, "nam": 2023})
    text = body.content.decode()
    assert BEFORE in text
    assert 'data-testid="report-figures"' not in text
    partly = admin_client.get(reverse("reports:annual"), {"to_chuc": "BLOC", "nam": 2025})
    assert PARTLY_BLOC in partly.content.decode()


def test_the_indicators_page_says_so_instead_of_zeros(
    admin_client: Client, new_committee: Any
) -> None:
    body = admin_client.get(reverse("reports:figures"), {"to_chuc": NEW_CODE, "nam": 2023})
    text = body.content.decode()
    assert BEFORE in text
    assert 'data-code="members.end"' not in text
    partly = admin_client.get(reverse("reports:figures"), {"to_chuc": "BLOC", "nam": 2025})
    assert PARTLY_BLOC in partly.content.decode()


def test_a_past_year_without_a_chosen_organisation_opens_on_the_committee_of_that_year(
    admin_client: Client, new_committee: Any
) -> None:
    body = admin_client.get(reverse("reports:annual"), {"nam": 2023}).content.decode()
    assert 'value="BLOC — ' in body
    assert BEFORE not in body
    figures = admin_client.get(reverse("reports:figures"), {"nam": 2023}).content.decode()
    assert 'value="BLOC — ' in figures


def test_the_statistical_table_of_a_year_partly_lived_names_when_each_row_began(
    admin_client: Client, new_committee: Any
) -> None:
    text = download(admin_client, "xlsx", NEW_CODE, 2025)
    assert PARTLY_NEW in text


def test_the_command_without_an_organisation_reports_on_the_committee_of_that_year(
    new_committee: Any, tmp_path: Any
) -> None:
    from django.core.management import call_command

    out = tmp_path / "bao-cao.json"
    call_command("report", "annual", "--year", "2023", "--format", "json", "-o", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["organisation"]["code"] == "BLOC"
    assert document["coverage"]["exists"] is True
    call_command("report", "annual", "--year", "2026", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["organisation"]["code"] == NEW_CODE
