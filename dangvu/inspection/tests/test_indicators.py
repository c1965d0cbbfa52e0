"""The figures of inspection work: levels apart, placement by date, periods, year on year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.inspection import actions
from dangvu.inspection.models import Kind, Level, Status
from dangvu.inspection.tests.helpers import inspect
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, indicators, records_url, value

pytestmark = pytest.mark.django_db
Y2023, Y2024 = Period.year(2023), Period.year(2024)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def work(tree: dict[str, Any]) -> dict[str, Any]:
    t = tree
    members = [existing(t["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1)) for _ in range(3)]
    # The cells had the members their tallies below count (a tally above the roll is refused).
    for code, n in (("C11", 22), ("C21", 10)):
        for _ in range(n):
            existing(t[code], dt.date(2020, 1, 1), dt.date(2010, 3, 1))
    programme = actions.do_create_programme(
        organisation=t["BLOC"],
        level=Level.STANDING,
        year=2024,
        title="Chương trình",
        acting_user=None,
    )
    items = [
        actions.do_add_programme_item(
            programme, kind=Kind.COMPLIANCE, title=f"Nội dung {n}", acting_user=None
        )
        for n in range(3)
    ]
    d = dt.date(2024, 6, 10)
    # Standing committee: two programme items done, one started but not done.
    inspect(t["BLOC"], Level.STANDING, Kind.COMPLIANCE, d, orgs=[t["GK1"], t["GK2"]], item=items[0])
    inspect(t["BLOC"], Level.STANDING, Kind.COMPLIANCE, d, orgs=[t["GC1"]], item=items[1])
    inspect(
        t["BLOC"],
        Level.STANDING,
        Kind.COMPLIANCE,
        d,
        orgs=[t["GC2"]],
        item=items[2],
        status=Status.IN_PROGRESS,
    )
    # Commission and a board: organisations and members, inspected and supervised.
    inspect(t["BLOC"], Level.COMMISSION, Kind.VIOLATION, d, orgs=[t["GC2"]], members=members[:1])
    inspect(t["BLOC"], Level.BOARD, Kind.THEMATIC, d, orgs=[t["GK2"]], members=members[1:])
    # Grassroots committee: cells inspected and supervised.
    inspect(t["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, d, orgs=[t["C11"], t["C12"], t["C13"]])
    inspect(t["GK1"], Level.GRASSROOTS, Kind.THEMATIC, d, orgs=[t["C11"], t["SUB1"]])
    inspect(t["GK2"], Level.GRASSROOTS, Kind.REGULAR, d, orgs=[t["C21"]])
    # Cells: a tally and a list.
    inspect(t["C11"], Level.CELL, Kind.COMPLIANCE, d, members_checked=25)
    inspect(t["C11"], Level.CELL, Kind.COMPLIANCE, dt.date(2024, 8, 1), members=members)
    inspect(t["C21"], Level.CELL, Kind.COMPLIANCE, dt.date(2023, 7, 1), members_checked=10)
    # A void record and one not done count for nothing.
    gone = inspect(t["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, d, orgs=[t["C12"]])
    from dangvu.education.voiding import do_void

    do_void(gone, reason="Ghi trùng", acting_user=None)
    inspect(
        t["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, d, orgs=[t["C12"]], status=Status.IN_PROGRESS
    )
    return {"members": members, "programme": programme}


def test_the_level_split(tree: dict[str, Any], work: dict[str, Any]) -> None:
    bloc = tree["BLOC"]
    orgs = value("inspection.inspected_orgs", bloc, Y2024)
    assert orgs.value == 7
    assert orgs.breakdown == {
        "Ban Thường vụ": 3,
        "Ủy ban Kiểm tra": 1,
        "Các ban của cấp ủy": 0,
        "Đảng ủy cơ sở": 3,
        "Chi bộ": 0,
    }
    members = value("inspection.inspected_members", bloc, Y2024)
    assert members.value == 1 + 25 + 3
    assert members.breakdown["Ủy ban Kiểm tra"] == 1 and members.breakdown["Chi bộ"] == 28
    supervised = value("inspection.supervised_orgs", bloc, Y2024)
    assert supervised.value == 4
    assert supervised.breakdown["Các ban của cấp ủy"] == 1
    assert supervised.breakdown["Đảng ủy cơ sở"] == 3
    assert value("inspection.supervised_members", bloc, Y2024).breakdown["Các ban của cấp ủy"] == 2


def test_cells_and_members_checked(tree: dict[str, Any], work: dict[str, Any]) -> None:
    bloc = tree["BLOC"]
    cells = value("inspection.cells_inspected_by_grassroots", bloc, Y2024)
    assert cells.value == 3
    assert cells.breakdown == {
        "Kiểm tra khi có dấu hiệu vi phạm": 0,
        "Kiểm tra việc thực hiện nhiệm vụ, chấp hành": 3,
    }
    # The sub-committee supervised is not a cell.
    supervised = value("inspection.cells_supervised_by_grassroots", bloc, Y2024)
    assert supervised.value == 2
    assert supervised.breakdown == {"Giám sát chuyên đề": 1, "Giám sát thường xuyên": 1}
    assert value("inspection.members_checked_by_cells", bloc, Y2024).value == 28
    assert value("inspection.members_checked_by_cells", tree["GK1"], Y2024).value == 28
    assert value("inspection.members_checked_by_cells", tree["GK2"], Y2024).value == 0


def test_year_on_year(tree: dict[str, Any], work: dict[str, Any]) -> None:
    bloc = tree["BLOC"]
    assert value("inspection.members_checked_by_cells", bloc, Y2023).value == 10
    assert value("inspection.inspected_orgs", bloc, Y2023).value == 0
    assert value("inspection.members_checked_by_cells", tree["GK2"], Y2023).value == 10


def test_subtrees_see_their_own_work(tree: dict[str, Any], work: dict[str, Any]) -> None:
    gk1 = value("inspection.inspected_orgs", tree["GK1"], Y2024)
    assert gk1.value == 3 and gk1.breakdown["Ban Thường vụ"] == 0
    assert value("inspection.inspected_orgs", tree["GK2"], Y2024).value == 0
    # Additive indicators sum over the grassroots organisations.
    for ind in indicators():
        if ind.owner != "inspection" or not ind.additive:
            continue
        whole = value(ind.code, tree["BLOC"], Y2024).value or 0
        parts = sum(
            value(ind.code, tree[c], Y2024).value or 0 for c in ("GC1", "GC2", "GK1", "GK2")
        )
        assert parts == whole, ind.code


def test_programme_completion(tree: dict[str, Any], work: dict[str, Any]) -> None:
    bloc = tree["BLOC"]
    done = value("inspection.programme_done", bloc, Y2024)
    assert done.value == 2 and done.breakdown["Ban Thường vụ"] == 2
    assert value("inspection.programme_items", bloc, Y2024).value == 3
    assert value("inspection.programme_completion", bloc, Y2024).value == pytest.approx(200 / 3)
    assert value("inspection.programme_done", tree["GK1"], Y2024).value == 0
    assert value("inspection.programme_done", bloc, Y2023).value == 0


def test_placement_follows_the_tree_at_the_records_date(
    tree: dict[str, Any], decision: Any
) -> None:
    from dangvu.orgs.actions import do_move_organisation

    inspect(
        tree["SUB1"].parent if False else tree["GK1"],
        Level.GRASSROOTS,
        Kind.COMPLIANCE,
        dt.date(2024, 3, 1),
        orgs=[tree["C12"]],
    )
    # C12 moves to GK2 later: the record stays GK1's, conducted by GK1.
    do_move_organisation(
        tree["C12"],
        new_parent=tree["GK2"],
        decision=decision(dt.date(2024, 9, 1)),
        acting_user=None,
    )
    assert value("inspection.cells_inspected_by_grassroots", tree["GK1"], Y2024).value == 1
    assert value("inspection.cells_inspected_by_grassroots", tree["GK2"], Y2024).value == 0


def test_discipline_of_organisations_and_complaints(tree: dict[str, Any]) -> None:
    bloc = tree["BLOC"]
    actions.do_discipline(
        target="ORGANISATION",
        form="WARNING",
        organisation=tree["C21"],
        issuing_organisation=bloc,
        issuing_level=Level.STANDING,
        violation_date=dt.date(2023, 11, 1),
        decision_date=dt.date(2024, 2, 1),
        violation="Buông lỏng lãnh đạo",
        acting_user=None,
    )
    figure = value("discipline.organisations", bloc, Y2024)
    assert figure.value == 1 and figure.breakdown["Cảnh cáo"] == 1
    assert value("discipline.organisations", tree["GK2"], Y2024).value == 1
    assert value("discipline.organisations", tree["GK1"], Y2024).value == 0
    base = {
        "sender": "Nguyễn Văn Bình",
        "subject": "Tố cáo vi phạm",
        "handling_organisation": bloc,
        "handling_level": Level.COMMISSION,
        "against_organisation": tree["GK1"],
        "acting_user": None,
    }
    late = actions.do_receive_complaint(
        kind="DENUNCIATION", received_date=dt.date(2024, 9, 1), **base
    )
    done = actions.do_receive_complaint(kind="COMPLAINT", received_date=dt.date(2024, 3, 1), **base)
    actions.do_receive_complaint(kind="COMPLAINT", received_date=dt.date(2023, 3, 1), **base)
    actions.do_update_complaint(
        done,
        status="RESOLVED",
        outcome="Đã trả lời",
        closed_date=dt.date(2024, 4, 1),
        acting_user=None,
    )
    received = value("complaints.received", bloc, Y2024)
    assert received.value == 2 and received.breakdown == {"Khiếu nại": 1, "Tố cáo": 1}
    assert value("complaints.resolved", bloc, Y2024).value == 1
    # At the end of 2024: the 2023 complaint and the September denunciation are overdue.
    assert value("complaints.overdue", bloc, Y2024).value == 2
    assert value("complaints.overdue", bloc, Y2023).value == 1
    assert (
        value("complaints.overdue", bloc, Period(dt.date(2024, 10, 1), dt.date(2024, 10, 30))).value
        == 1
    )
    actions.do_update_complaint(
        late,
        status="DISMISSED",
        outcome="Không đủ căn cứ",
        closed_date=dt.date(2024, 12, 1),
        acting_user=None,
    )
    assert value("complaints.overdue", bloc, Y2024).value == 1
    assert value("complaints.overdue", tree["GK1"], Y2024).value == 0


def test_each_indicator_is_a_bounded_number_of_queries_and_links_its_records(
    tree: dict[str, Any], work: dict[str, Any]
) -> None:
    bloc = tree["BLOC"]
    for ind in indicators():
        if ind.owner != "inspection":
            continue
        with CaptureQueriesContext(connection) as ctx:
            value(ind.code, bloc, Y2024)
        assert len(ctx.captured_queries) <= 10, ind.code
        url = records_url(ind.code, bloc, Y2024)
        assert url and "to_chuc=BLOC" in url, ind.code
