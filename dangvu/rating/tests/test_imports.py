"""The rating imports: members' and organisations' ratings from a spreadsheet, through the
same checks as the pages, idempotent and all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.dues.tests.test_imports import run
from dangvu.members.tests.factories import existing
from dangvu.rating.actions import do_open_round
from dangvu.rating.models import Grade, MemberRating, OrgRating

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: dict[str, Any]) -> list[Any]:
    do_open_round(tree["BLOC"], 2025, opened_on=dt.date(2025, 12, 1), acting_user=None)
    return [
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 1, 1), name)
        for name in ("Nguyễn Văn An", "Trần Thị Bình")
    ]


def member_row(m: Any, **kw: Any) -> dict[str, Any]:
    return {
        "Chi bộ": "C11",
        "Năm": 2025,
        "Họ và tên": m.full_name,
        "Ngày sinh": m.birth_date.strftime("%d/%m/%Y"),
        **kw,
    }


class TestMembers:
    def test_a_decided_file_imports_once_and_again_is_unchanged(
        self, people: list[Any], admin_user: Any
    ) -> None:
        rows = [
            member_row(
                m,
                **{
                    "Tự xếp loại": Grade.GOOD.label,
                    "Điểm tự chấm": "80",
                    "Chi bộ đề xuất": Grade.GOOD.label,
                    "Điểm đề xuất": "82,5",
                    "Xếp loại": Grade.GOOD.label,
                    "Điểm": "82,5",
                    "Số quyết định": "25-QĐ/ĐU",
                    "Ngày quyết định": "28/12/2025",
                },
            )
            for m in people
        ]
        report = run("rating-members", rows, admin_user)
        assert report.ok and report.created == 2, report.lines()
        assert MemberRating.objects.filter(decided_on=dt.date(2025, 12, 28)).count() == 2
        again = run("rating-members", rows, admin_user)
        assert again.ok and again.unchanged == 2, again.lines()

    def test_a_refused_row_writes_nothing_and_says_why(
        self, people: list[Any], admin_user: Any
    ) -> None:
        rows = [
            member_row(people[0], **{"Chi bộ đề xuất": Grade.GOOD.label, "Điểm đề xuất": "80"}),
            member_row(people[1], **{"Chi bộ đề xuất": Grade.GOOD.label, "Điểm đề xuất": "95"}),
        ]
        report = run("rating-members", rows, admin_user)
        assert not report.ok
        assert "95 điểm là mức «Hoàn thành xuất sắc nhiệm vụ»" in " ".join(report.lines())
        assert not MemberRating.objects.exists()

    def test_another_grade_for_a_decided_rating_is_refused(
        self, people: list[Any], admin_user: Any
    ) -> None:
        decided = {"Xếp loại": Grade.GOOD.label, "Điểm": "80", "Số quyết định": "1-QĐ/ĐU"}
        decided["Ngày quyết định"] = "28/12/2025"
        assert run("rating-members", [member_row(people[0], **decided)], admin_user).ok
        decided["Xếp loại"], decided["Điểm"] = Grade.COMPLETED.label, "60"
        report = run("rating-members", [member_row(people[0], **decided)], admin_user)
        assert "đã có quyết định số 1-QĐ/ĐU" in " ".join(report.lines())


class TestOrganisations:
    def test_the_superior_decision_is_imported(self, people: list[Any], admin_user: Any) -> None:
        row = {
            "Tổ chức đảng": "GK1",
            "Năm": 2025,
            "Mức đề xuất": Grade.GOOD.label,
            "Điểm đề xuất": "85",
            "Xếp loại": Grade.GOOD.label,
            "Điểm": "85",
            "Số quyết định": "30-QĐ/ĐUK",
            "Ngày quyết định": "30/12/2025",
        }
        report = run("rating-orgs", [row], admin_user)
        assert report.ok, report.lines()
        rating = OrgRating.objects.get(organisation__code="GK1")
        assert rating.grade == Grade.GOOD and rating.decided_by_organisation.code == "BLOC"
        assert run("rating-orgs", [row], admin_user).unchanged == 1
