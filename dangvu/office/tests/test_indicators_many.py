"""The batch forms of emulation and mass-organisation indicators give, organisation by
organisation, exactly what the single forms give, in queries that do not grow with the set.

The committee is restructured during 2025 (a merge, a move) and carries the office demo
activity: commendations of collectives, members and non-members, congresses and ratings.
"""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.education.tests.test_indicators_many import (
    assert_batch_equals_single,
    assert_queries_do_not_grow,
    restructured_committee,
)
from dangvu.office.demo import seed_office

pytestmark = pytest.mark.django_db

CODES = [
    "emulation.commended_collectives",
    "emulation.commended_individuals",
    "massorgs.congresses",
    "massorgs.ratings",
]


@pytest.fixture
def committee(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    restructured_committee(tree, decision, seed_office)
    return tree


def test_batch_forms_equal_the_single_forms(committee: dict[str, Any]) -> None:
    assert_batch_equals_single(CODES)


def test_batch_queries_do_not_grow_with_the_organisations(committee: dict[str, Any]) -> None:
    assert_queries_do_not_grow(CODES)
