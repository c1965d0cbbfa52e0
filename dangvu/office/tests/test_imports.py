"""Imports of commendations and mass-organisation ratings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.importing import get_kind, run_import
from dangvu.lib import sheets
from dangvu.members.tests.factories import existing
from dangvu.office.models import Commendation, MassOrganisation, MassRating

pytestmark = pytest.mark.django_db


def _run(code: str, rows: list[list[object]], user: Any, commit: bool = True) -> Any:
    kind = get_kind(code)
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "x.csv", user=user, scope=member_editable_organisations(user), commit=commit
    )


def test_commendations_import_is_idempotent(tree: dict[str, Any], admin_user: Any) -> None:
    existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Nguyễn Văn An",
        identity_number="052090001234",
    )
    rows: list[list[object]] = [
        [
            "GK1",
            "",
            "",
            "",
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "Tỉnh ủy",
            "1-QĐ/TU",
            "19/05/2023",
            "",
        ],
        [
            "C11",
            "Nguyễn Văn An",
            "052090001234",
            "",
            "CONTEST",
            "Tỉnh ủy",
            "2-QĐ/TU",
            "20/11/2023",
            "",
        ],
        [
            "GC1",
            "Trần Thị Bình",
            "",
            "",
            "Khác",
            "Ban Thường vụ Đảng ủy Khối",
            "",
            "01/02/2024",
            "",
        ],
    ]
    report = _run("commendations", rows, admin_user)
    assert report.ok and report.created == 3, report.lines()
    assert Commendation.objects.filter(member__isnull=False).count() == 1
    report = _run("commendations", rows, admin_user)
    assert report.ok and report.unchanged == 3 and Commendation.objects.count() == 3


def test_commendation_import_reports_refusals(tree: dict[str, Any], admin_user: Any) -> None:
    rows: list[list[object]] = [
        ["GK1", "", "", "", "HCM", "Tỉnh ủy", "", "19/05/2099", ""],
        ["XYZ", "", "", "", "HCM", "Tỉnh ủy", "", "19/05/2023", ""],
        ["GK1", "", "", "", "Bơi lội", "Tỉnh ủy", "", "19/05/2023", ""],
    ]
    report = _run("commendations", rows, admin_user)
    assert not report.ok and Commendation.objects.count() == 0
    columns = {p.column for p in report.problems}
    assert {"Ngày quyết định", "Tổ chức", "Phong trào, lý do"} <= columns


def test_ratings_import_creates_units_and_refuses_conflicts(
    tree: dict[str, Any], admin_user: Any
) -> None:
    rows: list[list[object]] = [
        ["GK1", "Công đoàn", "Công đoàn Sở Y tế", 2023, "Hoàn thành xuất sắc nhiệm vụ", "", ""],
        ["GK1", "Công đoàn", "Công đoàn Sở Y tế", 2022, "Hoàn thành tốt nhiệm vụ", "", ""],
    ]
    report = _run("mass-ratings", rows, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert MassOrganisation.objects.count() == 1 and MassRating.objects.count() == 2
    assert _run("mass-ratings", rows, admin_user).unchanged == 2
    conflict = [["GK1", "Công đoàn", "Công đoàn Sở Y tế", 2023, "Hoàn thành nhiệm vụ", "", ""]]
    report = _run("mass-ratings", conflict, admin_user)
    assert not report.ok and report.problems[0].column == "Xếp loại"
    assert get_kind("mass-ratings").template()[:2] == b"PK"
