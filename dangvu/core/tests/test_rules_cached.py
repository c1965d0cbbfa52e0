"""`rules.rules_cached` answers as `rule` does, and sees a version saved or removed inside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.models import RuleVersion
from dangvu.core.rules import registered_rules, rule, rules_cached

pytestmark = pytest.mark.django_db

DAYS = [dt.date(y, m, 1) for y in (1990, 2010, 2019, 2021, 2023, 2024, 2025, 2026) for m in (1, 7)]
KEY = "members.probation_months"


def answers() -> list[object]:
    out: list[object] = []
    for default in registered_rules():
        for day in DAYS:
            try:
                out.append(rule(default.key, day))
            except LookupError as error:
                out.append(type(error))
    return out


class TestRulesCached:
    def test_the_cache_answers_as_rule_does(self) -> None:
        RuleVersion.objects.create(key=KEY, effective_from=dt.date(2024, 1, 1), value=18)
        expected = answers()
        with rules_cached():
            assert answers() == expected
            assert answers() == expected

    def test_a_version_saved_or_deleted_inside_the_block_is_seen(self) -> None:
        with rules_cached():
            before = rule(KEY, dt.date(2025, 1, 1))
            version = RuleVersion.objects.create(
                key=KEY, effective_from=dt.date(2024, 1, 1), value=before + 6
            )
            assert rule(KEY, dt.date(2025, 1, 1)) == before + 6
            assert rule(KEY, dt.date(2023, 12, 31)) == before
            version.delete()
            assert rule(KEY, dt.date(2025, 1, 1)) == before


class TestOneRequestOneRead:
    def test_a_page_reads_each_rules_versions_once(
        self, admin_client: Any, tree: dict[str, Any]
    ) -> None:
        """The home page asks the same rules for every due list: each key's versions are
        read from the database once in the request."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/").status_code == 200
        reads = [q["sql"] for q in captured.captured_queries if "core_ruleversion" in q["sql"]]
        assert reads and len(reads) == len(set(reads))

    def test_the_cache_ends_with_the_request_and_nesting_keeps_the_outer_one(self) -> None:
        from dangvu.core import rules

        with rules_cached():
            rule(KEY, dt.date(2025, 1, 1))
            with rules_cached():
                assert rules._CACHE.rows is not None and KEY in rules._CACHE.rows
            assert rules._CACHE.rows is not None
        assert rules._CACHE.rows is None
