"""Indicators of emulation and commendation work and of mass organisations."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from dangvu.office import queries
from dangvu.office.models import MassOrganisation, Rating, Reason
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Figure, Period, register

OWNER = "office"


def _by_reason(rows: Counter[str]) -> Figure:
    return Figure(sum(rows.values()), {Reason(r).label: n for r, n in sorted(rows.items()) if n})


@register(
    "emulation.commended_collectives",
    "Tập thể được khen thưởng",
    "tập thể",
    "Khen thưởng tập thể có quyết định trong kỳ, theo phong trào (theo cơ cấu ngày quyết định).",
    owner=OWNER,
)
def commended_collectives(org: Organisation, period: Period) -> Figure:
    rows = queries.collectives_in(org, period.start, period.end)
    return _by_reason(Counter(dict(rows.values_list("reason").annotate(n=Count("id")).order_by())))


@register(
    "emulation.commended_individuals",
    "Cá nhân được khen thưởng",
    "cá nhân",
    "Khen thưởng cá nhân có quyết định trong kỳ, theo phong trào; đảng viên theo nơi sinh "
    "hoạt ngày quyết định.",
    owner=OWNER,
)
def commended_individuals(org: Organisation, period: Period) -> Figure:
    rows = queries.individuals_in(org, period.start, period.end)
    return _by_reason(Counter(dict(rows.values_list("reason").annotate(n=Count("id")).order_by())))


@register(
    "massorgs.congresses",
    "Đại hội đoàn thể",
    "đại hội",
    "Đại hội các tổ chức đoàn thể tổ chức trong kỳ, theo loại đoàn thể.",
    owner=OWNER,
)
def congresses(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.congresses_in(org, period.start, period.end)
        .values_list("unit__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(rows)
    return Figure(
        sum(counts.values()),
        {label: counts[k] for k, label in MassOrganisation.Kind.choices if counts.get(k)},
    )


@register(
    "massorgs.ratings",
    "Đoàn thể hoàn thành xuất sắc nhiệm vụ",
    "tổ chức",
    "Tổ chức đoàn thể được xếp loại «Hoàn thành xuất sắc nhiệm vụ» cho các năm kết thúc "
    "trong kỳ; chi tiết: số tổ chức theo từng mức xếp loại.",
    owner=OWNER,
)
def ratings(org: Organisation, period: Period) -> Figure:
    rows = (
        queries.ratings_in(org, period.start, period.end)
        .values_list("rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(rows)
    return Figure(
        counts.get(Rating.EXCELLENT, 0),
        {label: counts.get(k, 0) for k, label in Rating.choices},
    )
