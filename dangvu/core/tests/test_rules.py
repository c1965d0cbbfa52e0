"""Dated rules: `rule()` and the bulk `RuleBook` give the same value on every date."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvu.core.models import RuleVersion
from dangvu.core.rules import RuleBook, registered_rules, rule

pytestmark = pytest.mark.django_db

DAYS = [dt.date(y, m, 1) for y in (1990, 2010, 2019, 2021, 2023, 2024, 2025, 2026) for m in (1, 7)]


def test_the_book_answers_as_rule_does_with_and_without_database_rows() -> None:
    RuleVersion.objects.create(
        key="members.probation_months", effective_from=dt.date(2024, 1, 1), value=18
    )
    RuleVersion.objects.create(
        key="members.probation_months", effective_from=dt.date(2025, 7, 1), value=12
    )
    book = RuleBook()
    for default in registered_rules():
        for day in DAYS:
            try:
                expected = rule(default.key, day)
            except LookupError:
                with pytest.raises(LookupError):
                    book(default.key, day)
                continue
            assert book(default.key, day) == expected, (default.key, day)
    assert book("members.probation_months", dt.date(2024, 6, 1)) == 18
    assert book("members.probation_months", dt.date(2025, 8, 1)) == 12


def test_an_unknown_rule_is_an_error_in_both() -> None:
    with pytest.raises(KeyError):
        rule("no.such.rule", dt.date(2024, 1, 1))
    with pytest.raises(KeyError):
        RuleBook()("no.such.rule", dt.date(2024, 1, 1))


def test_the_text_cited_is_that_of_the_version_in_force() -> None:
    """A refusal names the text it applies: the shipped version's source, or from the date
    of an administrator's version, the legal basis typed with it."""
    from dangvu.core.rules import rule_text

    shipped = next(r for r in registered_rules() if r.key == "members.badge_deferral_months")
    for start, _, source in shipped.versions:
        assert rule_text("members.badge_deferral_months", start) == source
    RuleVersion.objects.create(
        key="members.badge_deferral_months",
        effective_from=dt.date(2027, 1, 1),
        value={"REPRIMAND": 6, "WARNING": 9, "DISMISSAL": 12, "EXPULSION": 0},
        note="Quy định mới ngày 01/01/2027",
    )
    assert rule_text("members.badge_deferral_months", dt.date(2027, 3, 1)) == (
        "Quy định mới ngày 01/01/2027"
    )
