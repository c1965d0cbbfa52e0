"""Moves, transfers, discipline, endings, readmission, restoration and voiding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import MemberEvent, MembershipInterval
from dangvu.members.tests.factories import admit, existing, full_member, person

pytestmark = pytest.mark.django_db
D = dt.date(2021, 3, 1)
Y2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def state(member: Any) -> list[tuple[Any, ...]]:
    return list(
        MembershipInterval.objects.filter(member=member)
        .order_by("valid_from", "id")
        .values_list(
            "organisation_id", "status", "valid_from", "valid_to", "start_kind", "end_kind"
        )
    )


def refused(fn: Any, member: Any, *args: Any, match: str, **kwargs: Any) -> None:
    before = (state(member), MemberEvent.objects.count())
    with pytest.raises(DomainError, match=match):
        fn(member, *args, **kwargs)
    assert (state(member), MemberEvent.objects.count()) == before


def test_moving_a_member_changes_both_subtrees(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_move_member(
        member, to=tree["C21"], decision=Decision(dt.date(2023, 5, 1)), acting_user=None
    )
    f1 = queries.flows(tree["GK1"], *Y2023)
    f2 = queries.flows(tree["GK2"], *Y2023)
    fb = queries.flows(tree["BLOC"], *Y2023)
    assert f1["out"]["MOVED"] == 1 and f2["in"]["MOVED"] == 1
    assert fb["in"]["MOVED"] == 0 and fb["out"]["MOVED"] == 0
    assert queries.members_at(tree["GK2"], dt.date(2023, 5, 1))["FULL"] == 1


def test_it_refuses_to_transfer_out_someone_not_a_member_then(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D)
    refused(
        actions.do_transfer_out,
        member,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(dt.date(2021, 2, 1)),
        acting_user=None,
        match="không phải là đảng viên",
    )


def test_it_refuses_an_event_dated_before_the_admission(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D)
    refused(
        actions.do_move_member,
        member,
        to=tree["C12"],
        decision=Decision(dt.date(2020, 12, 1)),
        acting_user=None,
        match="không phải là đảng viên",
    )


def test_it_refuses_to_expel_a_probationary_member(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D)
    refused(
        actions.do_discipline_member,
        member,
        form="EXPULSION",
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(dt.date(2021, 6, 1)),
        acting_user=None,
        match="chỉ có thể bị kỷ luật cảnh cáo, khiển trách",
    )


def test_expulsion_ends_membership_and_counts_as_expelled(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_discipline_member(
        member,
        form="EXPULSION",
        issuing_level="COMMISSION",
        violation_date=dt.date(2023, 1, 5),
        decision=Decision(dt.date(2023, 4, 1)),
        acting_user=None,
    )
    member.refresh_from_db()
    assert member.status == ""
    assert queries.flows(tree["BLOC"], *Y2023)["out"]["EXPELLED"] == 1


def test_transfers_in_and_out_of_the_tree(tree: dict[str, Any]) -> None:
    member = actions.do_transfer_in(
        person("Phạm Văn Đến"),
        organisation=tree["GC1"],
        external_party="Đảng bộ Khối Doanh nghiệp tỉnh",
        party_file=actions.PartyFile(
            dt.date(2015, 3, 2), dt.date(2015, 3, 20), dt.date(2016, 3, 20), "0012345"
        ),
        decision=Decision(dt.date(2023, 2, 1)),
        acting_user=None,
    )
    actions.do_transfer_out(
        member,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(dt.date(2023, 9, 1)),
        acting_user=None,
    )
    flows = queries.flows(tree["BLOC"], *Y2023)
    assert flows["in"]["TRANSFER_IN"] == 1
    assert flows["out"]["TRANSFER_OUT"] == 1


def test_death_removal_and_resignation_end_membership(tree: dict[str, Any]) -> None:
    kinds = [EventKind.DIED, EventKind.REMOVED, EventKind.RESIGNED]
    for kind in kinds:
        member = full_member(tree["C21"], D)
        actions.do_end_membership(
            member,
            kind=kind,
            cause="Bỏ sinh hoạt 3 tháng",
            decision=Decision(dt.date(2023, 7, 1)),
            acting_user=None,
        )
    out = queries.flows(tree["GK2"], *Y2023)["out"]
    assert (out["DIED"], out["REMOVED"], out["RESIGNED"]) == (1, 1, 1)


def test_removal_needs_a_cause(tree: dict[str, Any]) -> None:
    member = full_member(tree["C21"], D)
    refused(
        actions.do_end_membership,
        member,
        kind=EventKind.REMOVED,
        decision=Decision(dt.date(2023, 7, 1)),
        acting_user=None,
        match="lý do xóa tên",
    )


def test_nothing_can_be_recorded_after_membership_ends(tree: dict[str, Any]) -> None:
    member = full_member(tree["C21"], D)
    actions.do_end_membership(
        member, kind=EventKind.DIED, decision=Decision(dt.date(2023, 7, 1)), acting_user=None
    )
    refused(
        actions.do_move_member,
        member,
        to=tree["C11"],
        decision=Decision(dt.date(2023, 8, 1)),
        acting_user=None,
        match="không phải là đảng viên",
    )


def test_readmission_and_party_age_with_a_gap(tree: dict[str, Any]) -> None:
    member = existing(
        tree["C11"], dt.date(2020, 1, 1), dt.date(2000, 1, 10), birth=dt.date(1975, 1, 1)
    )
    # Removed from the rolls, readmitted after the 36 months the regulation asks.
    actions.do_end_membership(
        member,
        kind=EventKind.REMOVED,
        cause="Hai năm liền không hoàn thành nhiệm vụ",
        decision=Decision(dt.date(2020, 1, 10)),
        acting_user=None,
    )
    actions.do_readmit_member(
        member,
        organisation=tree["C12"],
        decision=Decision(dt.date(2023, 1, 10)),
        left_for="OTHER",
        consent_number="15-CV/TU",
        consent_date=dt.date(2022, 12, 20),
        acting_user=None,
    )
    member.refresh_from_db()
    age = queries.party_age(member)
    assert age is not None
    assert age.start == dt.date(2000, 1, 10)
    assert age.gap_days == (dt.date(2023, 1, 10) - dt.date(2020, 1, 10)).days
    assert age.years_on(dt.date(2025, 1, 10)) == 22
    assert queries.flows(tree["BLOC"], *Y2023)["in"]["READMITTED"] == 1
    assert member.status == Status.PROBATIONARY


def test_restoration_after_wrongful_expulsion_keeps_party_age_continuous(
    tree: dict[str, Any],
) -> None:
    member = existing(
        tree["C11"], dt.date(2020, 1, 1), dt.date(2000, 1, 10), birth=dt.date(1975, 1, 1)
    )
    actions.do_discipline_member(
        member,
        form="EXPULSION",
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(dt.date(2021, 1, 10)),
        acting_user=None,
    )
    actions.do_restore_member(
        member, organisation=tree["C11"], decision=Decision(dt.date(2022, 1, 10)), acting_user=None
    )
    member.refresh_from_db()
    assert member.status == Status.FULL
    assert queries.party_age(member).years_on(dt.date(2026, 1, 10)) == 26


def test_restoration_is_only_for_the_expelled(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_end_membership(
        member, kind=EventKind.RESIGNED, decision=Decision(dt.date(2023, 1, 10)), acting_user=None
    )
    refused(
        actions.do_restore_member,
        member,
        organisation=tree["C11"],
        decision=Decision(dt.date(2023, 6, 1)),
        acting_user=None,
        match="đã bị khai trừ",
    )


def test_voiding_an_event_rebuilds_the_state(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    move = actions.do_move_member(
        member, to=tree["C21"], decision=Decision(dt.date(2023, 5, 1)), acting_user=None
    )
    actions.do_void_event(move, reason="Ghi nhầm chi bộ", acting_user=None)
    member.refresh_from_db()
    assert member.organisation == tree["C11"]
    move.refresh_from_db()
    assert move.is_void and move.void_reason == "Ghi nhầm chi bộ"
    assert MemberEvent.objects.filter(pk=move.pk).exists()


def test_voiding_refuses_what_would_leave_an_impossible_history(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    admission = member.events.get(kind=EventKind.ADMITTED)
    with pytest.raises(DomainError, match="Không thể hủy"):
        actions.do_void_event(admission, reason="Nhầm", acting_user=None)
    admission.refresh_from_db()
    assert not admission.is_void
    member.refresh_from_db()
    assert member.status == Status.FULL


def test_voiding_needs_a_reason(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    event = member.events.get(kind=EventKind.CONFIRMED)
    with pytest.raises(DomainError, match="lý do hủy"):
        actions.do_void_event(event, reason="  ", acting_user=None)


def test_exemption_keeps_the_member_on_the_rolls(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_exempt_member(member, decision=Decision(dt.date(2023, 1, 5)), acting_user=None)
    member.refresh_from_db()
    assert member.exempted and member.status == Status.FULL
    assert queries.members_at(tree["C11"], dt.date(2023, 2, 1))["total"] == 1


def test_temporary_attachment_keeps_the_member_at_home(tree: dict[str, Any]) -> None:
    member = full_member(tree["C11"], D)
    actions.do_record_temporary(
        member,
        kind=EventKind.TEMP_OUT,
        place="Học viện Chính trị khu vực III",
        until=dt.date(2023, 12, 1),
        decision=Decision(dt.date(2023, 3, 1)),
        acting_user=None,
    )
    assert queries.members_at(tree["C11"], dt.date(2023, 6, 1))["total"] == 1
