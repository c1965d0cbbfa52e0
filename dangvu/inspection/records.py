"""Inspection record kinds declared once (see `dangvu.core.records`): programmes,
inspections and supervisions, discipline decisions, complaints and denunciations, with
their tables, filters, forms and writes, from which their lists, exports, forms and voids
derive. The pages with domain actions of their own (a programme's items, an inspection's
status and conclusion, a complaint's handling) stay in `views.py` and use these pieces."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from dangvu.accounts.scoping import get_org_for_user, visible_members, visible_organisations
from dangvu.core import listing, records
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.inspection import actions, forms, queries
from dangvu.inspection.limitation import ViolationCategory
from dangvu.inspection.models import (
    INSPECTION_KINDS,
    SUPERVISION_KINDS,
    Complaint,
    DisciplineDecision,
    Form,
    Inspection,
    Kind,
    Level,
    Programme,
    ProgrammeItem,
    Status,
    Target,
)
from dangvu.inspection.scoping import can_record, levels_for
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import resolve_organisation

GROUPS = {"inspection": INSPECTION_KINDS, "supervision": SUPERVISION_KINDS}
GROUP_CHOICES = [("inspection", "Kiểm tra"), ("supervision", "Giám sát")]
COMPLAINT_STATES = [
    *Complaint.State.choices,
    ("OPEN", "Chưa giải quyết xong"),
    ("CLOSED", "Đã kết thúc"),
    ("OVERDUE", "Quá hạn"),
]


def scope_org(request: HttpRequest) -> Organisation | None:
    """The organisation a page is asked about (`?to_chuc=`), within the user's reach."""
    code = request.GET.get("to_chuc", "").strip()
    return get_org_for_user(request, code.split(" — ")[0].strip().upper()) if code else None


def _can_record(user: Any) -> bool:
    return can_record(user)


def _can_void(body: Any) -> Any:
    """Whoever records the work of the record's body (organisation, level) may void it."""

    def check(user: Any, record: Any) -> bool:
        org, level = body(record)
        return level in levels_for(user, org)

    return check


def _declare(url_kind: str, *, body: Any, list_url: str, **kw: Any) -> records.RecordKind:
    """A kind of the board: listed and recorded by whoever records some of its work,
    voided (`void/<url_kind>/<pk>/`) by whoever records the work of its `body`, shown by
    `inspection/<url_kind>.html`."""
    return records.RecordKind(
        url_kind=url_kind,
        list_url=f"inspection:{list_url}",
        create_url=f"inspection:{url_kind}_create",
        can_record=_can_record,
        can_void=_can_void(body),
        void_url="inspection:void",
        detail_template=f"inspection/{url_kind}.html",
        **kw,
    )


class Table(records.RecordTable):
    """An inspection table: an unrecorded date or number is left empty, as on paper."""

    class Meta(records.RecordTable.Meta):
        default = ""


# --- finding subjects -----------------------------------------------------------------


def find_member(user: Any, text: str, field: str) -> Member:
    """The member named by identity number or full name, within the user's reach."""
    text = clean(text)
    key = Q(identity_number=text) if text.isdigit() else Q(search_key=search_key(text))
    found = list(visible_members(user).filter(key)[:2])
    if not found:
        raise DomainError(f"Không tìm thấy đảng viên «{text}» trong phạm vi của bạn.", field)
    if len(found) > 1:
        raise DomainError(
            f"Có nhiều đảng viên tên «{text}»; hãy nhập số CCCD để phân biệt.", field=field
        )
    return found[0]


def find_org(user: Any, text: str, field: str, on: dt.date | None = None) -> Organisation:
    """The organisation named by code or name within the user's reach (namesakes refused)."""
    return resolve_organisation(visible_organisations(user), text, on=on, field=field)


# --- programmes -----------------------------------------------------------------------


class ProgrammeTable(Table):
    year = tables.Column("Năm")
    title = tables.Column("Tên chương trình", linkify=True)
    body_label = tables.Column("Cơ quan thực hiện")
    n_items = records.NumberColumn("Số nội dung")


class ProgrammeFilter(records.RecordFilter):
    tu = None  # a programme is of a year, not of a day
    den = None
    cap = django_filters.ChoiceFilter(field_name="level", label="Cơ quan", choices=Level.choices)

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(year=value)


def _write_programme(d: dict[str, Any], user: Any) -> Programme:
    return actions.do_create_programme(acting_user=user, **d)  # the form's fields, by name


PROGRAMMES = _declare(
    "programme",
    body=lambda r: (r.organisation, r.level),
    list_url="programmes",
    menu="Chương trình kiểm tra, giám sát",
    menu_order=20,
    model=Programme,
    name="chương trình kiểm tra, giám sát",
    plural="Chương trình kiểm tra, giám sát",
    visible=queries.visible_programmes,
    table=ProgrammeTable,
    filters=ProgrammeFilter,
    export_name="chuong-trinh-kiem-tra",
    related=("organisation",),
    order=("-year", "organisation__path", "level", "id"),
    annotate=lambda qs: qs.annotate(
        n_items=Count("items", filter=Q(items__voided_at__isnull=True))
    ),
    create=records.Create(
        form=forms.ProgrammeForm,
        write=_write_programme,
        title="Ghi chương trình kiểm tra, giám sát",
        done=lambda r: "Đã ghi chương trình; hãy thêm các nội dung của chương trình.",
    ),
    import_kind="inspection-programmes",
)


# --- inspections and supervisions -----------------------------------------------------


class SubjectsColumn(tables.Column):
    """The subjects by name, or the number of members checked when none is named."""

    def __init__(self, verbose_name: str) -> None:
        super().__init__(verbose_name, accessor="pk", default="")

    def render(self, record: Inspection) -> str:
        return self.value(record)

    def value(self, record: Inspection) -> str:
        named = ", ".join(str(s) for s in record.subjects.all())
        if named:
            return named
        return f"{record.members_checked} đảng viên" if record.members_checked else ""


class InspectionTable(Table):
    start_date = records.DateColumn("Ngày bắt đầu")
    title = tables.Column("Nội dung", linkify=True)
    kind = tables.Column("Loại")
    body_label = tables.Column("Cơ quan tiến hành")
    subjects = SubjectsColumn("Đối tượng")
    status = tables.Column("Tình trạng")
    end_date = records.DateColumn("Ngày kết thúc")
    in_programme = records.YesColumn("Theo chương trình")


class InspectionFilter(records.RecordFilter):
    """A record counts on its end date (`tu`, `den`); the year is its end date's, or its
    start date's while it has not ended."""

    date_field = "end_date"

    cap = django_filters.ChoiceFilter(
        field_name="level", label="Cơ quan tiến hành", choices=Level.choices
    )
    nhom = django_filters.ChoiceFilter(
        method="filter_group", label="Kiểm tra / giám sát", choices=GROUP_CHOICES
    )
    loai = django_filters.ChoiceFilter(field_name="kind", label="Loại", choices=Kind.choices)
    trang_thai = django_filters.ChoiceFilter(
        field_name="status", label="Tình trạng", choices=Status.choices
    )

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(Q(end_date__year=value) | Q(end_date__isnull=True, start_date__year=value))

    def filter_group(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(kind__in=GROUPS[value])


def _planned(request: HttpRequest) -> dict[str, Any]:
    """The form's initial values from the programme item to carry out (`?noi_dung=`)."""
    item_id = listing.identifier(request.GET.get("noi_dung"))
    if item_id is None:
        return {}
    planned = (
        ProgrammeItem.objects.filter(
            programme__in=queries.visible_programmes(request.user), voided_at__isnull=True
        )
        .select_related("programme__organisation")
        .filter(pk=item_id)
        .first()
    )
    if planned is None:
        raise Http404("Không tìm thấy nội dung chương trình")
    return {
        "organisation": planned.programme.organisation.code,
        "level": planned.programme.level,
        "board_name": planned.programme.board_name,
        "kind": planned.kind,
        "title": planned.title,
        "subject_orgs": planned.planned_subjects,
        "in_programme": True,
        "programme_item": planned.number,
    }


def _programme_item(d: dict[str, Any]) -> ProgrammeItem | None:
    """The item of the body's programme of the start date's year numbered in the form."""
    if not d.get("programme_item"):
        return None
    item = ProgrammeItem.objects.filter(
        programme__organisation=d["organisation"],
        programme__level=d["level"],
        programme__board_name=clean(d.get("board_name") or ""),
        programme__year=d["start_date"].year,
        programme__voided_at__isnull=True,
        number=d["programme_item"],
        voided_at__isnull=True,
    ).first()
    if item is None:
        raise DomainError(
            f"Chương trình năm {d['start_date'].year} của cơ quan tiến hành không "
            f"có nội dung số {d['programme_item']}.",
            field="programme_item",
        )
    return item


def _write_inspection(d: dict[str, Any], user: Any) -> Inspection:
    orgs = [find_org(user, t, "subject_orgs", d["start_date"]) for t in d["subject_orgs"]]
    members = [find_member(user, t, "subject_members") for t in d["subject_members"]]
    return actions.do_record_inspection(
        organisation=d["organisation"],
        level=d["level"],
        board_name=d.get("board_name") or "",
        kind=d["kind"],
        title=d["title"],
        start_date=d["start_date"],
        end_date=d.get("end_date"),
        status=d["status"],
        organisations=orgs,
        members=members,
        members_checked=d.get("members_checked"),
        in_programme=d.get("in_programme") or False,
        programme_item=_programme_item(d),
        decision_number=d.get("decision_number") or "",
        conclusion=d.get("conclusion") or "",
        conclusion_date=d.get("conclusion_date"),
        note=d.get("note") or "",
        acting_user=user,
    )


INSPECTIONS = _declare(
    "inspection",
    body=lambda r: (r.organisation, r.level),
    list_url="inspections",
    menu="Kiểm tra, giám sát",
    menu_order=10,
    model=Inspection,
    name="cuộc kiểm tra, giám sát",
    plural="Kiểm tra, giám sát",
    visible=queries.visible_inspections,
    table=InspectionTable,
    filters=InspectionFilter,
    export_name="kiem-tra-giam-sat",
    related=("organisation", "programme_item__programme"),
    prefetch=("subjects__organisation", "subjects__member"),
    create=records.Create(
        form=forms.InspectionForm,
        write=_write_inspection,
        title="Ghi cuộc kiểm tra, giám sát",
        done=lambda r: f"Đã ghi {r.get_kind_display().lower()}.",
        initial=_planned,
    ),
    import_kind="inspections",
)


# --- discipline -----------------------------------------------------------------------


class DisciplineTable(Table):
    decision_date = records.DateColumn("Ngày quyết định")
    subject_name = tables.Column("Đảng viên, tổ chức bị kỷ luật", linkify=True)
    target = tables.Column("Đối tượng")
    organisation = records.OrganisationColumn("Tổ chức")
    organisation_code = records.CodeColumn("organisation__code")
    form = tables.Column("Hình thức")
    issuer_label = tables.Column("Cơ quan quyết định")
    decision_number = tables.Column("Số quyết định")
    violation_date = records.DateColumn("Ngày vi phạm")


class DisciplineFilter(records.RecordFilter):
    date_field = "decision_date"

    doi_tuong = django_filters.ChoiceFilter(
        field_name="target", label="Đối tượng", choices=Target.choices
    )
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="form", label="Hình thức", choices=Form.choices
    )
    cap = django_filters.ChoiceFilter(
        field_name="issuing_level", label="Cơ quan quyết định", choices=Level.choices
    )


def write_discipline(
    d: dict[str, Any], user: Any, *, inspection: Inspection | None = None
) -> DisciplineDecision:
    """Record the decision; a member is found by identity number or name in the user's
    reach, and the inspection it comes from, if any, is recorded with it."""
    target = d["target"]
    member = None
    if target == Target.MEMBER:
        if not d.get("member"):
            raise DomainError("Hãy nhập đảng viên bị kỷ luật.", field="member")
        member = find_member(user, d["member"], "member")
    return actions.do_discipline(
        target=target,
        form=d["form"],
        issuing_organisation=d["issuing_organisation"],
        issuing_level=d["issuing_level"],
        violation_date=d["violation_date"],
        decision_date=d["decision_date"],
        decision_number=d.get("decision_number") or "",
        violation=d["violation"],
        member=member,
        organisation=d.get("organisation") if target == Target.ORGANISATION else None,
        inspection=inspection,
        violation_category=d.get("violation_category") or ViolationCategory.OTHER,
        expulsion_level=bool(d.get("expulsion_level")),
        later_violation_date=d.get("later_violation_date"),
        conclusion_date=d.get("conclusion_date"),
        delegation=d.get("delegation") or "",
        acting_user=user,
    )


DISCIPLINE = _declare(
    "discipline",
    body=lambda r: (r.issuing_organisation, r.issuing_level),
    list_url="disciplines",
    menu="Kỷ luật",
    menu_order=30,
    model=DisciplineDecision,
    name="quyết định kỷ luật",
    plural="Kỷ luật",
    visible=queries.visible_decisions,
    table=DisciplineTable,
    filters=DisciplineFilter,
    export_name="ky-luat",
    related=("member", "organisation", "issuing_organisation", "inspection", "member_event"),
    create=records.Create(
        form=forms.DisciplineForm,
        write=write_discipline,
        title="Ghi quyết định kỷ luật",
        done=lambda r: f"Đã ghi quyết định kỷ luật {r.subject_name}.",
        template="inspection/discipline_form.html",
    ),
    void=actions.do_void_discipline,
    import_kind="discipline",
)


# --- complaints and denunciations -----------------------------------------------------


class ComplaintTable(Table):
    received_date = records.DateColumn("Ngày nhận")
    kind = tables.Column("Loại đơn")
    sender = tables.Column("Người gửi", linkify=True)
    against_label = tables.Column("Đối tượng bị khiếu nại, tố cáo")
    handler_label = tables.Column("Cơ quan giải quyết")
    deadline = records.DateColumn("Hạn giải quyết")
    status = tables.Column("Tình trạng")
    closed_date = records.DateColumn("Ngày kết thúc")


class ComplaintFilter(records.RecordFilter):
    """By the handling organisation; a complaint counts on the day it was received, a
    closed one (`trang_thai=CLOSED`) on the day it was closed."""

    org_field = "handling_organisation"
    date_field = "received_date"

    loai = django_filters.ChoiceFilter(
        field_name="kind", label="Loại đơn", choices=Complaint.Kind.choices
    )
    trang_thai = django_filters.ChoiceFilter(
        method="filter_state", label="Tình trạng", choices=COMPLAINT_STATES
    )

    def _period_field(self) -> str:
        closed = self.form.cleaned_data.get("trang_thai") == "CLOSED"
        return "closed_date" if closed else "received_date"

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(received_date__year=value)

    def filter_from(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(**{f"{self._period_field()}__gte": value})

    def filter_to(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(**{f"{self._period_field()}__lte": value})

    def filter_state(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "OPEN":
            return qs.filter(closed_date__isnull=True)
        if value == "CLOSED":
            return qs.filter(closed_date__isnull=False)
        if value == "OVERDUE":
            return qs.filter(closed_date__isnull=True, deadline__lt=today())
        return qs.filter(status=value)


def _overdue_notice(request: HttpRequest) -> tuple[str, str] | None:
    """How many complaints of the organisation asked about are past their deadline."""
    org = scope_org(request)
    rows = queries.visible_complaints(request.user).filter(voided_at__isnull=True)
    if org is not None:
        rows = queries.in_subtree(rows, org, "handling_organisation")
    n = rows.filter(closed_date__isnull=True, deadline__lt=today()).count()
    if not n:
        return None
    url = reverse("inspection:complaints_due")
    if org is not None:
        url += f"?to_chuc={org.code}"
    return f"{n} đơn quá hạn giải quyết", url


def _write_complaint(d: dict[str, Any], user: Any) -> Complaint:
    member = (
        find_member(user, d["against_member"], "against_member")
        if d.get("against_member")
        else None
    )
    return actions.do_receive_complaint(
        kind=d["kind"],
        received_date=d["received_date"],
        sender=d["sender"],
        subject=d["subject"],
        handling_organisation=d["handling_organisation"],
        handling_level=d["handling_level"],
        against_organisation=d.get("against_organisation"),
        against_member=member,
        deadline=d.get("deadline"),
        acting_user=user,
    )


COMPLAINTS = _declare(
    "complaint",
    body=lambda r: (r.handling_organisation, r.handling_level),
    list_url="complaints",
    menu="Khiếu nại, tố cáo",
    menu_order=40,
    model=Complaint,
    name="đơn khiếu nại, tố cáo",
    plural="Khiếu nại, tố cáo",
    visible=queries.visible_complaints,
    table=ComplaintTable,
    filters=ComplaintFilter,
    export_name="khieu-nai-to-cao",
    related=("against_organisation", "against_member", "handling_organisation"),
    create=records.Create(
        form=forms.ComplaintForm,
        write=_write_complaint,
        title="Ghi đơn khiếu nại, tố cáo",
        done=lambda r: f"Đã ghi đơn; hạn giải quyết ngày {fmt_date(r.deadline)}.",
    ),
    notice=_overdue_notice,
    import_kind="complaints",
)

# --- a programme's items: shown, added and voided on the programme's page ---------------


ITEMS = records.RecordKind(
    model=ProgrammeItem,
    name="nội dung chương trình",
    plural="Nội dung chương trình kiểm tra, giám sát",
    visible=lambda user: ProgrammeItem.objects.filter(
        programme__in=queries.visible_programmes(user)
    ),
    related=("programme__organisation",),
    can_void=_can_void(lambda r: (r.programme.organisation, r.programme.level)),
    void_url="inspection:void",
    url_kind="item",
)

# The kinds by their part of the void URL (`void/<kind>/<pk>/`).
KINDS: dict[str, records.RecordKind] = {
    k.url_kind: k for k in (PROGRAMMES, INSPECTIONS, DISCIPLINE, COMPLAINTS, ITEMS)
}
