"""Indicators of personnel work (công tác cán bộ, bảo vệ chính trị nội bộ).

Records are placed in a subtree by their organisation's position on the record's date.
Each indicator is one or two aggregate queries, whatever the number of records.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.personnel import queries
from dangvu.personnel.models import (
    CellAttendance,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
)
from dangvu.reports.batch import org_path, tally
from dangvu.reports.registry import (
    Figure,
    Period,
    register,
    register_many,
    register_pct_change,
)

OWNER = "personnel"


def _url(name: str, org: Organisation, period: Period, **extra: str) -> str:
    params = {
        "to_chuc": org.code,
        "tu": period.start.isoformat(),
        "den": period.end.isoformat(),
        **extra,
    }
    return f"{reverse(name)}?{urlencode(params)}"


def _distinct_orgs_by_kind(
    rows: QuerySet[object], org: Organisation, org_field: str, date_field: str
) -> Figure:
    """Distinct organisations below `org` among `rows`, by their kind on the row's date.

    An organisation that changed kind within the period is counted once, under its kind
    on its latest record.
    """
    found = (
        rows.exclude(**{org_field: org.pk})
        .annotate(org_kind=queries.kind_on(org_field, date_field))
        .values_list(org_field, "org_kind")
        .order_by(date_field)
    )
    latest: dict[int, str] = {}
    for org_id, kind in found:
        latest[org_id] = kind
    counts = Counter(latest.values())
    return Figure(
        len(latest),
        {label: counts[kind] for kind, label in OrgKind.choices if counts.get(kind)},
    )


@register(
    "personnel.executive_completed",
    "Ủy viên Ban Chấp hành được kiện toàn",
    "người",
    "Số người được bổ sung vào Ban Chấp hành (cấp ủy) của chính tổ chức này bằng quyết "
    "định kiện toàn (chuẩn y, chỉ định, chỉ định bổ sung) có ngày quyết định trong kỳ. "
    "Không cộng dồn: chỉ tính cấp ủy của tổ chức được xem, không tính cấp ủy các tổ chức "
    "trực thuộc.",
    owner=OWNER,
    additive=False,
    records=lambda org, period: _url(
        "personnel:seats", org, period, chi_rieng="1", ban=CommitteeKind.EXECUTIVE, nguon="qd"
    ),
)
def executive_completed(org: Organisation, period: Period) -> int:
    return (
        CommitteeMember.objects.filter(
            voided_at__isnull=True,
            committee__organisation=org,
            committee__kind=CommitteeKind.EXECUTIVE,
            committee__voided_at__isnull=True,
            start_decision__isnull=False,
            start_decision__voided_at__isnull=True,
            start_decision__decision_date__gte=period.start,
            start_decision__decision_date__lte=period.end,
        )
        .values("member")
        .distinct()
        .count()
    )


@register(
    "personnel.orgs_with_committee_decisions",
    "Tổ chức đảng được kiện toàn nhân sự cấp ủy, ủy ban kiểm tra",
    "tổ chức",
    "Số tổ chức đảng khác nhau trong phạm vi (không tính chính tổ chức được xem) có quyết "
    "định kiện toàn nhân sự Ban Chấp hành, Ban Thường vụ hoặc Ủy ban Kiểm tra trong kỳ; "
    "chi tiết theo loại tổ chức vào ngày quyết định. Không cộng dồn: tổng của các tổ chức "
    "con không tính chính các tổ chức con.",
    owner=OWNER,
    additive=False,
    records=lambda org, period: _url("personnel:decisions", org, period, duoi="1"),
)
def orgs_with_committee_decisions(org: Organisation, period: Period) -> Figure:
    rows = queries.decisions_in(org, period.start, period.end)
    return _distinct_orgs_by_kind(rows, org, "committee__organisation", "decision_date")


@register(
    "personnel.committee_decisions",
    "Quyết định kiện toàn nhân sự cấp ủy, ủy ban kiểm tra",
    "quyết định",
    "Số quyết định kiện toàn (chuẩn y, chỉ định, chỉ định bổ sung, cho thôi) có ngày quyết "
    "định trong kỳ, của các tổ chức trong phạm vi kể cả chính tổ chức được xem; chi tiết "
    "theo cơ quan được kiện toàn.",
    owner=OWNER,
    records=lambda org, period: _url("personnel:decisions", org, period),
)
def committee_decisions(org: Organisation, period: Period) -> Figure:
    counts = dict(
        queries.decisions_in(org, period.start, period.end)
        .values_list("committee__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_committee_kind(counts)


def _by_committee_kind(counts: dict[Any, int]) -> Figure:
    return Figure(
        sum(counts.values()),
        {label: counts[k] for k, label in CommitteeKind.choices if counts.get(k)},
    )


@register_many("personnel.committee_decisions")
def committee_decisions_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        CommitteeDecision.objects.filter(voided_at__isnull=True, committee__voided_at__isnull=True),
        orgs,
        period,
        day="decision_date",
        path=org_path("committee__organisation", "decision_date"),
        keys=["committee__kind"],
    )
    return {k: _by_committee_kind(c) for k, c in found.items()}


@register(
    "personnel.orgs_with_acting_assignment",
    "Tổ chức đảng được giao quyền, phân công phụ trách",
    "tổ chức",
    "Số tổ chức đảng khác nhau trong phạm vi (không tính chính tổ chức được xem) có quyết "
    "định giao quyền hoặc phân công phụ trách cấp ủy, tổ chức đảng với ngày quyết định "
    "trong kỳ; chi tiết theo loại tổ chức. Không cộng dồn.",
    owner=OWNER,
    additive=False,
    records=lambda org, period: _url("personnel:acting", org, period, duoi="1"),
)
def orgs_with_acting_assignment(org: Organisation, period: Period) -> Figure:
    rows = queries.acting_in(org, period.start, period.end)
    return _distinct_orgs_by_kind(rows, org, "organisation", "decision_date")


@register(
    "personnel.leader_evaluations",
    "Cán bộ lãnh đạo, quản lý được nhận xét, đánh giá",
    "đồng chí",
    "Số lần cấp ủy có ý kiến nhận xét, đánh giá cán bộ lãnh đạo, quản lý thuộc diện cấp ủy "
    "quản lý, có ngày trong kỳ, theo nơi sinh hoạt đảng của cán bộ vào ngày đó; chi tiết "
    "theo lý do (bổ nhiệm, bổ nhiệm lại, khen thưởng …).",
    owner=OWNER,
    records=lambda org, period: _url("personnel:evaluations", org, period),
)
def leader_evaluations(org: Organisation, period: Period) -> Figure:
    counts = dict(
        queries.evaluations_in(org, period.start, period.end)
        .values_list("reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_evaluation_reason(counts)


def _by_evaluation_reason(counts: dict[Any, int]) -> Figure:
    return Figure(
        sum(counts.values()),
        {label: counts[k] for k, label in LeaderEvaluation.Reason.choices if counts.get(k)},
    )


@register_many("personnel.leader_evaluations")
def leader_evaluations_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        LeaderEvaluation.objects.filter(voided_at__isnull=True),
        orgs,
        period,
        day="date",
        path=org_path("organisation", "date"),
        keys=["reason"],
    )
    return {k: _by_evaluation_reason(c) for k, c in found.items()}


@register(
    "personnel.political_conclusions",
    "Trường hợp được kết luận tiêu chuẩn chính trị",
    "trường hợp",
    "Số kết luận tiêu chuẩn chính trị có ngày kết luận trong kỳ (cả đủ và chưa đủ tiêu "
    "chuẩn), theo tổ chức đảng của người được kết luận vào ngày đó; chi tiết theo mục đích "
    "(kết nạp đảng, bổ nhiệm, quy hoạch, khác).",
    owner=OWNER,
    records=lambda org, period: _url("personnel:conclusions", org, period),
)
def political_conclusions(org: Organisation, period: Period) -> Figure:
    counts = dict(
        queries.conclusions_in(org, period.start, period.end)
        .values_list("purpose")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_purpose(counts)


def _by_purpose(counts: dict[Any, int]) -> Figure:
    return Figure(
        sum(counts.values()),
        {label: counts.get(k, 0) for k, label in PoliticalConclusion.Purpose.choices},
    )


def _conclusions_many(
    orgs: list[Organisation], period: Period, *filters: Q, keys: list[str]
) -> dict[int, Counter[Any]]:
    return tally(
        PoliticalConclusion.objects.filter(*filters, voided_at__isnull=True),
        orgs,
        period,
        day="date",
        path=org_path("organisation", "date"),
        keys=keys,
    )


@register_many("personnel.political_conclusions")
def political_conclusions_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = _conclusions_many(orgs, period, keys=["purpose"])
    return {k: _by_purpose(c) for k, c in found.items()}


register_pct_change(
    "personnel.political_conclusions", "Kết luận tiêu chuẩn chính trị so với năm trước"
)


@register(
    "personnel.political_conclusions.not_met",
    "Trường hợp kết luận chưa đủ tiêu chuẩn chính trị",
    "trường hợp",
    "Số kết luận tiêu chuẩn chính trị trong kỳ có kết luận «chưa đủ tiêu chuẩn», theo tổ "
    "chức đảng của người được kết luận vào ngày kết luận.",
    owner=OWNER,
    records=lambda org, period: _url(
        "personnel:conclusions", org, period, ket_luan=PoliticalConclusion.Outcome.NOT_MET
    ),
)
def political_conclusions_not_met(org: Organisation, period: Period) -> int:
    return (
        queries.conclusions_in(org, period.start, period.end)
        .filter(outcome=PoliticalConclusion.Outcome.NOT_MET)
        .count()
    )


@register_many("personnel.political_conclusions.not_met")
def political_conclusions_not_met_many(orgs: list[Organisation], period: Period) -> dict[int, int]:
    not_met = Q(outcome=PoliticalConclusion.Outcome.NOT_MET)
    found = _conclusions_many(orgs, period, not_met, keys=[])
    return {k: c.total() for k, c in found.items()}


@register(
    "personnel.cell_attendance_assignments",
    "Chi bộ có cấp ủy viên cấp trên được phân công dự sinh hoạt",
    "chi bộ",
    "Số chi bộ trong phạm vi (theo vị trí vào ngày cuối kỳ) có ít nhất một cấp ủy viên cấp "
    "trên được phân công dự sinh hoạt còn hiệu lực vào ngày cuối kỳ.",
    owner=OWNER,
    records=lambda org, period: _url("personnel:attendances", org, period),
)
def cell_attendance_assignments(org: Organisation, period: Period) -> int:
    return queries.attendances_on(org, period.end).values("cell").distinct().count()


@register_many("personnel.cell_attendance_assignments")
def cell_attendance_assignments_many(orgs: list[Organisation], period: Period) -> dict[int, int]:
    """The assignments in force on the last day, by cell, each cell placed where it stood
    that day; an organisation counts the distinct cells of its subtree."""
    day = period.end
    in_force = CellAttendance.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        voided_at__isnull=True,
        start_date__lte=day,
        seat__voided_at__isnull=True,
    )
    found = tally(
        in_force, orgs, Period(day, day), day=day, path=org_path("cell", day), keys=["cell"]
    )
    return {k: len(cells) for k, cells in found.items()}
