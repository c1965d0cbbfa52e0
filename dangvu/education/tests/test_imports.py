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
    report = _run("hoi-nghi", rows)
    assert report.ok and report.created == 2, report.lines()
    again = _run("hoi-nghi", rows)
    assert again.ok and again.unchanged == 2 and Conference.objects.count() == 2


def test_a_refused_conference_row_writes_nothing(tree: dict[str, Any]) -> None:
    rows = [
        ["Giao lưu", "Giao lưu", "GK1", "15/03/2024", "20", ""],
        ["Giao lưu", "Giao lưu 2", "GK1", "15/03/2024", "-5", ""],
    ]
    report = _run("hoi-nghi", rows)
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
    assert _run("lop-boi-duong", rows).created == 1
    bad = [["OTHER", "Lớp 2", "BLOC", "08/03/2024", "04/03/2024", ""]]
    report = _run("lop-boi-duong", bad)
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
    report = _run("hoc-tap-nghi-quyet", rows)
    assert report.ok and report.created == 2, report.lines()
    assert _run("hoc-tap-nghi-quyet", rows).unchanged == 2
    assert StudyReturn.objects.count() == 2
    bad = _run("hoc-tap-nghi-quyet", [["99-NQ/TW", "GK1", "01/06/2021", "1", "1", "", ""]])
    assert bad.problems[0].column == "Số hiệu văn bản"
    over = _run("hoc-tap-nghi-quyet", [["01-KL/TW", "GK1", "01/06/2021", "5", "4", "", ""]])
    assert over.problems[0].column == "Đảng viên tham gia"
