"""Recording the annual quality rating: rounds, the three steps, the grassroots decision,
the quota, the limits after discipline, locking and correction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.inspection import actions as inspection
from dangvu.inspection.models import Level
from dangvu.members.tests.factories import admit, existing
from dangvu.rating.actions import (
    MemberDecision,
    OrgDecision,
    do_close_round,
    do_correct_member_rating,
    do_correct_org_rating,
    do_decide_members,
    do_decide_orgs,
    do_open_round,
    do_propose_member,
    do_propose_org,
    do_self_assess_member,
    do_set_member_not_rated,
    member_quota,
    member_rows,
)
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 12, 10)
ON25 = dt.date(2025, 12, 10)


def person(org: Any, name: str, admitted: dt.date = dt.date(2010, 1, 1)) -> Any:
    return existing(org, dt.date(2020, 1, 1), admitted, name)


@pytest.fixture
def rounds(tree: dict[str, Any]) -> dict[int, Any]:
    return {
        y: do_open_round(tree["BLOC"], y, opened_on=dt.date(y, 12, 1), acting_user=None)
        for y in (2022, 2023, 2024, 2025)
    }


def decide(tree: dict[str, Any], year: int, *pairs: tuple[Any, str], score: Any = None) -> Any:
    return do_decide_members(
        tree["GK1"],
        year,
        [MemberDecision(m, g, score) for m, g in pairs],
        decision_number=f"{len(pairs)}-QĐ/ĐU",
        decided_on=dt.date(year, 12, 20),
        acting_user=None,
    )


class TestRounds:
    def test_a_round_opens_once_for_a_subtree_with_the_rules_deadline(
        self, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        rnd = do_open_round(tree["BLOC"], 2024, opened_on=ON, acting_user=cast["officer"])
        assert rnd.deadline == dt.date(2025, 1, 31)
        assert AuditEvent.objects.filter(object_type="ratinground").exists()
        with pytest.raises(DomainError, match="không mở đợt thứ hai"):
            do_open_round(tree["GK1"], 2024, opened_on=ON, acting_user=None)

    def test_a_cell_secretary_cannot_open_the_blocs_round(
        self, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            do_open_round(tree["BLOC"], 2024, opened_on=ON, acting_user=cast["cell"])

    def test_nothing_is_recorded_without_an_open_round(self, tree: dict[str, Any]) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        with pytest.raises(DomainError, match="Chưa có đợt"):
            do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, acting_user=None)
        rnd = do_open_round(tree["GK1"], 2024, opened_on=ON, acting_user=None)
        do_close_round(rnd, closed_on=dt.date(2024, 12, 20), acting_user=None)
        with pytest.raises(DomainError, match="đã kết thúc"):
            do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, acting_user=None)


class TestSteps:
    def test_self_assessment_proposal_and_decision_are_dated_and_locked(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        do_self_assess_member(m, 2024, grade=Grade.EXCELLENT, on=ON, acting_user=None)
        rating = do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, acting_user=None)
        assert (rating.self_grade, rating.proposed_grade, rating.grassroots) == (
            Grade.EXCELLENT,
            Grade.GOOD,
            tree["GK1"],
        )
        assert rating.as_of == dt.date(2024, 12, 31)
        [decided] = decide(tree, 2024, (m, ""))
        assert decided.grade == Grade.GOOD and decided.is_locked
        with pytest.raises(DomainError, match="sửa quyết định"):
            do_propose_member(m, 2024, grade=Grade.COMPLETED, on=ON, acting_user=None)

    def test_a_member_is_rated_by_the_cell_they_were_in(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        with pytest.raises(DomainError, match="không phải ở"):
            do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, cell=tree["C12"], acting_user=None)
        assert [r[0] for r in member_rows(tree["C11"], 2024)] == [m]
        assert member_rows(tree["C12"], 2024) == []

    def test_the_grassroots_decides_only_its_own_members(
        self, tree: dict[str, Any], rounds: Any, cast: dict[str, Any]
    ) -> None:
        m = person(tree["C21"], "Lê Văn Cường")
        do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, acting_user=cast["cell"])
        with pytest.raises(DomainError, match="không thuộc"):
            decide(tree, 2024, (m, ""))
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            do_decide_members(
                tree["GK2"],
                2024,
                [MemberDecision(m)],
                decision_number="1-QĐ/ĐU",
                decided_on=ON,
                acting_user=cast["cell"],
            )


class TestScale:
    def test_2024_has_no_scale_and_2025_needs_a_score_that_agrees(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        with pytest.raises(DomainError, match="không theo thang điểm"):
            do_propose_member(m, 2024, grade=Grade.GOOD, score="80", on=ON, acting_user=None)
        do_propose_member(m, 2024, grade=Grade.GOOD, on=ON, acting_user=None)
        with pytest.raises(DomainError, match="thang điểm 100"):
            do_propose_member(m, 2025, grade=Grade.GOOD, on=ON25, acting_user=None)
        with pytest.raises(DomainError, match="là mức «Hoàn thành xuất sắc"):
            do_propose_member(m, 2025, grade=Grade.GOOD, score="90", on=ON25, acting_user=None)
        rating = do_propose_member(
            m, 2025, grade=Grade.GOOD, score="89,75", on=ON25, acting_user=None
        )
        assert str(rating.proposed_score) == "89.75"
        with pytest.raises(DomainError, match="từ 0 đến 100"):
            do_propose_member(m, 2025, grade=Grade.GOOD, score="nhiều", on=ON25, acting_user=None)


class TestLimits:
    def test_a_member_disciplined_that_year_is_not_completed(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        inspection.do_discipline(
            target="MEMBER",
            form="REPRIMAND",
            issuing_organisation=tree["BLOC"],
            issuing_level=Level.COMMISSION,
            violation_date=dt.date(2024, 3, 1),
            decision_date=dt.date(2024, 5, 10),
            decision_number="15-QĐ/UBKT",
            violation="Vi phạm quy định về những điều đảng viên không được làm",
            member=m,
            acting_user=None,
        )
        with pytest.raises(DomainError, match=r"bị kỷ luật trong năm 2024.*15-QĐ/UBKT"):
            do_propose_member(m, 2024, grade=Grade.COMPLETED, on=ON, acting_user=None)
        do_propose_member(m, 2024, grade=Grade.NOT_COMPLETED, on=ON, acting_user=None)
        do_propose_member(m, 2023, grade=Grade.GOOD, on=dt.date(2023, 12, 5), acting_user=None)


class TestNotRated:
    def test_a_new_member_is_not_rated_from_124_on_but_is_before(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        old = admit(tree["C11"], dt.date(2022, 8, 1), "Phạm Văn Mới")
        with pytest.raises(DomainError, match="không cho phép"):
            do_set_member_not_rated(
                old,
                2022,
                reason=NotRatedReason.NEW_MEMBER,
                on=dt.date(2022, 12, 5),
                acting_user=None,
            )
        new = admit(tree["C11"], dt.date(2023, 8, 1), "Phạm Văn Nay")
        rating = do_set_member_not_rated(
            new, 2023, reason=NotRatedReason.NEW_MEMBER, on=dt.date(2023, 12, 5), acting_user=None
        )
        assert rating.not_rated_reason == NotRatedReason.NEW_MEMBER
        early = admit(tree["C11"], dt.date(2023, 5, 1), "Phạm Văn Sớm")
        with pytest.raises(DomainError, match="đã đủ 6 tháng"):
            do_set_member_not_rated(
                early,
                2023,
                reason=NotRatedReason.NEW_MEMBER,
                on=dt.date(2023, 12, 5),
                acting_user=None,
            )
        [decided] = decide(tree, 2023, (new, ""))
        assert decided.is_locked and decided.grade == ""

    def test_other_needs_its_reason_written(self, tree: dict[str, Any], rounds: Any) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        with pytest.raises(DomainError, match="ghi rõ"):
            do_set_member_not_rated(m, 2024, reason=NotRatedReason.OTHER, on=ON, acting_user=None)
        with pytest.raises(DomainError, match="không đúng"):
            do_set_member_not_rated(m, 2024, reason=NotRatedReason.LEFT, on=ON, acting_user=None)


class TestQuota:
    def test_the_cap_is_twenty_percent_of_good_at_the_boundary(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        good = [person(tree["C11"], f"Tốt {i:02d}") for i in range(9)]
        stars = [person(tree["C12"], f"Xuất sắc {i}") for i in range(3)]
        # 9 good: 20% is 1.8, so one «xuất sắc».
        decide(tree, 2024, *[(m, Grade.GOOD) for m in good], (stars[0], Grade.EXCELLENT))
        quota = member_quota(tree["GK1"], 2024)
        assert (quota.used, quota.allowed, quota.left) == (1, 1, 0)
        with pytest.raises(DomainError) as e:
            decide(tree, 2024, (stars[1], Grade.EXCELLENT))
        assert "đã xếp loại xuất sắc 1/1 đảng viên được phép (20% của 9 đảng viên" in str(e.value)
        assert "còn được 0" in str(e.value)
        # The tenth «tốt» makes room for a second.
        tenth = person(tree["C13"], "Tốt 10")
        decide(tree, 2024, (tenth, Grade.GOOD), (stars[1], Grade.EXCELLENT))
        assert member_quota(tree["GK1"], 2024).used == 2
        assert not MemberRating.objects.filter(member=stars[2]).exists()


class TestCorrection:
    def test_a_correction_voids_the_decision_and_keeps_it(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        m = person(tree["C11"], "Nguyễn Văn An")
        [first] = decide(tree, 2024, (m, Grade.GOOD))
        with pytest.raises(DomainError, match="lý do"):
            do_correct_member_rating(
                first,
                grade=Grade.COMPLETED,
                reason=" ",
                decision_number="9-QĐ/ĐU",
                decided_on=dt.date(2025, 1, 10),
                acting_user=None,
            )
        new = do_correct_member_rating(
            first,
            grade=Grade.COMPLETED,
            reason="Phát hiện vi phạm sau khi xếp loại",
            decision_number="9-QĐ/ĐU",
            decided_on=dt.date(2025, 1, 10),
            acting_user=None,
        )
        first.refresh_from_db()
        assert first.is_void and new.correction_of == first and new.grade == Grade.COMPLETED
        assert list(MemberRating.objects.filter(member=m, voided_at__isnull=True)) == [new]


class TestOrganisations:
    def test_the_superior_decides_its_organisations_and_corrects(
        self, tree: dict[str, Any], rounds: Any, cast: dict[str, Any]
    ) -> None:
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            do_propose_org(
                tree["GK1"], 2024, grade=Grade.GOOD, on=ON, acting_user=cast["grassroots"]
            )
        do_propose_org(
            tree["GK1"], 2024, self_grade=Grade.EXCELLENT, grade=Grade.GOOD, on=ON, acting_user=None
        )
        with pytest.raises(DomainError, match="do «Đảng bộ Sở Y tế» xếp loại"):
            do_decide_orgs(
                tree["BLOC"],
                2024,
                [OrgDecision(tree["C11"], Grade.GOOD)],
                decision_number="5-QĐ/ĐUK",
                decided_on=ON,
                acting_user=None,
            )
        [rating] = do_decide_orgs(
            tree["BLOC"],
            2024,
            [OrgDecision(tree["GK1"])],
            decision_number="5-QĐ/ĐUK",
            decided_on=ON,
            acting_user=None,
        )
        assert rating.grade == Grade.GOOD and rating.decided_by_organisation == tree["BLOC"]
        new = do_correct_org_rating(
            rating,
            grade=Grade.COMPLETED,
            reason="Kết luận kiểm tra",
            decision_number="7-QĐ/ĐUK",
            decided_on=dt.date(2025, 1, 5),
            acting_user=None,
        )
        assert OrgRating.objects.get(organisation=tree["GK1"], voided_at__isnull=True) == new


class TestExcellentOrganisationNeedsItsMembers:
    """Hướng dẫn 21-HD/BTCTW (and the texts after it): a cell is «xuất sắc» only when all
    its members are graded «hoàn thành» or above and at least 80% «tốt» or above."""

    def test_a_member_not_completing_bars_the_cell_from_excellent(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        from dangvu.rating.actions import check_org_excellent_base

        members = [person(tree["C11"], f"Đảng viên {n}") for n in "ABCDE"]
        decide(tree, 2024, *[(m, Grade.GOOD) for m in members[:4]])
        [last] = decide(tree, 2024, (members[4], Grade.NOT_COMPLETED))
        with pytest.raises(DomainError) as refused:
            do_decide_orgs(
                tree["GK1"],
                2024,
                [OrgDecision(tree["C11"], Grade.EXCELLENT)],
                decision_number="9-QĐ/ĐU",
                decided_on=ON,
                acting_user=None,
            )
        message = refused.value.message
        assert "chưa đủ điều kiện" in message and "có 1 dưới mức này" in message
        assert "80%" in message and "4/5" in message
        assert not OrgRating.objects.filter(organisation=tree["C11"], year=2024).exists()
        do_correct_member_rating(
            last,
            grade=Grade.COMPLETED,
            reason="Xem xét lại",
            decision_number="10-QĐ/ĐU",
            decided_on=dt.date(2024, 12, 28),
            acting_user=None,
        )
        check_org_excellent_base(tree["C11"], 2024, dt.date(2024, 12, 31))  # 4/5 good: 80%

    def test_a_correction_cannot_reach_excellent_without_the_base(
        self, tree: dict[str, Any], rounds: Any
    ) -> None:
        members = [person(tree["C11"], f"Đảng viên {n}") for n in "ABC"]
        decide(tree, 2024, (members[0], Grade.GOOD), (members[1], Grade.COMPLETED))
        decide(tree, 2024, (members[2], Grade.COMPLETED))
        [rating] = do_decide_orgs(
            tree["GK1"],
            2024,
            [OrgDecision(tree["C11"], Grade.GOOD)],
            decision_number="9-QĐ/ĐU",
            decided_on=ON,
            acting_user=None,
        )
        with pytest.raises(DomainError, match="chưa đủ điều kiện"):
            do_correct_org_rating(
                rating,
                grade=Grade.EXCELLENT,
                reason="Xem xét lại",
                decision_number="11-QĐ/ĐU",
                decided_on=dt.date(2024, 12, 28),
                acting_user=None,
            )
        rating.refresh_from_db()
        assert rating.voided_at is None and rating.grade == Grade.GOOD

    def test_before_21_hd_nothing_is_asked_and_a_bad_rule_is_refused(self) -> None:
        from dangvu.core.rules import rule
        from dangvu.rating.rules import _limits_errors

        assert rule("rating.limits", dt.date(2018, 12, 31)).get("excellent_org_needs") is None
        assert rule("rating.limits", dt.date(2023, 12, 31))["excellent_org_needs"] == {
            "at_least": "COMPLETED",
            "good_percent": 80,
        }
        bad = {"disciplined_member_max": "NOT_COMPLETED", "disciplined_org_max": "NOT_COMPLETED"}
        assert _limits_errors(bad | {"excellent_org_needs": {"at_least": "X", "good_percent": 120}})
