"""The record layer: one declaration per kind of record, from which its pages are derived.

A board's records (inspections, evaluations, classes, commendations…) are all listed,
filtered, exported, shown with their history, recorded through a form and voided with a
reason. Instead of writing those six views again for every kind, a kind is declared once:

    EVALUATIONS = RecordKind(
        model=LeaderEvaluation,
        name="ý kiến nhận xét, đánh giá cán bộ",
        plural="Nhận xét, đánh giá cán bộ lãnh đạo, quản lý",
        visible=queries.visible_evaluations,
        table=EvaluationTable,            # a django-tables2 table: columns and their labels
        filters=EvaluationFilter,         # a django-filter filter set: the list's filters
        export_name="nhan-xet-can-bo",
        related=("organisation",),
        list_url="personnel:evaluations",
        create=Create(form=forms.EvaluationForm, write=..., title=..., done=...),
        can_record=can_edit_personnel,
    )

and its URLs point at `list_view(KIND)`, `create_view(KIND)`, `detail_view(KIND)` and
`void_view(KIND)`. The columns (`RecordTable`) serve the page and the export alike; the
filters (`RecordFilter`) read the query string, ignore junk (an invalid value filters
nothing, it is never an error) and say in words what they select, which is also the
subtitle of the export. Kinds whose pages carry domain actions of their own (an
inspection's status, a committee's seats) keep those views and use the same pieces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2.rows import BoundRow

from dangvu.audit.log import history
from dangvu.core import listing
from dangvu.core.errors import DomainError
from dangvu.core.exports import (
    export_response,
    export_subtitle,
    in_party_order,
    requested_format,
)
from dangvu.core.fields import year_range
from dangvu.lib.vnformat import fmt_date, fmt_number

PER_PAGE = 50
HISTORY_SHOWN = 20


# --- columns --------------------------------------------------------------------------


class DateColumn(tables.Column):
    """A date as the clerk writes it, dd/mm/yyyy, on the page and in the export."""

    def render(self, value: dt.date) -> str:
        return fmt_date(value)

    def value(self, value: dt.date) -> str:
        return fmt_date(value)


class NumberColumn(tables.Column):
    """A count, with Vietnamese thousands separators on the page, a number in the export."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return fmt_number(value)

    def value(self, value: Any) -> Any:
        return value


class YesColumn(tables.Column):
    """A yes/no fact shown as "Có" or left empty (a blank reads as "no" on paper)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return "Có" if value else ""

    def value(self, value: Any) -> str:
        return "Có" if value else ""


class OrganisationColumn(tables.Column):
    """An organisation by its name; its code goes in a column of its own in the export
    (declare a `CodeColumn` on the same accessor's `code`)."""

    def render(self, value: Any) -> str:
        return value.name

    def value(self, value: Any) -> str:
        return value.name


class CodeColumn(tables.Column):
    """An organisation's code: in the export only, beside its name."""

    def __init__(self, accessor: str, verbose_name: str = "Mã tổ chức", **kwargs: Any) -> None:
        kwargs.setdefault("visible", False)
        kwargs.setdefault("default", "")
        super().__init__(accessor=accessor, verbose_name=verbose_name, **kwargs)


class RecordTable(tables.Table):
    """Base of every record kind's table: paged by `trang` like every list of the site.

    The first column that links to the record is declared with `linkify=True`. Columns past
    the third (the link column excepted) are hidden on a phone's screen by the template.
    """

    class Meta:
        template_name = "core/record_table.html"
        page_field = "trang"
        order_by_field = "sap_xep"
        orderable = False
        empty_text = "Không có bản ghi nào khớp điều kiện lọc."

    def __init__(self, data: Any, **kwargs: Any) -> None:
        # django-tables2 reads only the `Meta` a table class declares itself: a kind's table
        # that declares none gets the site's options here (one that does may extend ours:
        # `class Meta(records.RecordTable.Meta)`).
        if "Meta" not in type(self).__dict__:
            meta = RecordTable.Meta
            options = {k: v for k, v in vars(meta).items() if not k.startswith("_")}
            kwargs = options | kwargs
        super().__init__(data, **kwargs)

    def export_rows(self, rows: QuerySet[Any] | Iterable[Any]) -> Iterator[list[object]]:
        """The values of every row of `rows` (all of them, not a page), column by column,
        read in chunks so that a large export holds one chunk in memory at a time."""
        names = [c.name for c in self.export_columns()]
        records = rows.iterator(chunk_size=500) if isinstance(rows, QuerySet) else rows
        for record in records:
            row = BoundRow(record, table=self)
            yield [row.get_cell_value(name) for name in names]

    def export_columns(self) -> list[Any]:
        return [c for c in self.columns.iterall() if not c.column.exclude_from_export]

    def export_headers(self) -> list[str]:
        return [str(c.header) for c in self.export_columns()]


# --- filters --------------------------------------------------------------------------


class LooseDateField(forms.Field):
    """A date in a list's query string (dd/mm/yyyy or yyyy-mm-dd, within the plausible
    range); anything else is invalid, which a filter set ignores."""

    widget = forms.HiddenInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        day = listing.date_within(str(value), *listing.date_bounds())
        if day is None:
            raise forms.ValidationError("Ngày không hợp lệ.", code="invalid")
        return day


class YearField(forms.Field):
    """A plausible year (1930 to ten years ahead); anything else is invalid, hence ignored."""

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return None
        low, high = year_range()
        year = listing.integer(str(value), low, high)
        if year is None:
            raise forms.ValidationError("Năm không hợp lệ.", code="invalid")
        return year


class YearFilter(django_filters.Filter):
    field_class = YearField


class DayFilter(django_filters.Filter):
    field_class = LooseDateField


class FlagFilter(django_filters.Filter):
    """A hidden `=1` switch carried by a records link (`chi_rieng`, `duoi`)."""

    field_class = forms.CharField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs  # read by the organisation filter


class RecordFilter(django_filters.FilterSet):
    """The filters every record list shares: organisation (with what lies under it), year,
    and the period a report's records link carries (`tu`, `den`, `chi_rieng`, `duoi`).

    A kind's filter set subclasses this, names its organisation and date fields
    (`org_field`, `date_field`) and adds its own filters, usually `ChoiceFilter`s. A value
    that is not valid for its filter (junk in the query string) selects nothing and is
    never an error: django-filter leaves it out of `cleaned_data`.
    """

    org_field = "organisation"
    date_field = "date"
    org_label = "Tổ chức (cả các tổ chức trực thuộc)"

    to_chuc = django_filters.CharFilter(method="filter_organisation", label="Tổ chức")
    nam = YearFilter(method="filter_year", label="Năm")
    tu = DayFilter(method="filter_from", label="Từ ngày")
    den = DayFilter(method="filter_to", label="Đến ngày")
    chi_rieng = FlagFilter(label="Chỉ riêng tổ chức này")
    duoi = FlagFilter(label="Chỉ các tổ chức trực thuộc")

    def __init__(self, data: Any = None, *args: Any, request: HttpRequest, **kwargs: Any):
        super().__init__(data, *args, request=request, **kwargs)
        self.org = self._organisation()
        for name, bound in self.form.fields.items():
            widget = bound.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            widget.attrs.setdefault("id", name)

    def _organisation(self) -> Any:
        return organisation_asked(self.request)

    def _flag(self, name: str) -> bool:
        return bool(self.data) and self.data.get(name) == "1"

    def filter_organisation(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if self.org is None:
            return qs
        if self._flag("chi_rieng"):
            return qs.filter(**{self.org_field: self.org})
        qs = in_subtree(qs, self.org, self.org_field)
        if self._flag("duoi"):
            qs = qs.exclude(**{self.org_field: self.org})
        return qs

    # A kind without a date (a mass organisation) sets `date_field = ""`: its year and
    # period filters then select nothing out.

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(**{f"{self.date_field}__year": value}) if self.date_field else qs

    def filter_from(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(**{f"{self.date_field}__gte": value}) if self.date_field else qs

    def filter_to(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(**{f"{self.date_field}__lte": value}) if self.date_field else qs

    # -- what the page draws and says ------------------------------------------------

    @property
    def valid(self) -> dict[str, Any]:
        """The filters in force: the valid, non-empty values."""
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    def shown_fields(self) -> list[Any]:
        """The form fields drawn as inputs (the organisation and year are drawn apart)."""
        return [
            self.form[name]
            for name, f in self.form.fields.items()
            if name not in ("to_chuc", "nam") and not isinstance(f.widget, forms.HiddenInput)
        ]

    def kept_fields(self) -> list[Any]:
        """Hidden filters a records link carried, kept when the user filters again."""
        return [
            self.form[name]
            for name, f in self.form.fields.items()
            if isinstance(f.widget, forms.HiddenInput) and self.data.get(name)
        ]

    def subtitle(self) -> list[str]:
        """The lines under an export's title: the organisation (or the user's scope), the
        year or period, and the other filters in force, on one line."""
        valid = self.valid
        period = ""
        if "nam" in valid:
            period = f"Năm {valid['nam']}"
        if "tu" in valid or "den" in valid:
            period = " ".join(
                part
                for part in (
                    period,
                    f"từ ngày {fmt_date(valid['tu'])}" if "tu" in valid else "",
                    f"đến ngày {fmt_date(valid['den'])}" if "den" in valid else "",
                )
                if part
            )
        lines = export_subtitle(self.org, user=self.request.user, period=period)
        choices = self._choice_words(valid)
        if choices:
            lines.append("; ".join(choices))
        return lines

    def _choice_words(self, valid: dict[str, Any]) -> list[str]:
        words = []
        for name, value in valid.items():
            if name in ("to_chuc", "nam", "tu", "den", "chi_rieng", "duoi"):
                continue
            label = self.filters[name].label
            choices = dict(getattr(self.form.fields[name], "choices", ()) or ())
            words.append(f"{label}: {choices.get(value, value)}")
        return words

    def summary(self) -> list[str]:
        """What the filters select, in words: the page's caption and the export's subtitle."""
        valid = self.valid
        words: list[str] = []
        if self.org is not None:
            scope = ""
            if self._flag("chi_rieng"):
                scope = " (chỉ riêng tổ chức này)"
            elif self._flag("duoi"):
                scope = " (các tổ chức trực thuộc)"
            words.append(f"{self.org.name}{scope}")
        if "nam" in valid:
            words.append(f"năm {valid['nam']}")
        period = " ".join(
            part
            for part in (
                f"từ ngày {fmt_date(valid['tu'])}" if "tu" in valid else "",
                f"đến ngày {fmt_date(valid['den'])}" if "den" in valid else "",
            )
            if part
        )
        if period:
            words.append(period)
        return words + self._choice_words(valid)


def organisation_asked(request: HttpRequest, name: str = "to_chuc") -> Any:
    """The organisation a page is asked about (`?to_chuc=CODE` or "CODE — name" as the
    organisation input offers it), within the user's reach (404 outside it), or None."""
    from dangvu.accounts.scoping import get_org_for_user

    code = request.GET.get(name, "").strip()
    if not code:
        return None
    return get_org_for_user(request, code.split(" — ")[0].strip().upper())


def in_subtree(qs: QuerySet[Any], org: Any, field: str = "organisation") -> QuerySet[Any]:
    """Rows whose organisation (by `field`) lies now in the subtree of `org`."""
    from dangvu.orgs.models import subtree_range

    low, high = subtree_range(org.path)
    return qs.filter(**{f"{field}__path__gte": low, f"{field}__path__lt": high})


# --- the declaration ------------------------------------------------------------------


@dataclass(frozen=True)
class Create:
    """How a record of the kind is recorded: the form that types the input and the write
    (a call of the board's `do_*` action with the cleaned data and the acting user)."""

    form: type[forms.Form]
    write: Callable[[dict[str, Any], Any], Model]
    title: str
    done: Callable[[Any], str]
    template: str = "core/record_form.html"
    intro: str = ""
    # The form's initial values from the query string (e.g. a programme's planned item).
    initial: Callable[[HttpRequest], dict[str, Any]] | None = None


def _can_nobody(user: Any, *args: Any) -> bool:
    return False


@dataclass(frozen=True, eq=False)
class RecordKind:
    """One kind of record, declared once (see the module's docstring)."""

    model: type[Model]
    name: str  # singular, as in "Không tìm thấy {name}"
    plural: str  # the list's title
    visible: Callable[[Any], QuerySet[Any]]  # the scope path: the user's records
    # A kind listed on a page of its own has a table; a part of another record (a plan's
    # target) may have none and still be shown, recorded and voided through the layer.
    table: type[RecordTable] | None = None
    filters: type[RecordFilter] | None = None
    export_name: str = ""
    list_url: str = ""  # URL name of the list
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    annotate: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None
    create: Create | None = None
    create_url: str = ""
    # Who may record (the add button and the form) and who may void this record.
    can_record: Callable[[Any], bool] = _can_nobody
    can_void: Callable[[Any, Any], bool] = _can_nobody
    void: Callable[..., Any] | None = None  # (record, reason=, acting_user=)
    void_url: str = ""
    # Where one URL serves several kinds (`records/<kind>/<pk>/`), this kind's part of it.
    url_kind: str = ""
    # The detail page: its template and what it adds to the context.
    detail_template: str = "core/record_detail.html"
    detail_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    detail_rows: Callable[[Any], Sequence[tuple[str, object]]] | None = None
    list_template: str = "core/record_list.html"
    # A line above the list pointing at what needs attention (text, URL), if any.
    notice: Callable[[HttpRequest], tuple[str, str] | None] | None = None
    import_kind: str = ""  # the code of the import that fills this kind, if any
    # A kind that lists people names the field of their full name: its export lists them
    # in the Party's order (given name, middle name, family name), by organisation
    # (`person_group`, a foreign key to an organisation) when the list is long.
    person_field: str = ""
    person_group: str = "organisation"
    # Its entry in the main menu: the label, and its place in the app's section (the
    # sections say which apps they gather; see `dangvu.core.navigation`). No label: none.
    # `menu_app` places it in another app's section, where the clerk looks for it (the
    # dues of temporary attendees, a transit record, sit with the dues).
    menu: str = ""
    menu_order: int = 0
    menu_app: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def voidable(self) -> bool:
        return any(f.name == "voided_at" for f in self.model._meta.get_fields())

    def url_args(self, record: Any) -> list[Any]:
        return [self.url_kind, record.pk] if self.url_kind else [record.pk]

    def __post_init__(self) -> None:
        _KINDS.append(self)

    def rows(self, user: Any) -> QuerySet[Any]:
        """The user's live records of the kind, ready for the list."""
        qs = self.visible(user)
        if self.voidable:
            qs = qs.filter(voided_at__isnull=True)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        if self.annotate is not None:
            qs = self.annotate(qs)
        if self.order:
            qs = qs.order_by(*self.order)
        return qs

    def get(self, request: HttpRequest, pk: int) -> Any:
        """The record `pk` if the user may see it (voided ones included); 404 otherwise."""
        qs = self.visible(request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        record = qs.filter(pk=pk).first()
        if record is None:
            raise Http404(f"Không tìm thấy {self.name}")
        return record


_KINDS: list[RecordKind] = []


def kinds() -> list[RecordKind]:
    """Every kind declared in the apps' `records.py` (imported here if not yet)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("records")
    return list(_KINDS)


# --- the derived pages ----------------------------------------------------------------


def list_page(
    request: HttpRequest,
    kind: RecordKind,
    rows: QuerySet[Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The kind's list with its filters, or the export of what it shows (`?xuat=`)."""
    if kind.table is None or kind.filters is None:
        raise ValueError(f"{kind.plural}: no table or filters declared")
    if rows is None:
        rows = kind.rows(request.user)
    filterset = kind.filters(request.GET or None, queryset=rows, request=request)
    qs = filterset.qs
    table = kind.table(qs)
    summary = filterset.summary()
    fmt = requested_format(request)
    if fmt is not None:
        ordered = (
            in_party_order(qs, name=kind.person_field, group=kind.person_group)
            if kind.person_field
            else qs
        )
        return export_response(
            fmt,
            kind.export_name,
            table.export_headers(),
            table.export_rows(ordered),
            title=kind.plural,
            subtitle=filterset.subtitle(),
        )
    tables.RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    notice = kind.notice(request) if kind.notice is not None else None
    can_add = bool(kind.create_url) and kind.can_record(request.user)
    context = {
        "kind": kind,
        "title": kind.plural,
        "table": table,
        "page": table.page,
        "total": table.paginator.count,
        "filterset": filterset,
        "org": filterset.org,
        "summary": summary,
        "add_url": reverse(kind.create_url) if can_add else "",
        "import_url": (
            reverse("core:import_upload", args=[kind.import_kind])
            if kind.import_kind and can_add
            else ""
        ),
        "notice": notice,
        **extra,
    }
    return render(request, kind.list_template, context)


def list_view(kind: RecordKind) -> Callable[[HttpRequest], HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return list_page(request, kind)

    view.__name__ = f"{kind.export_name}_list"
    return view


def create_page(
    request: HttpRequest,
    kind: RecordKind,
    *,
    initial: dict[str, Any] | None = None,
    write: Callable[[dict[str, Any], Any], Model] | None = None,
    back: str = "",
    **extra: Any,
) -> HttpResponse:
    """The kind's form, and the record written when it is posted valid. A view whose form
    is reached from elsewhere (a member's page, an inspection) passes what that place
    adds: the initial values, the write bound to it, where "Hủy" goes, extra context."""
    spec = kind.create
    if spec is None:
        raise ValueError(f"{kind.plural}: no Create declared")
    if not kind.can_record(request.user):
        raise Http404(f"Không có quyền ghi {kind.name}")
    if initial is None:
        initial = spec.initial(request) if spec.initial is not None else {}
    data = request.POST if request.method == "POST" else None
    form = spec.form(data, user=request.user, initial=initial)
    if data is not None and form.is_valid():
        try:
            record = (write or spec.write)(form.cleaned_data, request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, spec.done(record))
            return redirect(record)
    context = {
        "kind": kind,
        "title": spec.title,
        "intro": spec.intro,
        "form": form,
        "back": back or reverse(kind.list_url),
    }
    return render(request, spec.template, context | extra)


def create_view(kind: RecordKind) -> Callable[[HttpRequest], HttpResponse]:
    if kind.create is None:
        raise ValueError(f"{kind.plural}: no Create declared")

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        return create_page(request, kind)

    view.__name__ = f"{kind.export_name}_create"
    return view


def part_form(
    request: HttpRequest,
    parent: Any,
    form_class: type[forms.Form],
    *,
    title: str,
    write: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    template: str = "core/record_form.html",
    **extra: Any,
) -> HttpResponse:
    """A form that records a part of `parent` (a congress of a mass organisation, a target
    of a plan, a seat of a committee): typed by `form_class`, written by `write` (a call of
    a `do_*` action with the cleaned data), then back to the parent's page. The caller has
    checked that the user may record on `parent`."""
    data = request.POST if request.method == "POST" else None
    form = form_class(data, user=request.user, **extra.pop("form_kwargs", {}))
    if data is not None and form.is_valid():
        try:
            written = write(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done(written) if callable(done) else done)
            return redirect(parent)
    context = {"title": title, "form": form, "parent": parent, "back": parent.get_absolute_url()}
    return render(request, template, context | extra)


def detail_page(request: HttpRequest, kind: RecordKind, record: Any, **extra: Any) -> HttpResponse:
    """The record's page: its facts, its history, and the void form for those who may."""
    facts = kind.detail_rows(record) if kind.detail_rows is not None else ()
    rows = [(label, value) for label, value in facts if value not in ("", None)]
    context = {
        "kind": kind,
        "record": record,
        "rows": rows,
        "back": reverse(kind.list_url) if kind.list_url else "",
        "can_void": bool(kind.void_url)
        and not record.is_void
        and kind.can_void(request.user, record),
        "void_url": reverse(kind.void_url, args=kind.url_args(record)) if kind.void_url else "",
        "history": history(record)[:HISTORY_SHOWN],
    }
    if kind.detail_context is not None:
        context |= kind.detail_context(request, record)
    context |= extra
    return render(request, kind.detail_template, context)


def detail_view(kind: RecordKind) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return detail_page(request, kind, kind.get(request, pk))

    view.__name__ = f"{kind.export_name}_detail"
    return view


def void_record(request: HttpRequest, kind: RecordKind, record: Any) -> HttpResponse:
    """Void `record` with the reason posted; the refusal, if any, said on its page."""
    if not kind.can_void(request.user, record):
        raise Http404("Không có quyền hủy bản ghi này")
    void = kind.void
    if void is None:
        from dangvu.education.voiding import do_void as void
    try:
        void(record, reason=request.POST.get("reason", ""), acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã hủy {kind.name} ghi nhầm; hãy ghi lại bản đúng nếu cần.")
    return redirect(record)


def void_view(kind: RecordKind) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return void_record(request, kind, kind.get(request, pk))

    view.__name__ = f"{kind.export_name}_void"
    return view


def void_by_kind(kinds: dict[str, RecordKind]) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """One void view for the kinds an app voids at `void/<kind>/<pk>/` (keys: `url_kind`)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        declared = kinds.get(kind)
        if declared is None:
            raise Http404("Không có loại bản ghi này")
        return void_record(request, declared, declared.get(request, pk))

    return view
