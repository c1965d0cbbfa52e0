"""The personnel actions: what they write, and the bad input they refuse with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.audit.models import AuditEvent
from dangvu.core.dates import FOREVER
from dangvu.core.errors import DomainError
from dangvu.members import candidates
from dangvu.members.tests.factories import admit, person
from dangvu.personnel import actions, queries
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)
from dangvu.personnel.tests.helpers import START, committee, member, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def gk1(tree: dict[str, Any]) -> dict[str, Any]:
    """GK1's executive committee 2020–2025 with its secretary, and two more members."""
    body = committee(tree["GK1"])
    an = member(tree["C11"], "Nguyễn Văn An")
    binh = member(tree["C12"], "Trần Thị Bình")
    cuong = member(tree["C13"], "Lê Văn Cường")
    return {
        "body": body,
        "an": an,
        "binh": binh,
        "cuong": cuong,
        "secretary": seat(body, an, Position.SECRETARY),
    }


def test_terms_are_read_in_one_form_and_validated() -> None:
    assert actions.parse_term("2020 - 2025")[2] == "2020–2025"
    assert actions.parse_term("2020–2025")[:2] == (2020, 2025)
    assert actions.parse_term("2022-2025")[2] == "2022–2025"
    assert actions.parse_term("1930-1935")[2] == "1930–1935"
    bad_terms = ("2020", "nhiệm kỳ 2020-2025", "2020–2035", "2025–2020", "20-25", "", "1925-1930")
    for bad in bad_terms:
        with pytest.raises(DomainError) as error:
            actions.parse_term(bad)
        assert error.value.field == "term"


def test_a_committee_is_unique_per_organisation_body_and_term(tree: dict[str, Any]) -> None:
    body = committee(tree["GK1"], term="2020 - 2025")
    assert body.term == "2020–2025" and (body.first_year, body.last_year) == (2020, 2025)
    with pytest.raises(DomainError, match="đã có"):
        committee(tree["GK1"])
    with pytest.raises(DomainError, match="không có Ban Thường vụ"):
        committee(tree["C11"], CommitteeKind.STANDING)
    with pytest.raises(DomainError, match="Nhiệm kỳ ghi dạng"):
        committee(tree["GK2"], term="năm 2020")
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        committee(tree["GK2"], term="2090–2095")
    assert Committee.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_who_is_the_secretary_on_a_date(tree: dict[str, Any], gk1: dict[str, Any]) -> None:
    day = dt.date(2021, 1, 1)
    assert queries.secretary_of(tree["GK1"], day) == gk1["an"]
    assert queries.secretary_of(tree["GK1"], START - dt.timedelta(days=1)) is None
    assert queries.secretary_of(tree["GK2"], day) is None
    decision = actions.do_complete_committee(
        gk1["body"],
        kind=CommitteeDecision.Kind.APPOINT,
        decision_date=dt.date(2023, 3, 1),
        issued_by="Ban Thường vụ Đảng ủy Khối",
        number="12-QĐ/ĐUK",
        appointments=[(gk1["binh"], Position.SECRETARY)],
        endings=[gk1["secretary"]],
        end_reason="Chuyển công tác",
        acting_user=None,
    )
    assert queries.secretary_of(tree["GK1"], dt.date(2023, 2, 28)) == gk1["an"]
    assert queries.secretary_of(tree["GK1"], dt.date(2023, 3, 1)) == gk1["binh"]
    old = CommitteeMember.objects.get(pk=gk1["secretary"].pk)
    assert old.ended_on == dt.date(2023, 3, 1) and old.end_decision == decision
    assert old.end_reason == "Chuyển công tác"
    new = decision.opened_seats.get()
    assert new.start_date == dt.date(2023, 3, 1) and new.start_basis == "Chỉ định"
    bodies = queries.org_committees(tree["GK1"], dt.date(2023, 6, 1))
    assert [s.member for s in bodies[0]["leaders"]] == [gk1["binh"]] and bodies[0]["size"] == 1


def test_two_secretaries_at_once_are_refused(gk1: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="một thời điểm chỉ có một bí thư") as error:
        actions.do_complete_committee(
            gk1["body"],
            kind=CommitteeDecision.Kind.ADD,
            decision_date=dt.date(2022, 1, 10),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            appointments=[(gk1["binh"], Position.SECRETARY)],
            acting_user=None,
        )
    assert error.value.field == "position"
    assert not CommitteeDecision.objects.exists()  # nothing half-written
    # A secretary recorded earlier but open-ended also blocks an older one added later.
    with pytest.raises(DomainError, match="một thời điểm chỉ có một bí thư"):
        seat(gk1["body"], gk1["binh"], Position.SECRETARY, dt.date(2020, 6, 1))


def test_a_seat_needs_a_member_of_the_organisation_on_that_date(
    tree: dict[str, Any], gk1: dict[str, Any]
) -> None:
    outsider = member(tree["C21"], "Phạm Văn Ngoài")
    with pytest.raises(DomainError, match="không thuộc «Đảng bộ Sở Y tế»") as error:
        seat(gk1["body"], outsider)
    assert error.value.field == "member"
    late = member(tree["C11"], "Đỗ Văn Muộn", on=dt.date(2022, 1, 1))
    with pytest.raises(DomainError, match="không phải là đảng viên"):
        seat(gk1["body"], late, start=dt.date(2021, 1, 1))
    with pytest.raises(DomainError, match="đang có tên"):
        seat(gk1["body"], gk1["an"], Position.DEPUTY_SECRETARY, dt.date(2021, 1, 1))
    with pytest.raises(DomainError, match="không có chức vụ"):
        seat(gk1["body"], gk1["binh"], Position.INSPECTION_CHAIR)
    with pytest.raises(DomainError, match="nằm ngoài nhiệm kỳ"):
        seat(gk1["body"], gk1["binh"], start=dt.date(2018, 6, 1))
    assert CommitteeMember.objects.count() == 1


def test_future_dates_and_end_before_start_are_refused(gk1: dict[str, Any]) -> None:
    with time_machine.travel(dt.datetime(2024, 1, 1, 12), tick=False):
        with pytest.raises(DomainError, match="tương lai") as error:
            seat(gk1["body"], gk1["binh"], start=dt.date(2024, 2, 1))
        assert error.value.field == "start_date"
        with pytest.raises(DomainError, match="phải sau ngày bắt đầu"):
            actions.do_end_seat(
                gk1["secretary"], ended_on=START, reason="Nghỉ hưu", acting_user=None
            )
        with pytest.raises(DomainError, match="lý do"):
            actions.do_end_seat(
                gk1["secretary"], ended_on=dt.date(2023, 1, 1), reason=" ", acting_user=None
            )
    gk1["secretary"].refresh_from_db()
    assert gk1["secretary"].ended_on == FOREVER


def test_voiding_a_decision_restores_the_seats_it_closed(
    tree: dict[str, Any], gk1: dict[str, Any]
) -> None:
    decision = actions.do_complete_committee(
        gk1["body"],
        kind=CommitteeDecision.Kind.APPOINT,
        decision_date=dt.date(2023, 3, 1),
        issued_by="Ban Thường vụ Đảng ủy Khối",
        appointments=[(gk1["binh"], Position.SECRETARY)],
        endings=[gk1["secretary"]],
        acting_user=None,
    )
    with pytest.raises(DomainError, match="lý do"):
        actions.do_void_decision(decision, reason="", acting_user=None)
    actions.do_void_decision(decision, reason="Ghi nhầm tổ chức", acting_user=None)
    assert queries.secretary_of(tree["GK1"], dt.date(2024, 1, 1)) == gk1["an"]
    assert decision.opened_seats.get().is_void
    with pytest.raises(DomainError, match="quyết định kiện toàn"):
        actions.do_void_seat(decision.opened_seats.get(), reason="x", acting_user=None)
    with pytest.raises(DomainError, match="còn danh sách"):
        actions.do_void_committee(gk1["body"], reason="Nhầm", acting_user=None)


def test_a_relieving_decision_only_closes_seats(gk1: dict[str, Any]) -> None:
    member_seat = seat(gk1["body"], gk1["binh"])
    with pytest.raises(DomainError, match="không bổ sung người mới"):
        actions.do_complete_committee(
            gk1["body"],
            kind=CommitteeDecision.Kind.RELIEVE,
            decision_date=dt.date(2022, 5, 1),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            appointments=[(gk1["cuong"], Position.COMMITTEE_MEMBER)],
            endings=[member_seat],
            acting_user=None,
        )
    with pytest.raises(DomainError, match="ít nhất một"):
        actions.do_complete_committee(
            gk1["body"],
            kind=CommitteeDecision.Kind.RELIEVE,
            decision_date=dt.date(2022, 5, 1),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            acting_user=None,
        )
    actions.do_complete_committee(
        gk1["body"],
        kind=CommitteeDecision.Kind.RELIEVE,
        decision_date=dt.date(2022, 5, 1),
        issued_by="Ban Thường vụ Đảng ủy Khối",
        endings=[member_seat],
        acting_user=None,
    )
    member_seat.refresh_from_db()
    assert member_seat.ended_on == dt.date(2022, 5, 1)
    assert member_seat.end_reason == "Cho thôi giữ chức, thôi tham gia"


def test_acting_assignments(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    an = member(tree["C21"], "Nguyễn Văn An")
    binh = member(tree["C21"], "Trần Văn Bình")
    kw: dict[str, Any] = {
        "organisation": tree["GK2"],
        "kind": ActingAssignment.Kind.ACTING,
        "post": "Bí thư",
        "start_date": dt.date(2023, 4, 1),
        "decision_date": dt.date(2023, 3, 28),
        "decision_number": "45-QĐ/ĐUK",
    }
    a = actions.do_assign_acting(member=an, acting_user=cast["officer"], **kw)
    assert a.recorded_by == cast["officer"]
    with pytest.raises(DomainError, match="đang được giao quyền"):
        actions.do_assign_acting(member=binh, acting_user=None, **kw)
    with pytest.raises(DomainError, match="ngoài phạm vi") as error:
        actions.do_assign_acting(
            member=binh, acting_user=cast["grassroots"], **{**kw, "post": "Phó Bí thư"}
        )
    assert error.value.field == "organisation"
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        actions.do_assign_acting(
            member=binh,
            acting_user=None,
            **{**kw, "post": "Phó Bí thư"},
            end_date=dt.date(2023, 1, 1),
        )
    with pytest.raises(DomainError, match="không thuộc"):
        actions.do_assign_acting(
            member=member(tree["C11"], "Lê Văn Khác"),
            acting_user=None,
            **{**kw, "post": "Phó Bí thư"},
        )
    with pytest.raises(DomainError, match="tương lai"):
        actions.do_assign_acting(
            member=binh, acting_user=None, **{**kw, "decision_date": dt.date(2999, 1, 1)}
        )
    assert ActingAssignment.objects.count() == 1


def test_leader_evaluations_place_members_where_they_are(tree: dict[str, Any]) -> None:
    an = member(tree["C11"], "Nguyễn Văn An")
    e = actions.do_record_evaluation(
        member=an,
        position="Giám đốc Sở Y tế",
        reason=LeaderEvaluation.Reason.REAPPOINTMENT,
        date=dt.date(2023, 7, 5),
        requested_by="Ban Tổ chức Tỉnh ủy",
        acting_user=None,
    )
    assert e.organisation == tree["C11"] and e.person_name == "Nguyễn Văn An"
    other = actions.do_record_evaluation(
        person_name="Võ Văn Trung",
        organisation=tree["GK2"],
        position="Cục trưởng",
        reason=LeaderEvaluation.Reason.COMMENDATION,
        date=dt.date(2023, 7, 6),
        acting_user=None,
    )
    assert other.member is None
    with pytest.raises(DomainError, match="chức vụ"):
        actions.do_record_evaluation(
            member=an,
            position="",
            reason="REAPPOINTMENT",
            date=dt.date(2023, 1, 1),
            acting_user=None,
        )
    with pytest.raises(DomainError, match="tổ chức đảng nơi"):
        actions.do_record_evaluation(
            person_name="Ai Đó",
            position="Giám đốc",
            reason="OTHER",
            date=dt.date(2023, 1, 1),
            acting_user=None,
        )
    with pytest.raises(DomainError, match="không phải là đảng viên"):
        actions.do_record_evaluation(
            member=an,
            position="Giám đốc",
            reason="OTHER",
            date=dt.date(2019, 1, 1),
            acting_user=None,
        )


def test_political_conclusions_for_members_candidates_and_others(tree: dict[str, Any]) -> None:
    an = member(tree["C11"], "Nguyễn Văn An")
    cand = candidates.do_register_candidate(
        person("Quần Chúng Tốt", birth=dt.date(2000, 2, 3)),
        organisation=tree["C12"],
        registered_on=dt.date(2023, 1, 10),
        acting_user=None,
    )
    base = {"purpose": "ADMISSION", "outcome": "MET", "acting_user": None}
    c1 = actions.do_conclude_political_standard(candidate=cand, date=dt.date(2023, 3, 1), **base)
    assert (c1.organisation, c1.person_name, c1.birth_date) == (
        tree["C12"],
        "Quần Chúng Tốt",
        dt.date(2000, 2, 3),
    )
    c2 = actions.do_conclude_political_standard(
        member=an, date=dt.date(2023, 3, 2), **{**base, "purpose": "APPOINTMENT"}
    )
    assert c2.organisation == tree["C11"]
    c3 = actions.do_conclude_political_standard(
        person_name="Hồ Văn Mới",
        birth_date=dt.date(1985, 1, 1),
        organisation=tree["GK2"],
        unit="Sở Tài chính",
        date=dt.date(2023, 3, 3),
        **{**base, "purpose": "APPOINTMENT", "outcome": "NOT_MET"},
    )
    assert c3.member is None and c3.candidate is None
    with pytest.raises(DomainError, match="sau ngày kết luận"):
        actions.do_conclude_political_standard(candidate=cand, date=dt.date(2022, 1, 1), **base)
    with pytest.raises(DomainError, match="ngày sinh") as error:
        actions.do_conclude_political_standard(
            person_name="Hồ Văn Mới", organisation=tree["GK2"], date=dt.date(2023, 3, 3), **base
        )
    assert error.value.field == "birth_date"
    with pytest.raises(DomainError, match="không cả hai"):
        actions.do_conclude_political_standard(
            member=an, candidate=cand, date=dt.date(2023, 3, 3), **base
        )
    with pytest.raises(DomainError, match="Hãy chọn kết luận"):
        actions.do_conclude_political_standard(
            member=an, date=dt.date(2023, 3, 3), **{**base, "outcome": "MAYBE"}
        )
    assert PoliticalConclusion.objects.count() == 3


def test_cell_attendance_needs_a_higher_committee_member(
    tree: dict[str, Any], gk1: dict[str, Any]
) -> None:
    day = dt.date(2021, 1, 4)
    a = actions.do_assign_cell_attendance(
        member=gk1["an"], cell=tree["C12"], start_date=day, acting_user=None
    )
    assert a.seat == gk1["secretary"]
    with pytest.raises(DomainError, match="đã được phân công"):
        actions.do_assign_cell_attendance(
            member=gk1["an"], cell=tree["C12"], start_date=dt.date(2022, 1, 1), acting_user=None
        )
    with pytest.raises(DomainError, match="không phải là cấp ủy viên"):
        actions.do_assign_cell_attendance(
            member=gk1["binh"], cell=tree["C11"], start_date=day, acting_user=None
        )
    with pytest.raises(DomainError, match="không phải là chi bộ"):
        actions.do_assign_cell_attendance(
            member=gk1["an"], cell=tree["SUB1"], start_date=day, acting_user=None
        )
    with pytest.raises(DomainError, match="không phải là cấp ủy viên"):
        actions.do_assign_cell_attendance(
            member=gk1["an"], cell=tree["C21"], start_date=day, acting_user=None
        )
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        actions.do_assign_cell_attendance(
            member=gk1["an"],
            cell=tree["C13"],
            start_date=day,
            end_date=dt.date(2020, 12, 1),
            acting_user=None,
        )
    with pytest.raises(DomainError, match="phân công dự sinh hoạt"):
        actions.do_void_seat(gk1["secretary"], reason="Nhầm", acting_user=None)
    assert CellAttendance.objects.count() == 1


def test_a_new_member_can_sit_once_admitted(tree: dict[str, Any], gk1: dict[str, Any]) -> None:
    new = admit(tree["C11"], dt.date(2021, 3, 1), "Hoàng Văn Trẻ")
    s = seat(gk1["body"], new, start=dt.date(2021, 6, 1))
    assert s.start_basis == "Đại hội bầu"
