"""Acceptance: a year recorded through the imports gives every figure of the reference report.

The data (see `acceptance/build.py`) is a provincial agencies bloc's 2022 and 2023, drawn
from a fixed seed and loaded once for the module through the spreadsheet imports, as an
administrator. Each test compares an indicator of 2023 with the figure the reference report
states, then the annual report's JSON and Word outputs with the same figures.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from docx import Document

from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Figure, Period, value
from dangvu.reports.tests.acceptance.build import build
from dangvu.reports.tests.acceptance.load import load

# The module's records are loaded once per worker (a minute and more): its tests stay on
# one worker of the suite.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("acceptance")]

# Later than the year after the report, as in the demonstration installation.
TODAY = dt.datetime(2026, 11, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
YEAR = Period.year(2023)


@pytest.fixture(scope="module")
def bloc(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Organisation]:
    """The bloc with its two years loaded, shared by the module and rolled back after it."""
    from django.contrib.auth import get_user_model

    directory = tmp_path_factory.mktemp("acceptance")
    with time_machine.travel(TODAY, tick=False), django_db_blocker.unblock(), transaction.atomic():
        admin = get_user_model().objects.create_superuser(
            "nghiemthu", "nghiemthu@example.org", "mat-khau-dai-va-kho-doan-2026"
        )
        load(build(), directory, admin)
        yield Organisation.objects.get(code="DBK")
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def figure(code: str, org: Organisation, period: Period = YEAR) -> Figure:
    return value(code, org, period)


def approx(number: float) -> Any:
    """A percentage as the report prints it: two decimals (or one) after rounding."""
    return pytest.approx(number, abs=0.005)


# --- the registry -----------------------------------------------------------------------

MEMBERS = {
    "members.admitted": 210,
    "members.end": 5136,
    "members.confirmed": 193,
    "members.cards_issued": 163,
    "members.transfers": 201,
    "members.badges_proposed": 26,
}
ORGS = {
    "orgs.dissolved": 1,
    "orgs.converted": 3,
    "orgs.grassroots": 72,
    "orgs.grassroots_cells": 26,
    "orgs.grassroots_committees": 46,
    "orgs.cells_under_grassroots_committees": 340,
    "orgs.sub_committees": 8,
    "orgs.cells_under_sub_committees": 31,
}
PERSONNEL = {
    "personnel.executive_completed": 2,
    "personnel.orgs_with_committee_decisions": 26,
    "personnel.orgs_with_acting_assignment": 8,
    "personnel.leader_evaluations": 46,
    "personnel.political_conclusions": 713,
}
EDUCATION = {
    "education.info_conferences": 12,
    "education.info_conference_attendance": 1784,
    "education.candidate_classes": 6,
    "education.candidate_learners": 408,
    "education.new_member_classes": 3,
    "education.new_member_learners": 255,
    "education.contest_entries": 145,
    "education.contest_sent_up": 36,
}
INSPECTION = {
    "inspection.programme_done": 17,
    "inspection.cells_inspected_by_grassroots": 70,
    "inspection.cells_supervised_by_grassroots": 49,
    "inspection.members_checked_by_cells": 2610,
    "discipline.members": 12,
}
COUNTS = {**MEMBERS, **ORGS, **PERSONNEL, **EDUCATION, **INSPECTION}


@pytest.mark.parametrize(("code", "expected"), sorted(COUNTS.items()))
def test_each_count_of_the_reference(bloc: Organisation, code: str, expected: int) -> None:
    assert figure(code, bloc).value == expected


def test_admissions_against_plan_and_the_start_of_the_year(bloc: Organisation) -> None:
    assert figure("members.admitted.pct_plan", bloc).value == approx(100)
    assert figure("members.start", bloc).value == 5097
    assert figure("members.admitted.pct_start", bloc).value == approx(4.12)


def test_the_members_balance_holds(bloc: Organisation) -> None:
    f = {
        code: figure(f"members.{code}", bloc).value
        for code in (
            "start",
            "end",
            "admitted",
            "readmitted",
            "restored",
            "transferred_in",
            "transferred_out",
            "died",
            "expelled",
            "removed",
            "resigned",
        )
    }
    joined = f["admitted"] + f["readmitted"] + f["restored"] + f["transferred_in"]
    left = f["transferred_out"] + f["died"] + f["expelled"] + f["removed"] + f["resigned"]
    assert f["start"] + joined - left == f["end"]
    assert f["transferred_in"] + f["transferred_out"] == 201
    assert f["expelled"] == 1  # the expulsion among the twelve decisions


def test_badges_are_thirty_and_forty_years(bloc: Organisation) -> None:
    assert set(figure("members.badges_proposed", bloc).breakdown) <= {"30 năm", "40 năm"}


def test_restructuring_by_kind(bloc: Organisation) -> None:
    assert figure("orgs.dissolved", bloc).breakdown == {"Chi bộ trực thuộc": 1}
    assert figure("orgs.converted", bloc).breakdown == {
        "Chi bộ cơ sở → Đảng bộ cơ sở": 2,
        "Đảng bộ cơ sở → Chi bộ cơ sở": 1,
    }


def test_political_conclusions_against_the_year_before(bloc: Organisation) -> None:
    assert figure("personnel.political_conclusions", bloc, Period.year(2022)).value == 543
    assert figure("personnel.political_conclusions.pct_change", bloc).value == pytest.approx(
        31.3, abs=0.05
    )


def _by_resolution(code: str, bloc: Organisation) -> dict[str, float]:
    breakdown = figure(code, bloc).breakdown
    return {key.split(" — ")[0]: pct for key, pct in breakdown.items()}


def test_study_of_the_resolutions(bloc: Organisation) -> None:
    members = _by_resolution("education.study.members_pct", bloc)
    others = _by_resolution("education.study.nonmembers_pct", bloc)
    # Nghị quyết Trung ương 6 (khóa XIII) and Nghị quyết Trung ương 8 (khóa XIII).
    assert members["27-NQ/TW"] == approx(98.72)
    assert others["27-NQ/TW"] == approx(97.84)
    assert members["44-NQ/TW"] == approx(99.66)
    assert others["44-NQ/TW"] == approx(97.84)


def test_commendations_by_movement(bloc: Organisation) -> None:
    collectives = figure("emulation.commended_collectives", bloc).breakdown
    individuals = figure("emulation.commended_individuals", bloc).breakdown
    hcm = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    contest = "Thành tích trong hội thi, cuộc thi"
    assert (collectives[hcm], individuals[hcm]) == (10, 10)
    assert (collectives[contest], individuals[contest]) == (2, 5)


def test_inspection_by_the_commission_and_the_boards(bloc: Organisation) -> None:
    def commission_and_boards(code: str) -> int:
        breakdown = figure(code, bloc).breakdown
        return breakdown["Ủy ban Kiểm tra"] + breakdown["Các ban của cấp ủy"]

    assert commission_and_boards("inspection.inspected_orgs") == 15
    assert commission_and_boards("inspection.inspected_members") == 3
    assert commission_and_boards("inspection.supervised_orgs") == 12
    assert commission_and_boards("inspection.supervised_members") == 5


def test_discipline_by_form(bloc: Organisation) -> None:
    assert figure("discipline.members", bloc).breakdown == {
        "Khai trừ": 1,
        "Cảnh cáo": 2,
        "Khiển trách": 9,
    }


def test_the_youth_union_of_the_bloc_was_rated_excellent(bloc: Organisation) -> None:
    ratings = figure("massorgs.ratings", bloc)
    assert ratings.value == 1
    assert ratings.breakdown["Hoàn thành xuất sắc nhiệm vụ"] == 1
    from dangvu.office.models import MassRating

    rating = MassRating.objects.select_related("unit").get(rating="EXCELLENT", year=2023)
    assert (rating.unit.name, rating.unit.kind) == ("Đoàn Khối các cơ quan tỉnh", "YOUTH_UNION")


# --- the annual report's outputs -------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(bloc: Organisation, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON and the Word text of the 2023 report, made by the `report` command."""
    directory = tmp_path_factory.mktemp("report")
    made: dict[str, Any] = {}
    with time_machine.travel(TODAY, tick=False):
        for fmt in ("json", "docx"):
            path = Path(directory) / f"bao-cao-2023.{fmt}"
            call_command(
                "report",
                "annual",
                "--org",
                "DBK",
                "--year",
                "2023",
                "--format",
                fmt,
                "-o",
                str(path),
                stdout=io.StringIO(),
            )
            made[fmt] = path.read_bytes()
    data = json.loads(made["json"])
    doc = Document(io.BytesIO(made["docx"]))
    paragraphs = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        paragraphs += [cell.text for row in table.rows for cell in row.cells]
    return {"json": data["indicators"], "text": "\n".join(paragraphs)}


@pytest.mark.parametrize(("code", "expected"), sorted(COUNTS.items()))
def test_the_json_gives_each_count(outputs: dict[str, Any], code: str, expected: int) -> None:
    assert outputs["json"][code]["value"] == expected


def test_the_json_gives_the_percentages_as_plain_numbers(outputs: dict[str, Any]) -> None:
    indicators = outputs["json"]
    assert indicators["members.admitted.pct_start"]["value"] == approx(4.12)
    assert indicators["members.admitted.pct_plan"]["value"] == approx(100)
    assert indicators["personnel.political_conclusions"]["previous"] == 543
    assert indicators["personnel.political_conclusions.pct_change"]["value"] == pytest.approx(
        31.3, abs=0.05
    )
    assert indicators["massorgs.ratings"]["value"] == 1


# Each figure as the Word text states it, in Vietnamese formatting.
STATED = [
    "210",
    "5.136",
    "4,12%",
    "193",
    "163",
    "201",
    "26",
    "72",
    "340",
    "713",
    "tăng 31,3% so với năm 2022",
    "1.784",
    "408",
    "255",
    "145",
    "2.610",
    "46",
    "12",  # members disciplined: one expelled, two warned, nine reprimanded
]


def stated(text: str, prose: str) -> bool:
    """Whether `text` stands in `prose` as a number of its own: after a space or a
    bracket, before a space or a punctuation mark (not inside a date or a document number).
    """
    return re.search(rf"(?:^|[\s(]){re.escape(text)}(?=[\s);,:]|\.(?!\d)|$)", prose) is not None


@pytest.mark.parametrize("text", STATED)
def test_the_word_text_states_each_figure(outputs: dict[str, Any], text: str) -> None:
    assert stated(text, outputs["text"]), text


# Small counts are written with two digits, as in the reference ("01 chi bộ", "08 đảng bộ").
SMALL = [
    "01",  # organisation dissolved
    "03",  # members inspected by the commission
    "02",  # executive members completed; grassroots cells made grassroots committees
    "08",  # acting assignments; sub-committees
    "06",  # candidate classes
    "12",  # information conferences; organisations supervised
    "15",  # organisations inspected by the commission and the boards
    "17",  # programme items done
]


@pytest.mark.parametrize("text", SMALL)
def test_the_word_text_writes_small_counts_with_two_digits(
    outputs: dict[str, Any], text: str
) -> None:
    assert stated(text, outputs["text"]), text


def test_the_word_text_lists_the_tasks_of_next_year(outputs: dict[str, Any]) -> None:
    from dangvu.reports.tests.acceptance.build import TASKS_2024

    for task in TASKS_2024:  # each continues "Một là, …", so without its capital
        assert task[1:] in outputs["text"]
