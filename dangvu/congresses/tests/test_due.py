"""The congresses' due groups on the home page and in the digest: terms falling due within
the window, terms past due (beyond the allowed delay said), in the user's subtree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.congresses.tests.read_factories import congress, term
from dangvu.core.due import due_for

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 1)


@pytest.fixture
def terms(tree: dict[str, Any]) -> None:
    import dangvu.congresses.rules  # noqa: F401  (the delay rule)

    term(tree["GC1"], "2020–2025", dt.date(2020, 3, 20), dt.date(2025, 3, 20))
    term(tree["GC2"], "2019–2024", dt.date(2019, 7, 1), dt.date(2024, 7, 1))
    term(tree["GK1"], "2020–2025", dt.date(2020, 1, 1), dt.date(2025, 1, 1))
    congress(tree["GK1"], "2025–2030", dt.date(2025, 4, 10), held=False)
    term(tree["GK2"], "2020–2025", dt.date(2020, 2, 1), dt.date(2025, 2, 1))
    congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20))
    term(tree["C21"], "2022–2025", dt.date(2022, 9, 1), dt.date(2025, 3, 10), voided=True)


def _groups(org: Any, within: int = 30) -> dict[str, Any]:
    return {g.key: g for g in due_for(org, DAY, within_days=within)}


class TestCongressDueGroups:
    def test_ending_within_the_window_and_past_due(self, tree: Any, terms: None) -> None:
        groups = _groups(tree["BLOC"])
        ending = groups["congress_terms_ending"]
        assert ending.count == 1 and ending.overdue == 0
        assert ending.first_due == dt.date(2025, 3, 20)
        assert "Chi bộ Sở Tư pháp — nhiệm kỳ 2020–2025" in ending.lines[0].text
        past = groups["congress_terms_overdue"]
        assert past.count == 2 and past.overdue == 2
        texts = [line.text for line in past.lines]
        assert any("quá hạn đại hội 8 tháng, quá 6 tháng được lùi" in t for t in texts)
        assert any("dự kiến đại hội 10/04/2025" in t for t in texts)
        assert "/congresses/den-han/" in past.url and "#qua-han" in past.url

    def test_a_shorter_window_leaves_the_term_out(self, tree: Any, terms: None) -> None:
        assert "congress_terms_ending" not in _groups(tree["BLOC"], within=7)

    def test_a_subtree_sees_only_its_own(self, tree: Any, terms: None) -> None:
        groups = _groups(tree["GK2"])
        assert "congress_terms_ending" not in groups
        assert "congress_terms_overdue" not in groups
        assert _groups(tree["GK1"])["congress_terms_overdue"].count == 1
