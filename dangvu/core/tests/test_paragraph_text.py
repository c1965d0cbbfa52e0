"""Nothing typed in a textarea loses its lines.

A conclusion, a complaint's outcome, a violation summary, a note or a reason is written in
lines and paragraphs, and the pages show it with its line breaks. Every paragraph field of
the project (a model `TextField`) is recorded here with two paragraphs as a browser sends
them (CRLF, a stray trailing space, a run of blank lines) and must be stored with its line
breaks (LF, one blank line between paragraphs) and shown as lines on its page.

Complete by construction: every `TextField` of the project's models is a case below, or
said why not; the void reasons of every voidable record are written by one function
(`do_void`), those of the member ledger by another, and both are cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.congresses import actions as cong
from dangvu.core.tests.htmlforms import post_forms
from dangvu.education import actions as edu
from dangvu.education.tests.helpers import candidate, conference
from dangvu.education.voiding import Voidable, do_void
from dangvu.inspection import actions as ins
from dangvu.inspection.models import Complaint, Level
from dangvu.members import actions as mem
from dangvu.members.models import MemberEvent
from dangvu.office import actions as office
from dangvu.office.documents import do_register_document
from dangvu.office.plans import do_add_task, do_create_plan, do_set_target
from dangvu.office.tests.helpers import document
from dangvu.orgs.actions import do_rename_organisation
from dangvu.orgs.models import Restructuring
from dangvu.personnel import actions as pers
from dangvu.personnel.tests.helpers import committee, member, seat
from dangvu.reports.issuing import do_issue_report

pytestmark = pytest.mark.django_db

# Two paragraphs as a browser sends a textarea: CRLF, spaces left at a line's end, blank
# lines typed twice.
TYPED = "Ưu điểm: đúng quy định.  \r\nThực hiện đủ nội dung.\r\n\r\n\r\nHạn chế: chậm nộp báo cáo."
STORED = "Ưu điểm: đúng quy định.\nThực hiện đủ nội dung.\n\nHạn chế: chậm nộp báo cáo."
SHOWN = "Ưu điểm: đúng quy định.<br>Thực hiện đủ nội dung.<br><br>Hạn chế: chậm nộp báo cáo."

DAY = dt.date(2024, 3, 20)

Make = Callable[[dict[str, Any], str], models.Model]


@dataclass(frozen=True)
class Case:
    make: Make  # records the text through the record kind's action, returns the record
    page: Callable[[models.Model], str] | None = None  # where it is shown (else its own page)
    shown: bool = True  # False: no page shows the field

    def url(self, record: models.Model) -> str | None:
        if not self.shown:
            return None
        if self.page is not None:
            return self.page(record)
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else None


def _complaint(w: dict[str, Any], subject: str = "Tố cáo vi phạm.") -> Complaint:
    return ins.do_receive_complaint(
        kind=Complaint.Kind.DENUNCIATION,
        received_date=DAY,
        sender="Nguyễn Văn Gửi",
        subject=subject,
        handling_organisation=w["tree"]["GK1"],
        handling_level=Level.GRASSROOTS,
        against_member=w["member"],
        acting_user=None,
    )


def _inspection(w: dict[str, Any], **kw: Any) -> Any:
    return ins.do_record_inspection(
        organisation=w["tree"]["GK1"],
        level=Level.GRASSROOTS,
        kind="COMPLIANCE",
        title="Kiểm tra chi bộ",
        start_date=DAY - dt.timedelta(days=20),
        end_date=DAY,
        status="DONE",
        organisations=[w["tree"]["C11"]],
        acting_user=None,
        **kw,
    )


def _discipline(w: dict[str, Any], violation: str) -> Any:
    return ins.do_discipline(
        target="MEMBER",
        form="REPRIMAND",
        issuing_organisation=w["tree"]["GK1"],
        issuing_level=Level.GRASSROOTS,
        violation_date=dt.date(2024, 2, 1),
        decision_date=dt.date(2024, 6, 1),
        violation=violation,
        member=w["member"],
        acting_user=None,
    )


def _massorg(w: dict[str, Any], note: str = "") -> Any:
    return office.do_create_mass_organisation(
        kind="TRADE_UNION",
        name="Công đoàn Sở Y tế",
        organisation=w["tree"]["GK1"],
        note=note,
        acting_user=None,
    )


def _plan(w: dict[str, Any], note: str = "") -> Any:
    return do_create_plan(
        organisation=w["tree"]["GK1"],
        year=2024,
        kind="ANNUAL",
        title="Chương trình công tác năm 2024",
        document=document(w["tree"]["GK1"], dt.date(2023, 12, 20)),
        note=note,
        acting_user=None,
    )


def _event(w: dict[str, Any], note: str) -> MemberEvent:
    return mem.do_move_member(
        w["member"],
        to=w["tree"]["C12"],
        decision=mem.Decision(date=DAY, number="5-QĐ/ĐU", note=note),
        acting_user=None,
    )


def _void_event(w: dict[str, Any], text: str) -> MemberEvent:
    event = _event(w, "")
    return mem.do_void_event(event, reason=text, acting_user=None)


def _void(w: dict[str, Any], text: str) -> Any:
    return do_void(conference(w["tree"]["GK1"], DAY, 40), reason=text, acting_user=None)


def _restructuring(w: dict[str, Any], text: str) -> Any:
    from dangvu.orgs.actions import Decision

    org = w["tree"]["C12"]
    do_rename_organisation(
        org,
        new_name="Chi bộ Phòng Kế hoạch",
        decision=Decision(effective_date=DAY, number="9-QĐ/ĐU", date=DAY, reason=text),
        acting_user=None,
    )
    return Restructuring.objects.latest("pk")


def _acting(w: dict[str, Any], text: str) -> Any:
    return pers.do_assign_acting(
        organisation=w["tree"]["GK1"],
        member=w["member"],
        kind="ACTING",
        post="Phó Bí thư",
        start_date=dt.date(2023, 8, 1),
        decision_date=dt.date(2023, 8, 1),
        note=text,
        acting_user=None,
    )


def _attendance(w: dict[str, Any], text: str) -> Any:
    seat(committee(w["tree"]["GK1"]), w["secretary"], position="SECRETARY")
    return pers.do_assign_cell_attendance(
        member=w["secretary"],
        cell=w["tree"]["C12"],
        start_date=dt.date(2021, 1, 4),
        note=text,
        acting_user=None,
    )


def _dues_payment(w: dict[str, Any], text: str) -> Any:
    from decimal import Decimal

    from dangvu.dues import actions as dues

    (payment,) = dues.do_record_payments(
        w["tree"]["C11"],
        dt.date(2024, 3, 1),
        [dues.PaymentRow(member=w["member"], amount=Decimal(30_000), paid_on=DAY, note=text)],
        acting_user=None,
    )
    return payment


def _dues_remittance(w: dict[str, Any], **texts: str) -> Any:
    from decimal import Decimal

    from dangvu.dues import actions as dues

    _dues_payment(w, "")
    return dues.do_remit(
        w["tree"]["C11"],
        period_start=dt.date(2024, 3, 1),
        period_end=dt.date(2024, 3, 31),
        amount=Decimal(30_000),
        sent_on=DAY,
        acting_user=None,
        **texts,
    )


def _meeting(w: dict[str, Any], **text: str) -> Any:
    from dangvu.meetings.actions import do_record_meeting

    return do_record_meeting(w["tree"]["C11"], date=DAY, kind="REGULAR", acting_user=None, **text)


def _rating_round(w: dict[str, Any], note: str = "") -> Any:
    from dangvu.rating import actions as rating

    return rating.do_open_round(w["tree"]["BLOC"], 2024, opened_on=DAY, note=note, acting_user=None)


def _member_not_rated(w: dict[str, Any], text: str) -> Any:
    from dangvu.rating import actions as rating

    _rating_round(w)
    return rating.do_set_member_not_rated(
        w["member"], 2024, reason="OTHER", note=text, on=DAY, acting_user=None
    )


def _org_proposed(w: dict[str, Any], text: str) -> Any:
    from dangvu.rating import actions as rating

    _rating_round(w)
    return rating.do_propose_org(
        w["tree"]["GK1"], 2024, grade="GOOD", note=text, on=DAY, acting_user=None
    )


def _rating_correction(w: dict[str, Any], text: str, *, org: bool) -> Any:
    from dangvu.rating import actions as rating

    _rating_round(w)
    decision = {"decision_number": "1-QĐ/ĐU", "decided_on": DAY, "acting_user": None}
    if org:
        (decided,) = rating.do_decide_orgs(
            w["tree"]["BLOC"], 2024, [rating.OrgDecision(w["tree"]["GK1"], "GOOD")], **decision
        )
        correct = rating.do_correct_org_rating
    else:
        (decided,) = rating.do_decide_members(
            w["tree"]["GK1"], 2024, [rating.MemberDecision(w["member"], "GOOD")], **decision
        )
        correct = rating.do_correct_member_rating
    return correct(
        decided,
        grade="COMPLETED",
        reason=text,
        decision_number="2-QĐ/ĐU",
        decided_on=DAY,
        acting_user=None,
    )


def _dues_basis(w: dict[str, Any], text: str) -> Any:
    from dangvu.dues import actions as dues

    return dues.do_set_basis(
        w["member"],
        valid_from=dt.date(2024, 1, 1),
        category="STATE",
        income=3_000_000,
        note=text,
        acting_user=None,
    )


# (app label, model, field) -> how a record holding that field is written with `text`.
CASES: dict[tuple[str, str, str], Case] = {
    ("education", "PoliticalClass", "note"): Case(
        lambda w, t: edu.do_create_class(
            kind="NEW_MEMBER",
            name="Lớp đảng viên mới",
            organiser=w["tree"]["GK1"],
            start_date=dt.date(2024, 3, 1),
            end_date=dt.date(2024, 3, 5),
            note=t,
            acting_user=None,
        )
    ),
    ("education", "Conference", "note"): Case(
        lambda w, t: edu.do_create_conference(
            kind="INFO",
            title="Hội nghị học tập",
            date=DAY,
            organiser=w["tree"]["GK1"],
            attendance=40,
            note=t,
            acting_user=None,
        )
    ),
    ("education", "Contest", "note"): Case(
        lambda w, t: edu.do_create_contest(
            name="Hội thi tìm hiểu",
            organiser=w["tree"]["GK1"],
            start_date=dt.date(2024, 5, 1),
            end_date=dt.date(2024, 6, 1),
            note=t,
            acting_user=None,
        )
    ),
    ("inspection", "Programme", "note"): Case(
        lambda w, t: ins.do_create_programme(
            organisation=w["tree"]["GK1"],
            level=Level.GRASSROOTS,
            year=2024,
            title="Chương trình kiểm tra, giám sát",
            note=t,
            acting_user=None,
        )
    ),
    ("inspection", "Inspection", "note"): Case(lambda w, t: _inspection(w, note=t)),
    ("inspection", "Inspection", "conclusion"): Case(
        lambda w, t: _inspection(w, conclusion=t, conclusion_date=DAY)
    ),
    ("inspection", "DisciplineDecision", "violation"): Case(_discipline),
    ("inspection", "Complaint", "subject"): Case(lambda w, t: _complaint(w, t)),
    ("inspection", "Complaint", "outcome"): Case(
        lambda w, t: ins.do_update_complaint(
            _complaint(w), status=Complaint.State.IN_PROGRESS, outcome=t, acting_user=None
        )
    ),
    ("members", "MemberEvent", "note"): Case(
        _event, lambda e: reverse("members:detail", args=[e.member_id])
    ),
    ("members", "MemberEvent", "void_reason"): Case(
        _void_event, lambda e: reverse("members:detail", args=[e.member_id])
    ),
    ("office", "Commendation", "note"): Case(
        lambda w, t: office.do_commend(
            reason="HCM",
            level="Ban Thường vụ Đảng ủy Khối",
            decision_date=DAY,
            organisation=w["tree"]["C11"],
            note=t,
            acting_user=None,
        )
    ),
    ("office", "MassOrganisation", "note"): Case(_massorg),
    ("office", "MassCongress", "note"): Case(
        lambda w, t: office.do_record_congress(
            _massorg(w), term="2023–2028", date=dt.date(2023, 6, 1), note=t, acting_user=None
        ),
        lambda c: reverse("office:massorg", args=[c.unit_id]),
    ),
    ("office", "MassRating", "note"): Case(
        lambda w, t: office.do_rate_mass_organisation(
            _massorg(w), year=2023, rating="EXCELLENT", note=t, acting_user=None
        ),
        shown=False,  # the unit's page lists ratings by year and result only
    ),
    ("office", "Document", "summary"): Case(
        lambda w, t: do_register_document(
            issuer=w["tree"]["GK1"], kind="BC", date=DAY, summary=t, acting_user=None
        )
    ),
    ("office", "Document", "note"): Case(
        lambda w, t: do_register_document(
            issuer=w["tree"]["GK1"],
            kind="BC",
            date=DAY,
            summary="Báo cáo tổng kết",
            note=t,
            acting_user=None,
        )
    ),
    ("office", "Plan", "note"): Case(_plan),
    ("office", "PlanTarget", "note"): Case(
        lambda w, t: do_set_target(
            _plan(w), indicator="members.admitted", target=7, note=t, acting_user=None
        ),
        shown=False,  # the plan's page lists targets against results only
    ),
    ("office", "PlanTask", "detail"): Case(
        lambda w, t: do_add_task(_plan(w), title="Kết nạp đảng viên", detail=t, acting_user=None),
        lambda task: reverse("office:plan", args=[task.plan_id]),
    ),
    ("orgs", "Restructuring", "reason"): Case(
        _restructuring, lambda r: reverse("orgs:detail", args=["C12"])
    ),
    ("personnel", "Committee", "note"): Case(
        lambda w, t: pers.do_create_committee(
            organisation=w["tree"]["GK1"],
            kind="EXECUTIVE",
            term="2020–2025",
            note=t,
            acting_user=None,
        )
    ),
    ("personnel", "CommitteeDecision", "note"): Case(
        lambda w, t: pers.do_complete_committee(
            committee(w["tree"]["GK1"], kind="STANDING"),
            kind="APPOINT",
            decision_date=dt.date(2021, 3, 1),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            appointments=[(w["member"], "SECRETARY")],
            note=t,
            acting_user=None,
        )
    ),
    ("personnel", "ActingAssignment", "note"): Case(_acting),
    ("personnel", "LeaderEvaluation", "note"): Case(
        lambda w, t: pers.do_record_evaluation(
            member=w["member"],
            position="Giám đốc Sở",
            reason="REAPPOINTMENT",
            date=dt.date(2023, 7, 5),
            note=t,
            acting_user=None,
        )
    ),
    ("personnel", "PoliticalConclusion", "note"): Case(
        lambda w, t: pers.do_conclude_political_standard(
            purpose="ADMISSION",
            outcome="MET",
            candidate=candidate(w["tree"]["C12"], dt.date(2023, 1, 10)),
            date=dt.date(2023, 3, 1),
            note=t,
            acting_user=None,
        )
    ),
    ("personnel", "CellAttendance", "note"): Case(_attendance),
    ("dues", "DuesBasis", "note"): Case(_dues_basis),
    ("dues", "DuesPayment", "note"): Case(_dues_payment),
    ("dues", "DuesRemittance", "note"): Case(lambda w, t: _dues_remittance(w, note=t)),
    # The reason a remittance exceeds what was collected (arrears of an earlier period).
    ("dues", "DuesRemittance", "excess_reason"): Case(
        lambda w, t: _dues_remittance(w, excess_reason=t)
    ),
    # Every voidable record's reason is written by `do_void`, shown by the same fragment.
    ("education", "Voidable", "void_reason"): Case(_void),
    ("congresses", "Congress", "note"): Case(
        lambda w, t: cong.do_plan_congress(
            organisation=w["tree"]["GK1"],
            kind="REGULAR",
            form="ALL_MEMBERS",
            term_label="2025–2030",
            opens_on=dt.date(2025, 6, 12),
            note=t,
            acting_user=None,
        )
    ),
    ("congresses", "Term", "note"): Case(
        lambda w, t: cong.do_record_term(
            organisation=w["tree"]["GK1"],
            label="2020–2025",
            began_on=dt.date(2020, 6, 1),
            note=t,
            acting_user=None,
        )
    ),
    ("meetings", "Meeting", "decisions"): Case(lambda w, t: _meeting(w, decisions=t)),
    ("meetings", "Meeting", "note"): Case(lambda w, t: _meeting(w, note=t)),
    ("rating", "RatingRound", "note"): Case(lambda w, t: _rating_round(w, note=t)),
    ("rating", "MemberRating", "note"): Case(_member_not_rated),
    ("rating", "MemberRating", "correction_reason"): Case(
        lambda w, t: _rating_correction(w, t, org=False)
    ),
    ("rating", "OrgRating", "note"): Case(_org_proposed),
    ("rating", "OrgRating", "correction_reason"): Case(
        lambda w, t: _rating_correction(w, t, org=True)
    ),
    ("reports", "IssuedReport", "note"): Case(
        lambda w, t: do_issue_report(
            w["tree"]["GK1"],
            kind="FIGURES",
            year=2023,
            date=DAY,
            recipients="Lưu Văn phòng",
            signer="Trần Văn Bí",
            note=t,
            acting_user=None,
            with_pdf=False,
        ),
        lambda r: reverse("reports:issued_detail", args=[r.pk]),
    ),
}


def _transit_announcement(w: dict[str, Any], note: str = "") -> Any:
    from dangvu.transit.actions import do_announce

    return do_announce(
        full_name="Lê Thị Đến",
        birth_date=dt.date(1985, 4, 2),
        sex="F",
        from_party="Đảng bộ tỉnh Bình Định",
        paper_number="45-GGT/TU",
        paper_date=DAY,
        organisation=w["tree"]["C11"],
        note=note,
        acting_user=None,
    )


def _transit_confirmation(w: dict[str, Any], t: str) -> Any:
    from dangvu.transit.actions import do_confirm_arrival

    event = mem.do_transfer_out(
        w["member"],
        external_party="Đảng bộ tỉnh Quảng Nam",
        decision=mem.Decision(DAY, "5-QĐ/ĐU", DAY),
        acting_user=None,
    )
    return do_confirm_arrival(
        event,
        learned_on=DAY + dt.timedelta(days=10),
        notice_number="9-TB/TU",
        receiving_organisation="Đảng bộ tỉnh Quảng Nam",
        note=t,
        acting_user=None,
    )


def _transit_attendee(w: dict[str, Any], t: str) -> Any:
    from dangvu.transit.actions import do_register_attendee

    return do_register_attendee(
        full_name="Phạm Văn Khách",
        birth_date=dt.date(1980, 1, 9),
        sex="M",
        home_party="Chi bộ Trường Đại học Y Hà Nội",
        paper_number="7-GGT/CB",
        paper_date=DAY,
        organisation=w["tree"]["C11"],
        purpose="WORK",
        start_date=DAY,
        planned_end=DAY + dt.timedelta(days=200),
        note=t,
        acting_user=None,
    )


def _transit_not_coming(w: dict[str, Any], t: str) -> Any:
    from dangvu.transit.actions import do_close_not_coming

    announcement = _transit_announcement(w)
    return do_close_not_coming(announcement, closed_on=DAY, reason=t, acting_user=None)


def _transit_dues(w: dict[str, Any], t: str) -> Any:
    from dangvu.transit.actions import do_record_temporary_dues

    return do_record_temporary_dues(
        _transit_attendee(w, ""),
        month=DAY.replace(day=1),
        amount=30_000,
        paid_on=DAY,
        note=t,
        acting_user=None,
    )


CASES |= {
    ("transit", "TemporaryDuesPayment", "note"): Case(_transit_dues),
    ("transit", "Announcement", "note"): Case(_transit_announcement),
    ("transit", "Announcement", "close_reason"): Case(_transit_not_coming),
    ("transit", "ArrivalConfirmation", "note"): Case(_transit_confirmation),
    ("transit", "TemporaryAttendee", "note"): Case(_transit_attendee),
}


# Paragraph fields nobody types into through an action.
NOT_TYPED = {
    ("audit", "AuditEvent", "note"): "written by the trail itself, never typed",
    ("core", "RuleVersion", "note"): "typed in the Django admin, whose field keeps lines",
    ("core", "OutputJob", "cause"): "written by the worker when a job fails, never typed",
    ("exchange", "ReceivedEvent", "note"): (
        "copied as it is from the signed package of the sending committee, never typed here"
    ),
    ("members", "AdmissionCandidate", "note"): "no page, import or action writes it",
    ("reports", "IssuedReport", "recipients"): (
        "a list, one recipient a line, not paragraphs: blank lines and end marks are dropped "
        "(reports.actions.clean_recipients; tested with issuing)"
    ),
    ("reports", "ReportHeading", "recipients"): (
        "the same list, set on the template page (reports.actions.clean_recipients)"
    ),
}


def _text_fields() -> list[tuple[str, str, str]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("dangvu."):
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.TextField):
                continue
            if f.name == "void_reason" and issubclass(model, Voidable):
                found.append(("education", "Voidable", "void_reason"))
            else:
                found.append((model._meta.app_label, model.__name__, f.name))
    return sorted(set(found))


def test_every_paragraph_field_is_a_case() -> None:
    missing = [k for k in _text_fields() if k not in CASES and k not in NOT_TYPED]
    assert not missing, f"paragraph fields with no case: {missing}"
    stale = [k for k in CASES if k not in _text_fields()]
    assert not stale, f"cases of no field: {stale}"


@pytest.fixture
def w(tree: dict[str, Any], admin_user: Any) -> dict[str, Any]:
    return {
        "tree": tree,
        "member": member(tree["C11"], "Nguyễn Văn An"),
        "secretary": member(tree["GK1"], "Trần Văn Bí"),
        "admin": admin_user,
    }


@pytest.mark.parametrize("key", sorted(CASES), ids=[".".join(k) for k in sorted(CASES)])
def test_a_paragraph_field_keeps_its_lines_and_shows_them(
    client: Client, w: dict[str, Any], key: tuple[str, str, str]
) -> None:
    case = CASES[key]
    record = case.make(w, TYPED)
    record.refresh_from_db()
    assert getattr(record, key[2]) == STORED
    url = case.url(record)
    if url is None:
        return
    client.force_login(w["admin"])
    response = client.get(url)
    assert response.status_code == 200, url
    assert SHOWN in response.content.decode(), f"{url} does not show the text in lines"


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("conclusion", lambda w: _inspection(w)),
        ("outcome", lambda w: _complaint(w)),
    ],
)
def test_an_edit_form_keeps_the_lines_typed_and_saves_them_back_unchanged(
    client: Client, w: dict[str, Any], field: str, make: Callable[[dict[str, Any]], Any]
) -> None:
    record = make(w)
    url = record.get_absolute_url()
    client.force_login(w["admin"])

    def the_form() -> Any:
        forms = post_forms(client.get(url).content.decode())
        return next(f for f in forms if f.kinds.get(field) == "textarea")

    form = the_form()
    data = form.submission()
    data[field] = [TYPED]
    if field == "conclusion":
        data["conclusion_date"] = [DAY.strftime("%d/%m/%Y")]
    response = client.post(form.action or url, data)
    assert response.status_code == 302, response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == STORED
    assert SHOWN in client.get(url).content.decode()
    # Saved again as shown (the browser sends CRLF): nothing changes, nothing for the trail.
    trail = AuditEvent.objects.count()
    form = the_form()
    assert form.submission()[field] == [STORED.replace("\n", "\r\n")]
    assert client.post(form.action or url, form.submission()).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == STORED
    assert AuditEvent.objects.count() == trail
