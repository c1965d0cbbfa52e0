"""Admission and confirmation follow the rules of the date they happen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.core.models import RuleVersion
from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import Status
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.members.tests.factories import admit, full_member, person

pytestmark = pytest.mark.django_db
D = dt.date(2022, 3, 1)


def counts() -> tuple[int, int, int]:
    return Member.objects.count(), MemberEvent.objects.count(), MembershipInterval.objects.count()


def refused(fn: Any, *args: Any, match: str, **kwargs: Any) -> None:
    before = counts()
    with pytest.raises(DomainError, match=match):
        fn(*args, **kwargs)
    assert counts() == before


def test_admission_creates_the_record_event_and_interval(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D, "Trần Thị Hoa", identity_number="052190000123")
    member.refresh_from_db()
    assert member.status == Status.PROBATIONARY
    assert member.organisation == tree["C11"]
    assert member.admission_decision_date == D
    assert member.ceremony_date == D + dt.timedelta(days=7)
    assert queries.members_at(tree["GK1"], D)["PROBATIONARY"] == 1
    assert queries.members_at(tree["BLOC"], D - dt.timedelta(days=1))["total"] == 0


def test_it_refuses_admission_under_eighteen(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(birth=dt.date(2004, 3, 2)),
        organisation=tree["C11"],
        decision=Decision(D),
        acting_user=None,
        match="phải đủ 18 tuổi",
    )


def test_it_refuses_admission_over_sixty(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(birth=dt.date(1961, 2, 1)),
        organisation=tree["C11"],
        decision=Decision(D),
        acting_user=None,
        match="không quá 60 tuổi",
    )


def test_the_age_rule_is_read_for_the_date_of_admission(tree: dict[str, Any]) -> None:
    RuleVersion.objects.create(
        key="members.admission_max_age_months", effective_from=dt.date(2024, 1, 1), value=55 * 12
    )
    admit(tree["C11"], D, birth=dt.date(1965, 1, 1))  # 57 in 2022: allowed then
    refused(
        actions.do_admit_member,
        person(birth=dt.date(1967, 1, 1)),
        organisation=tree["C11"],
        decision=Decision(dt.date(2024, 3, 1)),
        acting_user=None,
        match="không quá 55 tuổi",
    )


def test_it_refuses_an_identity_number_that_is_not_twelve_digits(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(identity_number="05219000012"),
        organisation=tree["C11"],
        decision=Decision(D),
        acting_user=None,
        match="đúng 12 chữ số",
    )


def test_it_refuses_an_identity_number_already_used(tree: dict[str, Any]) -> None:
    admit(tree["C11"], D, "Lê Văn Bình", identity_number="052190000123")
    refused(
        actions.do_admit_member,
        person(identity_number="052190000123"),
        organisation=tree["C12"],
        decision=Decision(D),
        acting_user=None,
        match="đã có trong hồ sơ của đồng chí Lê Văn Bình",
    )


def test_it_refuses_a_future_admission(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(),
        organisation=tree["C11"],
        decision=Decision(dt.date.today() + dt.timedelta(days=3)),
        acting_user=None,
        match="tương lai",
    )


def test_it_refuses_admission_into_a_dissolved_organisation(
    tree: dict[str, Any], decision: Any
) -> None:
    from dangvu.orgs.actions import do_dissolve_organisation

    do_dissolve_organisation(tree["C12"], decision=decision(dt.date(2021, 1, 1)), acting_user=None)
    refused(
        actions.do_admit_member,
        person(),
        organisation=tree["C12"],
        decision=Decision(D),
        acting_user=None,
        match="không hoạt động",
    )


def test_it_refuses_admission_into_the_bloc_itself(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(),
        organisation=tree["BLOC"],
        decision=Decision(D),
        acting_user=None,
        match="sinh hoạt tại chi bộ",
    )


def test_the_ceremony_must_follow_within_thirty_working_days(tree: dict[str, Any]) -> None:
    refused(
        actions.do_admit_member,
        person(),
        organisation=tree["C11"],
        decision=Decision(D),
        ceremony_date=D + dt.timedelta(days=60),
        acting_user=None,
        match="30 ngày làm việc",
    )


def test_it_rejects_confirmation_before_twelve_months(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D)
    refused(
        actions.do_confirm_member,
        member,
        decision=Decision(dt.date(2023, 3, 1)),
        acting_user=None,
        match="Chưa đủ 12 tháng dự bị",
    )


def test_a_late_confirmation_dates_full_membership_from_the_end_of_probation(
    tree: dict[str, Any],
) -> None:
    member = admit(tree["C11"], D, ceremony=dt.date(2022, 3, 10))
    actions.do_confirm_member(member, decision=Decision(dt.date(2023, 6, 1)), acting_user=None)
    member.refresh_from_db()
    assert member.status == Status.FULL
    assert member.full_member_date == dt.date(2023, 3, 10)
    assert queries.members_at(tree["C11"], dt.date(2023, 3, 10))["FULL"] == 1
    assert queries.members_at(tree["C11"], dt.date(2023, 3, 9))["PROBATIONARY"] == 1


def test_confirmed_and_cards_are_counted_in_their_period(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_issue_card(
        member, card_number="0052190012", decision=Decision(dt.date(2023, 9, 2)), acting_user=None
    )
    member.refresh_from_db()
    assert member.card_number == "0052190012"
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert queries.events_in(tree["BLOC"], *year, ["CONFIRMED"]).count() == 1
    assert queries.events_in(tree["BLOC"], *year, ["CARD_ISSUED"]).count() == 1
    assert queries.events_in(tree["GK2"], *year, ["CARD_ISSUED"]).count() == 0


def test_a_card_goes_only_to_full_members(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D)
    refused(
        actions.do_issue_card,
        member,
        card_number="123",
        decision=Decision(D + dt.timedelta(30)),
        acting_user=None,
        match="chính thức",
    )
