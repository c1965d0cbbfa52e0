"""Imports of plan targets, plan tasks and the document register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import get_kind, run_import
from dangvu.lib import sheets
from dangvu.office.models import Document, Plan, PlanTarget, PlanTask
from dangvu.reports.registry import Period, plan, planned_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2024, 11, 20, 9, 0), tick=False):
        yield


def _run(code: str, rows: list[list[object]], user: Any) -> Any:
    kind = get_kind(code)
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "x.csv", user=user, scope=member_editable_organisations(user), commit=True
    )


def test_documents_then_targets_then_tasks(tree: dict[str, Any], admin_user: Any) -> None:
    documents: list[list[object]] = [
        ["GK1", "Chương trình", 1, "", "20/12/2023", "", "Chương trình công tác năm 2024", ""],
        ["GK1", "BC", 15, "ĐU", "30/06/2024", "2020 - 2025", "Sơ kết 6 tháng", "Trần An"],
    ]
    report = _run("documents", documents, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert {d.full_number for d in Document.objects.all()} == {"01-CTr/ĐU", "15-BC/ĐU"}
    assert _run("documents", documents, admin_user).unchanged == 2
    clash = [["GK1", "BC", 15, "", "01/07/2024", "", "Một báo cáo khác", ""]]
    report = _run("documents", clash, admin_user)
    assert not report.ok and report.problems[0].column == "Số"

    plan_row = ["GK1", 2024, "", "Chương trình công tác năm", "Chương trình công tác năm 2024"]
    targets: list[list[object]] = [
        [*plan_row, "01-CTr/ĐU", "members.admitted", 12, ""],
        [*plan_row, "01-CTr/ĐU", "members.end", 300, ""],
    ]
    report = _run("plan-targets", targets, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert Plan.objects.get().status == Plan.Status.ISSUED
    assert plan("members.admitted", tree["GK1"], Period.year(2024)) == 12
    assert _run("plan-targets", targets, admin_user).unchanged == 2
    bad: list[list[object]] = [
        [*plan_row, "", "members.admited", 1, ""],
        [*plan_row, "", "members.admitted.pct_start", 1, ""],
        [*plan_row, "", "members.admitted", 13, ""],
    ]
    report = _run("plan-targets", bad, admin_user)
    assert not report.ok and PlanTarget.objects.count() == 2
    assert [p.column for p in report.problems] == ["Mã chỉ tiêu", "Mã chỉ tiêu", "Chỉ tiêu"]

    tasks: list[list[object]] = [
        [*plan_row, "Phát triển đảng viên", "Mỗi chi bộ giới thiệu ít nhất một quần chúng"],
        [*plan_row, "Kiểm tra, giám sát", ""],
    ]
    report = _run("plan-tasks", tasks, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert [t.title for t in planned_tasks(tree["GK1"], 2024)] == [
        "Phát triển đảng viên",
        "Kiểm tra, giám sát",
    ]
    assert _run("plan-tasks", tasks, admin_user).unchanged == 2
    assert PlanTask.objects.count() == 2
    assert get_kind("plan-targets").template()[:2] == b"PK"
