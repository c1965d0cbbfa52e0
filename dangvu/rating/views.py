"""The pages of the rating process: the rounds, a round's progress, the cell's page (its
members' self-assessments, proposals and reasons, one «Ghi» for all, made for a phone),
the grassroots decision on its members, the superior's page for the organisations under
it, and the correction of a decided rating on its page."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.accounts.scoping import get_org_for_user, visible_organisations
from dangvu.core import listing
from dangvu.core.concurrency import StampForm
from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.fields import year_range
from dangvu.core.rules import NoRuleInForce, rule
from dangvu.members.models import MembershipInterval
from dangvu.orgs.forms import DomainForm
from dangvu.orgs.kinds import GRASSROOTS_KINDS
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import version_at
from dangvu.rating import actions
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating, RatingRound
from dangvu.rating.records import MEMBER_RATINGS, ORG_RATINGS
from dangvu.rating.scoping import can_record_ratings

GRADE_CHOICES = [("", "—"), *Grade.choices]


def asked_year(request: HttpRequest) -> int:
    """The year of `?nam=` (or the posted `nam`), within the rules' reach; by default the
    year under review: this year from its last month, else last year."""
    low, _ = year_range()
    text = request.POST.get("nam") or request.GET.get("nam") or ""
    year = listing.integer(str(text), max(low, 2018), today().year)
    if year is not None:
        return year
    window = rule("rating.review_window", today())
    return today().year if today().month >= int(window["opens_month"]) else today().year - 1


def _scale(year: int) -> dict[str, Any] | None:
    try:
        return actions.scheme(year)["scale"]
    except NoRuleInForce:
        return None


def _reason_choices(key: str, year: int) -> list[tuple[str, str]]:
    try:
        allowed = rule("rating.not_rated", actions.year_end(year))[key]
    except NoRuleInForce:
        allowed = []
    return [("", "—"), *[(c, NotRatedReason(c).label) for c in allowed]]


# --- rounds ---------------------------------------------------------------------------


class RoundForm(DomainForm):
    organisation = djforms.ModelChoiceField(
        label="Cấp ủy mở đợt", queryset=Organisation.objects.none(), to_field_name="code"
    )
    year = djforms.IntegerField(label="Năm đánh giá", min_value=2018, max_value=9999)
    opened_on = VNDateField(label="Ngày mở đợt")
    deadline = VNDateField(label="Hạn hoàn thành", required=False)
    note = djforms.CharField(
        label="Ghi chú", required=False, widget=djforms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dangvu.rating.scoping import rating_editable_organisations

        qs = rating_editable_organisations(self.user).filter(ended_on__isnull=True)
        field_ = self.fields["organisation"]
        field_.queryset = qs.exclude(kind__in=["CELL", "GROUP"]).order_by("path")
        field_.label_from_instance = lambda o: f"{o.code} — {o.name}"
        self.fields["opened_on"].initial = today()

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2018 <= year <= today().year:
            raise djforms.ValidationError(f"Năm đánh giá từ 2018 đến {today().year}.")
        return year


def _rounds_for(user: Any) -> Any:
    """Rounds of the organisations the user sees and of those above them (a cell's
    secretary works in the round its committee opened)."""
    visible = visible_organisations(user)
    above: set[int] = set()
    for path in visible.filter(Q(parent__isnull=True) | ~Q(parent__in=visible)).values_list(
        "path", flat=True
    )[:200]:
        above |= {int(p) for p in path.strip("/").split("/") if p.isdigit()}
    return RatingRound.objects.filter(
        Q(organisation__in=visible) | Q(organisation_id__in=above), voided_at__isnull=True
    ).select_related("organisation")


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """The rating rounds of the user's reach, and the form to open one for editors."""
    may_open = can_record_ratings(request.user)
    if request.method == "POST" and not may_open:
        raise Http404("Không có quyền mở đợt đánh giá")
    form = None
    if may_open:
        data = request.POST if request.method == "POST" else None
        form = RoundForm(data, user=request.user, initial={"year": asked_year(request)})
        if data is not None and form.is_valid():
            d = form.cleaned_data
            try:
                rnd = actions.do_open_round(
                    d["organisation"],
                    d["year"],
                    opened_on=d["opened_on"],
                    deadline=d.get("deadline"),
                    note=d.get("note") or "",
                    acting_user=request.user,
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"Đã mở {rnd}.")
                return redirect(rnd)
    shown = list(_rounds_for(request.user).order_by("-year", "organisation__path")[:100])
    return render(request, "rating/rounds.html", {"rounds": shown, "form": form})


@dataclass
class Progress:
    grassroots: Organisation
    on_books: int = 0
    self_assessed: int = 0
    proposed: int = 0
    decided: int = 0
    not_rated: int = 0
    good: int = 0
    excellent: int = 0
    allowed: int = 0


def round_progress(rnd: RatingRound, user: Any) -> list[Progress]:
    """Each grassroots organisation of the round's subtree the user sees, with how many
    members it had on the books that year and how far their ratings went: a fixed number
    of queries whatever the number of members."""
    year = rnd.year
    start, end = dt.date(year, 1, 1), actions.year_end(year)
    version = version_at(rnd.organisation, end) or version_at(rnd.organisation, rnd.opened_on)
    path = version.path if version is not None else rnd.organisation.path
    low, high = subtree_range(path)
    grassroots = {
        v.organisation_id: v
        for v in OrganisationVersion.objects.filter(
            path__gte=low,
            path__lt=high,
            kind__in=GRASSROOTS_KINDS,
            valid_from__lte=end,
            valid_to__gt=start,
            organisation__in=visible_organisations(user),
        ).select_related("organisation")
    }
    rows = {pk: Progress(v.organisation) for pk, v in grassroots.items()}
    paths = sorted(((v.path, pk) for pk, v in grassroots.items()), reverse=True)
    members: dict[int, set[int]] = defaultdict(set)
    for member_id, ipath in MembershipInterval.objects.filter(
        path__gte=low, path__lt=high, valid_from__lte=end, valid_to__gt=start
    ).values_list("member_id", "path"):
        for gpath, pk in paths:
            if ipath.startswith(gpath):
                members[pk].add(member_id)
                break
    for pk, ids in members.items():
        rows[pk].on_books = len(ids)
    for r in MemberRating.objects.filter(
        year=year, grassroots_id__in=list(rows), voided_at__isnull=True
    ).values(
        "grassroots_id",
        "self_assessed_on",
        "proposed_on",
        "decided_on",
        "grade",
        "not_rated_reason",
    ):
        p = rows[r["grassroots_id"]]
        p.self_assessed += r["self_assessed_on"] is not None
        p.proposed += r["proposed_on"] is not None and not r["not_rated_reason"]
        p.decided += r["decided_on"] is not None
        p.not_rated += bool(r["not_rated_reason"])
        if r["decided_on"] is not None:
            p.good += r["grade"] == Grade.GOOD
            p.excellent += r["grade"] == Grade.EXCELLENT
    try:
        cap = actions.scheme(year)
        percent = int(cap["excellent_cap_percent"])
    except NoRuleInForce:
        percent = 0
    for p in rows.values():
        p.allowed = p.good * percent // 100
    return sorted(rows.values(), key=lambda p: p.grassroots.path)


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _rounds_for(request.user).filter(pk=pk).first()
    if rnd is None:
        raise Http404("Không tìm thấy đợt đánh giá")
    may_close = rnd.is_open and can_record_ratings(request.user, rnd.organisation)
    if request.method == "POST":
        if not may_close:
            raise Http404("Không có quyền kết thúc đợt đánh giá")
        try:
            actions.do_close_round(rnd, closed_on=today(), acting_user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Đã kết thúc {rnd}.")
        return redirect(rnd)
    progress = round_progress(rnd, request.user)
    totals = Counter()
    for p in progress:
        for name in ("on_books", "self_assessed", "proposed", "decided", "not_rated"):
            totals[name] += getattr(p, name)
    return render(
        request,
        "rating/round.html",
        {"round": rnd, "progress": progress, "totals": totals, "may_close": may_close},
    )


# --- the cell's page ------------------------------------------------------------------


@dataclass
class CellRow:
    member: Any
    placement: Any
    rating: MemberRating | None
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class CellForm(DomainForm):
    """Every member of the cell that year not yet decided: self grade, proposed grade
    (scores when the year has a scale), reason when not rated; one day for all."""

    on = VNDateField(label="Ngày chi bộ họp xét")

    def __init__(
        self, *args: Any, rows: list[CellRow], year: int, scaled: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows, self.year, self.scaled = rows, year, scaled
        reasons = _reason_choices("member_reasons", year)
        for row in rows:
            if row.rating is not None and row.rating.is_locked:
                continue
            pk, r = row.member.pk, row.rating
            self.fields[f"tu_{pk}"] = djforms.ChoiceField(
                label="Tự xếp loại",
                choices=GRADE_CHOICES,
                required=False,
                initial=r.self_grade if r else "",
            )
            self.fields[f"de_{pk}"] = djforms.ChoiceField(
                label="Chi bộ đề xuất",
                choices=GRADE_CHOICES,
                required=False,
                initial=r.proposed_grade if r else "",
            )
            if scaled:
                self.fields[f"diem_tu_{pk}"] = djforms.CharField(
                    label="Điểm tự chấm",
                    required=False,
                    max_length=10,
                    initial=_points(r.self_score) if r else "",
                )
                self.fields[f"diem_{pk}"] = djforms.CharField(
                    label="Điểm đề xuất",
                    required=False,
                    max_length=10,
                    initial=_points(r.proposed_score) if r else "",
                )
            self.fields[f"ly_do_{pk}"] = djforms.ChoiceField(
                label="Không xếp loại vì",
                choices=reasons,
                required=False,
                initial=r.not_rated_reason if r else "",
            )
            self.fields[f"ghi_chu_{pk}"] = djforms.CharField(
                label="Ghi chú", required=False, max_length=500, initial=r.note if r else ""
            )
            for name in (f"diem_tu_{pk}", f"diem_{pk}"):
                if name in self.fields:
                    self.fields[name].widget.attrs.update(inputmode="decimal", size="5")
            row.fields = {
                "self": self[f"tu_{pk}"],
                "proposed": self[f"de_{pk}"],
                "self_score": self[f"diem_tu_{pk}"] if scaled else None,
                "score": self[f"diem_{pk}"] if scaled else None,
                "reason": self[f"ly_do_{pk}"],
                "note": self[f"ghi_chu_{pk}"],
            }
        self.fields["on"].initial = today()
        _style(self)


def _style(form: djforms.Form) -> None:
    """Bootstrap's classes on the fields a form adds after `DomainForm` styled its own."""
    for f in form.fields.values():
        widget = f.widget
        if isinstance(widget, djforms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, djforms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _points(value: Any) -> str:
    return actions.fmt_points(value)


def _same_score(a: Any, b: Any) -> bool:
    try:
        return actions.score_value(a) == (b if b is None else actions.score_value(b))
    except DomainError:
        return False


def cell_rows(cell: Organisation, year: int) -> list[CellRow]:
    placed = actions.member_rows(cell, year)
    ratings = {
        r.member_id: r
        for r in MemberRating.objects.filter(
            member_id__in=[m.pk for m, _ in placed], year=year, voided_at__isnull=True
        )
    }
    return [CellRow(m, p, ratings.get(m.pk)) for m, p in placed]


def _write_cell(form: CellForm, cell: Organisation, user: Any) -> int:
    """Write what changed on the cell's page, all or nothing; the number of members."""
    d, year, on = form.cleaned_data, form.year, form.cleaned_data["on"]
    changed = 0
    with transaction.atomic():
        for row in form.rows:
            pk, r = row.member.pk, row.rating
            if f"tu_{pk}" not in form.fields:
                continue
            try:
                touched = False
                self_grade, self_score = d.get(f"tu_{pk}") or "", d.get(f"diem_tu_{pk}") or ""
                if self_grade and (
                    r is None
                    or r.self_grade != self_grade
                    or not _same_score(self_score or None, r.self_score)
                ):
                    actions.do_self_assess_member(
                        row.member,
                        year,
                        grade=self_grade,
                        score=self_score,
                        on=on,
                        cell=cell,
                        acting_user=user,
                    )
                    touched = True
                reason = d.get(f"ly_do_{pk}") or ""
                proposed, score = d.get(f"de_{pk}") or "", d.get(f"diem_{pk}") or ""
                note = d.get(f"ghi_chu_{pk}") or ""
                if reason:
                    if r is None or r.not_rated_reason != reason or (note and note != r.note):
                        actions.do_set_member_not_rated(
                            row.member,
                            year,
                            reason=reason,
                            note=note,
                            on=on,
                            cell=cell,
                            acting_user=user,
                        )
                        touched = True
                elif proposed and (
                    r is None
                    or r.proposed_grade != proposed
                    or r.not_rated_reason
                    or not _same_score(score or None, r.proposed_score)
                ):
                    actions.do_propose_member(
                        row.member,
                        year,
                        grade=proposed,
                        score=score,
                        on=on,
                        cell=cell,
                        acting_user=user,
                    )
                    touched = True
            except DomainError as error:
                name = {
                    "self_grade": f"tu_{pk}",
                    "self_score": f"diem_tu_{pk}",
                    "proposed_grade": f"de_{pk}",
                    "grade": f"de_{pk}",
                    "score": f"diem_{pk}",
                    "proposed_score": f"diem_{pk}",
                    "not_rated_reason": f"ly_do_{pk}",
                    "note": f"ghi_chu_{pk}",
                }.get(error.field or "", "")
                if name in form.fields:
                    form.add_error(name, error.message)
                else:
                    form.add_error(None, f"{row.member.full_name}: {error.message}")
                transaction.set_rollback(True)
                return -1
            changed += touched
    return changed


@login_required
@require_http_methods(["GET", "POST"])
def cell(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's members for the year under review, on a phone: each member's
    self-assessment, the cell's proposal (with scores from 2025), or the reason they are
    not rated; one «Ghi» for all (all or nothing)."""
    org = get_org_for_user(request, code.upper())
    year = asked_year(request)
    rows = cell_rows(org, year)
    may_record = can_record_ratings(request.user, org)
    if request.method == "POST" and not may_record:
        raise Http404("Không có quyền ghi đánh giá, xếp loại của tổ chức này")
    scaled = _scale(year) is not None
    form = None
    if may_record and rows:
        data = request.POST if request.method == "POST" else None
        form = CellForm(data, user=request.user, rows=rows, year=year, scaled=scaled)
        if data is not None and form.is_valid():
            written = _write_cell(form, org, request.user)
            if written > 0:
                messages.success(
                    request, f"Đã ghi đánh giá, xếp loại năm {year} của {written} đồng chí."
                )
                return redirect(f"{request.path}?nam={year}")
            if written == 0:
                form.add_error(None, "Chưa có thay đổi nào để ghi.")
        if form.is_bound:
            for row in rows:
                pk = row.member.pk
                row.errors = [
                    str(e)
                    for name in (
                        f"tu_{pk}",
                        f"diem_tu_{pk}",
                        f"de_{pk}",
                        f"diem_{pk}",
                        f"ly_do_{pk}",
                        f"ghi_chu_{pk}",
                    )
                    for e in form.errors.get(name, [])
                ]
    grassroots = next((r.placement.grassroots for r in rows if r.placement), None)
    quota = actions.member_quota(grassroots, year) if grassroots is not None else None
    try:
        rnd = actions.covering_round(org, year, actions.year_end(year))
        round_note = ""
    except DomainError as error:
        rnd, round_note = None, error.message
    return render(
        request,
        "rating/cell.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "form": form,
            "scaled": scaled,
            "quota": quota,
            "grassroots": grassroots,
            "round": rnd,
            "round_note": round_note,
            "decided": sum(1 for r in rows if r.rating is not None and r.rating.is_locked),
        },
    )


# --- the grassroots decision ----------------------------------------------------------


class DecisionForm(DomainForm):
    decision_number = djforms.CharField(label="Số quyết định (thông báo)", max_length=60)
    decided_on = VNDateField(label="Ngày quyết định")

    def __init__(self, *args: Any, pending: list[Any], scaled: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending = pending
        for r in pending:
            key = r.pk
            self.fields[f"chon_{key}"] = djforms.BooleanField(label="Quyết định", required=False)
            self.fields[f"muc_{key}"] = djforms.ChoiceField(
                label="Mức quyết định",
                choices=GRADE_CHOICES,
                required=False,
                initial=r.proposed_grade,
            )
            if scaled:
                self.fields[f"diem_{key}"] = djforms.CharField(
                    label="Điểm", required=False, max_length=10, initial=_points(r.proposed_score)
                )
        self.fields["decided_on"].initial = today()
        _style(self)

    def chosen(self) -> list[Any]:
        return [r for r in self.pending if self.cleaned_data.get(f"chon_{r.pk}")]


def _pending_rows(
    form: DecisionForm | None, pending: list[Any], scaled: bool
) -> list[dict[str, Any]]:
    out = []
    for r in pending:
        item: dict[str, Any] = {"rating": r}
        if form is not None:
            item |= {
                "tick": form[f"chon_{r.pk}"],
                "grade": form[f"muc_{r.pk}"],
                "score": form[f"diem_{r.pk}"] if scaled else None,
                "errors": [
                    str(e)
                    for n in (f"chon_{r.pk}", f"muc_{r.pk}", f"diem_{r.pk}")
                    for e in (form.errors.get(n, []) if form.is_bound else [])
                ],
            }
        out.append(item)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, code: str) -> HttpResponse:
    """The grassroots organisation decides the grades of its members proposed by the cells
    (or confirms why they are not rated), with the number and date of its decision and the
    «xuất sắc» it may still give."""
    org = get_org_for_user(request, code.upper())
    year = asked_year(request)
    may_record = can_record_ratings(request.user, org)
    if request.method == "POST" and not may_record:
        raise Http404("Không có quyền quyết định xếp loại của tổ chức này")
    pending = list(
        MemberRating.objects.filter(
            grassroots=org, year=year, voided_at__isnull=True, decided_on__isnull=True
        )
        .filter(Q(proposed_on__isnull=False) | ~Q(not_rated_reason=""))
        .select_related("member", "organisation")
        .order_by("organisation__path", "member__search_key")
    )
    scaled = _scale(year) is not None
    form = None
    if may_record and pending:
        data = request.POST if request.method == "POST" else None
        form = DecisionForm(data, user=request.user, pending=pending, scaled=scaled)
        if data is not None and form.is_valid():
            chosen = form.chosen()
            if not chosen:
                form.add_error(
                    None, "Chưa chọn đồng chí nào: hãy đánh dấu những người được quyết định."
                )
            else:
                d = form.cleaned_data
                items = [
                    actions.MemberDecision(
                        r.member, d.get(f"muc_{r.pk}") or "", d.get(f"diem_{r.pk}") or None
                    )
                    for r in chosen
                ]
                try:
                    done = actions.do_decide_members(
                        org,
                        year,
                        items,
                        decision_number=d["decision_number"],
                        decided_on=d["decided_on"],
                        acting_user=request.user,
                    )
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    messages.success(
                        request,
                        f"Đã ghi quyết định xếp loại năm {year} của {len(done)} đồng chí.",
                    )
                    return redirect(f"{request.path}?nam={year}")
    quota = actions.member_quota(org, year) if org.kind in GRASSROOTS_KINDS else None
    waiting = MemberRating.objects.filter(
        grassroots=org,
        year=year,
        voided_at__isnull=True,
        decided_on__isnull=True,
        proposed_on__isnull=True,
        not_rated_reason="",
    ).count()
    # What this organisation has already decided this year, shown locked below the pending.
    decided = (
        MemberRating.objects.filter(
            grassroots=org, year=year, voided_at__isnull=True, decided_on__isnull=False
        )
        .select_related("member", "organisation")
        .order_by("organisation__path", "member__search_key")
    )
    return render(
        request,
        "rating/decide.html",
        {
            "org": org,
            "year": year,
            "rows": _pending_rows(form, pending, scaled),
            "decided": decided,
            "form": form,
            "scaled": scaled,
            "quota": quota,
            "waiting": waiting,
            "is_grassroots": org.kind in GRASSROOTS_KINDS,
        },
    )


# --- the superior's page for its organisations ----------------------------------------


class OrgsForm(DomainForm):
    action = djforms.ChoiceField(
        label="Việc ghi",
        choices=[("de_xuat", "Ghi đề xuất"), ("quyet_dinh", "Quyết định xếp loại")],
        initial="de_xuat",
    )
    on = VNDateField(label="Ngày")
    decision_number = djforms.CharField(label="Số quyết định", max_length=60, required=False)

    def __init__(
        self, *args: Any, children: list[Any], year: int, scaled: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        reasons = _reason_choices("org_reasons", year)
        for child in children:
            org, r = child["org"], child["rating"]
            if r is not None and r.is_locked:
                continue
            pk = org.pk
            self.fields[f"chon_{pk}"] = djforms.BooleanField(label="Chọn", required=False)
            self.fields[f"tu_{pk}"] = djforms.ChoiceField(
                label="Tự xếp loại",
                choices=GRADE_CHOICES,
                required=False,
                initial=r.self_grade if r else "",
            )
            self.fields[f"de_{pk}"] = djforms.ChoiceField(
                label="Mức xếp loại",
                choices=GRADE_CHOICES,
                required=False,
                initial=r.proposed_grade if r else "",
            )
            if scaled:
                self.fields[f"diem_{pk}"] = djforms.CharField(
                    label="Điểm",
                    required=False,
                    max_length=10,
                    initial=_points(r.proposed_score) if r else "",
                )
            self.fields[f"ly_do_{pk}"] = djforms.ChoiceField(
                label="Không xếp loại vì",
                choices=reasons,
                required=False,
                initial=r.not_rated_reason if r else "",
            )
            child["fields"] = {}  # bound below, once styled
            child["names"] = pk
        _style(self)
        for child in children:
            if "names" not in child:
                continue
            pk = child.pop("names")
            child["fields"] = {
                "tick": self[f"chon_{pk}"],
                "self": self[f"tu_{pk}"],
                "grade": self[f"de_{pk}"],
                "score": self[f"diem_{pk}"] if scaled else None,
                "reason": self[f"ly_do_{pk}"],
            }
        self.fields["on"].initial = today()


@login_required
@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest, code: str) -> HttpResponse:
    """The organisations directly under `code` for the year: their self-assessment, the
    proposed grade, then the superior's decision on those ticked (or why one is not
    rated), with the «xuất sắc» it may still give."""
    org = get_org_for_user(request, code.upper())
    year = asked_year(request)
    may_record = can_record_ratings(request.user, org)
    if request.method == "POST" and not may_record:
        raise Http404("Không có quyền ghi xếp loại tổ chức đảng ở đây")
    end = actions.year_end(year)
    start = dt.date(year, 1, 1)
    versions = {
        v.organisation_id: v
        for v in OrganisationVersion.objects.filter(
            parent=org, valid_from__lte=end, valid_to__gt=start
        )
        .select_related("organisation")
        .order_by("valid_from")
    }
    ratings = {
        r.organisation_id: r
        for r in OrgRating.objects.filter(
            organisation_id__in=list(versions), year=year, voided_at__isnull=True
        )
    }
    children = [
        {"org": v.organisation, "version": v, "rating": ratings.get(pk), "fields": {}}
        for pk, v in sorted(versions.items(), key=lambda kv: (kv[1].kind, kv[1].name))
    ]
    scaled = _scale(year) is not None
    form = None
    if may_record and children:
        data = request.POST if request.method == "POST" else None
        form = OrgsForm(data, user=request.user, children=children, year=year, scaled=scaled)
        if data is not None and form.is_valid():
            d = form.cleaned_data
            chosen = [c for c in children if d.get(f"chon_{c['org'].pk}")]
            try:
                if not chosen:
                    raise DomainError("Chưa chọn tổ chức nào: hãy đánh dấu những tổ chức cần ghi.")
                with transaction.atomic():
                    if d["action"] == "quyet_dinh":
                        for c in chosen:
                            pk = c["org"].pk
                            if d.get(f"ly_do_{pk}") or d.get(f"tu_{pk}"):
                                actions.do_propose_org(
                                    c["org"],
                                    year,
                                    self_grade=d.get(f"tu_{pk}") or "",
                                    not_rated_reason=d.get(f"ly_do_{pk}") or "",
                                    on=d["on"],
                                    acting_user=request.user,
                                )
                        done = actions.do_decide_orgs(
                            org,
                            year,
                            [
                                actions.OrgDecision(
                                    c["org"],
                                    ""
                                    if d.get(f"ly_do_{c['org'].pk}")
                                    else d.get(f"de_{c['org'].pk}") or "",
                                    d.get(f"diem_{c['org'].pk}") or None,
                                )
                                for c in chosen
                            ],
                            decision_number=d.get("decision_number") or "",
                            decided_on=d["on"],
                            acting_user=request.user,
                        )
                        text = (
                            f"Đã ghi quyết định xếp loại năm {year} của {len(done)} tổ chức đảng."
                        )
                    else:
                        for c in chosen:
                            pk = c["org"].pk
                            actions.do_propose_org(
                                c["org"],
                                year,
                                grade=d.get(f"de_{pk}") or "",
                                score=d.get(f"diem_{pk}") or None,
                                self_grade=d.get(f"tu_{pk}") or "",
                                not_rated_reason=d.get(f"ly_do_{pk}") or "",
                                on=d["on"],
                                acting_user=request.user,
                            )
                        text = f"Đã ghi đề xuất xếp loại năm {year} của {len(chosen)} tổ chức đảng."
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, text)
                return redirect(f"{request.path}?nam={year}")
    quota = actions.org_quota(org, year)
    return render(
        request,
        "rating/organisations.html",
        {
            "org": org,
            "year": year,
            "children": children,
            "form": form,
            "scaled": scaled,
            "quota": quota,
            "cells": [c for c in children if c["version"].kind in ("CELL", "GRASSROOTS_CELL")],
        },
    )


# --- correction -----------------------------------------------------------------------


class CorrectionForm(DomainForm):
    grade = djforms.ChoiceField(label="Mức xếp loại mới", choices=GRADE_CHOICES, required=False)
    score = djforms.CharField(label="Điểm", required=False, max_length=10)
    not_rated_reason = djforms.ChoiceField(
        label="Hoặc: không xếp loại vì",
        choices=[("", "—"), *NotRatedReason.choices],
        required=False,
    )
    reason = djforms.CharField(label="Lý do sửa", widget=djforms.Textarea(attrs={"rows": 2}))
    decision_number = djforms.CharField(label="Số quyết định sửa", max_length=60)
    decided_on = VNDateField(label="Ngày quyết định sửa")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = today()


def _decider(record: Any, kind: str) -> Organisation:
    return record.grassroots if kind == "member" else record.decided_by_organisation


def correction_context(request: HttpRequest, record: Any, kind: str) -> dict[str, Any]:
    may = (
        record.voided_at is None
        and record.is_locked
        and can_record_ratings(request.user, _decider(record, kind))
    )
    url = "rating:member_correct" if kind == "member" else "rating:org_correct"
    model = MemberRating if kind == "member" else OrgRating
    corrections = list(model.objects.filter(correction_of=record))
    return {
        "correction_form": CorrectionForm(user=request.user) if may else None,
        "correction_url": reverse(url, args=[record.pk]),
        "corrections": corrections,
        "stamp_form": _stamp_form(None, record) if may else None,
    }


def _stamp_form(data: Any, record: Any) -> StampForm:
    """The decision as its page shows it, so that a correction made meanwhile is named."""
    return StampForm(
        data,
        instance=record,
        fields=actions.RATING_STAMPED,
        labels={
            "grade": "Mức xếp loại",
            "score": "Điểm",
            "not_rated_reason": "Không xếp loại vì",
            "decision_number": "Số quyết định",
            "decided_on": "Ngày quyết định",
        },
    )


def _correct(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = MEMBER_RATINGS if kind == "member" else ORG_RATINGS
    record = spec.get(request, pk)
    # A decision corrected by someone else since the page was opened is void; its
    # correction is then refused by the stamp, naming the decision now in force.
    corrected = record.voided_at is not None and actions.current_rating(record) != record
    if not (
        (record.voided_at is None or corrected)
        and record.is_locked
        and can_record_ratings(request.user, _decider(record, kind))
    ):
        raise Http404("Không có quyền sửa quyết định xếp loại này")
    form = CorrectionForm(request.POST, user=request.user)
    stamp_form = _stamp_form(request.POST, record)
    stamp_valid = stamp_form.is_valid()
    shown = record
    if form.is_valid() and stamp_valid:
        d = form.cleaned_data
        do = actions.do_correct_member_rating if kind == "member" else actions.do_correct_org_rating
        try:
            new = do(
                record,
                grade=d.get("grade") or "",
                score=d.get("score") or None,
                not_rated_reason=d.get("not_rated_reason") or "",
                reason=d["reason"],
                decision_number=d["decision_number"],
                decided_on=d["decided_on"],
                acting_user=request.user,
                stamp=stamp_form.seen(),
            )
        except EditConflict as error:
            # The page of the decision now in force, with what the clerk typed and a stamp
            # of that decision: a second submit, after reading, corrects it.
            shown = actions.current_rating(record)
            stamp_form.instance = shown
            stamp_form.renew(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi quyết định sửa; quyết định cũ vẫn lưu trong lịch sử.")
            return redirect(new)
    from dangvu.core.records import detail_page

    page = detail_page(request, spec, shown, correction_form=form, stamp_form=stamp_form)
    page.status_code = 200
    return page


@login_required
@require_POST
def member_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(request, pk, "member")


@login_required
@require_POST
def org_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(request, pk, "organisation")
