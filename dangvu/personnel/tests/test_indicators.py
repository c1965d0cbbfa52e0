"""The personnel indicators: period edges, what each counts, subtree sums, the position of
organisations on the record's date, and the change on the year before."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from dangvu.orgs.actions import do_move_organisation
from dangvu.personnel import actions
from dangvu.personnel.models import (
    ActingAssignment,
    CommitteeDecision,
    CommitteeKind,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)
from dangvu.personnel.tests.helpers import committee, member, seat
from dangvu.reports.registry import Period, get, records_url, value

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)


def complete(body: Any, day: dt.date, *people: Any, position: str = "COMMITTEE_MEMBER") -> Any:
    return actions.do_complete_committee(
        body,
        kind=CommitteeDecision.Kind.ADD,
        decision_date=day,
        issued_by="Ban Thường vụ Tỉnh ủy",
        appointments=[(p, position) for p in people],
        acting_user=None,
    )


def conclude(org: Any, day: dt.date, purpose: str = "ADMISSION", outcome: str = "MET") -> Any:
    return actions.do_conclude_political_standard(
        person_name="Người Được Kết Luận",
        birth_date=dt.date(1999, 1, 1),
        organisation=org,
        purpose=purpose,
        outcome=outcome,
        date=day,
        acting_user=None,
    )


def test_executive_completed_counts_the_organisations_own_executive_committee(
    tree: dict[str, Any],
) -> None:
    bloc_exec = committee(tree["BLOC"])
    bloc_check = committee(tree["BLOC"], CommitteeKind.INSPECTION)
    gk1_exec = committee(tree["GK1"])
    people = [member(tree["C11"], f"Ủy Viên {i}") for i in range(6)]
    seat(bloc_exec, people[0], Position.SECRETARY)  # elected: not a completion
    complete(bloc_exec, dt.date(2023, 1, 1), people[1], people[2])
    complete(bloc_exec, dt.date(2022, 12, 31), people[3])  # the year before
    complete(bloc_check, dt.date(2023, 5, 1), people[4], position="INSPECTION_MEMBER")
    complete(gk1_exec, dt.date(2023, 5, 1), people[5])  # a grassroots committee's
    voided = complete(bloc_exec, dt.date(2023, 12, 31), people[4])
    actions.do_void_decision(voided, reason="Ghi nhầm", acting_user=None)
    assert value("personnel.executive_completed", tree["BLOC"], Y2023).value == 2
    assert value("personnel.executive_completed", tree["GK1"], Y2023).value == 1
    assert value("personnel.executive_completed", tree["GK2"], Y2023).value == 0
    assert not get("personnel.executive_completed").additive
    url = records_url("personnel.executive_completed", tree["BLOC"], Y2023)
    assert url is not None
    query = parse_qs(urlparse(url).query)
    assert query["to_chuc"] == ["BLOC"] and query["chi_rieng"] == ["1"]
    assert query["tu"] == ["2023-01-01"] and query["den"] == ["2023-12-31"]


def test_organisations_with_committee_decisions_are_distinct_and_below_the_top(
    tree: dict[str, Any], decision: Any
) -> None:
    bodies = {code: committee(tree[code]) for code in ("BLOC", "GK1", "GC1", "C12")}
    gk1_check = committee(tree["GK1"], CommitteeKind.INSPECTION)
    people = [member(tree["C12"], f"Người {i}") for i in range(4)]
    gc1 = member(tree["GC1"], "Người GC1")
    bloc_person = member(tree["C21"], "Người Khối")
    complete(bodies["BLOC"], dt.date(2023, 2, 1), bloc_person)  # the top itself: not counted
    complete(bodies["GK1"], dt.date(2023, 2, 1), people[0])
    complete(gk1_check, dt.date(2023, 3, 1), people[1], position="INSPECTION_MEMBER")
    complete(bodies["GC1"], dt.date(2024, 1, 1), gc1)  # next year
    complete(bodies["C12"], dt.date(2023, 4, 1), people[2])
    # C12 moves to GK2 in June; its second decision counts under GK2.
    do_move_organisation(
        tree["C12"],
        new_parent=tree["GK2"],
        decision=decision(dt.date(2023, 6, 1)),
        acting_user=None,
    )
    complete(bodies["C12"], dt.date(2023, 9, 1), people[3])
    bloc = value("personnel.orgs_with_committee_decisions", tree["BLOC"], Y2023)
    assert bloc.value == 2  # GK1 (twice) and C12 (twice, under two parents)
    assert bloc.breakdown == {"Đảng bộ cơ sở": 1, "Chi bộ trực thuộc": 1}
    assert value("personnel.orgs_with_committee_decisions", tree["GK1"], Y2023).value == 1
    assert value("personnel.orgs_with_committee_decisions", tree["GK2"], Y2023).value == 1
    assert value("personnel.committee_decisions", tree["BLOC"], Y2023).value == 5
    assert value("personnel.committee_decisions", tree["GK1"], Y2023).breakdown == {
        "Ban Chấp hành (cấp ủy)": 2,
        "Ủy ban Kiểm tra": 1,
    }
    assert not get("personnel.orgs_with_committee_decisions").additive


def test_organisations_with_acting_assignments(tree: dict[str, Any]) -> None:
    def assign(org: str, person: Any, day: dt.date, post: str = "Bí thư") -> None:
        actions.do_assign_acting(
            organisation=tree[org],
            member=person,
            kind=ActingAssignment.Kind.ACTING,
            post=post,
            start_date=day,
            end_date=day + dt.timedelta(days=30),
            decision_date=day,
            acting_user=None,
        )

    assign("GK1", member(tree["C11"], "A"), dt.date(2023, 1, 5))
    assign("GK1", member(tree["C11"], "B"), dt.date(2023, 8, 5), "Phó Bí thư")
    assign("GC1", member(tree["GC1"], "C"), dt.date(2023, 12, 31))
    assign("GK2", member(tree["C21"], "D"), dt.date(2022, 12, 31))
    assign("BLOC", member(tree["C21"], "E"), dt.date(2023, 3, 1))  # the top itself
    figure = value("personnel.orgs_with_acting_assignment", tree["BLOC"], Y2023)
    assert figure.value == 2
    assert figure.breakdown == {"Chi bộ cơ sở": 1, "Đảng bộ cơ sở": 1}


def test_leader_evaluations_by_reason_add_up_over_the_subtree(tree: dict[str, Any]) -> None:
    for code, reason, day in (
        ("C11", "REAPPOINTMENT", dt.date(2023, 1, 1)),
        ("C13", "REAPPOINTMENT", dt.date(2023, 12, 31)),
        ("C21", "COMMENDATION", dt.date(2023, 6, 1)),
        ("C21", "COMMENDATION", dt.date(2024, 1, 1)),
    ):
        actions.do_record_evaluation(
            member=member(tree[code], f"Lãnh Đạo {code} {day}"),
            position="Giám đốc",
            reason=reason,
            date=day,
            acting_user=None,
        )
    bloc = value("personnel.leader_evaluations", tree["BLOC"], Y2023)
    assert bloc.value == 3
    assert bloc.breakdown == {
        LeaderEvaluation.Reason.REAPPOINTMENT.label: 2,
        LeaderEvaluation.Reason.COMMENDATION.label: 1,
    }
    parts = [value("personnel.leader_evaluations", tree[c], Y2023).value for c in ("GK1", "GK2")]
    assert parts == [2, 1] and get("personnel.leader_evaluations").additive


def test_political_conclusions_by_purpose_and_change_on_the_year_before(
    tree: dict[str, Any],
) -> None:
    for i in range(4):
        conclude(tree["C11"], dt.date(2022, 3, 1 + i))
    for i in range(3):
        conclude(tree["C21"], dt.date(2023, 3, 1 + i))
    conclude(tree["GK1"], dt.date(2023, 12, 31), "APPOINTMENT", "NOT_MET")
    conclude(tree["GC1"], dt.date(2023, 1, 1), "PLANNING")
    voided = conclude(tree["GC1"], dt.date(2023, 5, 5))
    from dangvu.education.voiding import do_void

    do_void(voided, reason="Ghi trùng", acting_user=None)
    figure = value("personnel.political_conclusions", tree["BLOC"], Y2023)
    assert figure.value == 5
    assert figure.breakdown == {
        PoliticalConclusion.Purpose.ADMISSION.label: 3,
        PoliticalConclusion.Purpose.APPOINTMENT.label: 1,
        PoliticalConclusion.Purpose.PLANNING.label: 1,
        PoliticalConclusion.Purpose.OTHER.label: 0,
    }
    assert value("personnel.political_conclusions.pct_change", tree["BLOC"], Y2023).value == 25.0
    # GK1: 4 in 2022, 1 in 2023
    assert value("personnel.political_conclusions.pct_change", tree["GK1"], Y2023).value == -75.0
    # GK2 had none the year before: no change can be stated
    assert value("personnel.political_conclusions.pct_change", tree["GK2"], Y2023).value is None
    assert value("personnel.political_conclusions.not_met", tree["BLOC"], Y2023).value == 1
    assert not get("personnel.political_conclusions.pct_change").additive


def test_cell_attendance_counts_cells_with_an_assignment_on_the_last_day(
    tree: dict[str, Any], decision: Any
) -> None:
    bloc_exec, gk1_exec = committee(tree["BLOC"]), committee(tree["GK1"])
    boss = member(tree["GC2"], "Ủy Viên Khối")
    an = member(tree["C11"], "Ủy Viên Sở")
    seat(bloc_exec, boss)
    seat(gk1_exec, an)

    def attend(who: Any, cell: str, start: dt.date, end: dt.date | None = None) -> None:
        actions.do_assign_cell_attendance(
            member=who, cell=tree[cell], start_date=start, end_date=end, acting_user=None
        )

    attend(an, "C11", dt.date(2021, 1, 1))
    attend(an, "C12", dt.date(2021, 1, 1), dt.date(2023, 6, 30))  # ended before the year's end
    attend(an, "C13", dt.date(2023, 12, 31))
    attend(boss, "GC1", dt.date(2022, 1, 1))
    assert value("personnel.cell_attendance_assignments", tree["BLOC"], Y2023).value == 3
    assert value("personnel.cell_attendance_assignments", tree["GK1"], Y2023).value == 2
    assert (
        value("personnel.cell_attendance_assignments", tree["BLOC"], Period.year(2022)).value == 3
    )


def test_every_records_link_opens_its_list(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    codes = [
        "personnel.executive_completed",
        "personnel.orgs_with_committee_decisions",
        "personnel.committee_decisions",
        "personnel.orgs_with_acting_assignment",
        "personnel.leader_evaluations",
        "personnel.political_conclusions",
        "personnel.political_conclusions.not_met",
        "personnel.cell_attendance_assignments",
    ]
    for code in codes:
        url = records_url(code, tree["BLOC"], Y2023)
        assert url is not None, code
        assert client.get(url).status_code == 200, code
