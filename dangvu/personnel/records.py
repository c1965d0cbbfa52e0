"""Personnel record kinds declared once (see `dangvu.core.records`): their tables,
filters, forms and writes, from which their list, export, form, page and void derive."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
import django_tables2 as tables

from dangvu.core import records
from dangvu.lib.vnformat import fmt_date
from dangvu.personnel import actions, forms, queries
from dangvu.personnel.models import LeaderEvaluation, PoliticalConclusion
from dangvu.personnel.scoping import can_edit_personnel


def _can_record(user: Any) -> bool:
    return can_edit_personnel(user)


def _can_void(org_of: Any) -> Any:
    return lambda user, record: can_edit_personnel(user, org_of(record))


def decision_text(number: str, day: dt.date) -> str:
    return f"Số {number}, ngày {fmt_date(day)}" if number else f"Ngày {fmt_date(day)}"


# --- leader evaluations ---------------------------------------------------------------


class EvaluationTable(records.RecordTable):
    person_name = tables.Column("Họ và tên", linkify=True)
    position = tables.Column("Chức vụ")
    unit = tables.Column("Cơ quan, đơn vị")
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    reason = tables.Column("Lý do")
    requested_by = tables.Column("Cơ quan đề nghị")
    document_number = tables.Column("Số văn bản")
    date = records.DateColumn("Ngày có ý kiến")


class EvaluationFilter(records.RecordFilter):
    ly_do = django_filters.ChoiceFilter(
        field_name="reason", label="Lý do", choices=LeaderEvaluation.Reason.choices
    )


def _write_evaluation(d: dict[str, Any], user: Any) -> LeaderEvaluation:
    return actions.do_record_evaluation(
        member=d.get("member"),
        person_name=d.get("person_name") or "",
        organisation=d.get("organisation"),
        position=d["position"],
        unit=d.get("unit") or "",
        reason=d["reason"],
        requested_by=d.get("requested_by") or "",
        date=d["date"],
        document_number=d.get("document_number") or "",
        note=d.get("note") or "",
        acting_user=user,
    )


def _evaluation_rows(e: LeaderEvaluation) -> list[tuple[str, object]]:
    return [
        ("Họ và tên", e.member or e.person_name),
        ("Chức vụ", e.position),
        ("Cơ quan, đơn vị", e.unit),
        ("Tổ chức đảng nơi sinh hoạt", e.organisation.name),
        ("Lý do", e.get_reason_display()),
        ("Cơ quan đề nghị", e.requested_by),
        ("Văn bản", decision_text(e.document_number, e.date)),
        ("Ghi chú", e.note),
    ]


EVALUATIONS = records.RecordKind(
    model=LeaderEvaluation,
    name="ý kiến nhận xét, đánh giá cán bộ",
    plural="Nhận xét, đánh giá cán bộ lãnh đạo, quản lý",
    visible=queries.visible_evaluations,
    table=EvaluationTable,
    filters=EvaluationFilter,
    export_name="nhan-xet-can-bo",
    list_url="personnel:evaluations",
    related=("organisation", "member"),
    create=records.Create(
        form=forms.EvaluationForm,
        write=_write_evaluation,
        title="Ghi ý kiến nhận xét, đánh giá cán bộ",
        done=lambda r: f"Đã ghi nhận xét đồng chí {r.person_name}.",
    ),
    create_url="personnel:evaluation_create",
    can_record=_can_record,
    can_void=_can_void(lambda r: r.organisation),
    void_url="personnel:void",
    url_kind="evaluation",
    detail_rows=_evaluation_rows,
    import_kind="leader-evaluations",
)


# --- political-standard conclusions ---------------------------------------------------


class ConclusionTable(records.RecordTable):
    person_name = tables.Column("Họ và tên", linkify=True)
    birth_date = records.DateColumn("Ngày sinh")
    unit = tables.Column("Cơ quan, đơn vị")
    organisation = records.OrganisationColumn("Tổ chức đảng")
    organisation_code = records.CodeColumn("organisation__code")
    purpose = tables.Column("Mục đích")
    outcome = tables.Column("Kết luận")
    document_number = tables.Column("Số văn bản")
    date = records.DateColumn("Ngày kết luận")


class ConclusionFilter(records.RecordFilter):
    muc_dich = django_filters.ChoiceFilter(
        field_name="purpose", label="Mục đích", choices=PoliticalConclusion.Purpose.choices
    )
    ket_luan = django_filters.ChoiceFilter(
        field_name="outcome", label="Kết luận", choices=PoliticalConclusion.Outcome.choices
    )


def _write_conclusion(d: dict[str, Any], user: Any) -> PoliticalConclusion:
    return actions.do_conclude_political_standard(
        member=d.get("member"),
        candidate=d.get("candidate"),
        person_name=d.get("person_name") or "",
        birth_date=d.get("birth_date"),
        organisation=d.get("organisation"),
        unit=d.get("unit") or "",
        purpose=d["purpose"],
        outcome=d["outcome"],
        date=d["date"],
        document_number=d.get("document_number") or "",
        note=d.get("note") or "",
        acting_user=user,
    )


def _conclusion_rows(c: PoliticalConclusion) -> list[tuple[str, object]]:
    return [
        ("Họ và tên", c.member or c.candidate or c.person_name),
        ("Ngày sinh", fmt_date(c.birth_date)),
        ("Cơ quan, đơn vị công tác", c.unit),
        ("Tổ chức đảng", c.organisation.name),
        ("Mục đích", c.get_purpose_display()),
        ("Kết luận", c.get_outcome_display()),
        ("Văn bản", decision_text(c.document_number, c.date)),
        ("Ghi chú", c.note),
    ]


CONCLUSIONS = records.RecordKind(
    model=PoliticalConclusion,
    name="kết luận tiêu chuẩn chính trị",
    plural="Kết luận tiêu chuẩn chính trị",
    visible=queries.visible_conclusions,
    table=ConclusionTable,
    filters=ConclusionFilter,
    export_name="ket-luan-tieu-chuan-chinh-tri",
    list_url="personnel:conclusions",
    related=("organisation", "member", "candidate"),
    create=records.Create(
        form=forms.ConclusionForm,
        write=_write_conclusion,
        title="Ghi kết luận tiêu chuẩn chính trị",
        done=lambda r: f"Đã ghi kết luận cho {r.person_name}.",
    ),
    create_url="personnel:conclusion_create",
    can_record=_can_record,
    can_void=_can_void(lambda r: r.organisation),
    void_url="personnel:void",
    url_kind="conclusion",
    detail_rows=_conclusion_rows,
    import_kind="political-conclusions",
)
