"""Indicators of emulation and commendation work and of mass organisations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse

from dangvu.office import plans, queries
from dangvu.office.models import (
    Commendation,
    MassCongress,
    MassOrganisation,
    MassRating,
    Rating,
    Reason,
)
from dangvu.orgs.models import Organisation
from dangvu.reports.batch import Placement, member_path, org_path, tally
from dangvu.reports.registry import (
    Figure,
    Period,
    percent,
    plan,
    register,
    register_many,
    value,
)

OWNER = "office"


def records(name: str, **params: str) -> Callable[[Organisation, Period], str]:
    """The records link of a figure: list page `name` filtered to the organisation's
    subtree and the period (the list places records by their organisation's present
    position, the figure by its position on the record's date: after a restructuring
    the two may differ at the edges)."""

    def url(org: Organisation, period: Period) -> str:
        query = {
            "to_chuc": org.code,
            "tu": period.start.isoformat(),
            "den": period.end.isoformat(),
            **params,
        }
        return f"{reverse(name)}?{urlencode(query)}"

    return url


def plan_records(org: Organisation, period: Period) -> str:
    """The plan-versus-actual page of the organisation for the period's (last) year."""
    query = {"to_chuc": org.code, "nam": str(period.end.year)}
    return f"{reverse('office:plan_actual')}?{urlencode(query)}"


def _by_reason(rows: Counter[Any]) -> Figure:
    return Figure(sum(rows.values()), {Reason(r).label: n for r, n in sorted(rows.items()) if n})


@register(
    "emulation.commended_collectives",
    "Tập thể được khen thưởng",
    "tập thể",
    "Khen thưởng tập thể có quyết định trong kỳ, theo phong trào (theo cơ cấu ngày quyết định).",
    owner=OWNER,
    records=records("office:commendations", loai="COLLECTIVE"),
)
def commended_collectives(org: Organisation, period: Period) -> Figure:
    rows = queries.collectives_in(org, period.start, period.end)
    return _by_reason(Counter(dict(rows.values_list("reason").annotate(n=Count("id")).order_by())))


def _commendations(kind: str) -> QuerySet[Commendation]:
    return Commendation.objects.filter(kind=kind, voided_at__isnull=True)


@register_many("emulation.commended_collectives")
def commended_collectives_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        _commendations(Commendation.Kind.COLLECTIVE),
        orgs,
        period,
        day="decision_date",
        path=org_path("organisation", "decision_date"),
        keys=["reason"],
    )
    return {k: _by_reason(c) for k, c in found.items()}


@register(
    "emulation.commended_individuals",
    "Cá nhân được khen thưởng",
    "cá nhân",
    "Khen thưởng cá nhân có quyết định trong kỳ, theo phong trào; đảng viên theo nơi sinh "
    "hoạt ngày quyết định.",
    owner=OWNER,
    records=records("office:commendations", loai="INDIVIDUAL"),
)
def commended_individuals(org: Organisation, period: Period) -> Figure:
    rows = queries.individuals_in(org, period.start, period.end)
    return _by_reason(Counter(dict(rows.values_list("reason").annotate(n=Count("id")).order_by())))


@register_many("emulation.commended_individuals")
def commended_individuals_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    """Members' commendations placed by the member's organisation, the others by their
    own organisation, on the decision date: two grouped queries and the epochs."""
    individuals = _commendations(Commendation.Kind.INDIVIDUAL)
    placement = Placement(orgs, period)
    members = tally(
        individuals.filter(member__isnull=False),
        orgs,
        period,
        day="decision_date",
        path=member_path("member", "decision_date"),
        keys=["reason"],
        placement=placement,
    )
    others = tally(
        individuals.filter(member__isnull=True),
        orgs,
        period,
        day="decision_date",
        path=org_path("organisation", "decision_date"),
        keys=["reason"],
        placement=placement,
    )
    return {k: _by_reason(c + others[k]) for k, c in members.items()}


@register(
    "massorgs.congresses",
    "Đại hội đoàn thể",
    "đại hội",
    "Đại hội các tổ chức đoàn thể tổ chức trong kỳ, theo loại đoàn thể.",
    owner=OWNER,
    records=records("office:congresses"),
)
def congresses(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.congresses_in(org, period.start, period.end)
        .values_list("unit__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_mass_kind(dict(rows))


def _by_mass_kind(counts: dict[Any, int]) -> Figure:
    return Figure(
        sum(counts.values()),
        {label: counts[k] for k, label in MassOrganisation.Kind.choices if counts.get(k)},
    )


@register_many("massorgs.congresses")
def congresses_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        MassCongress.objects.filter(voided_at__isnull=True),
        orgs,
        period,
        day="date",
        path=org_path("unit__organisation", "date"),
        keys=["unit__kind"],
    )
    return {k: _by_mass_kind(c) for k, c in found.items()}


@register(
    "massorgs.ratings",
    "Đoàn thể hoàn thành xuất sắc nhiệm vụ",
    "tổ chức",
    "Tổ chức đoàn thể được xếp loại «Hoàn thành xuất sắc nhiệm vụ» cho các năm kết thúc "
    "trong kỳ; chi tiết: số tổ chức theo từng mức xếp loại.",
    owner=OWNER,
    records=records("office:ratings"),
)
def ratings(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.ratings_in(org, period.start, period.end)
        .values_list("rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _by_rating(dict(rows))


def _by_rating(counts: dict[Any, int]) -> Figure:
    return Figure(
        counts.get(Rating.EXCELLENT, 0),
        {label: counts.get(k, 0) for k, label in Rating.choices},
    )


@register_many("massorgs.ratings")
def ratings_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = tally(
        MassRating.objects.filter(voided_at__isnull=True),
        orgs,
        period,
        day="as_of",
        path=org_path("unit__organisation", "as_of"),
        keys=["rating"],
    )
    return {k: _by_rating(c) for k, c in found.items()}


# --- plans ----------------------------------------------------------------------------
# The percent of plan of admissions is registered here, by the app that keeps the plans:
# the members app counts admissions and knows nothing of targets.


@register(
    "members.admitted.pct_plan",
    "Tỷ lệ kết nạp đảng viên so với chỉ tiêu",
    "%",
    "Số đảng viên kết nạp mới trong kỳ so với chỉ tiêu kết nạp của chính tổ chức trong kế "
    "hoạch năm (hoặc kế hoạch đúng các năm của kỳ) đã ban hành; trống khi không có chỉ tiêu.",
    owner=OWNER,
    additive=False,
    records=plan_records,
)
def admitted_pct_plan(org: Organisation, period: Period) -> Figure:
    target = plan("members.admitted", org, period)
    if target is None:
        return Figure(None)
    return Figure(percent(value("members.admitted", org, period).value, target))


@register(
    "plans.targets_met",
    "Chỉ tiêu kế hoạch đạt và vượt",
    "chỉ tiêu",
    "Chỉ tiêu trong các kế hoạch đã ban hành của chính tổ chức cho các năm của kỳ mà số "
    "liệu thực hiện đạt hoặc vượt; chi tiết: số chỉ tiêu đạt, chưa đạt.",
    owner=OWNER,
    additive=False,
    records=plan_records,
)
def targets_met(org: Organisation, period: Period) -> Figure:
    """Targets reached; one computation of its indicator per target (a handful a plan).

    Not a sum over the subtree: each organisation's targets are its own commitment.
    """
    span = plans.plan_years(period)
    if span is None:
        return Figure(None)
    rows = plans.compare(plans.committing_targets(org, *span), period)
    met = sum(1 for r in rows if r.met)
    return Figure(met, {"Đạt và vượt": met, "Chưa đạt": len(rows) - met})
