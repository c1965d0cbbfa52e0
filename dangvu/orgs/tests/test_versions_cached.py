"""`queries.versions_cached` gives the answers of the queries, also after a restructuring.

The demo's seed reads each organisation's versions once; a version written inside the
block (a dissolution, a move) must be seen at once, as the queries would see it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import path_at, path_at_id, version_at, versions_cached
from dangvu.orgs.tests.dissolved_bloc import dissolve_bloc

pytestmark = pytest.mark.django_db

DAYS = [dt.date(y, m, d) for y in range(2018, 2028) for m in (1, 3, 7) for d in (1, 2)]


def answers() -> list[tuple[int, dt.date, Any, Any, Any]]:
    return [
        (org.pk, day, version_at(org, day), path_at(org, day), path_at_id(org.pk, day))
        for org in Organisation.objects.order_by("pk")
        for day in DAYS
    ]


class TestVersionsCached:
    def test_the_cache_answers_as_the_queries_do(self, tree: dict[str, Any]) -> None:
        expected = answers()
        with versions_cached():
            assert answers() == expected
            assert answers() == expected  # from the cache this time

    def test_a_restructuring_inside_the_block_is_seen(
        self, tree: dict[str, Any], decision: Any
    ) -> None:
        with versions_cached():
            before = answers()
            dissolve_bloc(tree, decision)
            inside = answers()
        after = answers()
        assert inside == after
        assert inside != before
