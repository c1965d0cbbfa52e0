"""Indicators of the organisation board: the tree's shape at the end of a period and the
restructuring decisions taken in it.

Each counts the organisations of the subtree *including the organisation itself*, so that
the figures of the grassroots organisations add up to their committee's (a grassroots
cell counts as one grassroots cell in its own row of the statistical table).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import (
    Organisation,
    OrganisationVersion,
    Restructuring,
    RestructuringOrganisation,
    subtree_range,
)
from dangvu.orgs.queries import counts_by_kind, counts_by_kind_and_parent_kind
from dangvu.reports.registry import Figure, Period, records_link, register

K = OrgKind
OWNER = "orgs"


def _paths(org: Organisation, period: Period) -> Q:
    """Paths under `org` as it stood at any time in the period."""
    q = Q(pk__in=[])
    for path in set(
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=period.end, valid_to__gt=period.start
        ).values_list("path", flat=True)
    ):
        low, high = subtree_range(path)
        q |= Q(path_before__gte=low, path_before__lt=high)
    return q


def _parts(org: Organisation, period: Period, kind: str) -> Counter[tuple[str, str]]:
    rows = RestructuringOrganisation.objects.filter(
        _paths(org, period),
        restructuring__kind=kind,
        restructuring__effective_date__gte=period.start,
        restructuring__effective_date__lte=period.end,
        role=RestructuringOrganisation.Role.SUBJECT,
    ).values_list("kind_before", "kind_after")
    return Counter(rows)


@register(
    "orgs.dissolved",
    "Tổ chức đảng kết thúc hoạt động",
    "tổ chức",
    "Số tổ chức trong phạm vi được quyết định giải thể, kết thúc hoạt động trong kỳ.",
    owner=OWNER,
    records=records_link("orgs:restructurings", loai="DISSOLVE"),
)
def dissolved(org: Organisation, period: Period) -> Figure:
    parts = _parts(org, period, Restructuring.Kind.DISSOLVE)
    by_kind: Counter[str] = Counter()
    for (before, _), n in parts.items():
        by_kind[OrgKind(before).label] += n
    return Figure(sum(parts.values()), dict(by_kind))


@register(
    "orgs.converted",
    "Tổ chức đảng chuyển loại hình",
    "tổ chức",
    "Số tổ chức trong phạm vi chuyển loại hình trong kỳ, theo loại trước → sau.",
    owner=OWNER,
    records=records_link("orgs:restructurings", loai="CONVERT"),
)
def converted(org: Organisation, period: Period) -> Figure:
    parts = _parts(org, period, Restructuring.Kind.CONVERT)
    breakdown = {
        f"{OrgKind(before).label} → {OrgKind(after).label}": n
        for (before, after), n in parts.items()
    }
    return Figure(sum(parts.values()), breakdown)


def _at_end(kinds: tuple[str, ...]) -> object:
    def compute(org: Organisation, period: Period) -> int:
        counts = counts_by_kind(org, period.end, include_root=True)
        return sum(counts[k] for k in kinds)

    return compute


register(
    "orgs.grassroots",
    "Tổ chức cơ sở đảng",
    "tổ chức",
    "Chi bộ cơ sở và đảng bộ cơ sở trong phạm vi (kể cả chính tổ chức), cuối kỳ.",
    owner=OWNER,
)(_at_end((K.GRASSROOTS_CELL, K.GRASSROOTS_COMMITTEE)))
register(
    "orgs.grassroots_cells",
    "Chi bộ cơ sở",
    "chi bộ",
    "Chi bộ cơ sở trong phạm vi (kể cả chính tổ chức), cuối kỳ.",
    owner=OWNER,
)(_at_end((K.GRASSROOTS_CELL,)))
register(
    "orgs.grassroots_committees",
    "Đảng bộ cơ sở",
    "đảng bộ",
    "Đảng bộ cơ sở trong phạm vi (kể cả chính tổ chức), cuối kỳ.",
    owner=OWNER,
)(_at_end((K.GRASSROOTS_COMMITTEE,)))
register(
    "orgs.sub_committees",
    "Đảng bộ bộ phận",
    "đảng bộ",
    "Đảng bộ bộ phận trong phạm vi (kể cả chính tổ chức), cuối kỳ.",
    owner=OWNER,
)(_at_end((K.SUB_COMMITTEE,)))


def _cells_under(parent_kind: str) -> object:
    def compute(org: Organisation, period: Period) -> int:
        return counts_by_kind_and_parent_kind(org, period.end)[(K.CELL, parent_kind)]

    return compute


register(
    "orgs.cells_under_grassroots_committees",
    "Chi bộ trực thuộc đảng bộ cơ sở",
    "chi bộ",
    "Chi bộ trực thuộc trực tiếp các đảng bộ cơ sở, cuối kỳ.",
    owner=OWNER,
)(_cells_under(K.GRASSROOTS_COMMITTEE))
register(
    "orgs.cells_under_sub_committees",
    "Chi bộ trực thuộc đảng bộ bộ phận",
    "chi bộ",
    "Chi bộ trực thuộc các đảng bộ bộ phận, cuối kỳ.",
    owner=OWNER,
)(_cells_under(K.SUB_COMMITTEE))
