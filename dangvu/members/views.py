"""Pages of member work: the roll, a member's record and timeline, events, what falls due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import (
    editable_members,
    get_member_for_user,
    get_org_for_user,
    may_read_full_numbers,
    member_editable_organisations,
    top_organisations,
    top_organisations_at,
    visible_members,
)
from dangvu.audit.log import history, record
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.concurrency import StampForm, form_labels
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.exports import requested_format
from dangvu.core.rules import rule
from dangvu.lib.text import search_key
from dangvu.meetings.roll import member_attendance
from dangvu.members import actions, exports, forms, queries
from dangvu.members import search as name_search
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent, MembershipInterval
from dangvu.members.record import MASKED
from dangvu.members.record import lines as record_lines
from dangvu.orgs import lifespan
from dangvu.orgs.forms import AsOfForm
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.rating.queries import member_history as rating_history

SORTS = {
    "ten": ("search_key", "id"),
    "-ten": ("-search_key", "-id"),
    "ngay_sinh": ("birth_date", "id"),
    "-ngay_sinh": ("-birth_date", "id"),
    "ngay_ket_nap": ("admission_decision_date", "id"),
    "-ngay_ket_nap": ("-admission_decision_date", "id"),
}


def _day(request: HttpRequest) -> dt.date:
    form = AsOfForm(request.GET)
    if request.GET.get("ngay") and form.is_valid() and form.cleaned_data["ngay"]:
        day: dt.date = form.cleaned_data["ngay"]
        if day <= today():
            return day
        messages.warning(request, "Không xem được ngày trong tương lai; đang hiển thị hôm nay.")
    elif request.GET.get("ngay"):
        messages.warning(
            request, "Ngày xem không hợp lệ (dùng dạng dd/mm/yyyy); đang hiển thị hôm nay."
        )
    return today()


def _scope_org(request: HttpRequest, day: dt.date | None = None) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()
    if code:
        return get_org_for_user(request, code.split(" — ")[0].upper())
    # At a past date, the top of the tree of that date (a bloc dissolved since included).
    tops = top_organisations_at(request.user, day) if day else top_organisations(request.user)
    return tops[0] if tops else None


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    org = _scope_org(request, day)
    status = request.GET.get("tu_cach", "")
    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sap_xep", "ten")
    members = visible_members(request.user)
    if status in ("former", "ever"):
        if org is not None:
            ever = queries.ever_in(org)
            members = members.filter(pk__in=ever)
            if status == "former":
                members = members.filter(status="")
    elif org is not None:
        intervals = queries.intervals_at(org, day)
        if status in Status.values:
            intervals = intervals.filter(status=status)
        then = MembershipInterval.objects.filter(
            member=OuterRef("pk"), valid_from__lte=day, valid_to__gt=day
        )
        members = members.filter(pk__in=intervals.values("member_id")).annotate(
            status_then=Subquery(then.values("status")[:1]),
            org_then_id=Subquery(then.values("organisation_id")[:1]),
        )
    else:
        members = members.none()
    ordering = SORTS.get(sort, SORTS["ten"])
    search = None
    if q:
        mode = name_search.CONTAINS if request.GET.get("tim") == "chua" else name_search.STARTS
        search = name_search.by_name(members, q, mode=mode, descending=sort == "-ten")
        members = search.members
        if sort not in ("ten", "-ten"):
            members = members.order_by(*ordering)
    else:
        members = members.order_by(*ordering)
    members = members.select_related("organisation")
    fmt = requested_format(request)
    if fmt is not None:
        if request.GET.get("bang") == "bien-dong":
            return exports.events_export(request, fmt, members, org=org)
        return exports.roll_export(
            request,
            fmt,
            members,
            org=org,
            day=None if status in ("former", "ever") else day,
            by_name=sort in ("ten", "-ten") or sort not in SORTS,
            descending=sort == "-ten",
        )
    page = Paginator(members, 50).get_page(request.GET.get("trang"))
    # At a past date each member's cell of that day, by its name of that day (one query).
    then_ids = {m.org_then_id for m in page if getattr(m, "org_then_id", None)}
    names_then = dict(
        OrganisationVersion.objects.filter(
            organisation_id__in=then_ids, valid_from__lte=day, valid_to__gt=day
        ).values_list("organisation_id", "name")
    )
    for m in page:
        m.org_name_then = names_then.get(getattr(m, "org_then_id", None) or 0, "")
    context = {
        "page": page,
        "day": day,
        "is_today": day == today(),
        "org": org,
        "status": status,
        "q": q,
        "search": search,
        "sort": sort,
        "statuses": Status.choices,
        "total": page.paginator.count,
        # An organisation not yet founded (or already ended) on the day: say so, not "0".
        "absent": lifespan.on_day(org, day)
        if org is not None and status not in ("former", "ever")
        else "",
        "can_add": member_editable_organisations(request.user).exists(),
        "full_numbers": may_read_full_numbers(request.user),
    }
    if request.htmx:
        return render(request, "members/list.html#results", context)
    return render(request, "members/list.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request, pk)
    events = member.events.select_related(
        "organisation", "from_organisation", "recorded_by", "voided_by"
    ).order_by("-date", "-id")
    can_edit = editable_members(request.user).filter(pk=pk).exists()
    age = queries.party_age(member)
    context = {
        "member": member,
        "events": events,
        "intervals": member.intervals.select_related("organisation").order_by("-valid_from"),
        "party_age": age.years_on(today()) if age and member.status else None,
        "probation_end": actions.probation_end(member)
        if member.status == Status.PROBATIONARY
        else None,
        "can_edit": can_edit,
        "history": history(member)[:50],
        "ratings": rating_history(member),
        "meetings": member_attendance(member, today()),
        "record_lines": record_lines(member),
        "masked_identity": mask(member.identity_number),
        "masked_phone": mask(member.phone),
        "event_kinds": [(k, EventKind(k).label) for k in actions.allowed_event_kinds(member)]
        if can_edit
        else [],
    }
    return render(request, "members/detail.html", context)


def _render_form(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, template, context)


def _new_person_page(
    request: HttpRequest,
    form_class: type[forms.EditorForm],
    perform: Any,
    *,
    title: str,
    success: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """A page that records a new person: their record and the decision that brings them.

    `perform(person, form)` calls the action; a refusal is shown beside the field it names.
    """
    if not member_editable_organisations(request.user).exists():
        raise Http404("Không có quyền ghi đảng viên")
    data = request.POST if request.method == "POST" else None
    person_form = forms.PersonForm(data, prefix="p")
    form = form_class(data, user=request.user, initial=initial)
    if data is not None and person_form.is_valid() and form.is_valid():
        try:
            created = perform(person_form.person(), form)
        except DomainError as error:
            _attach(error, person_form, form)
        else:
            messages.success(request, success.format(name=created.full_name))
            return redirect(created)
    return _render_form(
        request, "members/person_form.html", title=title, person_form=person_form, form=form
    )


@login_required
@require_http_methods(["GET", "POST"])
def admit(request: HttpRequest) -> HttpResponse:
    def perform(person: actions.Person, form: Any) -> Member:
        return actions.do_admit_member(
            person,
            organisation=form.cleaned_data["organisation"],
            decision=form.decision(),
            ceremony_date=form.cleaned_data["ceremony_date"],
            considered_on=form.cleaned_data.get("considered_on"),
            education_exception=form.cleaned_data.get("education_exception") or "",
            acting_user=request.user,
        )

    return _new_person_page(
        request,
        forms.AdmitForm,
        perform,
        title="Kết nạp đảng viên",
        success="Đã ghi kết nạp đồng chí {name}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_existing(request: HttpRequest) -> HttpResponse:
    def perform(person: actions.Person, form: Any) -> Member:
        d = form.cleaned_data
        return actions.do_record_existing_member(
            person,
            organisation=d["organisation"],
            on=d["on"],
            admission_decision_date=d["admission_decision_date"],
            ceremony_date=d["ceremony_date"],
            full_member_date=d["full_member_date"],
            card_number=d["card_number"] or "",
            card_date=d["card_date"],
            earlier_left_date=d.get("earlier_left_date"),
            readmission_date=d.get("readmission_date"),
            acting_user=request.user,
        )

    return _new_person_page(
        request,
        forms.ExistingForm,
        perform,
        title="Ghi nhận đảng viên đang sinh hoạt (đầu kỳ)",
        success="Đã ghi nhận đồng chí {name}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request: HttpRequest) -> HttpResponse:
    def perform(person: actions.Person, form: Any) -> Member:
        return actions.do_transfer_in(
            person,
            organisation=form.cleaned_data["organisation"],
            external_party=form.cleaned_data["external_party"],
            decision=form.decision(),
            party_file=form.party_file(),
            acting_user=request.user,
        )

    return _new_person_page(
        request,
        forms.TransferInForm,
        perform,
        title="Tiếp nhận đảng viên chuyển đến",
        success="Đã tiếp nhận đồng chí {name}.",
    )


def _attach(error: DomainError, person_form: forms.PersonForm, form: forms.EditorForm) -> None:
    if error.field in person_form.fields:
        person_form.add_error(error.field, error.message)
    else:
        form.add_domain_error(error)


def _record_shown_numbers(person: Member | AdmissionCandidate) -> None:
    """An edit form shows the identity number and phone in full: that is a reveal, audited.

    Only the first showing (GET) counts; a refused form shows back what was typed.
    """
    shown = [
        label
        for field, label in (("identity_number", "số CCCD"), ("phone", "số điện thoại"))
        if getattr(person, field)
    ]
    if shown:
        record(
            AuditEvent.Action.REVEAL,
            obj=person,
            note=f"Mở lý lịch để sửa: hiện {' và '.join(shown)}",
        )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request, pk, edit=True)
    data = request.POST if request.method == "POST" else None
    person_form = forms.PersonForm(data, instance=member, prefix="p")
    # The earlier interruption on the party file, for a member already on the books.
    file_form = forms.EarlierInterruptionForm(data, instance=member, prefix="f")
    # The national identifier and the photo, which only a member's record carries.
    member_form = forms.MemberFileForm(
        data, request.FILES if data is not None else None, instance=member, prefix="m"
    )
    # What the page shows, stamped: a save by someone else meanwhile is refused, not lost.
    stamp_form = StampForm(
        data,
        instance=member,
        fields=actions.MEMBER_STAMPED,
        labels=form_labels(person_form, file_form, member_form),
    )
    if data is None:
        _record_shown_numbers(member)
    forms_valid = [f.is_valid() for f in (stamp_form, person_form, file_form, member_form)]
    if data is not None and all(forms_valid):
        try:
            with transaction.atomic():
                actions.do_update_member_record(
                    member,
                    person_form.person(),
                    acting_user=request.user,
                    interruption=file_form.interruption(),
                    national_id=member_form.cleaned_data["national_id"] or "",
                    stamp=stamp_form.seen(),
                )
                upload = member_form.cleaned_data.get("photo")
                if upload:
                    actions.do_set_member_photo(member, upload, acting_user=request.user)
        except DomainError as error:
            member.refresh_from_db()
            if isinstance(error, EditConflict):
                stamp_form.renew(error)
            elif error.field in file_form.fields:
                file_form.add_domain_error(error)
            elif error.field in member_form.fields:
                member_form.add_error(error.field, error.message)
            else:
                person_form.add_error(
                    error.field if error.field in person_form.fields else None, error.message
                )
        else:
            messages.success(request, "Đã cập nhật lý lịch.")
            return redirect(member)
    return _render_form(
        request,
        "members/person_form.html",
        title=f"Sửa lý lịch: {member.full_name}",
        person_form=person_form,
        form=None,
        file_form=file_form,
        member_form=member_form,
        member=member,
        stamp_form=stamp_form,
    )


def _perform(
    kind: str, member: Member, d: dict[str, Any], decision: actions.Decision, user: Any
) -> object:
    """Call the action for one kind of event with the form's values."""
    common = {"decision": decision, "acting_user": user}
    match kind:
        case EventKind.CONFIRMED:
            return actions.do_confirm_member(
                member, class_reason=d.get("class_reason") or "", **common
            )
        case EventKind.CARD_ISSUED:
            return actions.do_issue_card(member, card_number=d["card_number"], **common)
        case EventKind.TRANSFER_OUT:
            return actions.do_transfer_out(member, external_party=d["external_party"], **common)
        case EventKind.MOVED:
            return actions.do_move_member(member, to=d["to"], **common)
        case EventKind.TEMP_IN | EventKind.TEMP_OUT:
            return actions.do_record_temporary(
                member, kind=kind, place=d["place"], until=d["until"], **common
            )
        case EventKind.EXEMPTED:
            return actions.do_exempt_member(member, ended=d["ended"], **common)
        case EventKind.DISCIPLINED:
            return actions.do_discipline_member(
                member,
                form=d["form"],
                violation_date=d["violation_date"],
                violation_category=d.get("violation_category") or "",
                expulsion_level=bool(d.get("expulsion_level")),
                later_violation_date=d.get("later_violation_date"),
                conclusion_date=d.get("conclusion_date"),
                issuing_level=d["issuing_level"],
                delegation=d.get("delegation") or "",
                **common,
            )
        case EventKind.DIED | EventKind.RESIGNED:
            return actions.do_end_membership(member, kind=kind, **common)
        case EventKind.REMOVED:
            return actions.do_end_membership(member, kind=kind, cause=d["cause"], **common)
        case EventKind.BADGE_PROPOSED:
            return actions.do_propose_badge(
                member, milestone=d["milestone"], case=d["case"] or "DUE", **common
            )
        case EventKind.BADGE_AWARDED:
            return actions.do_award_badge(
                member, milestone=d["milestone"], case=d["case"], **common
            )
        case EventKind.READMITTED:
            return actions.do_readmit_member(
                member,
                organisation=d["organisation"],
                left_for=d["left_for"],
                consent_number=d["consent_number"],
                consent_date=d["consent_date"],
                ceremony_date=d.get("ceremony_date"),
                **common,
            )
        case EventKind.RESTORED:
            return actions.do_restore_member(member, organisation=d["organisation"], **common)
    raise Http404("Loại biến động không hợp lệ")


@login_required
@require_http_methods(["GET", "POST"])
def record_event(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    member = get_member_for_user(request, pk, edit=True)
    if kind not in actions.allowed_event_kinds(member):
        raise Http404("Biến động này không áp dụng với đảng viên")
    form_class = forms.event_form_class(kind)
    initial: dict[str, Any] = {"date": today()}
    if kind == EventKind.BADGE_PROPOSED and not member.status:
        initial["case"] = "POSTHUMOUS"  # only a member who died is offered a badge then
    form = form_class(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=initial,
    )
    # Confirmation expects the new-member class first: say so before the clerk saves.
    warning = ""
    if kind == EventKind.CONFIRMED and not actions.new_member_class(member, today()):
        warning = (
            "Chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng lý luận chính trị cho đảng "
            "viên mới (mục Giáo dục). Nếu chi bộ vẫn xét chuyển chính thức, hãy ghi lý do."
        )
    if request.method == "POST" and form.is_valid():
        try:
            event = _perform(kind, member, form.cleaned_data, form.decision(), request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi «{EventKind(kind).label}».")
            if isinstance(event, MemberEvent) and event.details.get("without_class"):
                messages.warning(request, CLASS_MISSING)
            return redirect(member)
    return render(
        request,
        "members/event_form.html",
        {"member": member, "form": form, "title": EventKind(kind).label, "warning": warning},
    )


CLASS_MISSING = (
    "Chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng lý luận chính trị cho đảng viên mới, "
    "và chưa ghi lý do; hãy bổ sung."
)


@login_required
@require_POST
def void_event(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(MemberEvent, pk=pk)
    member = get_member_for_user(request, event.member_id, edit=True)
    form = forms.VoidForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.do_void_event(
                event, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Đã hủy biến động; trạng thái đảng viên được tính lại.")
    else:
        messages.error(request, "Hãy ghi lý do hủy.")
    return redirect(member)


DUE_PAGE_SIZE = 50


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    from dangvu.members.badges import attach_members

    org = _scope_org(request)
    day = today()
    try:
        within = max(1, min(365, int(request.GET.get("trong", 60))))
    except ValueError:
        within = 60
    # Early awards need a serious illness the records cannot know: listed on request.
    early = request.GET.get("som") == "1"
    context: dict[str, Any] = {"org": org, "day": day, "within": within, "early": early}
    if org is not None:
        # Each list is paged on its own (?trang_du_bi=, ?trang_huy_hieu=, ?trang_the=), its
        # whole count shown in its heading.
        def paged(rows: Any, param: str) -> Any:
            return Paginator(rows, DUE_PAGE_SIZE).get_page(request.GET.get(param))

        context.update(
            probation=paged(queries.probation_due(org, day, within), "trang_du_bi"),
            badges=paged(
                queries.badges_due(org, day, early=early, load_members=False), "trang_huy_hieu"
            ),
            occasion=queries.next_occasion(day),
            no_card=paged(
                queries.without_card(org, day).select_related("organisation"), "trang_the"
            ),
        )
        # Members are loaded for the badge rows shown only (one query).
        attach_members(context["badges"].object_list)
    return render(request, "members/due.html", context)


# --- admission candidates -----------------------------------------------------------


def _candidates_for(user: Any) -> Any:
    from dangvu.accounts.scoping import visible_organisations
    from dangvu.members.models import AdmissionCandidate

    return AdmissionCandidate.objects.filter(organisation__in=visible_organisations(user))


def _candidate_for(request: HttpRequest, pk: int) -> Any:
    from dangvu.members.models import AdmissionCandidate

    try:
        return _candidates_for(request.user).select_related("organisation", "member").get(pk=pk)
    except AdmissionCandidate.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ") from None


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    from dangvu.members.models import AdmissionCandidate

    qs = _candidates_for(request.user).select_related("organisation")
    show = request.GET.get("hien", "active")
    if show == "active":
        qs = qs.filter(member__isnull=True, withdrawn_on__isnull=True)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_key__contains=search_key(q))
    qs = qs.order_by("organisation__path", "search_key")
    fmt = requested_format(request)
    if fmt is not None:
        return exports.candidates_export(request, fmt, qs)
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "members/candidates.html",
        {
            "page": page,
            "show": show,
            "q": q,
            "stages": AdmissionCandidate.Stage,
            "can_add": member_editable_organisations(request.user).exists(),
            "full_numbers": may_read_full_numbers(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest) -> HttpResponse:
    from dangvu.members.candidates import do_register_candidate

    def perform(person: actions.Person, form: Any) -> Any:
        d = form.cleaned_data
        return do_register_candidate(
            person,
            organisation=d["organisation"],
            registered_on=d["registered_on"],
            sponsors=d["sponsors"],
            acting_user=request.user,
        )

    return _new_person_page(
        request,
        forms.CandidateForm,
        perform,
        title="Đưa quần chúng ưu tú vào danh sách",
        success="Đã đưa {name} vào danh sách.",
        initial={"registered_on": today()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from dangvu.members import candidates as cand

    candidate = _candidate_for(request, pk)
    can_edit = (
        member_editable_organisations(request.user).filter(pk=candidate.organisation_id).exists()
    )
    data = request.POST if request.method == "POST" else None
    step = request.POST.get("step") if data is not None else None
    if data is not None and not can_edit:
        raise Http404("Không có quyền cập nhật hồ sơ")
    progress = forms.CandidateProgressForm(
        data if step == "progress" else None,
        user=request.user,
        initial={f: getattr(candidate, f) for f in cand.PROGRESS},
    )
    withdraw = forms.CandidateWithdrawForm(
        data if step == "withdraw" else None, user=request.user, initial={"on": today()}
    )
    admit_form = forms.CandidateAdmitForm(
        data if step == "admit" else None, user=request.user, initial={"date": today()}
    )
    try:
        if step == "progress" and progress.is_valid():
            cand.do_record_candidate_progress(
                candidate, acting_user=request.user, **progress.cleaned_data
            )
            messages.success(request, "Đã cập nhật tiến độ hồ sơ.")
            return redirect(candidate)
        if step == "withdraw" and withdraw.is_valid():
            cand.do_withdraw_candidate(candidate, acting_user=request.user, **withdraw.cleaned_data)
            messages.success(request, "Đã dừng xem xét hồ sơ.")
            return redirect(candidate)
        if step == "admit" and admit_form.is_valid():
            member = cand.do_admit_candidate(
                candidate,
                decision=admit_form.decision(),
                ceremony_date=admit_form.cleaned_data["ceremony_date"],
                acting_user=request.user,
            )
            messages.success(request, f"Đã kết nạp đồng chí {member.full_name}.")
            return redirect(member)
    except DomainError as error:
        {"progress": progress, "withdraw": withdraw, "admit": admit_form}[
            step or "progress"
        ].add_domain_error(error)
    return render(
        request,
        "members/candidate.html",
        {
            "candidate": candidate,
            "can_edit": can_edit,
            "record_lines": [
                (legend, [row for row in rows if row[0] not in MASKED])
                for legend, rows in record_lines(candidate)
            ],
            # The admit button is offered only on a complete file; else what is missing.
            "missing": cand.missing_steps(candidate) if not candidate.member_id else [],
            "conclusion": cand.political_conclusion(candidate),
            "exception_label": rule("members.admission_education", today())["exceptions"].get(
                candidate.education_exception, candidate.education_exception
            ),
            "progress": progress,
            "withdraw": withdraw,
            "admit_form": admit_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a candidate's record (lý lịch) while their file is open."""
    from dangvu.members import candidates as cand

    candidate = _candidate_for(request, pk)
    editable = member_editable_organisations(request.user).filter(pk=candidate.organisation_id)
    if not editable.exists() or candidate.member_id or candidate.withdrawn_on:
        raise Http404("Không có quyền sửa hồ sơ")
    data = request.POST if request.method == "POST" else None
    person_form = forms.PersonForm(data, instance=candidate, prefix="p")
    stamp_form = StampForm(
        data,
        instance=candidate,
        fields=cand.CANDIDATE_STAMPED,
        labels=form_labels(person_form),
    )
    if data is None:
        _record_shown_numbers(candidate)
    forms_valid = [stamp_form.is_valid(), person_form.is_valid()]
    if data is not None and all(forms_valid):
        try:
            cand.do_update_candidate_record(
                candidate,
                person_form.person(),
                acting_user=request.user,
                stamp=stamp_form.seen(),
            )
        except EditConflict as error:
            candidate.refresh_from_db()
            stamp_form.renew(error)
        except DomainError as error:
            person_form.add_error(
                error.field if error.field in person_form.fields else None, error.message
            )
        else:
            messages.success(request, "Đã cập nhật lý lịch.")
            return redirect(candidate)
    return _render_form(
        request,
        "members/person_form.html",
        title=f"Sửa lý lịch: {candidate.full_name}",
        person_form=person_form,
        form=None,
        candidate=candidate,
        stamp_form=stamp_form,
    )


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """Show one masked identity number or phone in full; every reveal is audited."""
    member = get_member_for_user(request, pk)
    if field not in ("identity_number", "phone"):
        raise Http404("Không có trường này")
    value = getattr(member, field)
    label = "số CCCD" if field == "identity_number" else "số điện thoại"
    record(AuditEvent.Action.REVEAL, obj=member, note=f"Xem {label}")
    return HttpResponse(f'<span data-testid="revealed-{field}">{escape(value) or "—"}</span>')


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's photo, to those who may see the member, shown inline (an image)."""
    from dangvu.members.photos import content_type_of

    member = get_member_for_user(request, pk)
    if not member.photo:
        raise Http404("Đảng viên này chưa có ảnh")
    try:
        handle = member.photo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp ảnh trong kho lưu trữ") from None
    name = member.photo.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=content_type_of(name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def place_units(request: HttpRequest) -> HttpResponse:
    """The districts and communes in force today under one province (`tinh`: its id) and
    the province it became: name and level, for the suggestions of a record's place box.

    Public administrative data, the same for every user; an unknown province has none.
    """
    from django.http import JsonResponse

    from dangvu.vocab import lookup
    from dangvu.vocab.models import AdminUnit

    key = request.GET.get("tinh", "")
    province = (
        AdminUnit.objects.filter(pk=int(key), level=AdminUnit.Level.PROVINCE).first()
        if key.isascii() and key.isdigit() and len(key) < 10
        else None
    )
    units: list[dict[str, str]] = []
    if province is not None:
        day = today()
        found = (
            AdminUnit.objects.filter(
                parent_id__in={province.pk, lookup.current(province).pk},
                valid_from__lte=day,
                valid_to__gt=day,
            )
            .exclude(level=AdminUnit.Level.PROVINCE)
            .order_by("level", "name")
        )
        units = [{"name": u.name, "level": u.get_level_display()} for u in found]
    return JsonResponse({"units": units})
