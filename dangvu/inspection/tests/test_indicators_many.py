"""The batch forms of the additive inspection and discipline indicators give, organisation
by organisation, exactly what the single forms give, in queries that do not grow with the
set of organisations.

The committee is restructured during 2025 (a merge, a move) and carries the inspection
demo work: grassroots inspections and supervisions of cells, cells' compliance checks
(listed members and tallies); and discipline decisions on organisations, some on the
moved cell before and after its move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.education.tests.test_indicators_many import (
    assert_batch_equals_single,
    assert_queries_do_not_grow,
    restructured_committee,
)
from dangvu.inspection import actions
from dangvu.inspection.demo import seed_inspection
from dangvu.inspection.models import Form, Level, Target

pytestmark = pytest.mark.django_db

CODES = [
    "discipline.organisations",
    "inspection.cells_inspected_by_grassroots",
    "inspection.cells_supervised_by_grassroots",
    "inspection.members_checked_by_cells",
]


def discipline_organisations(tree: dict[str, Any]) -> None:
    """Decisions on organisations (the demo has none at this scale): the moved cell before
    and after its move, a cell of the other grassroots committee, and a grassroots cell."""
    for code, form, day in (
        ("C13", Form.REPRIMAND, dt.date(2025, 4, 10)),
        ("C13", Form.WARNING, dt.date(2025, 6, 20)),
        ("C21", Form.WARNING, dt.date(2024, 2, 1)),
        ("GC2", Form.REPRIMAND, dt.date(2025, 9, 5)),
    ):
        actions.do_discipline(
            target=Target.ORGANISATION,
            form=form,
            organisation=tree[code],
            issuing_organisation=tree["BLOC"],
            issuing_level=Level.STANDING,
            violation_date=day - dt.timedelta(days=60),
            decision_date=day,
            violation="Buông lỏng lãnh đạo, quản lý đảng viên",
            acting_user=None,
        )


@pytest.fixture
def committee(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    restructured_committee(tree, decision, seed_inspection)
    discipline_organisations(tree)
    return tree


def test_batch_forms_equal_the_single_forms(committee: dict[str, Any]) -> None:
    assert_batch_equals_single(CODES)


def test_batch_queries_do_not_grow_with_the_organisations(committee: dict[str, Any]) -> None:
    assert_queries_do_not_grow(CODES)
