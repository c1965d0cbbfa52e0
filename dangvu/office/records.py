"""Office record kinds declared once (see `dangvu.core.records`): commendations, mass
organisations with their congresses and ratings, plans with their targets and tasks, and
the document register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet

from dangvu.core import records
from dangvu.education.voiding import do_void
from dangvu.office import actions, documents, forms, plans, queries
from dangvu.office.models import (
    DOCUMENT_KINDS,
    Commendation,
    Document,
    MassCongress,
    MassOrganisation,
    MassRating,
    Plan,
    PlanTarget,
    PlanTask,
    Rating,
    Reason,
)
from dangvu.office.scoping import can_edit_office, can_edit_plans


def _may(check: Callable[..., bool], org_of: Callable[[Any], Any]) -> Callable[[Any, Any], bool]:
    """Who may void a record: `check` on the organisation the record belongs to."""
    return lambda user, record: check(user, org_of(record))


def _anywhere(check: Callable[..., bool]) -> Callable[[Any], bool]:
    return lambda user: check(user)


def _congresses(user: Any) -> QuerySet[MassCongress]:
    return MassCongress.objects.filter(unit__in=queries.visible_mass_organisations(user))


def _ratings(user: Any) -> QuerySet[MassRating]:
    return MassRating.objects.filter(unit__in=queries.visible_mass_organisations(user))


def _plan_parts(model: type[PlanTarget] | type[PlanTask]) -> Callable[[Any], QuerySet[Any]]:
    return lambda user: model.objects.filter(plan__in=queries.visible_plans(user))


UNIT_KIND = django_filters.ChoiceFilter(
    field_name="unit__kind", label="Loại đoàn thể", choices=MassOrganisation.Kind.choices
)


# --- commendations --------------------------------------------------------------------


class CommendationTable(records.RecordTable):
    kind = tables.Column("Đối tượng")
    recipient = tables.Column("Tập thể, cá nhân được khen", linkify=True)
    organisation = records.OrganisationColumn("Tổ chức")
    organisation_code = records.CodeColumn("organisation__code")
    reason = tables.Column("Phong trào, lý do")
    level = tables.Column("Cấp khen thưởng")
    decision_number = tables.Column("Số quyết định")
    decision_date = records.DateColumn("Ngày quyết định")


class CommendationFilter(records.RecordFilter):
    date_field = "decision_date"
    loai = django_filters.ChoiceFilter(
        field_name="kind", label="Đối tượng", choices=Commendation.Kind.choices
    )
    ly_do = django_filters.ChoiceFilter(
        field_name="reason", label="Phong trào, lý do", choices=Reason.choices
    )


COMMENDATIONS = records.RecordKind(
    model=Commendation,
    name="khen thưởng",
    plural="Khen thưởng",
    visible=queries.visible_commendations,
    table=CommendationTable,
    filters=CommendationFilter,
    export_name="khen-thuong",
    list_url="office:commendations",
    menu="Khen thưởng",
    menu_order=40,
    related=("organisation", "member"),
    create_url="office:commendation_create",
    can_record=_anywhere(can_edit_office),
    can_void=_may(can_edit_office, lambda c: c.organisation),
    void_url="office:void",
    url_kind="commendation",
    detail_template="office/commendation.html",
    import_kind="commendations",
)


# --- mass organisations, their congresses and ratings ---------------------------------


class MassOrganisationTable(records.RecordTable):
    name = tables.Column("Tên tổ chức đoàn thể", linkify=True)
    kind = tables.Column("Loại")
    organisation = records.OrganisationColumn("Tổ chức đảng lãnh đạo")
    organisation_code = records.CodeColumn("organisation__code")


class MassOrganisationFilter(records.RecordFilter):
    date_field = ""  # a mass organisation has no date: year and period select nothing out
    loai = django_filters.ChoiceFilter(
        field_name="kind", label="Loại đoàn thể", choices=MassOrganisation.Kind.choices
    )


def _write_mass_organisation(d: dict[str, Any], user: Any) -> MassOrganisation:
    return actions.do_create_mass_organisation(
        kind=d["kind"],
        name=d["name"],
        organisation=d["organisation"],
        note=d.get("note") or "",
        acting_user=user,
    )


def _unit_context(request: Any, unit: MassOrganisation) -> dict[str, Any]:
    return {
        "unit": unit,
        "congresses": unit.congresses.filter(voided_at__isnull=True).order_by("-date"),
        "ratings": unit.ratings.filter(voided_at__isnull=True).order_by("-year"),
        "void_congresses": unit.congresses.filter(voided_at__isnull=False).order_by("-date"),
        "void_ratings": unit.ratings.filter(voided_at__isnull=False).order_by("-year"),
        "can_edit": can_edit_office(request.user, unit.organisation),
    }


MASS_ORGANISATIONS = records.RecordKind(
    model=MassOrganisation,
    name="tổ chức đoàn thể",
    plural="Tổ chức đoàn thể",
    visible=queries.visible_mass_organisations,
    table=MassOrganisationTable,
    filters=MassOrganisationFilter,
    export_name="doan-the",
    list_url="office:massorgs",
    menu="Tổ chức đoàn thể",
    menu_order=50,
    related=("organisation",),
    create=records.Create(
        form=forms.MassOrganisationForm,
        write=_write_mass_organisation,
        title="Thêm tổ chức đoàn thể",
        done=lambda unit: f"Đã thêm {unit.name}.",
    ),
    create_url="office:massorg_create",
    can_record=_anywhere(can_edit_office),
    detail_template="office/massorg.html",
    detail_context=_unit_context,
)


class CongressTable(records.RecordTable):
    unit = tables.Column("Tổ chức đoàn thể", linkify=True)
    unit_kind = tables.Column("Loại", accessor="unit__kind")
    organisation = records.OrganisationColumn("Tổ chức đảng", accessor="unit__organisation")
    organisation_code = records.CodeColumn("unit__organisation__code")
    term = tables.Column("Nhiệm kỳ")
    date = records.DateColumn("Ngày đại hội")


class CongressFilter(records.RecordFilter):
    org_field = "unit__organisation"
    loai = UNIT_KIND


CONGRESSES = records.RecordKind(
    model=MassCongress,
    name="đại hội",
    plural="Đại hội đoàn thể",
    visible=_congresses,
    table=CongressTable,
    filters=CongressFilter,
    export_name="dai-hoi-doan-the",
    list_url="office:congresses",
    menu="Đại hội đoàn thể",
    menu_order=60,
    related=("unit__organisation",),
    can_void=_may(can_edit_office, lambda c: c.unit.organisation),
    void_url="office:void",
    url_kind="congress",
)


class RatingTable(records.RecordTable):
    unit = tables.Column("Tổ chức đoàn thể", linkify=True)
    unit_kind = tables.Column("Loại", accessor="unit__kind")
    organisation = records.OrganisationColumn("Tổ chức đảng", accessor="unit__organisation")
    organisation_code = records.CodeColumn("unit__organisation__code")
    year = tables.Column("Năm")
    rating = tables.Column("Xếp loại")
    rated_by = tables.Column("Cấp đánh giá")


class RatingFilter(records.RecordFilter):
    org_field = "unit__organisation"
    date_field = "as_of"
    loai = UNIT_KIND
    xep_loai = django_filters.ChoiceFilter(
        field_name="rating", label="Xếp loại", choices=Rating.choices
    )

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(year=value)


RATINGS = records.RecordKind(
    model=MassRating,
    name="xếp loại",
    plural="Xếp loại tổ chức đoàn thể",
    visible=_ratings,
    table=RatingTable,
    filters=RatingFilter,
    export_name="xep-loai-doan-the",
    list_url="office:ratings",
    menu="Xếp loại đoàn thể",
    menu_order=70,
    related=("unit__organisation",),
    can_void=_may(can_edit_office, lambda r: r.unit.organisation),
    void_url="office:void",
    url_kind="rating",
    import_kind="mass-ratings",
)


# --- plans, their targets and tasks ----------------------------------------------------


class PlanTable(records.RecordTable):
    title = tables.Column("Tên", linkify=True)
    kind = tables.Column("Loại")
    organisation = records.OrganisationColumn("Tổ chức")
    organisation_code = records.CodeColumn("organisation__code")
    years = tables.Column("Năm")
    status = tables.Column("Tình trạng")
    document = tables.Column("Văn bản ban hành", accessor="document__full_number", default="")


class PlanFilter(records.RecordFilter):
    """A year selects the plans whose years include it; a plan has no day, so no period
    is offered (as for inspection programmes and committees)."""

    tu = None
    den = None
    loai = django_filters.ChoiceFilter(field_name="kind", label="Loại", choices=Plan.Kind.choices)
    trang_thai = django_filters.ChoiceFilter(
        field_name="status", label="Tình trạng", choices=Plan.Status.choices
    )

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(plans.years_q(value))


def _write_plan(d: dict[str, Any], user: Any) -> Plan:
    return plans.do_create_plan(
        organisation=d["organisation"],
        year=d["year"],
        end_year=d.get("end_year"),
        kind=d["kind"],
        title=d["title"],
        document=d.get("document") or None,
        note=d.get("note") or "",
        acting_user=user,
    )


def _plan_context(request: Any, plan: Plan) -> dict[str, Any]:
    targets = plan.targets.filter(voided_at__isnull=True).select_related("plan__organisation")
    can_edit = not plan.is_void and can_edit_plans(request.user, plan.organisation)
    return {
        "plan": plan,
        "rows": plans.compare(list(targets), plans.plan_period(plan)),
        "tasks": plan.tasks.filter(voided_at__isnull=True),
        "void_targets": plan.targets.filter(voided_at__isnull=False),
        "void_tasks": plan.tasks.filter(voided_at__isnull=False),
        "can_edit": can_edit,
        "can_change": can_edit and plan.status != Plan.Status.CLOSED,
    }


PLANS = records.RecordKind(
    model=Plan,
    name="kế hoạch",
    plural="Chương trình, kế hoạch",
    visible=queries.visible_plans,
    table=PlanTable,
    filters=PlanFilter,
    export_name="chuong-trinh-ke-hoach",
    list_url="office:plans",
    menu="Chương trình, kế hoạch",
    menu_order=10,
    related=("organisation", "document"),
    create=records.Create(
        form=forms.PlanForm,
        write=_write_plan,
        title="Ghi chương trình, kế hoạch",
        done=lambda plan: f"Đã ghi «{plan.title}»; hãy thêm chỉ tiêu và nhiệm vụ.",
    ),
    create_url="office:plan_create",
    can_record=_anywhere(can_edit_plans),
    can_void=_may(can_edit_plans, lambda p: p.organisation),
    void_url="office:void",
    url_kind="plan",
    detail_template="office/plan.html",
    detail_context=_plan_context,
)

TARGETS = records.RecordKind(
    model=PlanTarget,
    name="chỉ tiêu",
    plural="Chỉ tiêu kế hoạch",
    visible=_plan_parts(PlanTarget),
    related=("plan__organisation",),
    can_void=_may(can_edit_plans, lambda t: t.plan.organisation),
    void_url="office:void",
    url_kind="target",
    import_kind="plan-targets",
)

TASKS = records.RecordKind(
    model=PlanTask,
    name="nhiệm vụ",
    plural="Nhiệm vụ kế hoạch",
    visible=_plan_parts(PlanTask),
    related=("plan__organisation",),
    can_void=_may(can_edit_plans, lambda t: t.plan.organisation),
    void_url="office:void",
    url_kind="task",
    import_kind="plan-tasks",
)


# --- the document register ------------------------------------------------------------


class DocumentTable(records.RecordTable):
    full_number = tables.Column("Số, ký hiệu", linkify=True)
    date = records.DateColumn("Ngày")
    kind = tables.Column("Loại văn bản")
    summary = tables.Column("Trích yếu")
    issuer = records.OrganisationColumn("Tổ chức ban hành")
    issuer_code = records.CodeColumn("issuer__code")
    signer = tables.Column("Người ký")
    term = tables.Column("Nhiệm kỳ")


class DocumentFilter(records.RecordFilter):
    org_field = "issuer"
    loai = django_filters.ChoiceFilter(
        field_name="kind", label="Loại văn bản", choices=list(DOCUMENT_KINDS)
    )


def _write_document(d: dict[str, Any], user: Any) -> Document:
    return documents.do_register_document(
        issuer=d["issuer"],
        kind=d["kind"],
        date=d["date"],
        summary=d["summary"],
        number=d.get("number"),
        symbol=d.get("symbol") or "",
        term=d.get("term") or "",
        signer=d.get("signer") or "",
        note=d.get("note") or "",
        acting_user=user,
    )


def _void_document(document: Document, *, reason: str, acting_user: Any) -> Document:
    """A number of the register is voided only if no later number follows it."""
    documents.check_voidable(document)
    return do_void(document, reason=reason, acting_user=acting_user)


DOCUMENTS = records.RecordKind(
    model=Document,
    name="văn bản",
    plural="Sổ đăng ký văn bản",
    visible=queries.visible_documents,
    table=DocumentTable,
    filters=DocumentFilter,
    export_name="so-van-ban",
    list_url="office:documents",
    menu="Sổ đăng ký văn bản",
    menu_order=30,
    related=("issuer",),
    create=records.Create(
        form=forms.DocumentForm,
        write=_write_document,
        title="Vào sổ văn bản",
        done=lambda d: f"Đã vào sổ văn bản số {d.full_number}.",
        template="office/document_form.html",
    ),
    create_url="office:document_create",
    can_record=_anywhere(can_edit_plans),
    can_void=_may(can_edit_plans, lambda d: d.issuer),
    void=_void_document,
    void_url="office:void",
    url_kind="document",
    detail_template="office/document.html",
    detail_context=lambda request, d: {"plans": d.plans.filter(voided_at__isnull=True)},
    import_kind="documents",
)

# Every kind the office voids at `void/<kind>/<pk>/`.
VOIDABLE = {
    kind.url_kind: kind
    for kind in (COMMENDATIONS, CONGRESSES, RATINGS, PLANS, TARGETS, TASKS, DOCUMENTS)
}
