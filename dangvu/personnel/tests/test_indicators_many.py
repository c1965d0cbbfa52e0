"""The batch forms of the additive personnel indicators give, organisation by organisation,
exactly what the single forms give, in queries that do not grow with the set.

The committee is restructured during 2025 (a merge, a move) and carries the personnel demo
work: committee decisions, leader evaluations, political-standard conclusions and the
assignments of higher committee members to attend the cells' meetings.
"""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.education.tests.test_indicators_many import (
    assert_batch_equals_single,
    assert_queries_do_not_grow,
    restructured_committee,
)
from dangvu.personnel.demo import seed_personnel

pytestmark = pytest.mark.django_db

CODES = [
    "personnel.cell_attendance_assignments",
    "personnel.committee_decisions",
    "personnel.leader_evaluations",
    "personnel.political_conclusions",
    "personnel.political_conclusions.not_met",
]


@pytest.fixture
def committee(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    restructured_committee(tree, decision, seed_personnel)
    return tree


def test_batch_forms_equal_the_single_forms(committee: dict[str, Any]) -> None:
    assert_batch_equals_single(CODES)


def test_batch_queries_do_not_grow_with_the_organisations(committee: dict[str, Any]) -> None:
    assert_queries_do_not_grow(CODES)
