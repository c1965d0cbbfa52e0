"""Congresses and terms declared once (see `dangvu.core.records`): their lists with
filters and exports, the forms that plan a congress and record a term, and voiding. A
congress's page (its plan, delegates, results and documents) and the forms recorded on it
are domain pages in `views.py`, built from the same pieces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet

from dangvu.congresses import actions, forms
from dangvu.congresses.models import (
    Congress,
    CongressDocument,
    CongressForm,
    CongressKind,
    Term,
)
from dangvu.congresses.scoping import (
    can_record_congresses,
    visible_congress_documents,
    visible_congresses,
    visible_terms,
)
from dangvu.core import records
from dangvu.core.dates import today
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.kinds import OrgKind


def _can_record(user: Any) -> bool:
    return can_record_congresses(user)


def _can_void(org_of: Any) -> Any:
    return lambda user, record: can_record_congresses(user, org_of(record))


class LevelColumn(tables.Column):
    def render(self, value: str) -> str:
        return OrgKind(value).label if value in OrgKind.values else value

    def value(self, value: str) -> str:
        return self.render(value)


# --- congresses -----------------------------------------------------------------------


class CongressTable(records.RecordTable):
    organisation = records.OrganisationColumn(
        "Tổ chức đảng", linkify=lambda record: record.get_absolute_url()
    )
    organisation_code = records.CodeColumn("organisation__code")
    term_label = tables.Column("Nhiệm kỳ")
    opens_on = records.DateColumn("Ngày khai mạc")
    held = tables.Column("Tình trạng", accessor="held")
    level = LevelColumn("Cấp")
    kind = tables.Column("Loại đại hội")
    form = tables.Column("Hình thức")
    closes_on = records.DateColumn("Ngày bế mạc", default="")
    members_total = records.NumberColumn("Số được triệu tập", default="")
    attended_total = records.NumberColumn("Số có mặt", default="")
    place = tables.Column("Địa điểm", default="")

    def render_held(self, value: bool) -> str:
        return "Đã tổ chức" if value else "Dự kiến"

    def value_held(self, value: bool) -> str:
        return self.render_held(value)


class CongressFilter(records.RecordFilter):
    date_field = "opens_on"
    loai = django_filters.ChoiceFilter(
        field_name="kind", label="Loại đại hội", choices=CongressKind.choices
    )
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="form", label="Hình thức", choices=CongressForm.choices
    )
    cap = django_filters.ChoiceFilter(
        field_name="level",
        label="Cấp",
        choices=[(k, OrgKind(k).label) for k in OrgKind.values if k != OrgKind.GROUP],
    )
    tinh_trang = django_filters.ChoiceFilter(
        method="filter_held",
        label="Tình trạng",
        choices=[("held", "Đã tổ chức"), ("planned", "Dự kiến")],
    )
    nhiem_ky = django_filters.CharFilter(field_name="term_label", label="Nhiệm kỳ")

    def filter_held(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(held=value == "held")


def _congress_rows(c: Congress) -> Sequence[tuple[str, object]]:
    level = OrgKind(c.level).label if c.level in OrgKind.values else c.level
    return [
        ("Tổ chức đảng", c.organisation),
        ("Cấp", level),
        ("Loại đại hội", c.get_kind_display()),
        ("Hình thức", c.get_form_display()),
        ("Nhiệm kỳ", c.term_label),
        ("Lần thứ", str(c.ordinal) if c.ordinal else ""),
        ("Tình trạng", "Đã tổ chức" if c.held else "Dự kiến"),
        ("Ngày khai mạc", fmt_date(c.opens_on)),
        ("Ngày bế mạc", fmt_date(c.closes_on)),
        ("Địa điểm", c.place),
        ("Số được triệu tập", "" if c.members_total is None else str(c.members_total)),
        ("Số có mặt", "" if c.attended_total is None else str(c.attended_total)),
        ("Ghi chú", c.note),
    ]


CONGRESSES = records.RecordKind(
    model=Congress,
    name="đại hội",
    plural="Đại hội đảng",
    visible=visible_congresses,
    table=CongressTable,
    filters=CongressFilter,
    export_name="dai-hoi-dang",
    list_url="congresses:list",
    menu="Đại hội",
    menu_order=10,
    related=("organisation",),
    order=("-opens_on", "organisation__path"),
    create=records.Create(
        form=forms.PlanForm,
        write=lambda d, user: actions.do_plan_congress(**d, acting_user=user),
        title="Lập kế hoạch đại hội",
        done=lambda record: f"Đã ghi kế hoạch {record}.",
        intro=(
            "Đại hội được ghi theo kế hoạch trước; đại biểu, kết quả bầu cử và văn bản được "
            "ghi trên trang của đại hội."
        ),
    ),
    create_url="congresses:plan",
    can_record=_can_record,
    can_void=_can_void(lambda r: r.organisation),
    void=actions.do_void_congress,
    void_url="congresses:void",
    url_kind="congress",
    detail_template="congresses/congress.html",
    detail_rows=_congress_rows,
    import_kind="congresses",
)


# --- terms ----------------------------------------------------------------------------


class TermTable(records.RecordTable):
    organisation = records.OrganisationColumn(
        "Tổ chức đảng", linkify=lambda record: record.get_absolute_url()
    )
    organisation_code = records.CodeColumn("organisation__code")
    label = tables.Column("Nhiệm kỳ")
    began_on = records.DateColumn("Bắt đầu")
    due_on = records.DateColumn("Hạn đại hội nhiệm kỳ sau")
    ended_on = records.DateColumn("Kết thúc", default="")


class TermFilter(records.RecordFilter):
    """A year selects the terms running in it."""

    date_field = "began_on"
    tu = None
    den = None
    trang_thai = django_filters.ChoiceFilter(
        method="filter_status",
        label="Nhiệm kỳ",
        choices=[("current", "Đang diễn ra"), ("past", "Đã kết thúc"), ("overdue", "Quá hạn")],
    )

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(began_on__year__lte=value).filter(
            Q(ended_on__isnull=True) | Q(ended_on__year__gte=value)
        )

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "past":
            return qs.filter(ended_on__isnull=False)
        qs = qs.filter(ended_on__isnull=True)
        return qs.filter(due_on__lt=today()) if value == "overdue" else qs


def _term_rows(t: Term) -> Sequence[tuple[str, object]]:
    return [
        ("Tổ chức đảng", t.organisation),
        ("Nhiệm kỳ", t.label),
        ("Bắt đầu từ ngày", fmt_date(t.began_on)),
        ("Hạn tổ chức đại hội nhiệm kỳ sau", fmt_date(t.due_on)),
        ("Kết thúc ngày", fmt_date(t.ended_on)),
        ("Đại hội mở nhiệm kỳ", t.congress),
        ("Ghi chú", t.note),
    ]


def _term_context(request: Any, term: Term) -> dict[str, Any]:
    from dangvu.personnel.models import Committee

    committees = Committee.objects.filter(
        organisation=term.organisation, term=term.label, voided_at__isnull=True
    ).order_by("kind")
    congresses = (
        Congress.objects.filter(
            organisation=term.organisation, term_label=term.label, voided_at__isnull=True
        )
        .exclude(pk=term.congress_id)
        .order_by("opens_on")
    )
    return {"committees": committees, "congresses": congresses}


TERMS = records.RecordKind(
    model=Term,
    name="nhiệm kỳ",
    plural="Nhiệm kỳ của tổ chức đảng",
    visible=visible_terms,
    table=TermTable,
    filters=TermFilter,
    export_name="nhiem-ky",
    list_url="congresses:terms",
    menu="Nhiệm kỳ",
    menu_order=20,
    related=("organisation", "congress"),
    order=("-began_on", "organisation__path"),
    create=records.Create(
        form=forms.TermForm,
        write=lambda d, user: actions.do_record_term(**d, acting_user=user),
        title="Ghi nhiệm kỳ đã qua",
        done=lambda record: f"Đã ghi {record}.",
        intro=(
            "Ghi một nhiệm kỳ đã biết mà không có chi tiết đại hội (lịch sử, số liệu cũ). "
            "Nhiệm kỳ mới do đại hội mở khi ghi kết quả đại hội."
        ),
    ),
    create_url="congresses:term_create",
    can_record=_can_record,
    can_void=_can_void(lambda r: r.organisation),
    void=actions.do_void_term,
    void_url="congresses:void",
    url_kind="term",
    detail_template="congresses/term.html",
    detail_rows=_term_rows,
    detail_context=_term_context,
    import_kind="terms",
)


DOCUMENTS = records.RecordKind(
    model=CongressDocument,
    name="văn bản đại hội",
    plural="Văn bản đại hội",
    visible=visible_congress_documents,
    related=("congress__organisation", "document"),
    can_void=_can_void(lambda r: r.congress.organisation),
    void=actions.do_void_document,
    void_url="congresses:void",
    url_kind="document",
)

KINDS = {k.url_kind: k for k in (CONGRESSES, TERMS, DOCUMENTS)}
