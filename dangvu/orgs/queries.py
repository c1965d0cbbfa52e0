"""Read side of the organisation tree: versions, subtrees and counts at a date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Count, QuerySet

from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range


def valid_on(day: dt.date) -> dict[str, dt.date]:
    return {"valid_from__lte": day, "valid_to__gt": day}


# organisation id -> its versions, while `versions_cached` is in force (else None).
_VERSIONS: dict[int, list[OrganisationVersion]] | None = None


@contextmanager
def versions_cached() -> Iterator[None]:
    """Within it, `version_at` and `path_at` read each organisation's versions once.

    For a long run of writes that ask the same organisations again and again (the demo's
    seed). Any save or deletion of a version empties the cache (`forget_versions`), and so
    does the end of the block; a caller whose tree writes may be rolled back calls
    `forget_versions` itself.
    """
    global _VERSIONS
    _VERSIONS = {}
    try:
        yield
    finally:
        _VERSIONS = None


def forget_versions(*args: object, instance: object = None, **kwargs: object) -> None:
    """Empty the cache of `versions_cached`; as a signal receiver, forget the saved or
    deleted version's organisation only (no other organisation's versions changed)."""
    if _VERSIONS is None:
        return
    org_id = getattr(instance, "organisation_id", None)
    if org_id is None:
        _VERSIONS.clear()
    else:
        _VERSIONS.pop(org_id, None)


def _cached_in_force(org_id: int, day: dt.date) -> list[OrganisationVersion]:
    """The versions of `org_id` in force on `day` from the cache, by id."""
    assert _VERSIONS is not None
    versions = _VERSIONS.get(org_id)
    if versions is None:
        versions = list(OrganisationVersion.objects.filter(organisation_id=org_id).order_by("id"))
        _VERSIONS[org_id] = versions
    return [v for v in versions if v.valid_from <= day < v.valid_to]


def version_at(org: Organisation, day: dt.date) -> OrganisationVersion | None:
    """The version of `org` in force on `day`, or None if it did not exist then."""
    if _VERSIONS is not None and org.pk is not None:
        found = _cached_in_force(org.pk, day)
        # As the query orders them: latest start first, then highest id.
        return max(found, key=lambda v: (v.valid_from, v.id)) if found else None
    return (
        OrganisationVersion.objects.filter(organisation=org, **valid_on(day))
        .order_by("-valid_from", "-id")
        .first()
    )


def latest_version(org: Organisation) -> OrganisationVersion:
    return OrganisationVersion.objects.filter(organisation=org).latest("valid_from", "id")


def path_at(org: Organisation, day: dt.date) -> str | None:
    if _VERSIONS is not None and org.pk is not None:
        found = _cached_in_force(org.pk, day)
        return found[0].path if found else None  # `.first()` orders by id
    return (
        OrganisationVersion.objects.filter(organisation=org, **valid_on(day))
        .values_list("path", flat=True)
        .first()
    )


def path_at_id(org_id: int, day: dt.date) -> str | None:
    """`path_at` for an organisation known by its id."""
    if _VERSIONS is not None:
        found = _cached_in_force(org_id, day)
        return found[0].path if found else None
    return (
        OrganisationVersion.objects.filter(organisation_id=org_id, **valid_on(day))
        .values_list("path", flat=True)
        .first()
    )


def versions_in_path(path: str, day: dt.date) -> QuerySet[OrganisationVersion]:
    low, high = subtree_range(path)
    return OrganisationVersion.objects.filter(path__gte=low, path__lt=high, **valid_on(day))


def subtree_at(org: Organisation, day: dt.date) -> QuerySet[OrganisationVersion]:
    """Versions in force on `day` of `org` and everything under it (empty if it did not exist).

    One key lookup of the root's path, then one range scan on the path index.
    """
    path = path_at(org, day)
    if path is None:
        return OrganisationVersion.objects.none()
    return versions_in_path(path, day)


def counts_by_kind(
    org: Organisation, day: dt.date, *, include_root: bool = False
) -> dict[str, int]:
    """Number of organisations of each kind under `org` on `day` (all kinds present, zeros too)."""
    path = path_at(org, day)
    counts: dict[str, int] = {kind: 0 for kind in OrgKind.values}
    if path is None:
        return counts
    rows = versions_in_path(path, day)
    if not include_root:
        rows = rows.exclude(path=path)
    for kind, n in rows.values_list("kind").annotate(n=Count("id")).order_by():
        counts[kind] = n
    return counts


def counts_by_kind_and_parent_kind(org: Organisation, day: dt.date) -> Counter[tuple[str, str]]:
    """(kind, parent kind) -> number under `org` on `day`; e.g. cells under sub-committees."""
    path = path_at(org, day)
    if path is None:
        return Counter()
    rows = (
        versions_in_path(path, day)
        .exclude(path=path)
        .values_list("kind", "parent_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(kind, parent_kind): n for kind, parent_kind, n in rows})


def children_at(org: Organisation, day: dt.date) -> QuerySet[OrganisationVersion]:
    return (
        OrganisationVersion.objects.filter(parent=org, **valid_on(day))
        .select_related("organisation")
        .order_by("kind", "name")
    )


def roots_at(day: dt.date) -> QuerySet[OrganisationVersion]:
    return (
        OrganisationVersion.objects.filter(parent__isnull=True, **valid_on(day))
        .select_related("organisation")
        .order_by("name")
    )


def child_counts_at(parent_ids: list[int], day: dt.date) -> dict[int, int]:
    rows = (
        OrganisationVersion.objects.filter(parent_id__in=parent_ids, **valid_on(day))
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def ancestors_at(org: Organisation, day: dt.date) -> list[OrganisationVersion]:
    """The chain of versions from the root down to `org`'s parent on `day`."""
    path = path_at(org, day)
    if path is None:
        return []
    ids = [int(part) for part in path.strip("/").split("/")[:-1]]
    by_org = {
        v.organisation_id: v
        for v in OrganisationVersion.objects.filter(
            organisation_id__in=ids, **valid_on(day)
        ).select_related("organisation")
    }
    return [by_org[i] for i in ids if i in by_org]
