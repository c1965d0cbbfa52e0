"""Pages of the propaganda and education board: lists with filters and exports, records,
and forms that write through the actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import (
    get_org_for_user,
    top_organisations,
    visible_members,
    visible_organisations,
)
from dangvu.core import listing as filters
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.exports import export_response, requested_format
from dangvu.education import actions, forms, queries
from dangvu.education.models import (
    ClassLearner,
    Conference,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)
from dangvu.education.scoping import (
    can_edit,
    editable_organisations,
    get_for_user,
    visible_classes,
    visible_conferences,
    visible_contests,
    visible_returns,
)
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date, fmt_percent
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation

# --- lists --------------------------------------------------------------------------


@dataclass
class Listing:
    """What one list page shows and exports: columns, and the cells of a record."""

    title: str
    name: str
    headers: list[str]
    cells: Callable[[Any], Sequence[object]]
    date_field: str
    org_field: str = "organiser"
    kinds: Sequence[tuple[str, str]] = ()
    create: str = ""


def _filtered(request: HttpRequest, qs: QuerySet[Any], listing: Listing) -> tuple[Any, dict]:
    code = request.GET.get("to_chuc", "").strip()
    org: Organisation | None = None
    if code:
        org = get_org_for_user(request, code.split(" — ")[0].upper())
        qs = qs.filter(**{f"{listing.org_field}__path__startswith": org.path})
    year = filters.year(request)
    if year is not None:
        qs = qs.filter(**{f"{listing.date_field}__year": year})
    kind = request.GET.get("loai", "")
    if listing.kinds and kind in dict(listing.kinds):
        qs = qs.filter(kind=kind)
    return qs, {"org_code": code, "org": org, "year": year, "kind": kind}


def _list(request: HttpRequest, qs: QuerySet[Any], listing: Listing) -> HttpResponse:
    qs, filters = _filtered(request, qs, listing)
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt, listing.name, listing.headers, (listing.cells(o) for o in qs), title=listing.title
        )
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    rows = [(o.get_absolute_url(), listing.cells(o)) for o in page]
    years = range(today().year, 2014, -1)
    return render(
        request,
        "education/list.html",
        {
            "listing": listing,
            "page": page,
            "rows": rows,
            "years": years,
            "total": page.paginator.count,
            "can_add": editable_organisations(request.user).exists(),
            "kinds": _kind_choices(listing),
            **filters,
        },
    )


def _kind_choices(listing: Listing) -> list[tuple[str, str]]:
    """The listing's kinds, the candidate class under the committee's own name."""
    from dangvu.education.rules import candidate_class_title

    return [
        (value, candidate_class_title() if value == PoliticalClass.Kind.CANDIDATE else label)
        for value, label in listing.kinds
    ]


def _organiser_cell(o: Any) -> str:
    return f"{o.organiser.code} — {o.organiser.name}"


CLASSES = Listing(
    title="Lớp bồi dưỡng chính trị",
    name="lop-boi-duong",
    headers=[
        "Tên lớp",
        "Loại lớp",
        "Đơn vị tổ chức",
        "Từ ngày",
        "Đến ngày",
        "Học viên",
        "Hoàn thành",
    ],
    cells=lambda c: [
        c.name,
        c.get_kind_display(),
        _organiser_cell(c),
        fmt_date(c.start_date),
        fmt_date(c.end_date),
        c.n_learners,
        c.n_completed,
    ],
    date_field="end_date",
    kinds=PoliticalClass.Kind.choices,
    create="education:class_create",
)
CONFERENCES = Listing(
    title="Hội nghị, hoạt động tuyên giáo",
    name="hoi-nghi",
    headers=["Tên hội nghị, hoạt động", "Loại", "Đơn vị tổ chức", "Ngày", "Số lượt tham dự"],
    cells=lambda c: [
        c.title,
        c.get_kind_display(),
        _organiser_cell(c),
        fmt_date(c.date),
        c.attendance,
    ],
    date_field="date",
    kinds=Conference.Kind.choices,
    create="education:conference_create",
)
RESOLUTIONS = Listing(
    title="Học tập, quán triệt nghị quyết",
    name="hoc-tap-nghi-quyet",
    headers=[
        "Số hiệu",
        "Tên văn bản",
        "Cơ quan ban hành",
        "Khóa",
        "Ngày ban hành",
        "Số báo cáo",
        "Tỷ lệ đảng viên",
        "Tỷ lệ quần chúng",
    ],
    cells=lambda r: [
        r.number,
        r.name,
        r.issuing_body,
        r.term,
        fmt_date(r.issued_on),
        r.n_returns,
        fmt_percent(_pct(r.m_studied, r.m_total)),
        fmt_percent(_pct(r.n_studied, r.n_total)),
    ],
    date_field="issued_on",
    create="education:resolution_create",
)
CONTESTS = Listing(
    title="Hội thi, cuộc thi",
    name="hoi-thi",
    headers=[
        "Tên hội thi, cuộc thi",
        "Đơn vị tổ chức",
        "Từ ngày",
        "Đến ngày",
        # Each contest's entries are bài dự thi or đội thi, as its kind says.
        "Hình thức dự thi",
        "Số bài dự thi hoặc đội thi",
        "Được chọn dự thi cấp trên",
    ],
    cells=lambda c: [
        c.name,
        _organiser_cell(c),
        fmt_date(c.start_date),
        fmt_date(c.end_date),
        c.get_entrants_display(),
        c.n_entries,
        c.n_sent_up,
    ],
    date_field="end_date",
    create="education:contest_create",
)


def _pct(part: int | None, whole: int | None) -> float | None:
    return 100.0 * (part or 0) / whole if whole else None


@login_required
@require_GET
def class_list(request: HttpRequest) -> HttpResponse:
    qs = (
        visible_classes(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organiser")
        .annotate(
            n_learners=Count("learners"),
            n_completed=Count("learners", filter=Q(learners__completed=True)),
        )
        .order_by("-end_date", "-id")
    )
    return _list(request, qs, CLASSES)


@login_required
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    qs = visible_conferences(request.user).filter(voided_at__isnull=True)
    return _list(request, qs.select_related("organiser"), CONFERENCES)


@login_required
@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # pragma: no cover - login_required
        raise Http404
    mine = Q(
        returns__organisation__in=visible_organisations(request.user),
        returns__voided_at__isnull=True,
    )
    code = request.GET.get("to_chuc", "").strip()
    if code:
        org = get_org_for_user(request, code.split(" — ")[0].upper())
        mine &= Q(returns__organisation__path__startswith=org.path)
    qs = Resolution.objects.annotate(
        n_returns=Count("returns", filter=mine),
        m_studied=Sum("returns__members_studied", filter=mine),
        m_total=Sum("returns__members_total", filter=mine),
        n_studied=Sum("returns__nonmembers_studied", filter=mine),
        n_total=Sum("returns__nonmembers_total", filter=mine),
    ).order_by("-issued_on", "-id")
    year = filters.year(request)
    if year is not None:
        qs = qs.filter(issued_on__year=year)
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt,
            RESOLUTIONS.name,
            RESOLUTIONS.headers,
            (RESOLUTIONS.cells(r) for r in qs),
            title=RESOLUTIONS.title,
        )
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "education/list.html",
        {
            "listing": RESOLUTIONS,
            "page": page,
            "rows": [(r.get_absolute_url(), RESOLUTIONS.cells(r)) for r in page],
            "years": range(today().year, 2014, -1),
            "total": page.paginator.count,
            "can_add": editable_organisations(request.user).exists(),
            "org_code": code,
            "year": year,
            "kind": "",
        },
    )


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    qs = (
        visible_contests(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organiser")
        .annotate(
            n_entries=Count("entries", filter=Q(entries__voided_at__isnull=True)),
            n_sent_up=Count(
                "entries", filter=Q(entries__sent_up=True, entries__voided_at__isnull=True)
            ),
        )
        .order_by("-end_date", "-id")
    )
    return _list(request, qs, CONTESTS)


# --- forms --------------------------------------------------------------------------


def _require_editor(request: HttpRequest) -> None:
    if not editable_organisations(request.user).exists():
        raise Http404("Không có quyền ghi")


def _create(
    request: HttpRequest,
    form_class: type[forms.EditorForm],
    title: str,
    write: Callable[[dict[str, Any]], Any],
    back: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    _require_editor(request)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, user=request.user, initial=initial or {})
    if data is not None and form.is_valid():
        try:
            obj = write(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi «{obj}».")
            return redirect(obj)
    return render(request, "education/form.html", {"form": form, "title": title, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def class_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        forms.ClassForm,
        "Mở lớp bồi dưỡng",
        lambda d: actions.do_create_class(**d, acting_user=request.user),
        reverse("education:classes"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        forms.ConferenceForm,
        "Ghi hội nghị, hoạt động",
        lambda d: actions.do_create_conference(**d, acting_user=request.user),
        reverse("education:conferences"),
        {"date": today()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        forms.ResolutionForm,
        "Thêm nghị quyết, văn bản học tập",
        lambda d: actions.do_create_resolution(**d, acting_user=request.user),
        reverse("education:resolutions"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        forms.ContestForm,
        "Ghi hội thi, cuộc thi",
        lambda d: actions.do_create_contest(**d, acting_user=request.user),
        reverse("education:contests"),
    )


# --- records ------------------------------------------------------------------------


def _find_learner(
    user: Any, text: str, klass: PoliticalClass
) -> tuple[Member | None, AdmissionCandidate | None]:
    """The member or candidate named by identity number or full name, within the user's
    reach; a candidate class looks among candidates, a new-member class among members."""
    text = clean(text)
    key = Q(identity_number=text) if text.isdigit() else Q(search_key=search_key(text))
    pools: list[QuerySet[Any]] = []
    if klass.kind != PoliticalClass.Kind.CANDIDATE:
        pools.append(visible_members(user).filter(key))
    if klass.kind != PoliticalClass.Kind.NEW_MEMBER:
        pools.append(
            AdmissionCandidate.objects.filter(key, organisation__in=visible_organisations(user))
        )
    found: list[Any] = []
    for pool in pools:
        found.extend(pool[:3])
    if not found:
        raise DomainError(f"Không tìm thấy «{text}» trong phạm vi của bạn.", field="person")
    if len(found) > 1:
        raise DomainError(
            f"Có nhiều người tên «{text}»; hãy nhập số CCCD để phân biệt.", field="person"
        )
    person = found[0]
    if isinstance(person, Member):
        return person, None
    return None, person


@login_required
@require_http_methods(["GET", "POST"])
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    klass = get_for_user(
        visible_classes(request.user).select_related("organiser"), pk, "lớp bồi dưỡng"
    )
    editable = can_edit(request.user, klass.organiser) and not klass.is_void
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise Http404("Không có quyền ghi")
    form = forms.LearnerForm(data, user=request.user)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            member, candidate = _find_learner(request.user, d["person"], klass)
            learner = actions.do_add_learner(
                klass,
                member=member,
                candidate=candidate,
                completed=d["completed"],
                certificate_number=d["certificate_number"],
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm học viên {learner.full_name}.")
            return redirect(klass)
    learners = klass.learners.select_related(
        "member", "candidate", "member__organisation", "candidate__organisation"
    )
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt,
            f"hoc-vien-lop-{klass.pk}",
            ["Họ và tên", "Đối tượng", "Tổ chức", "Hoàn thành", "Số giấy chứng nhận"],
            (
                [
                    ln.full_name,
                    ln.role_label,
                    str(ln.person.organisation or ""),
                    "Có" if ln.completed else "Chưa",
                    ln.certificate_number,
                ]
                for ln in learners
            ),
            title=f"Học viên {klass.name}",
            text_columns=frozenset({4}),
        )
    return render(
        request,
        "education/class.html",
        {
            "klass": klass,
            "learners": learners,
            "can_edit": editable,
            "form": form,
            "ended": klass.end_date <= today(),
        },
    )


@login_required
@require_POST
def learner_complete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        learner = ClassLearner.objects.select_related("political_class__organiser").get(
            pk=pk, political_class__in=visible_classes(request.user)
        )
    except ClassLearner.DoesNotExist:
        raise Http404("Không tìm thấy học viên") from None
    klass = learner.political_class
    if klass.is_void or not can_edit(request.user, klass.organiser):
        raise Http404("Không có quyền ghi")
    form = forms.CompletionForm(request.POST, user=request.user)
    if not form.is_valid():
        # Junk is refused with the form's own words, never dropped and saved as blank.
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(klass)
    try:
        actions.do_record_completion(
            learner,
            completed=request.POST.get("completed", "1") == "1",
            certificate_number=form.cleaned_data.get("certificate_number", ""),
            acting_user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã ghi kết quả của {learner.full_name}.")
    return redirect(klass)


@login_required
@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_for_user(
        visible_conferences(request.user).select_related("organiser", "created_by"),
        pk,
        "hội nghị",
    )
    editable = can_edit(request.user, conference.organiser) and not conference.is_void
    return render(
        request, "education/conference.html", {"conference": conference, "can_edit": editable}
    )


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()
    if code:
        return get_org_for_user(request, code.split(" — ")[0].upper())
    tops = top_organisations(request.user)
    return tops[0] if tops else None


@login_required
@require_http_methods(["GET", "POST"])
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_for_user(Resolution.objects.all(), pk, "văn bản")
    org = _scope_org(request)
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable_organisations(request.user).exists():
        raise Http404("Không có quyền ghi")
    form = forms.StudyReturnForm(data, user=request.user, initial={"date": today()})
    if data is not None and form.is_valid():
        try:
            actions.do_record_study_return(
                resolution, **form.cleaned_data, acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi kết quả học tập.")
            return redirect(request.get_full_path())
    scoped: QuerySet[StudyReturn] = visible_returns(request.user).filter(resolution=resolution)
    if org is not None:
        scoped = scoped.filter(organisation__path__startswith=org.path)
    scoped = scoped.select_related("organisation").order_by("organisation__path")
    returns = scoped.filter(voided_at__isnull=True)
    editable_ids = set(editable_organisations(request.user).values_list("pk", flat=True))
    fmt = requested_format(request)
    headers = [
        "Tổ chức",
        "Ngày",
        "Đảng viên tham gia",
        "Tổng số đảng viên",
        "Tỷ lệ",
        "Quần chúng tham gia",
        "Tổng số quần chúng",
        "Tỷ lệ",
    ]

    def cells(r: StudyReturn) -> list[object]:
        return [
            r.organisation.name,
            fmt_date(r.date),
            r.members_studied,
            r.members_total,
            fmt_percent(r.members_pct),
            r.nonmembers_studied,
            r.nonmembers_total,
            fmt_percent(r.nonmembers_pct),
        ]

    if fmt is not None:
        return export_response(
            fmt,
            f"hoc-tap-{resolution.pk}",
            headers,
            (cells(r) for r in returns),
            title=str(resolution),
        )
    sums = returns.aggregate(
        ms=Sum("members_studied"),
        mt=Sum("members_total"),
        ns=Sum("nonmembers_studied"),
        nt=Sum("nonmembers_total"),
    )
    return render(
        request,
        "education/resolution.html",
        {
            "resolution": resolution,
            "org": org,
            "returns": returns,
            "sums": sums,
            "members_pct": _pct(sums["ms"], sums["mt"]),
            "nonmembers_pct": _pct(sums["ns"], sums["nt"]),
            "missing": queries.missing_returns(resolution, org, today()) if org else [],
            "void_returns": scoped.filter(voided_at__isnull=False),
            "editable_ids": editable_ids,
            "can_edit": editable_organisations(request.user).exists(),
            "form": form,
        },
    )


# The entry's columns in exports, headed as the form names them for the contest's kind.
ENTRY_COLUMNS = ["organisation", "entrant_name", "title", "result", "sent_up"]


@login_required
@require_http_methods(["GET", "POST"])
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_for_user(
        visible_contests(request.user).select_related("organiser"), pk, "hội thi"
    )
    editable = can_edit(request.user, contest.organiser) and not contest.is_void
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise Http404("Không có quyền ghi")
    form = forms.EntryForm(data, user=request.user, contest=contest)
    if data is not None and form.is_valid():
        try:
            actions.do_add_contest_entry(contest, **form.cleaned_data, acting_user=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi {contest.entry_noun}.")
            return redirect(contest)
    entries = contest.entries.filter(voided_at__isnull=True).select_related("organisation")
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt,
            f"du-thi-{contest.pk}",
            [str(form.fields[f].label).removesuffix(" (mã hoặc tên)") for f in ENTRY_COLUMNS],
            (
                [
                    e.organisation.name if e.organisation else "",
                    e.entrant_name,
                    e.title,
                    e.result,
                    "Có" if e.sent_up else "",
                ]
                for e in entries
            ),
            title=contest.name,
        )
    return render(
        request,
        "education/contest.html",
        {
            "contest": contest,
            "entries": entries,
            "sent_up": sum(1 for e in entries if e.sent_up),
            "void_entries": contest.entries.filter(voided_at__isnull=False),
            "can_edit": editable,
            "form": form,
        },
    )


# --- voiding ------------------------------------------------------------------------


@dataclass
class VoidKind:
    """How to fetch a voidable record within the user's reach, whose organisation decides
    who may void it, and where to go back after voiding."""

    records: Callable[[Any], QuerySet[Any]]
    organisation: Callable[[Any], Organisation]
    back: Callable[[Any], Any]
    what: str


VOID_KINDS: dict[str, VoidKind] = {
    "class": VoidKind(
        lambda u: visible_classes(u).select_related("organiser"),
        lambda o: o.organiser,
        lambda o: o,
        "lớp bồi dưỡng",
    ),
    "conference": VoidKind(
        lambda u: visible_conferences(u).select_related("organiser"),
        lambda o: o.organiser,
        lambda o: o,
        "hội nghị",
    ),
    "return": VoidKind(
        lambda u: visible_returns(u).select_related("organisation", "resolution"),
        lambda o: o.organisation,
        lambda o: o.resolution,
        "báo cáo học tập",
    ),
    "contest": VoidKind(
        lambda u: visible_contests(u).select_related("organiser"),
        lambda o: o.organiser,
        lambda o: o,
        "hội thi",
    ),
    "entry": VoidKind(
        lambda u: ContestEntry.objects.filter(contest__in=visible_contests(u)).select_related(
            "contest__organiser"
        ),
        lambda o: o.contest.organiser,
        lambda o: o.contest,
        "bài dự thi hoặc đội thi",
    ),
}


@login_required
@require_POST
def void(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Void a mistaken record with a reason; 404 outside the user's reach or edit rights."""
    spec = VOID_KINDS.get(kind)
    if spec is None:
        raise Http404("Không có loại bản ghi này")
    record = get_for_user(spec.records(request.user), pk, spec.what)
    if not can_edit(request.user, spec.organisation(record)):
        raise Http404("Không có quyền ghi")
    try:
        do_void(record, reason=request.POST.get("reason", ""), acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã hủy {spec.what} ghi nhầm; hãy ghi lại bản đúng nếu cần.")
    return redirect(spec.back(record))
