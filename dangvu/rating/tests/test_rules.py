"""The rating rules in force for each year: both sides of each text's date."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvu.core.rules import NoRuleInForce, rule
from dangvu.rating.actions import default_deadline, grade_for_score
from dangvu.rating.models import Grade

pytestmark = pytest.mark.django_db


def test_the_100_point_scale_starts_with_quy_dinh_366() -> None:
    assert rule("rating.scheme", dt.date(2025, 8, 29))["scale"] is None
    scale = rule("rating.scheme", dt.date(2025, 8, 30))["scale"]
    assert scale == {"EXCELLENT": 90, "GOOD": 70, "COMPLETED": 50}
    from decimal import Decimal

    assert grade_for_score(scale, Decimal("90")) == Grade.EXCELLENT
    assert grade_for_score(scale, Decimal("89.99")) == Grade.GOOD
    assert grade_for_score(scale, Decimal("50")) == Grade.COMPLETED
    assert grade_for_score(scale, Decimal("49.99")) == Grade.NOT_COMPLETED


def test_the_cap_is_twenty_percent_of_good_in_every_version() -> None:
    for day in (dt.date(2018, 12, 31), dt.date(2023, 12, 31), dt.date(2026, 12, 31)):
        scheme = rule("rating.scheme", day)
        assert (scheme["excellent_cap_percent"], scheme["excellent_cap_base"]) == (20, "GOOD")


def test_new_members_are_left_out_from_quy_dinh_124() -> None:
    before = rule("rating.not_rated", dt.date(2023, 10, 3))
    after = rule("rating.not_rated", dt.date(2023, 10, 4))
    assert before["new_member_months"] == 0 and "NEW_MEMBER" not in before["member_reasons"]
    assert after["new_member_months"] == 6 and "NEW_MEMBER" in after["member_reasons"]


def test_suspended_members_are_left_out_from_hd_21() -> None:
    assert not rule("rating.not_rated", dt.date(2019, 10, 17))["suspended_not_rated"]
    assert rule("rating.not_rated", dt.date(2019, 10, 18))["suspended_not_rated"]


def test_a_disciplined_member_is_not_completed_and_366_adds_the_collective_condition() -> None:
    assert rule("rating.limits", dt.date(2024, 12, 31))["disciplined_member_max"] == "NOT_COMPLETED"
    assert not rule("rating.limits", dt.date(2025, 8, 29))[
        "excellent_org_needs_no_discipline_below"
    ]
    assert rule("rating.limits", dt.date(2025, 8, 30))["excellent_org_needs_no_discipline_below"]


def test_no_rule_before_2018_and_the_deadline_is_next_january() -> None:
    with pytest.raises(NoRuleInForce):
        rule("rating.scheme", dt.date(2017, 12, 31))
    assert default_deadline(2024) == dt.date(2025, 1, 31)
