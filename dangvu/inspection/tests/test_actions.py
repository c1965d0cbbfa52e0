"""The write path of inspection work: what is recorded, and every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.audit.log import history
from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.inspection import actions
from dangvu.inspection.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    Kind,
    Level,
    Programme,
    Status,
    Subject,
)
from dangvu.inspection.tests.helpers import inspect
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db
D = dt.date(2024, 5, 20)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


def test_an_inspection_records_its_subjects_and_audit(tree: dict[str, Any]) -> None:
    an = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Trần Văn An")
    record = inspect(
        tree["BLOC"],
        Level.COMMISSION,
        Kind.VIOLATION,
        D,
        orgs=[tree["GK1"], tree["C13"]],
        members=[an],
    )
    subjects = {str(s) for s in record.subjects.all()}
    assert subjects == {"Đảng bộ Sở Y tế", "Chi bộ Khoa Nội", "Đồng chí Trần Văn An"}
    cell = record.subjects.get(organisation=tree["C13"])
    assert cell.org_kind == "CELL"
    assert record.subjects.get(member=an).member_organisation == tree["C21"]
    assert history(record).filter(action=AuditEvent.Action.CREATE).exists()


def _refused(match: str, **kw: Any) -> None:
    before = (Inspection.objects.count(), Subject.objects.count())
    with pytest.raises(DomainError, match=match):
        actions.do_record_inspection(acting_user=None, **kw)
    assert (Inspection.objects.count(), Subject.objects.count()) == before


def _base(tree: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "organisation": tree["GK1"],
        "level": Level.GRASSROOTS,
        "kind": Kind.COMPLIANCE,
        "title": "Kiểm tra việc thực hiện nghị quyết",
        "start_date": dt.date(2024, 3, 1),
        "end_date": dt.date(2024, 3, 20),
        "status": Status.DONE,
        "organisations": [tree["C11"]],
        **kw,
    }


def test_bad_inspections_are_refused_with_nothing_written(tree: dict[str, Any]) -> None:
    outsider = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    _refused("không thuộc «Đảng bộ Sở Y tế»", **_base(tree, organisations=[tree["C21"]]))
    _refused("không thuộc «Đảng bộ Sở Y tế»", **_base(tree, organisations=[], members=[outsider]))
    _refused("không tự kiểm tra", **_base(tree, organisations=[tree["GK1"]]))
    _refused("tương lai", **_base(tree, end_date=dt.date(2025, 6, 1)))
    _refused(
        "tương lai",
        **_base(tree, start_date=dt.date(2025, 4, 1), end_date=None, status=Status.IN_PROGRESS),
    )
    _refused("không thể trước ngày bắt đầu", **_base(tree, end_date=dt.date(2024, 2, 1)))
    _refused("cần có ngày kết thúc", **_base(tree, end_date=None))
    _refused(
        "Chỉ ghi kết luận",
        **_base(
            tree,
            status=Status.IN_PROGRESS,
            end_date=None,
            conclusion="Tốt",
            conclusion_date=dt.date(2024, 3, 25),
        ),
    )
    _refused("Hãy nhập ngày kết luận", **_base(tree, conclusion="Tốt"))
    _refused("ít nhất một", **_base(tree, organisations=[]))
    _refused("Đảng ủy cơ sở là cơ quan của đảng bộ cơ sở", **_base(tree, organisation=tree["GC1"]))
    _refused("tên ban", **_base(tree, organisation=tree["BLOC"], level=Level.BOARD))
    _refused("chi bộ kiểm tra đảng viên chấp hành", **_base(tree, members_checked=12))
    _refused("nội dung", **_base(tree, title="  "))


def test_a_cell_may_record_only_the_number_of_members_checked(tree: dict[str, Any]) -> None:
    an, *_ = [existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1)) for _ in range(14)]
    record = inspect(tree["C11"], Level.CELL, Kind.COMPLIANCE, D, members_checked=14)
    assert record.members_checked == 14 and not record.subjects.exists()
    with pytest.raises(DomainError, match="không cả hai"):
        inspect(tree["C11"], Level.CELL, Kind.COMPLIANCE, D, members=[an], members_checked=3)


def test_status_moves_forward_and_conclusion_needs_done(tree: dict[str, Any]) -> None:
    record = inspect(
        tree["GK1"],
        Level.GRASSROOTS,
        Kind.THEMATIC,
        D,
        orgs=[tree["C12"]],
        status=Status.IN_PROGRESS,
    )
    with pytest.raises(DomainError, match="đã hoàn thành"):
        actions.do_conclude_inspection(
            record, conclusion="Tốt", conclusion_date=D, acting_user=None
        )
    with pytest.raises(DomainError, match="cần có ngày kết thúc"):
        actions.do_set_inspection_status(record, status=Status.DONE, acting_user=None)
    actions.do_set_inspection_status(record, status=Status.DONE, end_date=D, acting_user=None)
    actions.do_conclude_inspection(
        record, conclusion="Chi bộ thực hiện tốt.", conclusion_date=D, acting_user=None
    )
    record.refresh_from_db()
    assert record.status == Status.DONE and record.conclusion == "Chi bộ thực hiện tốt."
    with pytest.raises(DomainError, match="không chuyển sang"):
        actions.do_set_inspection_status(record, status=Status.CANCELLED, acting_user=None)


def test_programme_items_link_records_once(tree: dict[str, Any]) -> None:
    programme = actions.do_create_programme(
        organisation=tree["BLOC"],
        level=Level.STANDING,
        year=2024,
        title="Chương trình kiểm tra, giám sát",
        acting_user=None,
    )
    item = actions.do_add_programme_item(
        programme, kind=Kind.COMPLIANCE, title="Kiểm tra Đảng bộ Sở Y tế", acting_user=None
    )
    assert item.number == 1
    record = inspect(
        tree["BLOC"], Level.STANDING, Kind.COMPLIANCE, D, orgs=[tree["GK1"]], item=item
    )
    assert record.in_programme
    with pytest.raises(DomainError, match="đã có cuộc kiểm tra"):
        inspect(tree["BLOC"], Level.STANDING, Kind.COMPLIANCE, D, orgs=[tree["GK2"]], item=item)
    with pytest.raises(DomainError, match="không phải của cơ quan"):
        inspect(tree["BLOC"], Level.COMMISSION, Kind.COMPLIANCE, D, orgs=[tree["GK2"]], item=item)
    with pytest.raises(DomainError, match="đã được ghi"):
        actions.do_create_programme(
            organisation=tree["BLOC"],
            level=Level.STANDING,
            year=2024,
            title="Lần hai",
            acting_user=None,
        )
    with pytest.raises(DomainError, match="không hợp lệ"):
        actions.do_create_programme(
            organisation=tree["BLOC"], level=Level.STANDING, year=2031, title="Xa", acting_user=None
        )
    assert Programme.objects.count() == 1


def _discipline(tree: dict[str, Any], member: Any, form: str, **kw: Any) -> DisciplineDecision:
    return actions.do_discipline(
        **{
            "target": "MEMBER",
            "form": form,
            "issuing_organisation": tree["BLOC"],
            "issuing_level": Level.COMMISSION,
            "violation_date": dt.date(2024, 1, 10),
            "decision_date": D,
            "decision_number": "15-QĐ/UBKT",
            "violation": "Vi phạm quy định về những điều đảng viên không được làm",
            "member": member,
            "acting_user": None,
            **kw,
        }
    )


def test_a_member_decision_writes_the_ledger_and_voiding_voids_it(tree: dict[str, Any]) -> None:
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    decision = _discipline(tree, an, "WARNING")
    event = decision.member_event
    assert event.kind == EventKind.DISCIPLINED and event.details["form"] == "WARNING"
    assert decision.organisation == tree["C11"]
    actions.do_void_discipline(decision, reason="Ghi nhầm người", acting_user=None)
    event.refresh_from_db()
    assert decision.is_void and event.voided_at is not None


def test_expulsion_ends_membership(tree: dict[str, Any]) -> None:
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    _discipline(tree, an, "EXPULSION")
    an.refresh_from_db()
    assert an.status == ""


def _refused_decision(tree: dict[str, Any], member: Any, form: str, match: str, **kw: Any) -> None:
    before = (DisciplineDecision.objects.count(), MemberEvent.objects.count())
    with pytest.raises(DomainError, match=match):
        _discipline(tree, member, form, **kw)
    assert (DisciplineDecision.objects.count(), MemberEvent.objects.count()) == before


def test_bad_discipline_is_refused_with_nothing_written(tree: dict[str, Any]) -> None:
    probationer = admit(tree["C11"], dt.date(2024, 1, 5))
    full = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    _refused_decision(tree, probationer, "EXPULSION", "dự bị chỉ có thể bị kỷ luật")
    _refused_decision(tree, full, "DISMISSAL", "đang giữ chức vụ")
    _refused_decision(tree, full, "REPRIMAND", "hết thời hiệu", violation_date=dt.date(2018, 1, 1))
    _refused_decision(tree, full, "DISSOLUTION", "Hình thức kỷ luật đảng viên")
    _refused_decision(tree, full, "REPRIMAND", "tương lai", decision_date=dt.date(2025, 5, 1))
    _refused_decision(
        tree, full, "REPRIMAND", "sau ngày quyết định", violation_date=dt.date(2024, 6, 1)
    )
    _refused_decision(
        tree,
        full,
        "REPRIMAND",
        "không thuộc",
        issuing_organisation=tree["GK2"],
        issuing_level=Level.GRASSROOTS,
    )
    _refused_decision(tree, full, "REPRIMAND", "tóm tắt", violation=" ")


def test_limitation_by_form(tree: dict[str, Any]) -> None:
    full = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    # Seven years: too late for a reprimand, still in time for a warning; expulsion never ends.
    _discipline(tree, full, "WARNING", violation_date=dt.date(2017, 6, 1))
    assert DisciplineDecision.objects.count() == 1


def test_organisation_discipline_and_its_limitation(tree: dict[str, Any]) -> None:
    base = {
        "target": "ORGANISATION",
        "issuing_organisation": tree["BLOC"],
        "issuing_level": Level.STANDING,
        "decision_date": D,
        "violation": "Buông lỏng lãnh đạo",
        "acting_user": None,
    }
    decision = actions.do_discipline(
        form="WARNING", organisation=tree["GK1"], violation_date=dt.date(2023, 1, 1), **base
    )
    assert decision.member_event is None and decision.organisation == tree["GK1"]
    with pytest.raises(DomainError, match="hết thời hiệu"):
        actions.do_discipline(
            form="REPRIMAND",
            organisation=tree["GK2"],
            violation_date=dt.date(2020, 2, 1),
            **{**base, "decision_date": dt.date(2025, 2, 20)},
        )
    with pytest.raises(DomainError, match="Hình thức kỷ luật tổ chức"):
        actions.do_discipline(
            form="EXPULSION", organisation=tree["GK2"], violation_date=dt.date(2023, 1, 1), **base
        )
    with pytest.raises(DomainError, match="chưa hoạt động"):
        actions.do_discipline(
            form="DISSOLUTION", organisation=tree["GK2"], violation_date=dt.date(2019, 1, 1), **base
        )
    with pytest.raises(DomainError, match="trực thuộc"):
        actions.do_discipline(
            form="REPRIMAND", organisation=tree["BLOC"], violation_date=dt.date(2023, 1, 1), **base
        )
    assert DisciplineDecision.objects.count() == 1


def test_complaints_get_a_default_deadline_and_close_with_an_outcome(tree: dict[str, Any]) -> None:
    base = {
        "received_date": dt.date(2024, 9, 1),
        "sender": "Nguyễn Văn Bình",
        "subject": "Tố cáo vi phạm",
        "handling_organisation": tree["BLOC"],
        "handling_level": Level.COMMISSION,
        "acting_user": None,
    }
    complaint = actions.do_receive_complaint(
        kind="DENUNCIATION", against_organisation=tree["GK1"], **base
    )
    # The bloc's commission is above the grassroots: 60 working days (Quy định 22-QĐ/TW),
    # past the National Day holidays of 02–03/09/2024.
    assert complaint.deadline == dt.date(2024, 11, 26)
    other = actions.do_receive_complaint(kind="COMPLAINT", against_organisation=tree["GK2"], **base)
    assert other.deadline == dt.date(2024, 11, 26)
    with pytest.raises(DomainError, match="kết quả"):
        actions.do_update_complaint(
            complaint, status="RESOLVED", closed_date=dt.date(2024, 10, 1), acting_user=None
        )
    with pytest.raises(DomainError, match="trước ngày nhận"):
        actions.do_update_complaint(
            complaint,
            status="RESOLVED",
            outcome="Đúng một phần",
            closed_date=dt.date(2024, 8, 1),
            acting_user=None,
        )
    actions.do_update_complaint(
        complaint,
        status="RESOLVED",
        outcome="Tố cáo đúng một phần",
        closed_date=dt.date(2024, 10, 1),
        acting_user=None,
    )
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.do_update_complaint(complaint, status="IN_PROGRESS", acting_user=None)
    with pytest.raises(DomainError, match="một đối tượng"):
        actions.do_receive_complaint(kind="COMPLAINT", **base)
    with pytest.raises(DomainError, match="không phải tổ chức trực thuộc"):
        actions.do_receive_complaint(
            kind="COMPLAINT",
            against_organisation=tree["C21"],
            **{**base, "handling_organisation": tree["GK1"], "handling_level": Level.GRASSROOTS},
        )
    with pytest.raises(DomainError, match="tương lai"):
        actions.do_receive_complaint(
            kind="COMPLAINT",
            against_organisation=tree["GK1"],
            **{**base, "received_date": dt.date(2025, 6, 1)},
        )
    assert Complaint.objects.count() == 2


def test_scope_by_role_and_level(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    # A grassroots secretary records the work of their committee, not the bloc's bodies.
    with pytest.raises(DomainError, match="không được ghi"):
        inspect(
            tree["BLOC"],
            Level.COMMISSION,
            Kind.VIOLATION,
            D,
            orgs=[tree["GK1"]],
            user=cast["grassroots"],
        )
    record = inspect(
        tree["GK1"], Level.GRASSROOTS, Kind.THEMATIC, D, orgs=[tree["C11"]], user=cast["grassroots"]
    )
    assert record.recorded_by == cast["grassroots"]
    with pytest.raises(DomainError, match="không được ghi"):
        inspect(
            tree["GK1"], Level.GRASSROOTS, Kind.THEMATIC, D, orgs=[tree["C11"]], user=cast["cell"]
        )
    with pytest.raises(DomainError, match="không được ghi"):
        inspect(
            tree["GK1"],
            Level.GRASSROOTS,
            Kind.THEMATIC,
            D,
            orgs=[tree["C11"]],
            user=cast["officer"],
        )


def test_each_body_decides_only_its_forms(tree: dict[str, Any]) -> None:
    full = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    with pytest.raises(DomainError, match="quyết định kỷ luật đảng viên với hình thức"):
        _discipline(
            tree, full, "EXPULSION", issuing_organisation=tree["C11"], issuing_level=Level.CELL
        )
    with pytest.raises(DomainError, match="không quyết định giải tán"):
        actions.do_discipline(
            target="ORGANISATION",
            form="DISSOLUTION",
            organisation=tree["C12"],
            issuing_organisation=tree["GK1"],
            issuing_level=Level.GRASSROOTS,
            violation_date=dt.date(2024, 1, 1),
            decision_date=D,
            violation="Vi phạm",
            acting_user=None,
        )
    decision = _discipline(
        tree, full, "WARNING", issuing_organisation=tree["C11"], issuing_level=Level.CELL
    )
    assert decision.issuer_label == "Chi bộ Văn phòng Sở Y tế"
