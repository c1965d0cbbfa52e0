"""Every indicator of the board, counted within a subtree and a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.education import actions
from dangvu.education.models import Conference, PoliticalClass
from dangvu.education.tests.helpers import candidate, conference, klass
from dangvu.members.tests.factories import admit
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
D = dt.date
Y2024 = Period.year(2024)


def test_conference_indicators(tree: dict[str, Any]) -> None:
    conference(tree["GK1"], D(2024, 3, 15), 120)
    conference(tree["C11"], D(2024, 6, 15), 30)
    conference(tree["GC1"], D(2024, 6, 15), 50)
    conference(tree["GK1"], D(2023, 12, 31), 999)
    conference(tree["GK1"], D(2024, 7, 1), 40, Conference.Kind.SEMINAR)
    assert value("education.info_conferences", tree["GK1"], Y2024).value == 2
    assert value("education.info_conference_attendance", tree["GK1"], Y2024).value == 150
    assert value("education.info_conference_attendance", tree["BLOC"], Y2024).value == 200
    assert value("education.info_conferences", tree["GK2"], Y2024).value == 0
    figure = value("education.conferences", tree["BLOC"], Y2024)
    assert figure.value == 4
    assert figure.breakdown[Conference.Kind.INFO.label] == 3
    assert figure.breakdown[Conference.Kind.SEMINAR.label] == 1


def test_classes_count_by_end_date_and_learners_by_completion(tree: dict[str, Any]) -> None:
    members = [admit(tree["C11"], D(2023, 11, 1)) for _ in range(3)]
    # Starts in 2023, ends in 2024: counted in 2024 only.
    across = klass(tree["GK1"], D(2023, 12, 27), D(2024, 1, 5))
    for m in members[:2]:
        actions.do_add_learner(across, member=m, completed=True, acting_user=None)
    actions.do_add_learner(across, member=members[2], acting_user=None)
    klass(tree["GK2"], D(2024, 5, 1), D(2024, 5, 3))
    cands = [candidate(tree["C11"], D(2024, 1, 2)) for _ in range(2)]
    cc = klass(tree["BLOC"], D(2024, 3, 1), D(2024, 3, 5), PoliticalClass.Kind.CANDIDATE)
    for c in cands:
        actions.do_add_learner(cc, candidate=c, completed=True, acting_user=None)
    y2023 = Period.year(2023)
    assert value("education.new_member_classes", tree["GK1"], y2023).value == 0
    assert value("education.new_member_classes", tree["GK1"], Y2024).value == 1
    assert value("education.new_member_classes", tree["BLOC"], Y2024).value == 2
    assert value("education.new_member_learners", tree["GK1"], Y2024).value == 2
    assert value("education.new_member_learners", tree["GK1"], y2023).value == 0
    assert value("education.candidate_classes", tree["BLOC"], Y2024).value == 1
    assert value("education.candidate_classes", tree["GK1"], Y2024).value == 0
    assert value("education.candidate_learners", tree["BLOC"], Y2024).value == 2
    half = Period(D(2024, 1, 1), D(2024, 1, 4))
    assert value("education.new_member_classes", tree["GK1"], half).value == 0


def test_study_rates_are_sums_over_the_subtree(tree: dict[str, Any]) -> None:
    first = actions.do_create_resolution(
        name="Nghị quyết A",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2024, 1, 10),
        acting_user=None,
    )
    second = actions.do_create_resolution(
        name="Kết luận B",
        number="02-KL/TW",
        issuing_body="Bộ Chính trị",
        issued_on=D(2024, 1, 10),
        acting_user=None,
    )

    def send(res: Any, org: str, studied: int, total: int, ns: int, nt: int) -> None:
        actions.do_record_study_return(
            res,
            organisation=tree[org],
            date=D(2024, 3, 1),
            members_studied=studied,
            members_total=total,
            nonmembers_studied=ns,
            nonmembers_total=nt,
            acting_user=None,
        )

    send(first, "GC1", 9, 10, 1, 2)
    send(first, "GK1", 90, 90, 0, 0)
    send(second, "GK1", 45, 50, 10, 10)
    send(second, "GK2", 5, 5, 0, 0)
    figure = value("education.study.members_pct", tree["BLOC"], Y2024)
    assert figure.value == pytest.approx(100 * 149 / 155)
    assert figure.breakdown["01-NQ/TW — Nghị quyết A"] == pytest.approx(100 * 99 / 100)
    assert figure.breakdown["02-KL/TW — Kết luận B"] == pytest.approx(100 * 50 / 55)
    assert value("education.study.members_pct", tree["GK1"], Y2024).value == pytest.approx(
        100 * 135 / 140
    )
    nonmembers = value("education.study.nonmembers_pct", tree["BLOC"], Y2024)
    assert nonmembers.value == pytest.approx(100 * 11 / 12)
    assert value("education.study.members_pct", tree["BLOC"], Period.year(2023)).value is None


def test_contest_indicators(tree: dict[str, Any]) -> None:
    contest = actions.do_create_contest(
        name="Hội thi Bí thư chi bộ giỏi",
        organiser=tree["GK1"],
        start_date=D(2023, 12, 1),
        end_date=D(2024, 2, 1),
        acting_user=None,
    )
    for n in range(4):
        actions.do_add_contest_entry(
            contest, entrant_name=f"Thí sinh {n}", sent_up=n == 0, acting_user=None
        )
    entries = value("education.contest_entries", tree["BLOC"], Y2024)
    assert entries.value == 4
    assert entries.breakdown == {"Hội thi Bí thư chi bộ giỏi": 4}
    assert value("education.contest_sent_up", tree["GK1"], Y2024).value == 1
    assert value("education.contest_entries", tree["GK2"], Y2024).value == 0
    assert value("education.contest_entries", tree["BLOC"], Period.year(2023)).value == 0


def test_a_record_counts_where_its_organiser_stood_on_its_date(
    tree: dict[str, Any], decision: Any
) -> None:
    from dangvu.orgs.actions import do_move_organisation

    conference(tree["C11"], D(2024, 2, 1), 10)
    do_move_organisation(
        tree["C11"], new_parent=tree["GK2"], decision=decision(D(2024, 6, 1)), acting_user=None
    )
    conference(tree["C11"], D(2024, 9, 1), 20)
    attendance = "education.info_conference_attendance"
    assert value(attendance, tree["GK1"], Y2024).value == 10
    assert value(attendance, tree["GK2"], Y2024).value == 20
    assert value(attendance, tree["BLOC"], Y2024).value == 30
