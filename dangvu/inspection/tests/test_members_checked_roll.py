"""A cell cannot report more members checked than it had that day (issue point 7).

Quy định 22-QĐ/TW ngày 28/7/2021 (chi bộ kiểm tra đảng viên chấp hành): the cell checks its
own members, so the tally of members checked is at most the members on its roll on the
day the check began. Refused through the form and the import alike, naming both numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.inspection.models import Inspection, Kind, Level
from dangvu.inspection.tests.helpers import inspect
from dangvu.members.tests.factories import existing
from dangvu.members.tests.sheets import load, problems

pytestmark = pytest.mark.django_db

WORDS = "Ngày 20/05/2024 «Chi bộ Văn phòng Sở Y tế» có 3 đảng viên; không thể ghi 4 đảng viên"


@pytest.fixture
def roll(tree: dict[str, Any]) -> None:
    for _ in range(3):
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 3, 1))


def test_the_action_takes_up_to_the_roll_and_no_more(tree: dict[str, Any], roll: None) -> None:
    day = dt.date(2024, 5, 20)
    assert inspect(tree["C11"], Level.CELL, Kind.COMPLIANCE, day, members_checked=3)
    with pytest.raises(DomainError) as error:
        inspect(tree["C11"], Level.CELL, Kind.COMPLIANCE, day, members_checked=4)
    assert "có 3 đảng viên; không thể ghi 4 đảng viên" in error.value.message
    # A cell with nobody on its roll that day.
    with pytest.raises(DomainError, match="có 0 đảng viên"):
        inspect(tree["C12"], Level.CELL, Kind.COMPLIANCE, day, members_checked=1)


def test_the_form_refuses_it(client: Client, cast: dict[str, Any], roll: None) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("inspection:inspection_create"),
        {
            "organisation": "C11",
            "level": Level.CELL,
            "kind": Kind.COMPLIANCE,
            "title": "Kiểm tra đảng viên chấp hành",
            "members_checked": "4",
            "start_date": "2024-05-20",
            "status": "IN_PROGRESS",
        },
    )
    assert response.status_code == 200
    assert WORDS in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_import_refuses_it(cast: dict[str, Any], roll: None) -> None:
    row = {
        "Tổ chức tiến hành": "C11",
        "Cơ quan tiến hành": "Chi bộ",
        "Loại": Kind.COMPLIANCE.label,
        "Nội dung": "Kiểm tra đảng viên chấp hành",
        "Ngày bắt đầu": "20/05/2024",
        "Tình trạng": "Đang tiến hành",
        "Số đảng viên được kiểm tra (không liệt kê)": 4,
    }
    report = load("inspections", [row], cast["grassroots"])
    assert WORDS in problems(report)
    assert not Inspection.objects.exists()
