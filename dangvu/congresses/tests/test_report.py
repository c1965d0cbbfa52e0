"""The annual report's sentence on party congresses: held in the year, the season the year
prepares or holds, terms ended without a congress; left out when there is nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.congresses.tests.read_factories import congress, term
from dangvu.members.tests.factories import existing
from dangvu.reports import annual
from dangvu.reports.prose import compose_sections

pytestmark = pytest.mark.django_db


def _text(org: Any, year: int) -> str:
    report = annual.compose(org, year, today=dt.date(2026, 6, 1))
    return " ".join(p.text for s in compose_sections(report) for p in s.paragraphs)


@pytest.fixture
def records(tree: dict[str, Any]) -> None:
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 1, 1))
    term(tree["GC1"], "2020–2025", dt.date(2020, 5, 1), dt.date(2025, 5, 1))
    congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20), form="DELEGATES")
    congress(tree["C21"], "2025–2027", dt.date(2025, 1, 5))
    congress(tree["GK1"], "2025–2030", dt.date(2026, 2, 10), held=False)


class TestCongressSentence:
    def test_the_year_of_the_season(self, tree: Any, records: None) -> None:
        text = _text(tree["BLOC"], 2025)
        assert (
            "Về đại hội đảng, trong năm đã tổ chức 02 đại hội (trong đó 01 đại hội đảng bộ, "
            "chi bộ cơ sở); đại hội đảng bộ, chi bộ cơ sở nhiệm kỳ 2025–2030: 01 tổ chức cơ "
            "sở đảng đã tổ chức, 01 đã có kế hoạch, 02 chưa có kế hoạch; 01 tổ chức đảng hết "
            "nhiệm kỳ chưa tổ chức đại hội."
        ) in text

    def test_the_year_before_prepares_it(self, tree: Any, records: None) -> None:
        congress(tree["GC2"], "2025–2030", dt.date(2025, 3, 1), held=False)
        text = _text(tree["BLOC"], 2024)
        # On 31/12/2024 GK2's congress of January 2025 was still to come.
        assert (
            "đại hội đảng bộ, chi bộ cơ sở nhiệm kỳ 2025–2030: 03 tổ chức cơ sở đảng đã có kế "
            "hoạch, 01 chưa có kế hoạch"
        ) in text

    def test_left_out_without_congresses(self, tree: Any) -> None:
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 1, 1))
        assert "đại hội đảng" not in _text(tree["BLOC"], 2025).lower().replace(
            "đại hội đảng bộ", ""
        )
