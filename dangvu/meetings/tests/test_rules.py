"""The meeting rules in force on each side of their texts' dates."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvu.core.rules import rule, rule_text
from dangvu.meetings.queries import rule_on

pytestmark = pytest.mark.django_db


def test_a_thematic_meeting_each_quarter_from_the_2012_guidance() -> None:
    assert rule("meetings.schedule", dt.date(2012, 3, 1))["thematic_per_quarter"] == 0
    assert rule("meetings.schedule", dt.date(2012, 3, 2))["thematic_per_quarter"] == 1
    assert rule("meetings.schedule", dt.date(2026, 1, 1))["regular_per_month"] == 1


def test_quality_is_above_85_percent_under_hd_12_and_cites_it() -> None:
    assert rule("meetings.quality", dt.date(2018, 7, 6))["attendance_percent_above"] == 85
    assert "12-HD/BTCTW" in rule_text("meetings.quality", dt.date(2020, 1, 1))
    assert "50-CT/TW" in rule_text("meetings.quality", dt.date(2025, 8, 1))


def test_removal_is_three_months_in_twelve_under_every_text() -> None:
    for day in (dt.date(2015, 1, 1), dt.date(2022, 1, 1), dt.date(2025, 7, 1)):
        value = rule("meetings.removal", day)
        assert (value["months"], value["window_months"]) == (3, 12)
    assert "294-QĐ/TW" in rule_text("meetings.removal", dt.date(2025, 7, 1))


def test_a_day_before_every_text_reads_the_first_version() -> None:
    assert rule_on("meetings.quality", dt.date(2005, 1, 1))["attendance_percent_above"] == 85
