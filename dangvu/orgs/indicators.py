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
from dangvu.reports.registry import Figure, Period, records_link, register, register_many

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
    "Chi bộ chuyển thành đảng bộ, đảng bộ chuyển thành chi bộ",
    "tổ chức",
    "Số tổ chức trong phạm vi được chuyển trong kỳ từ chi bộ thành đảng bộ hoặc từ đảng bộ "
    "thành chi bộ, theo loại trước → sau.",
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


# --- batch forms (the statistical table: one row per grassroots organisation) -----------


def _prefixes(path: str) -> list[str]:
    """ "/1/7/23/" -> ["/1/", "/1/7/", "/1/7/23/"]."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _common_root(paths: list[str]) -> str:
    """The deepest path that every one of `paths` lies under ("" when they share none)."""
    root: list[str] | None = None
    for path in paths:
        prefixes = _prefixes(path)
        if root is None:
            root = prefixes
            continue
        n = 0
        while n < min(len(root), len(prefixes)) and root[n] == prefixes[n]:
            n += 1
        root = root[:n]
    return root[-1] if root else ""


def _end_rows(orgs: list[Organisation], day: object) -> tuple[dict[str, list[int]], list[tuple]]:
    """(organisations by their path on `day`, the versions in force then under them all)."""
    owners: dict[str, list[int]] = {}
    for org_id, path in OrganisationVersion.objects.filter(
        organisation__in=orgs, valid_from__lte=day, valid_to__gt=day
    ).values_list("organisation_id", "path"):
        owners.setdefault(path, []).append(org_id)
    if not owners:
        return owners, []
    rows = OrganisationVersion.objects.filter(valid_from__lte=day, valid_to__gt=day)
    root = _common_root(list(owners))
    if root:
        low, high = subtree_range(root)
        rows = rows.filter(path__gte=low, path__lt=high)
    return owners, list(rows.values_list("path", "kind", "parent_kind"))


def _at_end_many(kinds: tuple[str, ...]) -> object:
    def compute(orgs: list[Organisation], period: Period) -> dict[int, int]:
        owners, rows = _end_rows(orgs, period.end)
        result = {org.pk: 0 for org in orgs}
        for path, kind, _ in rows:
            if kind in kinds:
                for prefix in _prefixes(path):  # the organisation itself included
                    for org_id in owners.get(prefix, ()):
                        result[org_id] += 1
        return result

    return compute


def _cells_under_many(parent_kind: str) -> object:
    def compute(orgs: list[Organisation], period: Period) -> dict[int, int]:
        owners, rows = _end_rows(orgs, period.end)
        result = {org.pk: 0 for org in orgs}
        for path, kind, parent in rows:
            if kind == K.CELL and parent == parent_kind:
                for prefix in _prefixes(path)[:-1]:  # not the organisation itself
                    for org_id in owners.get(prefix, ()):
                        result[org_id] += 1
        return result

    return compute


def _parts_many(
    orgs: list[Organisation], period: Period, kind: str
) -> dict[int, Counter[tuple[str, str]]]:
    """`_parts` for every organisation: two queries whatever their number."""
    owners: dict[str, set[int]] = {}
    for org_id, path in OrganisationVersion.objects.filter(
        organisation__in=orgs, valid_from__lte=period.end, valid_to__gt=period.start
    ).values_list("organisation_id", "path"):
        owners.setdefault(path, set()).add(org_id)
    result: dict[int, Counter[tuple[str, str]]] = {org.pk: Counter() for org in orgs}
    rows = RestructuringOrganisation.objects.filter(
        restructuring__kind=kind,
        restructuring__effective_date__gte=period.start,
        restructuring__effective_date__lte=period.end,
        role=RestructuringOrganisation.Role.SUBJECT,
    ).values_list("path_before", "kind_before", "kind_after")
    for path, before, after in rows:
        # One count per organisation, whichever of its paths in the period holds the row.
        matched = {org_id for p in _prefixes(path) for org_id in owners.get(p, ())}
        for org_id in matched:
            result[org_id][(before, after)] += 1
    return result


@register_many("orgs.dissolved")
def dissolved_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    out = {}
    for org_id, parts in _parts_many(orgs, period, Restructuring.Kind.DISSOLVE).items():
        by_kind: Counter[str] = Counter()
        for (before, _), n in parts.items():
            by_kind[OrgKind(before).label] += n
        out[org_id] = Figure(sum(parts.values()), dict(by_kind))
    return out


@register_many("orgs.converted")
def converted_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    return {
        org_id: Figure(
            sum(parts.values()),
            {
                f"{OrgKind(before).label} → {OrgKind(after).label}": n
                for (before, after), n in parts.items()
            },
        )
        for org_id, parts in _parts_many(orgs, period, Restructuring.Kind.CONVERT).items()
    }


for _code, _kinds in (
    ("orgs.grassroots", (K.GRASSROOTS_CELL, K.GRASSROOTS_COMMITTEE)),
    ("orgs.grassroots_cells", (K.GRASSROOTS_CELL,)),
    ("orgs.grassroots_committees", (K.GRASSROOTS_COMMITTEE,)),
    ("orgs.sub_committees", (K.SUB_COMMITTEE,)),
):
    register_many(_code)(_at_end_many(_kinds))
register_many("orgs.cells_under_grassroots_committees")(_cells_under_many(K.GRASSROOTS_COMMITTEE))
register_many("orgs.cells_under_sub_committees")(_cells_under_many(K.SUB_COMMITTEE))
