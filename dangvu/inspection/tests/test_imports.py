"""Imports of inspections with their subjects, discipline decisions and complaints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import get_kind, run_import
from dangvu.inspection import actions
from dangvu.inspection.models import Complaint, DisciplineDecision, Inspection, Level
from dangvu.lib import sheets
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


def _run(code: str, rows: list[list[object]], user: Any, commit: bool = True) -> Any:
    kind = get_kind(code)
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "x.csv", user=user, scope=member_editable_organisations(user), commit=commit
    )


def test_inspections_import_with_subjects_and_is_idempotent(
    tree: dict[str, Any], admin_user: Any
) -> None:
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), identity_number="052090001234")
    programme = actions.do_create_programme(
        organisation=tree["BLOC"],
        level=Level.COMMISSION,
        year=2024,
        title="Chương trình",
        acting_user=None,
    )
    actions.do_add_programme_item(
        programme, kind="COMPLIANCE", title="Kiểm tra GK1", acting_user=None
    )
    rows: list[list[object]] = [
        [
            "BLOC",
            "Ủy ban Kiểm tra",
            "",
            "Kiểm tra việc thực hiện nhiệm vụ, chấp hành",
            "Kiểm tra GK1",
            "01/03/2024",
            "30/03/2024",
            "Đã hoàn thành",
            "GK1; GC1",
            "052090001234",
            "",
            "Có",
            "1",
            "12-QĐ/UBKT",
            "Thực hiện tốt",
            "05/04/2024",
        ],
        [
            "C11",
            "Chi bộ",
            "",
            "Kiểm tra việc thực hiện nhiệm vụ, chấp hành",
            "Chi bộ kiểm tra đảng viên",
            "01/11/2024",
            "20/11/2024",
            "Đã hoàn thành",
            "",
            "",
            "1",  # the cell's one member: a tally above its roll is refused
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    report = _run("inspections", rows, admin_user)
    assert report.ok and report.created == 2, report.lines()
    record = Inspection.objects.get(title="Kiểm tra GK1")
    assert record.subjects.count() == 3 and record.programme_item is not None
    assert _run("inspections", rows, admin_user).unchanged == 2
    bad = [
        [
            *rows[0][:4],
            "Khác",
            "01/03/2024",
            "30/03/2024",
            "Đã hoàn thành",
            "C21",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    ]
    bad[0][0] = "GK1"
    bad[0][1] = "Đảng ủy cơ sở"
    report = _run("inspections", bad, admin_user)
    assert not report.ok and "không thuộc" in " ".join(report.lines())
    assert Inspection.objects.count() == 2


def test_discipline_import_writes_the_ledger(tree: dict[str, Any], admin_user: Any) -> None:
    member = existing(
        tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), identity_number="052090001234"
    )
    rows: list[list[object]] = [
        [
            "Đảng viên",
            "052090001234",
            "",
            "Khiển trách",
            "BLOC",
            "Ủy ban Kiểm tra",
            "10/01/2024",
            "15-QĐ/UBKT",
            "20/06/2024",
            "Vi phạm quy định",
        ],
        [
            "Tổ chức đảng",
            "",
            "C21",
            "Cảnh cáo",
            "GK2",
            "Đảng ủy cơ sở",
            "10/01/2024",
            "02-QĐ/ĐU",
            "20/06/2024",
            "Buông lỏng lãnh đạo",
        ],
    ]
    report = _run("discipline", rows, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert member.events.filter(kind=EventKind.DISCIPLINED).count() == 1
    assert _run("discipline", rows, admin_user).unchanged == 2
    late = [
        [
            "Đảng viên",
            "052090001234",
            "",
            "Khiển trách",
            "BLOC",
            "Ủy ban Kiểm tra",
            "10/01/2015",
            "16-QĐ/UBKT",
            "21/06/2024",
            "Vi phạm cũ",
        ]
    ]
    report = _run("discipline", late, admin_user)
    assert "hết thời hiệu" in " ".join(report.lines())
    assert DisciplineDecision.objects.count() == 2


def test_complaints_import(tree: dict[str, Any], admin_user: Any) -> None:
    rows: list[list[object]] = [
        [
            "Tố cáo",
            "05/03/2024",
            "Nguyễn Văn Bình",
            "GK1",
            "",
            "Tố cáo vi phạm",
            "BLOC",
            "Ủy ban Kiểm tra",
            "",
            "Đã giải quyết",
            "Tố cáo đúng một phần",
            "20/04/2024",
        ],
        [
            "Khiếu nại",
            "05/06/2024",
            "Trần Thị Lan",
            "GK2",
            "",
            "Khiếu nại kỷ luật",
            "BLOC",
            "Ủy ban Kiểm tra",
            "",
            "",
            "",
            "",
        ],
    ]
    report = _run("complaints", rows, admin_user)
    assert report.ok and report.created == 2, report.lines()
    closed = Complaint.objects.get(sender="Nguyễn Văn Bình")
    # 60 working days for the bloc's commission; 18/04 and 30/04–01/05 are holidays.
    assert closed.status == Complaint.State.RESOLVED and closed.deadline == dt.date(2024, 5, 31)
    assert _run("complaints", rows, admin_user).unchanged == 2
