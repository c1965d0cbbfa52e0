"""Plans and targets: writing them, and answering the registry's plan and task questions.

A target is bound to a registry indicator by its code, so plan versus actual is always
computed from the records, never typed. Only counts take targets: a percent is derived
from counts, and its target follows from theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.office.documents import find_document
from dangvu.office.models import Document, Plan, PlanTarget, PlanTask
from dangvu.office.scoping import plan_editable_organisations
from dangvu.orgs.models import Organisation
from dangvu.reports import registry
from dangvu.reports.registry import Indicator, Period, PlannedTask

FIRST_YEAR = 1930
# How far ahead a plan may be recorded: next year's programme is drafted in the autumn;
# a term programme covers at most five years.
YEARS_AHEAD = 1
MAX_SPAN = 5
# Indicators computed from plans themselves take no target.
PLAN_OWNED = ("plans.",)
COUNTING = (Plan.Status.ISSUED, Plan.Status.CLOSED)


def targetable(indicator: Indicator) -> bool:
    """Whether a target makes sense for `indicator`: a count, not a percent."""
    return indicator.unit != "%" and not indicator.code.startswith(PLAN_OWNED)


def targetable_indicators() -> list[Indicator]:
    return [i for i in registry.indicators() if targetable(i)]


def check_indicator(code: str) -> Indicator:
    """The registry indicator `code` if it may take a target; DomainError otherwise."""
    code = clean(code)
    if not code:
        raise DomainError("Hãy chọn chỉ tiêu (mã trong danh mục chỉ tiêu).", field="indicator")
    try:
        indicator = registry.get(code)
    except KeyError:
        raise DomainError(
            f"Không có chỉ tiêu mã «{code}» trong danh mục chỉ tiêu của Đảng vụ; hãy chọn "
            "một mã trong danh mục (ví dụ members.admitted).",
            field="indicator",
        ) from None
    if indicator.unit == "%":
        raise DomainError(
            f"«{indicator.label}» là tỷ lệ phần trăm, được tính từ các số liệu khác; hãy đặt "
            "chỉ tiêu cho số lượng (ví dụ số đảng viên kết nạp), tỷ lệ sẽ tự tính.",
            field="indicator",
        )
    if not targetable(indicator):
        raise DomainError(
            f"«{indicator.label}» được tính từ chính các kế hoạch nên không đặt chỉ tiêu.",
            field="indicator",
        )
    return indicator


def _check_scope(org: Organisation, acting_user: Any) -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not plan_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(f"«{org.name}» nằm ngoài phạm vi bạn được ghi.", field="organisation")


def _check_editable(plan: Plan) -> None:
    if plan.is_void:
        raise DomainError("Kế hoạch này đã bị hủy.", field="plan")
    if plan.status == Plan.Status.CLOSED:
        raise DomainError(
            f"«{plan.title}» đã được tổng kết; không sửa chỉ tiêu, nhiệm vụ nữa.", field="plan"
        )


def _conflicts(plan: Plan, codes: list[str]) -> QuerySet[PlanTarget]:
    """Live targets of `codes` in the other committing plans of the same organisation and
    span: two such plans would answer the same question with two numbers."""
    return PlanTarget.objects.filter(
        indicator__in=codes,
        voided_at__isnull=True,
        plan__organisation_id=plan.organisation_id,
        plan__year=plan.year,
        plan__end_year=plan.end_year,
        plan__status__in=COUNTING,
        plan__voided_at__isnull=True,
    ).exclude(plan=plan)


def _refuse_conflict(plan: Plan, codes: list[str], field: str) -> None:
    clash = _conflicts(plan, codes).select_related("plan").first()
    if clash is not None:
        label = registry.get(clash.indicator).label
        raise DomainError(
            f"Chỉ tiêu «{label}» năm {plan.years} của «{plan.organisation.name}» đã được đặt "
            f"trong «{clash.plan.title}» ({clash.target}); mỗi chỉ tiêu chỉ đặt ở một kế "
            "hoạch.",
            field=field,
        )


@transaction.atomic
def do_create_plan(
    *,
    organisation: Organisation,
    year: int,
    kind: str,
    title: str,
    end_year: int | None = None,
    document: str | Document | None = None,
    note: str = "",
    acting_user: Any,
) -> Plan:
    """Record a plan of `organisation` for `year`..`end_year`.

    With its issuing document (a `Document` or its number, "01-CTr/ĐU", looked up in the
    organisation's register) the plan is issued; without, it is a draft.
    """
    title = clean(title)
    end_year = end_year or year
    if kind not in Plan.Kind.values:
        raise DomainError("Loại chương trình, kế hoạch không có trong danh mục.", field="kind")
    if not title:
        raise DomainError("Hãy nhập tên chương trình, kế hoạch.", field="title")
    if not FIRST_YEAR <= year <= today().year + YEARS_AHEAD:
        raise DomainError(
            f"Năm {year} không phù hợp: chỉ ghi kế hoạch đến năm {today().year + YEARS_AHEAD}.",
            field="year",
        )
    if not year <= end_year < year + MAX_SPAN:
        raise DomainError(
            f"Kế hoạch từ năm {year} kết thúc trong các năm {year}–{year + MAX_SPAN - 1}.",
            field="end_year",
        )
    if kind == Plan.Kind.ANNUAL and end_year != year:
        raise DomainError("Chương trình công tác năm chỉ có một năm.", field="end_year")
    _check_scope(organisation, acting_user)
    founded = organisation.founded_on
    if founded is not None and founded.year > end_year:
        raise DomainError(
            f"«{organisation.name}» thành lập ngày {fmt_date(founded)}, sau năm {end_year}.",
            field="year",
        )
    if organisation.ended_on is not None and organisation.ended_on <= dt.date(year, 1, 1):
        raise DomainError(
            f"«{organisation.name}» đã kết thúc hoạt động từ ngày "
            f"{fmt_date(organisation.ended_on)}.",
            field="organisation",
        )
    plan = Plan(
        organisation=organisation,
        year=year,
        end_year=end_year,
        kind=kind,
        title=title,
        note=clean_paragraphs(note),
        recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    if document:
        plan.document = _issuing_document(plan, document)
        plan.status = Plan.Status.ISSUED
    plan.save()
    audit.record(audit.CREATE, user=acting_user, obj=plan, after=audit.snapshot(plan))
    return plan


def _issuing_document(plan: Plan, document: str | Document) -> Document:
    """The register entry that issues `plan`: the plan's organisation's, dated in the year
    before the plan or within it (next year's programme is issued in December)."""
    years = range(plan.year - 1, plan.end_year + 1)
    if isinstance(document, str):
        return find_document(plan.organisation, document, years)
    if document.is_void or document.issuer_id != plan.organisation_id:
        raise DomainError(
            f"Văn bản {document.full_number} không phải của «{plan.organisation.name}».",
            field="document",
        )
    if document.date.year not in years:
        raise DomainError(
            f"Văn bản {document.full_number} ngày {fmt_date(document.date)} không thể ban "
            f"hành kế hoạch năm {plan.years}.",
            field="document",
        )
    return document


@transaction.atomic
def do_issue_plan(plan: Plan, *, document: str | Document, acting_user: Any) -> Plan:
    """Link a draft plan to the document that issued it: from then on it counts."""
    _check_scope(plan.organisation, acting_user)
    if plan.is_void:
        raise DomainError("Kế hoạch này đã bị hủy.", field="document")
    if plan.status != Plan.Status.DRAFT:
        raise DomainError(f"«{plan.title}» đã được ban hành.", field="document")
    before = audit.snapshot(plan)
    plan.document = _issuing_document(plan, document)
    codes = list(plan.targets.filter(voided_at__isnull=True).values_list("indicator", flat=True))
    _refuse_conflict(plan, codes, "document")
    plan.status = Plan.Status.ISSUED
    plan.save(update_fields=["document", "status"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=plan, before=before, after=audit.snapshot(plan)
    )
    return plan


@transaction.atomic
def do_close_plan(plan: Plan, *, acting_user: Any) -> Plan:
    """Mark an issued plan as reviewed (tổng kết) once its last year has come."""
    _check_scope(plan.organisation, acting_user)
    if plan.is_void or plan.status != Plan.Status.ISSUED:
        raise DomainError("Chỉ tổng kết kế hoạch đã ban hành, chưa tổng kết.", field="plan")
    if today().year < plan.end_year:
        raise DomainError(
            f"Kế hoạch năm {plan.years} chỉ tổng kết từ năm {plan.end_year}.", field="plan"
        )
    before = audit.snapshot(plan)
    plan.status = Plan.Status.CLOSED
    plan.save(update_fields=["status"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=plan, before=before, after=audit.snapshot(plan)
    )
    return plan


@transaction.atomic
def do_set_target(
    plan: Plan, *, indicator: str, target: int, note: str = "", acting_user: Any
) -> PlanTarget:
    """Add to `plan` the target of a registry indicator (a count)."""
    _check_scope(plan.organisation, acting_user)
    _check_editable(plan)
    found = check_indicator(indicator)
    if isinstance(target, bool) or not isinstance(target, int) or target < 0:
        raise DomainError(
            f"Chỉ tiêu «{found.label}» là số {found.unit} không âm, ghi số nguyên.",
            field="target",
        )
    same = plan.targets.filter(indicator=found.code, voided_at__isnull=True).first()
    if same is not None:
        raise DomainError(
            f"«{plan.title}» đã có chỉ tiêu «{found.label}» ({same.target}); hủy chỉ tiêu cũ "
            "nếu cần đặt lại.",
            field="indicator",
        )
    if plan.status != Plan.Status.DRAFT:
        _refuse_conflict(plan, [found.code], "indicator")
    result = PlanTarget.objects.create(
        plan=plan, indicator=found.code, target=target, note=clean_paragraphs(note)
    )
    audit.record(audit.CREATE, user=acting_user, obj=result, after=audit.snapshot(result))
    return result


@transaction.atomic
def do_add_task(plan: Plan, *, title: str, detail: str = "", acting_user: Any) -> PlanTask:
    """Add a task (nhiệm vụ, giải pháp) at the end of `plan`'s list."""
    _check_scope(plan.organisation, acting_user)
    _check_editable(plan)
    title = clean(title)
    if not title:
        raise DomainError("Hãy nhập nhiệm vụ.", field="title")
    if len(title) > 500:
        raise DomainError(
            "Tên nhiệm vụ dài quá 500 ký tự; đưa phần chi tiết xuống nội dung.", "title"
        )
    last = plan.tasks.aggregate(n=Max("position"))["n"] or 0
    task = PlanTask.objects.create(
        plan=plan, position=last + 1, title=title, detail=clean_paragraphs(detail)
    )
    audit.record(audit.CREATE, user=acting_user, obj=task, after=audit.snapshot(task))
    return task


# --- the registry's sources -----------------------------------------------------------


def plan_years(period: Period) -> tuple[int, int] | None:
    """The plan years that answer for `period`, or None when no plan can.

    A period within one year is judged against that year's plan (a half-year review says
    "đạt 45% kế hoạch năm"); a period of whole years, against a plan of exactly those
    years (a term programme). A period across years but not of whole years has no plan.
    """
    first, last = period.start.year, period.end.year
    if first == last:
        return first, last
    whole = (period.start.month, period.start.day, period.end.month, period.end.day)
    return (first, last) if whole == (1, 1, 12, 31) else None


def plan_target(code: str, org: Organisation, period: Period) -> float | None:
    """The target of `code` that `org` itself set for the plan years of `period`, or None.

    It is the organisation's own target, never a sum over its subordinate organisations: a
    committee's plan is its own commitment, set by its congress or conference for the
    whole subtree, and the grassroots organisations' targets are their commitments to it;
    they need not add up to it (and usually do not), and a committee whose grassroots have
    plans but which set no target of its own has none.
    """
    span = plan_years(period)
    if span is None:
        return None
    found = (
        PlanTarget.objects.filter(
            indicator=code,
            voided_at__isnull=True,
            plan__organisation=org,
            plan__year=span[0],
            plan__end_year=span[1],
            plan__status__in=COUNTING,
            plan__voided_at__isnull=True,
        )
        .values_list("target", flat=True)
        .first()
    )
    return float(found) if found is not None else None


def planned_tasks(org: Organisation, year: int) -> list[PlannedTask]:
    """The tasks of `org`'s committing plans for `year`: the annual programme's first, then
    the other plans of that year, each in its own order."""
    rows = (
        PlanTask.objects.filter(
            voided_at__isnull=True,
            plan__organisation=org,
            plan__year=year,
            plan__end_year=year,
            plan__status__in=COUNTING,
            plan__voided_at__isnull=True,
        )
        .order_by("plan__kind", "plan_id", "position", "id")
        .values_list("plan__kind", "title", "detail")
    )
    tasks = [(kind != Plan.Kind.ANNUAL, title, detail) for kind, title, detail in rows]
    tasks.sort(key=lambda t: t[0])  # stable: keeps each plan's order
    return [PlannedTask(title, detail) for _, title, detail in tasks]


registry.register_plan_source(plan_target)
registry.register_task_source(planned_tasks)


# --- plan versus actual ---------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One target of a plan against the registry's actual figure."""

    target: PlanTarget
    indicator: Indicator
    actual: float | int | None
    percent: float | None
    records: str | None

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.target.target


def committing_targets(org: Organisation, first: int, last: int) -> QuerySet[PlanTarget]:
    return PlanTarget.objects.filter(
        voided_at__isnull=True,
        plan__organisation=org,
        plan__year=first,
        plan__end_year=last,
        plan__status__in=COUNTING,
        plan__voided_at__isnull=True,
    ).select_related("plan")


def compare(targets: QuerySet[PlanTarget] | list[PlanTarget], period: Period) -> list[Comparison]:
    """Each target against its indicator's value over `period` for its plan's organisation.

    One registry computation per target: a plan holds a handful of targets.
    """
    rows = []
    for t in targets:
        try:
            indicator = registry.get(t.indicator)
        except KeyError:  # an indicator retired since the target was set
            continue
        org = t.plan.organisation
        actual = registry.value(t.indicator, org, period).value
        rows.append(
            Comparison(
                target=t,
                indicator=indicator,
                actual=actual,
                percent=registry.percent(actual, t.target),
                records=registry.records_url(t.indicator, org, period),
            )
        )
    return rows


def plan_period(plan: Plan) -> Period:
    return Period(dt.date(plan.year, 1, 1), dt.date(plan.end_year, 12, 31))


def live_plans(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    return qs.filter(voided_at__isnull=True)


def years_q(year: int) -> Q:
    """Plans whose years include `year`."""
    return Q(year__lte=year, end_year__gte=year)
