"""Import of classes, conferences and study returns through the shared mechanism."""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.core.importing import get_kind, run_import
from dangvu.education import actions
from dangvu.education.models import Conference, PoliticalClass, StudyReturn
from dangvu.lib import sheets
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _run(code: str, rows: list[list[object]], user: Any = None) -> Any:
    kind = get_kind(code)
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "data.csv", user=user, scope=Organisation.objects.all(), commit=True
    )


def test_conferences_import_once(tree: dict[str, Any]) -> None:
    rows = [
        [
            "Hội nghị thông tin (cấp ủy, báo cáo viên)",
            "Hội nghị tháng 3",
            "GK1",
            "15/03/2024",
            "150",
            "",
        ],
        ["Tọa đàm, hội thảo", "Tọa đàm", "GK2", "16/03/2024", "40", "Hội trường"],
    ]
    report = _run("conferences", rows)
    assert report.ok and report.created == 2, report.lines()
    again = _run("conferences", rows)
    assert again.ok and again.unchanged == 2 and Conference.objects.count() == 2


def test_a_refused_conference_row_writes_nothing(tree: dict[str, Any]) -> None:
    rows = [
        ["Giao lưu", "Giao lưu", "GK1", "15/03/2024", "20", ""],
        ["Giao lưu", "Giao lưu 2", "GK1", "15/03/2024", "-5", ""],
    ]
    report = _run("conferences", rows)
    assert not report.ok
    assert report.problems[0].column == "Số lượt tham dự"
    assert not Conference.objects.exists()


def test_classes_import(tree: dict[str, Any]) -> None:
    rows = [
        [
            "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
            "Lớp 1",
            "BLOC",
            "04/03/2024",
            "08/03/2024",
            "",
        ],
    ]
    assert _run("classes", rows).created == 1
    bad = [["OTHER", "Lớp 2", "BLOC", "08/03/2024", "04/03/2024", ""]]
    report = _run("classes", bad)
    assert report.problems[0].column == "Ngày bế giảng"
    assert PoliticalClass.objects.count() == 1


def test_study_returns_import(tree: dict[str, Any]) -> None:
    actions.do_create_resolution(
        name="Kết luận",
        number="01-KL/TW",
        issuing_body="Bộ Chính trị",
        issued_on=__import__("datetime").date(2021, 5, 18),
        acting_user=None,
    )
    rows = [
        ["01-KL/TW", "GC1", "01/06/2021", "9", "10", "3", "4"],
        ["01-KL/TW", "GC2", "01/06/2021", "0", "", "", ""],
    ]
    report = _run("study-returns", rows)
    assert report.ok and report.created == 2, report.lines()
    assert _run("study-returns", rows).unchanged == 2
    assert StudyReturn.objects.count() == 2
    bad = _run("study-returns", [["99-NQ/TW", "GK1", "01/06/2021", "1", "1", "", ""]])
    assert bad.problems[0].column == "Số hiệu văn bản"
    over = _run("study-returns", [["01-KL/TW", "GK1", "01/06/2021", "5", "4", "", ""]])
    assert over.problems[0].column == "Đảng viên tham gia"


def test_contest_entries_import_once(tree: Any, admin_user: Any) -> None:
    import datetime as dt

    from dangvu.core.importing import get_kind, run_import
    from dangvu.education.models import ContestEntry
    from dangvu.lib import sheets
    from dangvu.orgs.models import Organisation

    actions.do_create_contest(
        name="Hội thi Bí thư chi bộ giỏi",
        organiser=tree["BLOC"],
        start_date=dt.date(2023, 5, 1),
        end_date=dt.date(2023, 6, 1),
        acting_user=None,
    )
    kind = get_kind("contest-entries")
    headers = [c.header for c in kind.columns]
    rows = [
        ["Hội thi Bí thư chi bộ giỏi", "2023", "C11", "Lê Văn Thi", "Bài 1", "Giải Nhất", "Có"],
        ["Hội thi Bí thư chi bộ giỏi", "", "C21", "Trần Thị Dự", "Bài 2", "", "Không"],
    ]
    data = sheets.write_csv(headers, rows)
    scope = Organisation.objects.all()
    report = run_import(kind, data, "bai.csv", user=admin_user, scope=scope, commit=True)
    assert report.ok and report.created == 2, report.lines()
    assert ContestEntry.objects.filter(sent_up=True).count() == 1
    again = run_import(kind, data, "bai.csv", user=admin_user, scope=scope, commit=True)
    assert again.unchanged == 2
