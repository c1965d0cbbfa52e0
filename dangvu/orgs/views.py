"""Pages of the organisation tree: the tree at a date, an organisation, restructuring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dangvu.accounts.scoping import (
    can_edit_org,
    editable_organisations,
    get_org_for_user,
    top_organisations_at,
    visible_organisations,
)
from dangvu.audit.log import history
from dangvu.core import concurrency, listing
from dangvu.core.concurrency import StampForm
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.exports import export_response, requested_format
from dangvu.lib.text import search_key
from dangvu.orgs import actions, forms, lifespan, queries, wording
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.models import Organisation, Restructuring, RestructuringOrganisation
from dangvu.reports.registry import member_counts


def _as_of(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The "as of" date of the page (today by default) and a message if it was refused."""
    form = forms.AsOfForm(request.GET)
    if not request.GET.get("ngay"):
        return today(), None
    if form.is_valid() and form.cleaned_data["ngay"]:
        day: dt.date = form.cleaned_data["ngay"]
        if day > today():
            return today(), "Không xem được cơ cấu của ngày trong tương lai; đang hiển thị hôm nay."
        return day, None
    return today(), "Ngày xem không hợp lệ (dùng dạng dd/mm/yyyy); đang hiển thị hôm nay."


def _node(version: Any, child_count: int) -> dict[str, Any]:
    return {"version": version, "org": version.organisation, "child_count": child_count}


def _nodes(versions: list[Any], day: dt.date) -> list[dict[str, Any]]:
    """Tree nodes in Vietnamese alphabetical order (by the accent-free key, then the name)."""
    counts = queries.child_counts_at([v.organisation_id for v in versions], day)
    ordered = sorted(versions, key=lambda v: (search_key(v.name), v.name))
    return [_node(v, counts.get(v.organisation_id, 0)) for v in ordered]


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    day, warning = _as_of(request)
    if warning:
        messages.warning(request, warning)
    roots: list[Organisation]
    absent = ""
    if request.GET.get("root"):
        roots = [get_org_for_user(request, request.GET["root"])]
        absent = lifespan.on_day(roots[0], day)
    else:
        # The roots of the chosen day, not today's: a bloc dissolved since is where the
        # past starts, with everything then under it.
        roots = top_organisations_at(request.user, day)
    root_nodes = []
    for org in roots:
        version = queries.version_at(org, day)
        if version is None:
            continue
        children = _nodes(list(queries.children_at(org, day)), day)
        root_nodes.append(
            {
                **_node(version, len(children)),
                "children": children,
                "counts": _kind_counts(org, day),
            }
        )
    return render(
        request,
        "orgs/tree.html",
        {
            "day": day,
            "is_today": day == today(),
            "roots": root_nodes,
            "root_code": request.GET.get("root", ""),
            "absent": absent,
        },
    )


@login_required
@require_GET
def tree_children(request: HttpRequest, code: str) -> HttpResponse:
    """The children of one node at a date: the fragment a tree node loads when opened."""
    org = get_org_for_user(request, code)
    day, _ = _as_of(request)
    children = _nodes(list(queries.children_at(org, day)), day)
    return render(request, "orgs/tree.html#children", {"children": children, "day": day})


def _kind_counts(org: Organisation, day: dt.date) -> list[tuple[str, int]]:
    counts = queries.counts_by_kind(org, day)
    return [(KIND_PLURAL[OrgKind(k)], n) for k, n in counts.items() if n]


@login_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    org = get_org_for_user(request, code)
    day, warning = _as_of(request)
    if warning:
        messages.warning(request, warning)
    version = queries.version_at(org, day)
    parts = (
        RestructuringOrganisation.objects.filter(organisation=org)
        .select_related("restructuring", "restructuring__recorded_by")
        .order_by("-restructuring__effective_date", "-restructuring_id")
    )
    context = {
        "org": org,
        "day": day,
        "is_today": day == today(),
        "version": version,
        "ancestors": queries.ancestors_at(org, day) if version else [],
        "children": _nodes(list(queries.children_at(org, day)), day) if version else [],
        "counts": _kind_counts(org, day) if version else [],
        "parts": parts,
        "versions": org.versions.select_related("parent").order_by("-valid_from", "-id"),
        "can_edit": org.is_active and can_edit_org(request.user, org),
        "convert_label": wording.convert_button(org.kind),
        "members": member_counts(org, day) if version else None,
        "history": history(org)[:50],
        "year_figures": _year_figures(org, day) if version else [],
        "year": day.year,
        # Before its founding or after its end the page says so, with the dates, and
        # shows no figures; a year it only partly lived says which days its figures cover.
        "absent": lifespan.on_day(org, day),
        "year_coverage": lifespan.coverage(
            org, dt.date(day.year, 1, 1), day, f"năm {day.year} đến ngày {day:%d/%m/%Y}"
        ).note
        if version
        else "",
    }
    return render(request, "orgs/detail.html", context)


# The figures of the organisation's year shown on its page; the rest are one click away.
PAGE_FIGURES = [
    "members.admitted",
    "members.confirmed",
    "education.info_conferences",
    "education.info_conference_attendance",
    "education.study.members_pct",
    "education.study.nonmembers_pct",
    "emulation.commended_collectives",
]


def _year_figures(org: Organisation, day: dt.date) -> list[dict[str, Any]]:
    from dangvu.reports.registry import Period, get, value

    period = Period(dt.date(day.year, 1, 1), day)
    rows = []
    for code in PAGE_FIGURES:
        try:
            indicator = get(code)
        except KeyError:
            continue
        rows.append({"indicator": indicator, "value": value(code, org, period).value})
    return rows


@login_required
@require_GET
def org_list(request: HttpRequest) -> HttpResponse:
    qs = visible_organisations(request.user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("loai", "")
    status = request.GET.get("trang_thai", "active")
    if q:
        key = search_key(q)
        qs = qs.filter(Q(search_key__contains=key) | Q(code__iexact=q))
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    qs = qs.select_related("parent").order_by("path")
    fmt = requested_format(request)
    if fmt is not None:
        return _orgs_export(fmt, qs)
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "q": q,
        "kind": kind,
        "status": status,
        "kinds": OrgKind.choices,
        "total": page.paginator.count,
    }
    if request.htmx:
        return render(request, "orgs/list.html#results", context)
    return render(request, "orgs/list.html", context)


def _orgs_export(fmt: str, qs: Any) -> HttpResponse:
    """The listed organisations in the columns of the organisations import."""
    from dangvu.orgs.imports import COLUMNS

    headers = [c.header for c in COLUMNS] + ["Trạng thái"]
    creations = dict(
        RestructuringOrganisation.objects.filter(
            role=RestructuringOrganisation.Role.CREATED
        ).values_list("organisation_id", "restructuring_id")
    )
    decisions = {r.pk: r for r in Restructuring.objects.filter(pk__in=set(creations.values()))}

    def rows() -> Any:
        for org in qs.iterator(chunk_size=2000):
            decision = decisions.get(creations.get(org.pk, 0))
            status = (
                "Đang hoạt động"
                if org.is_active
                else f"{org.get_end_kind_display()} ({org.ended_on:%d/%m/%Y})"
            )
            yield [
                org.code,
                org.name,
                org.get_kind_display(),
                org.parent.code if org.parent else "",
                org.founded_on,
                decision.decision_number if decision else "",
                decision.decision_date if decision else None,
                org.get_unit_type_display(),
                status,
            ]

    return export_response(
        fmt, "to-chuc-dang", headers, rows(), title="Tổ chức đảng", text_columns=frozenset({0, 3})
    )


@login_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """Suggestions for an organisation field: <option>s of a datalist."""
    # An organisation field sends its own name and value; the list page sends q.
    q = (request.GET.get("q") or next(iter(request.GET.values()), "")).strip()
    q = q.split(" — ")[0]
    qs = visible_organisations(request.user).filter(ended_on__isnull=True)
    if q:
        qs = qs.filter(Q(search_key__contains=search_key(q)) | Q(code__istartswith=q))
    # Parent and code beside each name: a bloc has many cells called "Chi bộ Văn phòng".
    orgs = qs.select_related("parent").order_by("path")[:20]
    return render(request, "orgs/lookup.html", {"orgs": orgs})


@login_required
@require_GET
def restructurings(request: HttpRequest) -> HttpResponse:
    visible = visible_organisations(request.user)
    qs = (
        Restructuring.objects.filter(parts__organisation__in=visible.values("pk"))
        .distinct()
        .order_by("-effective_date", "-id")
    )
    year = listing.year(request)
    kind = request.GET.get("loai", "")
    if year is not None:
        qs = qs.filter(effective_date__year=year)
    if kind in Restructuring.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.prefetch_related("parts__organisation"), 50).get_page(
        request.GET.get("trang")
    )
    years = sorted(
        {d.year for d in Restructuring.objects.dates("effective_date", "year")}, reverse=True
    )
    return render(
        request,
        "orgs/restructurings.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "kinds": Restructuring.Kind.choices,
            "years": years,
            "can_create": editable_organisations(request.user).exists(),
        },
    )


# --- restructuring forms ------------------------------------------------------------


def _action_page(
    request: HttpRequest,
    form: forms.DomainForm,
    perform: Callable[[Any], Organisation | list[Organisation]],
    *,
    title: str,
    org: Organisation | None,
    success: str | Callable[[], str],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate the form, run the action, and show its refusal beside the right field.

    A page about an existing organisation carries a stamp of what it showed; a decision
    recorded by someone else meanwhile is refused at the top of the page (see
    `actions.check_seen`), nothing written, and the page stamps the new state.
    """
    stamp_form = _stamp_form(request, org)
    valid = [form.is_valid(), stamp_form is None or stamp_form.is_valid()]
    if request.method == "POST" and all(valid):
        try:
            with transaction.atomic():
                if org is not None and stamp_form is not None:
                    actions.check_seen(org, stamp_form.seen())
                result = perform(form.cleaned_data)
        except EditConflict as error:
            assert org is not None and stamp_form is not None
            org.refresh_from_db()
            stamp_form.renew(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # A callable says what was done once it is done (the kind chosen in the form).
            messages.success(request, success() if callable(success) else success)
            target = result[0] if isinstance(result, list) else result
            return redirect(target)
    return render(
        request,
        "orgs/action_form.html",
        {"form": form, "title": title, "org": org, "stamp_form": stamp_form, **(extra or {})},
    )


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _stamp_form(request: HttpRequest, org: Organisation | None) -> StampForm | None:
    """The stamp of an existing organisation as its decision page shows it."""
    if org is None:
        return None
    return StampForm(
        _post(request),
        instance=org,
        fields=actions.ORG_STAMPED,
        extra=lambda: actions.version_seen(org),
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not editable_organisations(request.user).exists():
        raise Http404("Không có quyền thành lập tổ chức")
    form = forms.CreateForm(_post(request), user=request.user)
    parent_code = request.GET.get("parent")
    if parent_code and request.method == "GET":
        form.fields["parent"].initial = get_org_for_user(request, parent_code, edit=True).code

    def perform(data: dict[str, Any]) -> Organisation:
        parent = data["parent"]
        if parent is None and not request.user.is_superuser:
            raise DomainError("Chỉ quản trị viên được thành lập tổ chức cấp cao nhất.", "parent")
        if parent is not None and not can_edit_org(request.user, parent):
            raise DomainError("Bạn không có quyền thành lập tổ chức dưới tổ chức này.", "parent")
        return actions.do_create_organisation(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=parent,
            decision=form.decision(),
            acting_user=request.user,
            unit_type=data.get("unit_type") or "",
        )

    return _action_page(
        request,
        form,
        perform,
        title="Thành lập tổ chức đảng",
        org=None,
        success="Đã ghi quyết định thành lập tổ chức.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_type(request: HttpRequest, code: str) -> HttpResponse:
    """Record or correct the kind of unit an organisation stands in."""
    org = get_org_for_user(request, code, edit=True)
    form = forms.UnitTypeForm(_post(request), user=request.user)
    if request.method == "GET":
        form.fields["unit_type"].initial = org.unit_type
    return _action_page(
        request,
        form,
        lambda d: actions.do_set_unit_type(
            org, unit_type=d.get("unit_type") or "", acting_user=request.user
        ),
        title=f"Loại hình đơn vị — {org.name}",
        org=org,
        success="Đã ghi loại hình đơn vị.",
    )


@dataclass(frozen=True)
class DecisionPage:
    """A restructuring decision on one organisation, as a page: the form that types it,
    the action that checks and writes it, and what the page and its success say."""

    form: type[forms.DomainForm]
    title: Callable[[Organisation], str]
    perform: Callable[[HttpRequest, Organisation, Any, dict[str, Any]], Any]
    success: Callable[[Organisation], str]


def decision_view(page: DecisionPage) -> Callable[[HttpRequest, str], HttpResponse]:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, code: str) -> HttpResponse:
        org = get_org_for_user(request, code, edit=True)
        form = page.form(_post(request), user=request.user)
        return _action_page(
            request,
            form,
            lambda d: page.perform(request, org, form, d),
            title=page.title(org),
            org=org,
            # Said once done: a conversion names the kind the organisation became.
            success=lambda: page.success(org),
        )

    return view


def _move(request: HttpRequest, org: Organisation, form: Any, d: dict[str, Any]) -> Any:
    if not can_edit_org(request.user, d["new_parent"]):
        raise DomainError("Bạn không có quyền chuyển tổ chức về đơn vị này.", "new_parent")
    return actions.do_move_organisation(
        org, new_parent=d["new_parent"], decision=form.decision(), acting_user=request.user
    )


def _convert(request: HttpRequest, org: Organisation, form: Any, d: dict[str, Any]) -> Any:
    if d["new_parent"] is not None and not can_edit_org(request.user, d["new_parent"]):
        raise DomainError("Bạn không có quyền đặt tổ chức trực thuộc đơn vị này.", "new_parent")
    return actions.do_convert_organisation(
        org,
        new_kind=d["new_kind"],
        new_parent=d["new_parent"],
        absorb_children=d["absorb_children"],
        decision=form.decision(),
        acting_user=request.user,
    )


def _merge(request: HttpRequest, org: Organisation, form: Any, d: dict[str, Any]) -> Any:
    sources = [org, *d["other_sources"]]
    for source in sources:
        if not can_edit_org(request.user, source):
            raise DomainError(f"Bạn không có quyền sáp nhập «{source.name}».", "other_sources")
    target = d["target"]
    # The page stamped `org`; the other organisations were chosen on it, as they stood then.
    seen = concurrency.read(request.POST.get("stamp", ""), org, actions.ORG_STAMPED)
    actions.check_others_unchanged([*d["other_sources"], target], seen.issued)
    new = None
    if target is None:
        version = queries.version_at(org, form.decision().effective_date)
        parent = version.parent if version else org.parent
        new = actions.NewOrganisation(d["new_code"], d["new_name"], d["new_kind"], parent)
    elif not can_edit_org(request.user, target):
        raise DomainError("Bạn không có quyền sáp nhập vào tổ chức này.", "target")
    return actions.do_merge_organisations(
        sources, target=target, new=new, decision=form.decision(), acting_user=request.user
    )


rename = decision_view(
    DecisionPage(
        form=forms.RenameForm,
        title=lambda org: f"Đổi tên {org.name}",
        perform=lambda request, org, form, d: actions.do_rename_organisation(
            org, new_name=d["new_name"], decision=form.decision(), acting_user=request.user
        ),
        success=lambda org: "Đã ghi quyết định đổi tên.",
    )
)
move = decision_view(
    DecisionPage(
        form=forms.MoveForm,
        title=lambda org: f"Chuyển trực thuộc: {org.name}",
        perform=_move,
        success=lambda org: "Đã ghi quyết định chuyển trực thuộc.",
    )
)
convert = decision_view(
    DecisionPage(
        form=forms.ConvertForm,
        title=lambda org: wording.convert_title(org.name, org.kind),
        perform=_convert,
        success=lambda org: (
            f"Đã ghi quyết định chuyển {org.name} thành {org.get_kind_display().lower()}."
        ),
    )
)
merge = decision_view(
    DecisionPage(
        form=forms.MergeForm,
        title=lambda org: f"Sáp nhập {org.name}",
        perform=_merge,
        success=lambda org: "Đã ghi quyết định sáp nhập.",
    )
)
dissolve = decision_view(
    DecisionPage(
        form=forms.DissolveForm,
        title=lambda org: f"Giải thể, kết thúc hoạt động: {org.name}",
        perform=lambda request, org, form, d: actions.do_dissolve_organisation(
            org, members_to=d["members_to"], decision=form.decision(), acting_user=request.user
        ),
        success=lambda org: f"Đã ghi quyết định kết thúc hoạt động {org.name}.",
    )
)


@login_required
@require_http_methods(["GET", "POST"])
def split(request: HttpRequest, code: str) -> HttpResponse:
    org = get_org_for_user(request, code, edit=True)
    day = today()
    children = list(queries.children_at(org, day))
    data = _post(request)
    parts = forms.SplitPartFormSet(data, prefix="parts")
    wanted = (
        data.get("parts-TOTAL_FORMS", "2") if data is not None else request.GET.get("so_phan", "2")
    )
    # Between two and ten new organisations, whatever the request says.
    n_parts = max(2, min(10, int(wanted))) if str(wanted).isdigit() else 2
    if data is None:
        parts = forms.SplitPartFormSet(prefix="parts", initial=[{"kind": org.kind}] * n_parts)
    form = forms.SplitForm(data, user=request.user, children=children, parts=n_parts)
    stamp_form = _stamp_form(request, org)
    assert stamp_form is not None
    valid = [form.is_valid(), parts.is_valid(), stamp_form.is_valid()]
    if request.method == "POST" and all(valid):
        specs = []
        for i, part in enumerate(parts.cleaned_data):
            specs.append(
                actions.NewOrganisation(
                    code=part.get("code", ""),
                    name=part.get("name", ""),
                    kind=part.get("kind") or org.kind,
                    children=[
                        c.organisation
                        for c in children
                        if form.cleaned_data[f"child_{c.organisation_id}"] == str(i)
                    ],
                )
            )
        try:
            with transaction.atomic():
                actions.check_seen(org, stamp_form.seen())
                created = actions.do_split_organisation(
                    org, parts=specs, decision=form.decision(), acting_user=request.user
                )
        except EditConflict as error:
            org.refresh_from_db()
            stamp_form.renew(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi quyết định chia tách.")
            return redirect(created[0])
    return render(
        request,
        "orgs/action_form.html",
        {
            "form": form,
            "parts": parts,
            "title": f"Chia tách {org.name}",
            "org": org,
            "stamp_form": stamp_form,
        },
    )
