"""The rating read side: results by grade and reason, coverage, placement, sums over the
level, and statements that do not grow with members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangvu.members.tests.factories import existing
from dangvu.rating import queries
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating

pytestmark = pytest.mark.django_db
JOINED = dt.date(2021, 6, 1)
E, G, C, N = Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED


def member(org: Any, name: str) -> Any:
    return existing(org, JOINED, dt.date(2010, 1, 1), name)


def rate(
    m: Any,
    cell: Any,
    grassroots: Any,
    year: int,
    grade: str = "",
    *,
    reason: str = "",
    decided: bool = True,
    as_of: dt.date | None = None,
) -> MemberRating:
    return MemberRating.objects.create(
        member=m,
        organisation=cell,
        grassroots=grassroots,
        year=year,
        grade=grade,
        not_rated_reason=reason,
        decided_on=dt.date(year, 12, 20) if decided else None,
        as_of=as_of or dt.date(year, 12, 31),
    )


def rate_org(org: Any, superior: Any, year: int, grade: str = "", *, reason: str = "") -> OrgRating:
    return OrgRating.objects.create(
        organisation=org,
        decided_by_organisation=superior,
        year=year,
        grade=grade,
        not_rated_reason=reason,
        decided_on=dt.date(year, 12, 28),
        as_of=dt.date(year, 12, 31),
    )


@pytest.fixture
def rated(tree: dict[str, Any]) -> dict[str, Any]:
    """2023: C11 — an E, a G, a C; C21 — an N, one exempt (reason); GC1 — one unrated, one
    proposed but undecided (unrated), one voided (unrated). 2022: two G, the N member N."""
    t = tree
    gk1, gk2, gc1 = t["GK1"], t["GK2"], t["GC1"]
    ms = {
        "an": member(t["C11"], "Nguyễn Văn An"),
        "binh": member(t["C11"], "Trần Thị Bình"),
        "cuong": member(t["C11"], "Lê Văn Cường"),
        "dung": member(t["C21"], "Phạm Văn Dũng"),
        "em": member(t["C21"], "Hoàng Văn Em"),
        "giang": member(t["GC1"], "Võ Thị Giang"),
        "hoa": member(t["GC1"], "Đỗ Thị Hoa"),
        "khanh": member(t["GC1"], "Bùi Văn Khánh"),
    }
    rate(ms["an"], t["C11"], gk1, 2023, E)
    rate(ms["binh"], t["C11"], gk1, 2023, G)
    rate(ms["cuong"], t["C11"], gk1, 2023, C)
    rate(ms["dung"], t["C21"], gk2, 2023, N)
    rate(ms["em"], t["C21"], gk2, 2023, reason=NotRatedReason.EXEMPT)
    rate(ms["hoa"], gc1, gc1, 2023, G, decided=False)
    voided = rate(ms["khanh"], gc1, gc1, 2023, E)
    voided.voided_at = timezone.now()
    voided.void_reason = "Ghi nhầm"
    voided.save()
    rate(ms["an"], t["C11"], gk1, 2022, G)
    rate(ms["binh"], t["C11"], gk1, 2022, G)
    rate(ms["dung"], t["C21"], gk2, 2022, N)
    rate_org(gk1, t["BLOC"], 2023, E)
    rate_org(gk2, t["BLOC"], 2023, N)
    rate_org(t["C11"], gk1, 2023, G)
    rate_org(t["GC2"], t["BLOC"], 2023, reason=NotRatedReason.NEW_ORGANISATION)
    return ms


class TestMemberResults:
    def test_it_counts_decided_grades_reasons_and_the_not_yet_rated(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        found = queries.results(tree["BLOC"], 2023).members
        assert dict(found.by_grade) == {E: 1, G: 1, C: 1, N: 1}
        assert dict(found.not_rated) == {NotRatedReason.EXEMPT: 1}
        # giang (nothing), hoa (undecided), khanh (voided) are not yet rated
        assert found.unrated == 3
        assert found.total == 8
        assert found.rate(E) == pytest.approx(25.0)

    def test_ratings_are_placed_by_their_cell(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        gk1 = queries.results(tree["GK1"], 2023).members
        assert dict(gk1.by_grade) == {E: 1, G: 1, C: 1}
        assert gk1.unrated == 0
        gk2 = queries.results(tree["GK2"], 2023).members
        assert dict(gk2.by_grade) == {N: 1}
        assert gk2.not_rated_total == 1
        assert queries.results(tree["GC1"], 2023).members.unrated == 3
        assert queries.results(tree["GC2"], 2023).members.empty

    def test_the_year_before(self, tree: dict[str, Any], rated: dict[str, Any]) -> None:
        before = queries.results(tree["BLOC"], 2022).members
        assert dict(before.by_grade) == {G: 2, N: 1}
        # on the books from June 2021: the five others have no result for 2022
        assert before.unrated == 5

    def test_a_member_who_left_during_the_year_is_placed_on_their_last_day(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        from dangvu.members.models import MembershipInterval

        # giang's time on the books ends in May: placed in GC1 on 30/04, still not rated
        MembershipInterval.objects.filter(member=rated["giang"]).update(
            valid_to=dt.date(2023, 5, 1)
        )
        assert queries.results(tree["GC1"], 2023).members.unrated == 3
        assert queries.results(tree["GC1"], 2024).members.unrated == 2


class TestOrganisationResults:
    def test_organisations_by_kind_with_the_not_yet_rated(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        found = queries.results(tree["BLOC"], 2023)
        grassroots = found.group("GRASSROOTS")
        assert dict(grassroots.by_grade) == {E: 1, N: 1}
        assert dict(grassroots.not_rated) == {NotRatedReason.NEW_ORGANISATION: 1}
        assert grassroots.unrated == 1  # GC1
        cells = found.group("CELL")
        assert dict(cells.by_grade) == {G: 1}
        assert cells.unrated == 3  # C12, C13, C21
        assert found.group("SUB_COMMITTEE").unrated == 1


class TestLevelTable:
    def test_the_rows_add_up_to_the_total(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        found = queries.table(tree["BLOC"], 2023)
        assert [r.organisation.code for r in found.rows] == ["GC1", "GC2", "GK1", "GK2"]
        summed = queries.Results()
        for r in found.rows:
            summed.add(r.results)
        assert summed.members == found.total.members
        for key in queries.ORG_GROUPS:
            assert summed.group(key) == found.total.group(key), key
        assert dict(found.previous.members.by_grade) == {G: 2, N: 1}

    def test_a_remainder_of_the_organisation_itself_gets_its_own_row(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        found = queries.table(tree["GK1"], 2023)
        # GK1 itself is a grassroots organisation of its own subtree, rated E
        assert found.rows[-1].direct
        assert dict(found.rows[-1].results.group("GRASSROOTS").by_grade) == {E: 1}
        summed = queries.Results()
        for r in found.rows:
            summed.add(r.results)
        assert summed.members == found.total.members

    def test_statements_do_not_grow_with_members(self, tree: dict[str, Any]) -> None:
        def count(n: int) -> int:
            for i in range(n):
                m = member(tree["C12"], f"Đảng viên {n} {i}")
                rate(m, tree["C12"], tree["GK1"], 2023, (E, G, C, N)[i % 4])
            with CaptureQueriesContext(connection) as ctx:
                queries.table(tree["BLOC"], 2023)
            return len(ctx.captured_queries)

        assert count(3) == count(12)


class TestLists:
    def test_lists_agree_with_the_counts(self, tree: dict[str, Any], rated: dict[str, Any]) -> None:
        bloc = tree["BLOC"]
        assert queries.graded_members(bloc, 2023).count() == 4
        assert [r.member.full_name for r in queries.graded_members(bloc, 2023, E)] == [
            "Nguyễn Văn An"
        ]
        names = {i.member.full_name for i in queries.unrated_members(bloc, 2023)}
        assert names == {"Võ Thị Giang", "Đỗ Thị Hoa", "Bùi Văn Khánh"}
        assert queries.unrated_members(tree["GK1"], 2023).count() == 0
        assert queries.unrated_members(bloc, 2022).count() == 5

    def test_not_completed_two_years_running(
        self, tree: dict[str, Any], rated: dict[str, Any]
    ) -> None:
        assert [r.member.full_name for r in queries.failing_twice(tree["BLOC"], 2023)] == [
            "Phạm Văn Dũng"
        ]
        assert not queries.failing_twice(tree["GK1"], 2023).exists()
        assert not queries.failing_twice(tree["BLOC"], 2022).exists()
