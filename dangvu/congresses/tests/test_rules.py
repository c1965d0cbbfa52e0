"""The congress rules: term length by kind, the pilot as an administrator's version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.congresses import actions
from dangvu.congresses.rules import TERM_MONTHS_CELL_PILOT
from dangvu.core.models import RuleVersion
from dangvu.core.rules import rule, value_errors

pytestmark = pytest.mark.django_db


def test_grassroots_terms_run_five_years_and_cells_two_and_a_half() -> None:
    months = rule("congresses.term_months", dt.date(2020, 1, 1))
    assert months["GRASSROOTS_COMMITTEE"] == months["GRASSROOTS_CELL"] == months["BLOC"] == 60
    assert months["CELL"] == 30
    assert rule("congresses.term_months", dt.date(2025, 7, 1))["CELL"] == 30
    assert rule("congresses.allowed_delay_months", dt.date(2025, 7, 1)) == 6


def test_an_installation_in_the_pilot_gives_cells_five_years(tree: dict[str, Any]) -> None:
    assert value_errors("congresses.term_months", TERM_MONTHS_CELL_PILOT) == []
    RuleVersion.objects.create(
        key="congresses.term_months",
        effective_from=dt.date(2025, 7, 1),
        value=TERM_MONTHS_CELL_PILOT,
        note="Quy định 294-QĐ/TW: thí điểm đại hội chi bộ năm năm một lần",
    )
    assert actions.term_due_on(tree["C11"], dt.date(2025, 3, 1)) == dt.date(2027, 9, 1)
    assert actions.term_due_on(tree["C11"], dt.date(2025, 8, 1)) == dt.date(2030, 8, 1)


def test_a_value_outside_the_bounds_is_refused() -> None:
    bad = TERM_MONTHS_CELL_PILOT | {"CELL": 6}
    assert value_errors("congresses.term_months", bad)
    assert value_errors("congresses.term_months", bad | {"GROUP": 30})
