"""The board's record kinds declared once (see `dangvu.core.records`): classes, conferences,
resolutions to study and contests, with their tables, filters, forms and writes, from which
their list, export, form, page and void derive.

A resolution's study returns and a contest's entries are parts of their record: declared
here without a list of their own, shown and added on its page (`views.py`), and voided
at the app's void URL back to that page. A class's learners are added and completed on
the class's page.
"""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Count, Q, QuerySet, Sum

from dangvu.accounts.scoping import visible_organisations
from dangvu.core import records
from dangvu.core.dates import today
from dangvu.education import actions, forms
from dangvu.education.models import (
    Conference,
    Contest,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)
from dangvu.education.scoping import (
    can_edit,
    editable_organisations,
    visible_classes,
    visible_conferences,
    visible_contests,
    visible_returns,
)
from dangvu.lib.vnformat import fmt_date, fmt_number, fmt_percent


def can_record(user: Any) -> bool:
    """Who may record the board's work somewhere: the add buttons and the forms."""
    return editable_organisations(user).exists()


def _can_void(user: Any, record: Any) -> bool:
    return can_edit(user, record.organiser)


def _create(form: type[forms.EditorForm], action: Any, title: str, **more: Any) -> records.Create:
    """The board's form for a kind: its cleaned data go to `action` (a `do_*` call)."""
    return records.Create(
        form=form,
        write=lambda d, user: action(**d, acting_user=user),
        title=title,
        done=lambda record: f"Đã ghi «{record}».",
        **more,
    )


# What the kinds organised by an organisation share: the organiser read with the record,
# recorded by the board's editors, voided at the app's void URL by the organiser's editors.
ORGANISED: dict[str, Any] = {
    "related": ("organiser",),
    "can_record": can_record,
    "can_void": _can_void,
    "void_url": "education:void",
}


def percent(part: int | None, whole: int | None) -> float | None:
    return 100.0 * (part or 0) / whole if whole else None


def period(start: Any, end: Any) -> str:
    return f"{fmt_date(start)} – {fmt_date(end)}"


class PercentColumn(tables.Column):
    """A share of two annotated sums (`part`, `whole`), as a percentage in words and file."""

    def __init__(self, verbose_name: str, part: str, whole: str, **kwargs: Any) -> None:
        self.part, self.whole = part, whole
        kwargs.setdefault("empty_values", ())
        super().__init__(verbose_name, accessor="pk", **kwargs)

    def render(self, record: Any) -> str:
        return fmt_percent(percent(getattr(record, self.part), getattr(record, self.whole)))

    def value(self, record: Any) -> str:
        return self.render(record)


class OrganiserFilter(records.RecordFilter):
    org_field = "organiser"
    org_label = "Đơn vị tổ chức (cả các tổ chức trực thuộc)"


def _kind_filter(choices: Any) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name="kind", label="Loại", choices=choices)


# --- political classes ----------------------------------------------------------------


def class_kinds() -> list[tuple[str, str]]:
    """The kinds of class, the candidate class under the name the committee gives it."""
    from dangvu.education.rules import candidate_class_title

    return [
        (value, candidate_class_title() if value == PoliticalClass.Kind.CANDIDATE else label)
        for value, label in PoliticalClass.Kind.choices
    ]


class ClassTable(records.RecordTable):
    name = tables.Column("Tên lớp", linkify=True)
    kind = tables.Column("Loại lớp")
    organiser = records.OrganisationColumn("Đơn vị tổ chức")
    organiser_code = records.CodeColumn("organiser__code")
    start_date = records.DateColumn("Từ ngày")
    end_date = records.DateColumn("Đến ngày")
    n_learners = records.NumberColumn("Học viên")
    n_completed = records.NumberColumn("Hoàn thành")


class ClassFilter(OrganiserFilter):
    date_field = "end_date"
    loai = _kind_filter(PoliticalClass.Kind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The candidate class under the name the committee gives it today.
        super().__init__(*args, **kwargs)
        self.form.fields["loai"].choices = class_kinds()


def _count_learners(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.annotate(
        n_learners=Count("learners"),
        n_completed=Count("learners", filter=Q(learners__completed=True)),
    )


def _class_rows(c: PoliticalClass) -> list[tuple[str, object]]:
    return [
        ("Loại lớp", c.get_kind_display()),
        ("Đơn vị tổ chức", c.organiser.name),
        ("Thời gian", period(c.start_date, c.end_date)),
        ("Địa điểm", c.venue),
        ("Ghi chú", c.note),
    ]


CLASSES = records.RecordKind(
    model=PoliticalClass,
    name="lớp bồi dưỡng",
    plural="Lớp bồi dưỡng chính trị",
    visible=visible_classes,
    table=ClassTable,
    filters=ClassFilter,
    export_name="lop-boi-duong",
    list_url="education:classes",
    menu="Lớp bồi dưỡng chính trị",
    menu_order=10,
    order=("-end_date", "-id"),
    annotate=_count_learners,
    create=_create(forms.ClassForm, actions.do_create_class, "Mở lớp bồi dưỡng"),
    create_url="education:class_create",
    url_kind="class",
    detail_template="education/class.html",
    detail_rows=_class_rows,
    import_kind="classes",
    **ORGANISED,
)


# --- conferences and events -----------------------------------------------------------


class ConferenceTable(records.RecordTable):
    title = tables.Column("Tên hội nghị, hoạt động", linkify=True)
    kind = tables.Column("Loại")
    organiser = records.OrganisationColumn("Đơn vị tổ chức")
    organiser_code = records.CodeColumn("organiser__code")
    date = records.DateColumn("Ngày")
    attendance = records.NumberColumn("Số lượt tham dự")


class ConferenceFilter(OrganiserFilter):
    loai = _kind_filter(Conference.Kind.choices)


def _conference_rows(c: Conference) -> list[tuple[str, object]]:
    return [
        ("Loại", c.get_kind_display()),
        ("Đơn vị tổ chức", c.organiser.name),
        ("Ngày", fmt_date(c.date)),
        ("Số lượt tham dự", f"{fmt_number(c.attendance)} lượt"),
        ("Địa điểm", c.venue),
        ("Ghi chú", c.note),
    ]


CONFERENCES = records.RecordKind(
    model=Conference,
    name="hội nghị",
    plural="Hội nghị, hoạt động tuyên giáo",
    visible=visible_conferences,
    table=ConferenceTable,
    filters=ConferenceFilter,
    export_name="hoi-nghi",
    list_url="education:conferences",
    menu="Hội nghị, hoạt động",
    menu_order=20,
    order=("-date", "-id"),
    create=_create(
        forms.ConferenceForm,
        actions.do_create_conference,
        "Ghi hội nghị, hoạt động",
        initial=lambda request: {"date": today()},
    ),
    create_url="education:conference_create",
    url_kind="conference",
    detail_rows=_conference_rows,
    import_kind="conferences",
    **ORGANISED,
)


# --- resolutions to study -------------------------------------------------------------


class ResolutionTable(records.RecordTable):
    number = tables.Column("Số hiệu", linkify=True)
    name = tables.Column("Tên văn bản")
    issuing_body = tables.Column("Cơ quan ban hành")
    term = tables.Column("Khóa")
    issued_on = records.DateColumn("Ngày ban hành")
    n_returns = records.NumberColumn("Số báo cáo")
    members_pct = PercentColumn("Tỷ lệ đảng viên", "m_studied", "m_total")
    nonmembers_pct = PercentColumn("Tỷ lệ quần chúng", "n_studied", "n_total")


class ResolutionFilter(records.RecordFilter):
    """Resolutions are the same for every unit: the organisation chosen scopes the returns
    counted beside each, within what the user sees, not the resolutions listed."""

    date_field = "issued_on"
    org_label = "Tổ chức báo cáo (cả các tổ chức trực thuộc)"

    def filter_organisation(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs

    @property
    def qs(self) -> QuerySet[Any]:
        # django-filter filters a bound filter set only; the counts are wanted always.
        if not hasattr(self, "_counted"):
            self._counted = self._count_returns(super().qs)
        return self._counted

    def _count_returns(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        mine = Q(
            returns__organisation__in=visible_organisations(self.request.user),
            returns__voided_at__isnull=True,
        )
        if self.org is not None:
            mine &= Q(returns__organisation__path__startswith=self.org.path)
        return queryset.annotate(
            n_returns=Count("returns", filter=mine),
            m_studied=Sum("returns__members_studied", filter=mine),
            m_total=Sum("returns__members_total", filter=mine),
            n_studied=Sum("returns__nonmembers_studied", filter=mine),
            n_total=Sum("returns__nonmembers_total", filter=mine),
        )


def _resolution_rows(r: Resolution) -> list[tuple[str, object]]:
    return [
        ("Cơ quan ban hành", r.issuing_body),
        ("Khóa", r.term),
        ("Ngày ban hành", fmt_date(r.issued_on)),
    ]


def all_resolutions(user: Any) -> QuerySet[Resolution]:
    """Every resolution: what is to be studied is the same for everyone."""
    return Resolution.objects.all()


RESOLUTIONS = records.RecordKind(
    model=Resolution,
    name="văn bản",
    plural="Học tập, quán triệt nghị quyết",
    visible=all_resolutions,
    table=ResolutionTable,
    filters=ResolutionFilter,
    export_name="hoc-tap-nghi-quyet",
    list_url="education:resolutions",
    menu="Học tập nghị quyết",
    menu_order=30,
    order=("-issued_on", "-id"),
    create=_create(
        forms.ResolutionForm, actions.do_create_resolution, "Thêm nghị quyết, văn bản học tập"
    ),
    create_url="education:resolution_create",
    can_record=can_record,
    detail_template="education/resolution.html",
    detail_rows=_resolution_rows,
    import_kind="resolutions",
)


# --- contests -------------------------------------------------------------------------


class ContestTable(records.RecordTable):
    name = tables.Column("Tên hội thi, cuộc thi", linkify=True)
    organiser = records.OrganisationColumn("Đơn vị tổ chức")
    organiser_code = records.CodeColumn("organiser__code")
    start_date = records.DateColumn("Từ ngày")
    end_date = records.DateColumn("Đến ngày")
    # Each contest's entries are bài dự thi or đội thi, as its kind says.
    entrants = tables.Column("Hình thức dự thi")
    n_entries = records.NumberColumn("Số bài dự thi hoặc đội thi")
    n_sent_up = records.NumberColumn("Được chọn dự thi cấp trên")


class ContestFilter(OrganiserFilter):
    date_field = "end_date"


def _count_entries(qs: QuerySet[Any]) -> QuerySet[Any]:
    alive = Q(entries__voided_at__isnull=True)
    return qs.annotate(
        n_entries=Count("entries", filter=alive),
        n_sent_up=Count("entries", filter=alive & Q(entries__sent_up=True)),
    )


def _contest_rows(c: Contest) -> list[tuple[str, object]]:
    return [
        ("Đơn vị tổ chức", c.organiser.name),
        ("Thời gian", period(c.start_date, c.end_date)),
        ("Hình thức dự thi", c.get_entrants_display()),
        ("Ghi chú", c.note),
    ]


CONTESTS = records.RecordKind(
    model=Contest,
    name="hội thi",
    plural="Hội thi, cuộc thi",
    visible=visible_contests,
    table=ContestTable,
    filters=ContestFilter,
    export_name="hoi-thi",
    list_url="education:contests",
    menu="Hội thi, cuộc thi",
    menu_order=40,
    order=("-end_date", "-id"),
    annotate=_count_entries,
    create=_create(forms.ContestForm, actions.do_create_contest, "Ghi hội thi, cuộc thi"),
    create_url="education:contest_create",
    url_kind="contest",
    detail_template="education/contest.html",
    detail_rows=_contest_rows,
    import_kind="contests",
    **ORGANISED,
)


# --- parts of a record: shown, added and voided on its page ----------------------------


def _entries(user: Any) -> QuerySet[ContestEntry]:
    return ContestEntry.objects.filter(contest__in=visible_contests(user))


RETURNS = records.RecordKind(
    model=StudyReturn,
    name="báo cáo học tập",
    plural="Kết quả học tập nghị quyết",
    visible=visible_returns,
    related=("organisation", "resolution"),
    can_void=lambda user, r: can_edit(user, r.organisation),
    void_url="education:void",
    url_kind="return",
)

ENTRIES = records.RecordKind(
    model=ContestEntry,
    name="bài dự thi hoặc đội thi",
    plural="Bài dự thi, đội thi",
    visible=_entries,
    related=("contest__organiser", "organisation"),
    can_void=lambda user, e: can_edit(user, e.contest.organiser),
    void_url="education:void",
    url_kind="entry",
)

# Kinds voided at `void/<kind>/<pk>/`, by their part of it.
VOIDED = {k.url_kind: k for k in (CLASSES, CONFERENCES, CONTESTS, RETURNS, ENTRIES)}
