"""Pages of the propaganda and education board.

The lists, exports, forms, pages and voids of its record kinds derive from their
declarations in `records.py`; what stays here are the pages with the board's own
actions: adding learners to a class and recording their completion, recording a
resolution's study returns, and recording a contest's entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet, Sum
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.accounts.scoping import top_organisations, visible_members, visible_organisations
from dangvu.core import records
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.exports import export_response, requested_format
from dangvu.education import actions, forms, queries
from dangvu.education.models import ClassLearner, PoliticalClass, StudyReturn
from dangvu.education.records import (
    CLASSES,
    CONFERENCES,
    CONTESTS,
    RESOLUTIONS,
    VOIDED,
    can_record,
    percent,
)
from dangvu.education.scoping import (
    can_edit,
    editable_organisations,
    visible_classes,
    visible_returns,
)
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date, fmt_percent
from dangvu.members.models import AdmissionCandidate, Member

class_list = records.list_view(CLASSES)
class_create = records.create_view(CLASSES)
conference_list = records.list_view(CONFERENCES)
conference_create = records.create_view(CONFERENCES)
conference_detail = records.detail_view(CONFERENCES)
resolution_list = records.list_view(RESOLUTIONS)
resolution_create = records.create_view(RESOLUTIONS)
contest_list = records.list_view(CONTESTS)
contest_create = records.create_view(CONTESTS)
void = records.void_by_kind(VOIDED)


def _posted_part(
    request: HttpRequest,
    form: Form,
    write: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    back: Any,
) -> HttpResponse | None:
    """Record the part posted through `form` on its record's page: back to `back` with
    `done` said, or None to show the page again with the form's errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        part = write(form.cleaned_data)
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, done(part))
    return redirect(back)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _editable(request: HttpRequest, may: bool) -> bool:
    """Whether the page offers its forms; a post by someone who may not is not found."""
    if request.method == "POST" and not may:
        raise Http404("Không có quyền ghi")
    return may


# --- a class and its learners ---------------------------------------------------------


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


def _add_learner(request: HttpRequest, klass: PoliticalClass, d: dict[str, Any]) -> ClassLearner:
    member, candidate = _find_learner(request.user, d["person"], klass)
    return actions.do_add_learner(
        klass,
        member=member,
        candidate=candidate,
        completed=d["completed"],
        certificate_number=d["certificate_number"],
        acting_user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    klass = CLASSES.get(request, pk)
    editable = _editable(request, can_edit(request.user, klass.organiser) and not klass.is_void)
    form = forms.LearnerForm(_data(request), user=request.user)
    done = _posted_part(
        request,
        form,
        lambda d: _add_learner(request, klass, d),
        lambda learner: f"Đã thêm học viên {learner.full_name}.",
        klass,
    )
    if done is not None:
        return done
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
    return records.detail_page(
        request,
        CLASSES,
        klass,
        learners=learners,
        can_edit=editable,
        form=form,
        ended=klass.end_date <= today(),
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


# --- a resolution and its study returns -----------------------------------------------


def _return_cells(r: StudyReturn) -> list[object]:
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


RETURN_HEADERS = [
    "Tổ chức",
    "Ngày",
    "Đảng viên tham gia",
    "Tổng số đảng viên",
    "Tỷ lệ",
    "Quần chúng tham gia",
    "Tổng số quần chúng",
    "Tỷ lệ",
]


@login_required
@require_http_methods(["GET", "POST"])
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = RESOLUTIONS.get(request, pk)
    org = records.organisation_asked(request)
    if org is None:
        tops = top_organisations(request.user)
        org = tops[0] if tops else None
    editable = _editable(request, can_record(request.user))
    form = forms.StudyReturnForm(_data(request), user=request.user, initial={"date": today()})
    done = _posted_part(
        request,
        form,
        lambda d: actions.do_record_study_return(resolution, **d, acting_user=request.user),
        lambda _: "Đã ghi kết quả học tập.",
        request.get_full_path(),
    )
    if done is not None:
        return done
    scoped: QuerySet[StudyReturn] = visible_returns(request.user).filter(resolution=resolution)
    if org is not None:
        scoped = scoped.filter(organisation__path__startswith=org.path)
    scoped = scoped.select_related("organisation").order_by("organisation__path")
    returns = scoped.filter(voided_at__isnull=True)
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt,
            f"hoc-tap-{resolution.pk}",
            RETURN_HEADERS,
            (_return_cells(r) for r in returns),
            title=str(resolution),
        )
    sums = returns.aggregate(
        ms=Sum("members_studied"),
        mt=Sum("members_total"),
        ns=Sum("nonmembers_studied"),
        nt=Sum("nonmembers_total"),
    )
    return records.detail_page(
        request,
        RESOLUTIONS,
        resolution,
        org=org,
        returns=returns,
        sums=sums,
        members_pct=percent(sums["ms"], sums["mt"]),
        nonmembers_pct=percent(sums["ns"], sums["nt"]),
        missing=queries.missing_returns(resolution, org, today()) if org else [],
        void_returns=scoped.filter(voided_at__isnull=False),
        editable_ids=set(editable_organisations(request.user).values_list("pk", flat=True)),
        can_edit=editable,
        form=form,
    )


# --- a contest and its entries --------------------------------------------------------

# The entry's columns in exports, headed as the form names them for the contest's kind.
ENTRY_COLUMNS = ["organisation", "entrant_name", "title", "result", "sent_up"]


@login_required
@require_http_methods(["GET", "POST"])
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = CONTESTS.get(request, pk)
    editable = _editable(request, can_edit(request.user, contest.organiser) and not contest.is_void)
    form = forms.EntryForm(_data(request), user=request.user, contest=contest)
    done = _posted_part(
        request,
        form,
        lambda d: actions.do_add_contest_entry(contest, **d, acting_user=request.user),
        lambda _: f"Đã ghi {contest.entry_noun}.",
        contest,
    )
    if done is not None:
        return done
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
    return records.detail_page(
        request,
        CONTESTS,
        contest,
        entries=entries,
        sent_up=sum(1 for e in entries if e.sent_up),
        void_entries=contest.entries.filter(voided_at__isnull=False),
        can_edit=editable,
        form=form,
    )
