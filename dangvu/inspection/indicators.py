"""Indicators of inspection, supervision, discipline and complaint work.

Inspections and supervisions count when done: each subject (organisation or member) of a
done record whose end date falls in the period, placed where the conducting organisation
stood on that day, broken down by the level of the conducting body. A cell's compliance
check that records only how many members it checked adds that number. The figures of the
committee's own bodies (standing committee, inspection commission, boards) belong to the
committee's organisation, not to any grassroots subtree: those indicators are not additive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.urls import reverse

from dangvu.inspection import queries
from dangvu.inspection.models import (
    INSPECTION_KINDS,
    ORGANISATION_FORMS,
    SUPERVISION_KINDS,
    Complaint,
    DisciplineDecision,
    Form,
    Inspection,
    Kind,
    Level,
    ProgrammeItem,
    Status,
    Subject,
    Target,
)
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.reports.batch import Placement, org_path, tally
from dangvu.reports.registry import Figure, Period, percent, register, register_many, value

OWNER = "inspection"
KIND_GROUPS = {"inspection": INSPECTION_KINDS, "supervision": SUPERVISION_KINDS}


def records(name: str, **params: str) -> Callable[[Organisation, Period], str]:
    """The records link of a figure: list page `name` filtered to the subtree and period.

    The list places records by their organisation's present position, the figure by its
    position on the record's date: after a restructuring the two may differ at the edges.
    """

    def url(org: Organisation, period: Period) -> str:
        query = {
            "to_chuc": org.code,
            "tu": period.start.isoformat(),
            "den": period.end.isoformat(),
            **params,
        }
        return f"{reverse(name)}?{urlencode(query)}"

    return url


def _by_level(counts: Counter[str]) -> Figure:
    return Figure(sum(counts.values()), {label: counts.get(k, 0) for k, label in Level.choices})


def _by_kind(counts: Counter[Any], kinds: tuple[str, ...]) -> Figure:
    return Figure(sum(counts.values()), {Kind(k).label: counts.get(k, 0) for k in kinds})


def _orgs(org: Organisation, period: Period, group: str) -> Figure:
    rows = (
        queries.subjects_in(org, period.start, period.end)
        .filter(organisation__isnull=False, inspection__kind__in=KIND_GROUPS[group])
        .values_list("inspection__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_level(Counter(dict(rows)))


def _members(org: Organisation, period: Period, group: str) -> Figure:
    kinds = KIND_GROUPS[group]
    listed = (
        queries.subjects_in(org, period.start, period.end)
        .filter(member__isnull=False, inspection__kind__in=kinds)
        .values_list("inspection__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    tallied = (
        queries.done_in(org, period.start, period.end)
        .filter(kind__in=kinds, members_checked__isnull=False)
        .values_list("level")
        .annotate(n=Sum("members_checked"))
        .order_by()
    )
    counts: Counter[str] = Counter(dict(listed))
    counts.update(dict(tallied))
    return _by_level(counts)


@register(
    "inspection.inspected_orgs",
    "Tổ chức đảng được kiểm tra",
    "tổ chức",
    "Tổ chức đảng là đối tượng của các cuộc kiểm tra (khi có dấu hiệu vi phạm; thực hiện "
    "nhiệm vụ, chấp hành) hoàn thành trong kỳ, mỗi cuộc tính một lần cho mỗi tổ chức; theo "
    "cơ quan tiến hành; đặt theo vị trí của tổ chức tiến hành ngày kết thúc.",
    owner=OWNER,
    additive=False,
    records=records("inspection:inspections", trang_thai=Status.DONE, nhom="inspection"),
)
def inspected_orgs(org: Organisation, period: Period) -> Figure:
    return _orgs(org, period, "inspection")


@register(
    "inspection.inspected_members",
    "Đảng viên được kiểm tra",
    "đảng viên",
    "Đảng viên là đối tượng của các cuộc kiểm tra hoàn thành trong kỳ (kể cả số đảng viên "
    "chi bộ ghi nhận đã kiểm tra chấp hành mà không liệt kê), theo cơ quan tiến hành.",
    owner=OWNER,
    additive=False,
    records=records("inspection:inspections", trang_thai=Status.DONE, nhom="inspection"),
)
def inspected_members(org: Organisation, period: Period) -> Figure:
    return _members(org, period, "inspection")


@register(
    "inspection.supervised_orgs",
    "Tổ chức đảng được giám sát",
    "tổ chức",
    "Tổ chức đảng là đối tượng của các cuộc giám sát (chuyên đề, thường xuyên) hoàn thành "
    "trong kỳ, mỗi cuộc tính một lần cho mỗi tổ chức; theo cơ quan tiến hành.",
    owner=OWNER,
    additive=False,
    records=records("inspection:inspections", trang_thai=Status.DONE, nhom="supervision"),
)
def supervised_orgs(org: Organisation, period: Period) -> Figure:
    return _orgs(org, period, "supervision")


@register(
    "inspection.supervised_members",
    "Đảng viên được giám sát",
    "đảng viên",
    "Đảng viên là đối tượng của các cuộc giám sát hoàn thành trong kỳ, theo cơ quan tiến hành.",
    owner=OWNER,
    additive=False,
    records=records("inspection:inspections", trang_thai=Status.DONE, nhom="supervision"),
)
def supervised_members(org: Organisation, period: Period) -> Figure:
    return _members(org, period, "supervision")


def _cells_by_grassroots(org: Organisation, period: Period, group: str) -> Figure:
    kinds = KIND_GROUPS[group]
    rows = (
        queries.subjects_in(org, period.start, period.end)
        .filter(
            org_kind=OrgKind.CELL,
            inspection__level=Level.GRASSROOTS,
            inspection__kind__in=kinds,
        )
        .values_list("inspection__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_kind(Counter(dict(rows)), kinds)


# The batch forms read the same records as `queries.done_in` / `queries.subjects_in`,
# placed where the conducting organisation stood on the end date.
DONE_DAY = "end_date"
SUBJECT_DAY = "inspection__end_date"


def _done() -> QuerySet[Inspection]:
    return Inspection.objects.filter(status=Status.DONE, voided_at__isnull=True)


def _subjects() -> QuerySet[Subject]:
    return Subject.objects.filter(
        inspection__status=Status.DONE, inspection__voided_at__isnull=True
    )


def _cells_by_grassroots_many(
    orgs: list[Organisation], period: Period, group: str
) -> dict[int, Figure]:
    kinds = KIND_GROUPS[group]
    found = tally(
        _subjects().filter(
            org_kind=OrgKind.CELL,
            inspection__level=Level.GRASSROOTS,
            inspection__kind__in=kinds,
        ),
        orgs,
        period,
        day=SUBJECT_DAY,
        path=org_path("inspection__organisation", SUBJECT_DAY),
        keys=["inspection__kind"],
    )
    return {k: _by_kind(c, kinds) for k, c in found.items()}


@register(
    "inspection.cells_inspected_by_grassroots",
    "Chi bộ được đảng ủy cơ sở kiểm tra",
    "chi bộ",
    "Chi bộ trực thuộc là đối tượng của các cuộc kiểm tra do đảng ủy cơ sở tiến hành, hoàn "
    "thành trong kỳ; theo loại kiểm tra.",
    owner=OWNER,
    records=records(
        "inspection:inspections",
        trang_thai=Status.DONE,
        nhom="inspection",
        cap=Level.GRASSROOTS,
    ),
)
def cells_inspected_by_grassroots(org: Organisation, period: Period) -> Figure:
    return _cells_by_grassroots(org, period, "inspection")


@register_many("inspection.cells_inspected_by_grassroots")
def cells_inspected_by_grassroots_many(
    orgs: list[Organisation], period: Period
) -> dict[int, Figure]:
    return _cells_by_grassroots_many(orgs, period, "inspection")


@register(
    "inspection.cells_supervised_by_grassroots",
    "Chi bộ được đảng ủy cơ sở giám sát",
    "chi bộ",
    "Chi bộ trực thuộc là đối tượng của các cuộc giám sát do đảng ủy cơ sở tiến hành, hoàn "
    "thành trong kỳ; theo loại giám sát (chuyên đề, thường xuyên).",
    owner=OWNER,
    records=records(
        "inspection:inspections",
        trang_thai=Status.DONE,
        nhom="supervision",
        cap=Level.GRASSROOTS,
    ),
)
def cells_supervised_by_grassroots(org: Organisation, period: Period) -> Figure:
    return _cells_by_grassroots(org, period, "supervision")


@register_many("inspection.cells_supervised_by_grassroots")
def cells_supervised_by_grassroots_many(
    orgs: list[Organisation], period: Period
) -> dict[int, Figure]:
    return _cells_by_grassroots_many(orgs, period, "supervision")


@register(
    "inspection.members_checked_by_cells",
    "Đảng viên được chi bộ kiểm tra chấp hành",
    "đảng viên",
    "Đảng viên được chi bộ kiểm tra việc thực hiện nhiệm vụ, chấp hành trong các cuộc hoàn "
    "thành trong kỳ: đảng viên được liệt kê, hoặc số lượng chi bộ ghi nhận.",
    owner=OWNER,
    records=records(
        "inspection:inspections",
        trang_thai=Status.DONE,
        loai=Kind.COMPLIANCE,
        cap=Level.CELL,
    ),
)
def members_checked_by_cells(org: Organisation, period: Period) -> int:
    done = queries.done_in(org, period.start, period.end).filter(
        level=Level.CELL, kind=Kind.COMPLIANCE
    )
    listed = (
        queries.subjects_in(org, period.start, period.end)
        .filter(member__isnull=False, inspection__level=Level.CELL)
        .filter(inspection__kind=Kind.COMPLIANCE)
        .count()
    )
    return listed + (done.aggregate(n=Sum("members_checked"))["n"] or 0)


@register_many("inspection.members_checked_by_cells")
def members_checked_by_cells_many(orgs: list[Organisation], period: Period) -> dict[int, int]:
    placement = Placement(orgs, period)
    listed = tally(
        _subjects().filter(
            member__isnull=False, inspection__level=Level.CELL, inspection__kind=Kind.COMPLIANCE
        ),
        orgs,
        period,
        day=SUBJECT_DAY,
        path=org_path("inspection__organisation", SUBJECT_DAY),
        placement=placement,
    )
    tallied = tally(
        _done().filter(level=Level.CELL, kind=Kind.COMPLIANCE),
        orgs,
        period,
        day=DONE_DAY,
        path=org_path("organisation", DONE_DAY),
        measure=Sum("members_checked"),
        placement=placement,
    )
    return {k: c.total() + tallied[k].total() for k, c in listed.items()}


def _programme_items(org: Organisation, period: Period) -> Any:
    return ProgrammeItem.objects.filter(
        programme__organisation=org,
        programme__year__gte=period.start.year,
        programme__year__lte=period.end.year,
        programme__voided_at__isnull=True,
        voided_at__isnull=True,
    )


def programme_records(org: Organisation, period: Period) -> str:
    query = {"to_chuc": org.code, "nam": str(period.end.year)}
    return f"{reverse('inspection:programmes')}?{urlencode(query)}"


@register(
    "inspection.programme_items",
    "Cuộc kiểm tra, giám sát trong chương trình năm",
    "cuộc",
    "Số nội dung trong các chương trình kiểm tra, giám sát của chính tổ chức (Ban Thường vụ, "
    "Ủy ban Kiểm tra, các ban của cấp ủy; hoặc đảng ủy cơ sở, chi bộ) cho các năm của kỳ; "
    "theo cơ quan.",
    owner=OWNER,
    additive=False,
    records=programme_records,
)
def programme_items(org: Organisation, period: Period) -> Figure:
    rows = (
        _programme_items(org, period)
        .values_list("programme__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_level(Counter(dict(rows)))


@register(
    "inspection.programme_done",
    "Cuộc kiểm tra, giám sát hoàn thành theo chương trình năm",
    "cuộc",
    "Số nội dung trong các chương trình kiểm tra, giám sát của chính tổ chức cho các năm của "
    "kỳ (Ban Thường vụ, Ủy ban Kiểm tra, các ban của cấp ủy; với tổ chức cơ sở: chương trình "
    "của cấp ủy cơ sở, chi bộ) đã có cuộc kiểm tra, giám sát hoàn thành, kết thúc trong kỳ; "
    "theo cơ quan. Không gồm chương trình của các tổ chức trực thuộc.",
    owner=OWNER,
    additive=False,
    records=programme_records,
)
def programme_done(org: Organisation, period: Period) -> Figure:
    done = Inspection.objects.filter(
        programme_item=OuterRef("pk"),
        status=Status.DONE,
        voided_at__isnull=True,
        end_date__gte=period.start,
        end_date__lte=period.end,
    )
    rows = (
        _programme_items(org, period)
        .filter(Exists(done))
        .values_list("programme__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_level(Counter(dict(rows)))


@register(
    "inspection.programme_completion",
    "Tỷ lệ hoàn thành chương trình kiểm tra, giám sát",
    "%",
    "Nội dung đã hoàn thành trên tổng số nội dung của chương trình năm của chính tổ chức (%).",
    owner=OWNER,
    additive=False,
    records=programme_records,
)
def programme_completion(org: Organisation, period: Period) -> float | None:
    done = value("inspection.programme_done", org, period).value
    planned = value("inspection.programme_items", org, period).value
    return percent(done, planned)


@register(
    "discipline.organisations",
    "Tổ chức đảng bị kỷ luật",
    "tổ chức",
    "Quyết định kỷ luật tổ chức đảng trong kỳ, theo hình thức; đặt theo vị trí của tổ chức "
    "bị kỷ luật ngày quyết định.",
    owner=OWNER,
    records=records("inspection:disciplines", doi_tuong="ORGANISATION"),
)
def disciplined_organisations(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.org_decisions_in(org, period.start, period.end)
        .values_list("form")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_form(Counter(dict(rows)))


def _by_form(counts: Counter[Any]) -> Figure:
    return Figure(
        sum(counts.values()),
        # Heaviest first, as party reports write them.
        {Form(f).label: counts.get(f, 0) for f in ORGANISATION_FORMS},
    )


@register_many("discipline.organisations")
def disciplined_organisations_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        DisciplineDecision.objects.filter(target=Target.ORGANISATION, voided_at__isnull=True),
        orgs,
        period,
        day="decision_date",
        path=org_path("organisation", "decision_date"),
        keys=["form"],
    )
    return {k: _by_form(c) for k, c in found.items()}


def _by_complaint_kind(counts: Counter[str]) -> Figure:
    return Figure(
        sum(counts.values()), {label: counts.get(k, 0) for k, label in Complaint.Kind.choices}
    )


@register(
    "complaints.received",
    "Đơn khiếu nại, tố cáo nhận được",
    "đơn",
    "Đơn khiếu nại, tố cáo nhận trong kỳ, theo loại; đặt theo vị trí của tổ chức giải quyết "
    "ngày nhận đơn (đơn do cấp ủy cấp trên cơ sở giải quyết không thuộc tổ chức cơ sở nào).",
    owner=OWNER,
    additive=False,
    records=records("inspection:complaints"),
)
def complaints_received(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.complaints_received_in(org, period.start, period.end)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_complaint_kind(Counter(dict(rows)))


@register(
    "complaints.resolved",
    "Đơn khiếu nại, tố cáo đã giải quyết xong",
    "đơn",
    "Đơn kết thúc giải quyết trong kỳ (đã giải quyết, hoặc không thụ lý, lưu đơn), theo loại.",
    owner=OWNER,
    additive=False,
    records=records("inspection:complaints", trang_thai="CLOSED"),
)
def complaints_resolved(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.complaints_closed_in(org, period.start, period.end)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_complaint_kind(Counter(dict(rows)))


def overdue_records(org: Organisation, period: Period) -> str:
    query = {"to_chuc": org.code, "ngay": period.end.isoformat()}
    return f"{reverse('inspection:complaints_due')}?{urlencode(query)}"


@register(
    "complaints.overdue",
    "Đơn khiếu nại, tố cáo quá hạn giải quyết",
    "đơn",
    "Đơn chưa giải quyết xong vào ngày cuối kỳ mà đã quá hạn giải quyết, theo loại; số tồn "
    "tại một ngày, không cộng dồn theo kỳ.",
    owner=OWNER,
    additive=False,
    records=overdue_records,
)
def complaints_overdue(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.complaints_overdue_on(org, period.end)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_complaint_kind(Counter(dict(rows)))
