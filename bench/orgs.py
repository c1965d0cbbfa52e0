"""Benchmark of the organisation tree at the scale of a whole country.

Builds a party organisation tree of about 310,000 organisations in a throw-away database,
replays a few years of restructuring through the real actions so that the history has the
shape the application writes, then times the two read paths that reports lean on: the
subtree of an organisation at a date, and the counts by kind at a date.

    python bench/orgs.py [--small] [--provinces 60] [--grassroots 60000] [--cells 250000]
                         [--years 2021-2025] [--repeat 5] [--keep]

The developer's database is never used: without a PostgreSQL DATABASE_URL the run uses a
fresh SQLite file in a temporary directory; with one, it uses a separate `<name>_bench`
database on the same server, dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from dangvu.orgs.models import Organisation

PROJECT_ROOT = Path(__file__).resolve().parent.parent

BATCH = 5000
PROVINCE_TARGET_MS = 50.0
COUNTRY_TARGET_MS = 1000.0

# Shape of the tree: the share of grassroots organisations that are committees (the rest
# are grassroots cells), and the share of committees that have sub-committees.
COMMITTEE_SHARE = 0.45
SUB_COMMITTEE_SHARE = 0.10
SUB_COMMITTEES_PER_COMMITTEE = (2, 5)

# The mix of one year's restructuring; merges are the heaviest, so they are the rarest.
OPERATION_MIX = (("move", 0.50), ("dissolve", 0.30), ("convert", 0.15), ("merge", 0.05))

SMALL = {"provinces": 3, "grassroots": 600, "cells": 2500}
FULL = {"provinces": 60, "grassroots": 60_000, "cells": 250_000}

PG_SCHEMES = ("postgres", "postgresql", "pgsql")


# --- command line and scratch database ----------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build a nation-sized organisation tree in a scratch database and time "
        "subtree and count queries.",
    )
    parser.add_argument("--small", action="store_true", help="a quick smoke run (3 provinces)")
    parser.add_argument("--provinces", type=int, help=f"default {FULL['provinces']}")
    parser.add_argument("--grassroots", type=int, help=f"default {FULL['grassroots']}")
    parser.add_argument("--cells", type=int, help=f"default {FULL['cells']}")
    parser.add_argument("--years", default="2021-2025", help="restructuring years, e.g. 2021-2025")
    parser.add_argument(
        "--ops-per-year",
        type=int,
        help="restructuring actions per year (default: one per 200 grassroots, at least 20)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=2021, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    sizes = SMALL if args.small else FULL
    for name, default in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    if args.provinces < 1 or args.grassroots < 0 or args.cells < 0 or args.repeat < 1:
        parser.error("sizes must not be negative, and --provinces and --repeat at least 1")
    try:
        first, _, last = args.years.partition("-")
        args.first_year = int(first)
        args.last_year = int(last or first)
    except ValueError:
        parser.error(f"--years must look like 2021-2025, got {args.years!r}")
    if args.first_year > args.last_year or args.first_year < 1931:
        parser.error(f"--years {args.years!r} is not a range of years after 1930")
    if args.ops_per_year is None:
        args.ops_per_year = max(20, args.grassroots // 200)
    return args


@dataclass
class Scratch:
    """Where the run writes, and how to get rid of it."""

    label: str
    cleanup: Callable[[], None]
    kept_note: str
    # True when a database kept by an earlier run (--keep) was taken as it is (--reuse).
    reused: bool = False


def prepare_scratch_database(suffix: str = "_bench", *, reuse: bool = False) -> Scratch:
    """Point DATABASE_URL at a database made for this run; must run before django.setup().

    On PostgreSQL the scratch database is named after the configured one plus `suffix`;
    each benchmark passes its own, so that two of them can run side by side. With `reuse`,
    a scratch database kept by an earlier run is taken as it is (PostgreSQL only: loading
    the country takes most of an hour, timing it takes minutes).
    """
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in PG_SCHEMES:
        return _postgres_scratch(url, suffix, reuse)
    workdir = tempfile.mkdtemp(prefix="dangvu-bench-")
    db_file = Path(workdir) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    # Anything else the settings put under the data directory lands in the scratch one too.
    os.environ["DANGVU_VAR_DIR"] = workdir
    note = "" if not url else " (DATABASE_URL is not PostgreSQL, so it was left alone)"
    return Scratch(
        label=f"SQLite, temporary file {db_file}{note}",
        cleanup=lambda: shutil.rmtree(workdir, ignore_errors=True),
        kept_note=f"kept SQLite database {db_file}",
    )


def _postgres_scratch(url: str, suffix: str, reuse: bool = False) -> Scratch:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    bench_name = f"{config['NAME']}{suffix}"
    connect_kwargs: dict[str, Any] = {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        **config.get("OPTIONS", {}),
    }
    connect_kwargs = {k: v for k, v in connect_kwargs.items() if v is not None}

    # The configured database serves only as the maintenance connection for CREATE and
    # DROP DATABASE, which cannot run against the database they act on.
    def run(statement: sql.Composed) -> None:
        with psycopg.connect(autocommit=True, **connect_kwargs) as conn:
            conn.execute(statement)

    ident = sql.Identifier(bench_name)
    with psycopg.connect(autocommit=True, **connect_kwargs) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_name])
        exists = found.fetchone() is not None
    reused = reuse and exists
    if not reused:
        run(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))
        run(sql.SQL("CREATE DATABASE {}").format(ident))
    os.environ["DATABASE_URL"] = urlsplit(url)._replace(path="/" + quote(bench_name)).geturl()

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        run(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))

    host = config.get("HOST") or "local socket"
    return Scratch(
        label=f"PostgreSQL, {'reused' if reused else 'scratch'} database {bench_name!r} on {host}",
        cleanup=drop,
        kept_note=f"kept PostgreSQL database {bench_name!r}",
        reused=reused,
    )


def setup_django() -> None:
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    # With DEBUG on, Django keeps every query in memory and times would include that.
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def backend_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return connection.vendor


# --- building the tree in bulk ------------------------------------------------------


class Spec(NamedTuple):
    """One organisation to insert, with what its version needs from the parent."""

    code: str
    name: str
    kind: str
    parent_id: int | None
    parent_path: str
    parent_kind: str
    restructuring_id: int


@dataclass
class Node:
    kind: str
    parent_id: int | None
    province_id: int | None
    path: str
    code: str
    name: str


@dataclass
class Tree:
    founded: dt.date
    root_id: int = 0
    province_ids: list[int] = field(default_factory=list)
    nodes: dict[int, Node] = field(default_factory=dict)

    def largest_province(self) -> int:
        sizes = Counter(n.province_id for n in self.nodes.values())
        return max(self.province_ids, key=lambda p: sizes[p])


def chunks(items: Iterable[Spec], size: int) -> Iterator[list[Spec]]:
    batch: list[Spec] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_level(
    tree: Tree, specs: Iterable[Spec], province_of: Callable[[Spec, int], int | None]
) -> list[int]:
    """Insert organisations with their first version and creation record, as actions do.

    Organisations go in first because a version's path ends with its own id; the
    organisation's copy of the path is filled in at the end, in one statement.
    """
    from django.db import transaction

    from dangvu.core.dates import FOREVER
    from dangvu.lib.text import search_key
    from dangvu.orgs.models import (
        Organisation,
        OrganisationVersion,
        RestructuringOrganisation,
    )

    ids: list[int] = []
    for batch in chunks(specs, BATCH):
        orgs = [
            Organisation(
                code=s.code,
                name=s.name,
                search_key=search_key(s.name),
                kind=s.kind,
                parent_id=s.parent_id,
                path="",
                founded_on=tree.founded,
            )
            for s in batch
        ]
        with transaction.atomic():
            Organisation.objects.bulk_create(orgs, batch_size=BATCH)
            versions = []
            parts = []
            for spec, org in zip(batch, orgs, strict=True):
                path = f"{spec.parent_path}{org.pk}/"
                versions.append(
                    OrganisationVersion(
                        organisation_id=org.pk,
                        name=spec.name,
                        kind=spec.kind,
                        parent_id=spec.parent_id,
                        parent_kind=spec.parent_kind,
                        path=path,
                        depth=path.count("/") - 1,
                        valid_from=tree.founded,
                        valid_to=FOREVER,
                        opened_by_id=spec.restructuring_id,
                    )
                )
                parts.append(
                    RestructuringOrganisation(
                        restructuring_id=spec.restructuring_id,
                        organisation_id=org.pk,
                        role=RestructuringOrganisation.Role.CREATED,
                        kind_after=spec.kind,
                        path_after=path,
                    )
                )
                tree.nodes[org.pk] = Node(
                    kind=spec.kind,
                    parent_id=spec.parent_id,
                    province_id=province_of(spec, org.pk),
                    path=path,
                    code=spec.code,
                    name=spec.name,
                )
                ids.append(org.pk)
            OrganisationVersion.objects.bulk_create(versions, batch_size=BATCH)
            RestructuringOrganisation.objects.bulk_create(parts, batch_size=BATCH)
    return ids


def multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Spread n items over len(weights) bins in proportion to the weights."""
    counts = [0] * len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=n):
        counts[index] += 1
    return counts


def child_spec(tree: Tree, parent_id: int, code: str, name: str, kind: str, r_id: int) -> Spec:
    parent = tree.nodes[parent_id]
    return Spec(code, name, kind, parent_id, parent.path, parent.kind, r_id)


def build_tree(args: argparse.Namespace, rng: random.Random, log: Callable[[str], None]) -> Tree:
    from django.db.models import OuterRef, Subquery

    from dangvu.orgs.kinds import OrgKind
    from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring

    tree = Tree(founded=dt.date(args.first_year - 1, 1, 1))
    create = Restructuring.Kind.CREATE

    # One shared creation decision per province keeps 310,000 organisations from needing
    # 310,000 decisions; each version is still opened by a CREATE on its valid_from.
    def decision(summary: str) -> Restructuring:
        return Restructuring(
            kind=create,
            effective_date=tree.founded,
            decision_number="DỮ LIỆU THỬ",
            decision_date=tree.founded,
            summary=summary,
        )

    root_decision = decision("Thành lập Ban Chấp hành Trung ương (dữ liệu thử)")
    province_decisions = [
        decision(f"Thành lập các tổ chức đảng của Đảng bộ tỉnh số {p + 1:02d} (dữ liệu thử)")
        for p in range(args.provinces)
    ]
    Restructuring.objects.bulk_create([root_decision, *province_decisions])

    (tree.root_id,) = insert_level(
        tree,
        [
            Spec(
                "TW",
                "Ban Chấp hành Trung ương (dữ liệu thử)",
                OrgKind.BLOC,
                None,
                "/",
                "",
                root_decision.pk,
            )
        ],
        lambda spec, pk: None,
    )

    province_specs = [
        child_spec(
            tree,
            tree.root_id,
            f"T{p + 1:02d}",
            f"Đảng bộ tỉnh số {p + 1:02d} (dữ liệu thử)",
            OrgKind.BLOC,
            province_decisions[p].pk,
        )
        for p in range(args.provinces)
    ]
    tree.province_ids = insert_level(tree, province_specs, lambda spec, pk: pk)
    decision_of = {pid: d.pk for pid, d in zip(tree.province_ids, province_decisions, strict=True)}
    log(f"  root and {len(tree.province_ids)} provincial committees")

    # Optionally (args.districts, bench/statistical_tables.py) a level of committees above
    # the grassroots under each province, as a real provincial committee has: some 15 to 25
    # district, town and bloc committees directly under it, holding the grassroots
    # organisations. Without it the grassroots sit directly under the province.
    districts = getattr(args, "districts", 0)
    holders_of: dict[int, list[int]] = {p: [p] for p in tree.province_ids}
    if districts:
        district_specs = [
            child_spec(
                tree,
                province_id,
                f"{tree.nodes[province_id].code}.H{k:02d}",
                f"Đảng bộ huyện số {k} – tỉnh {tree.nodes[province_id].code[1:]}",
                OrgKind.BLOC,
                decision_of[province_id],
            )
            for province_id in tree.province_ids
            for k in range(1, districts + 1)
        ]
        district_ids = insert_level(tree, district_specs, lambda spec, pk: spec.parent_id)
        holders_of = {p: [] for p in tree.province_ids}
        for district_id in district_ids:
            holders_of[tree.nodes[district_id].parent_id].append(district_id)  # type: ignore[index]
        log(f"  {len(district_ids):,} district committees")

    # Provinces differ a lot in size; a log-normal weight gives a few big ones.
    weights = [rng.lognormvariate(0, 0.6) for _ in tree.province_ids]
    grassroots_specs: list[Spec] = []
    for province_id, count in zip(
        tree.province_ids, multinomial(rng, args.grassroots, weights), strict=True
    ):
        province = tree.nodes[province_id]
        holders = holders_of[province_id]
        holder_of = [province_id] * count
        if districts:  # districts differ in size too, less than provinces
            holder_of = [
                holder
                for holder, n in zip(
                    holders,
                    multinomial(rng, count, [rng.lognormvariate(0, 0.4) for _ in holders]),
                    strict=True,
                )
                for _ in range(n)
            ]
        for j in range(1, count + 1):
            if rng.random() < COMMITTEE_SHARE:
                kind, label = OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ cơ sở"
            else:
                kind, label = OrgKind.GRASSROOTS_CELL, "Chi bộ cơ sở"
            grassroots_specs.append(
                child_spec(
                    tree,
                    holder_of[j - 1],
                    f"{province.code}.{j:05d}",
                    f"{label} số {j} – tỉnh {province.code[1:]}",
                    kind,
                    decision_of[province_id],
                )
            )

    def by_parent(spec: Spec, pk: int) -> int | None:
        assert spec.parent_id is not None
        return tree.nodes[spec.parent_id].province_id

    grassroots_ids = insert_level(tree, grassroots_specs, by_parent)
    log(f"  {len(grassroots_ids):,} grassroots organisations")

    committees = [i for i in grassroots_ids if tree.nodes[i].kind == OrgKind.GRASSROOTS_COMMITTEE]
    sub_specs: list[Spec] = []
    for committee_id in committees:
        if rng.random() >= SUB_COMMITTEE_SHARE:
            continue
        committee = tree.nodes[committee_id]
        for k in range(1, rng.randint(*SUB_COMMITTEES_PER_COMMITTEE) + 1):
            sub_specs.append(
                child_spec(
                    tree,
                    committee_id,
                    f"{committee.code}.B{k}",
                    f"Đảng bộ bộ phận số {k} – {committee.name}",
                    OrgKind.SUB_COMMITTEE,
                    decision_of[committee.province_id],  # type: ignore[index]
                )
            )
    sub_ids = insert_level(tree, sub_specs, by_parent)
    log(f"  {len(sub_ids):,} sub-committees")

    # Cells per container vary widely (a ministry's committee has dozens, a commune's few).
    containers = committees + sub_ids
    cell_specs: list[Spec] = []
    if containers:
        container_weights = [rng.expovariate(1.0) for _ in containers]
        for container_id, count in zip(
            containers, multinomial(rng, args.cells, container_weights), strict=True
        ):
            container = tree.nodes[container_id]
            for n in range(1, count + 1):
                cell_specs.append(
                    child_spec(
                        tree,
                        container_id,
                        f"{container.code}.C{n}",
                        f"Chi bộ {n} – {container.name}",
                        OrgKind.CELL,
                        decision_of[container.province_id],  # type: ignore[index]
                    )
                )
    cell_ids = insert_level(tree, cell_specs, by_parent)
    log(f"  {len(cell_ids):,} cells")

    Organisation.objects.filter(path="").update(
        path=Subquery(
            OrganisationVersion.objects.filter(organisation_id=OuterRef("pk")).values("path")[:1]
        )
    )
    return tree


# --- replaying restructuring through the actions -------------------------------------


class Pool:
    """A set that also draws a random member in O(1)."""

    def __init__(self) -> None:
        self.items: list[int] = []
        self.index: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: int) -> None:
        if item not in self.index:
            self.index[item] = len(self.items)
            self.items.append(item)

    def remove(self, item: int) -> None:
        position = self.index.pop(item)
        last = self.items.pop()
        if position < len(self.items):
            self.items[position] = last
            self.index[last] = position

    def choice(self, rng: random.Random) -> int | None:
        return rng.choice(self.items) if self.items else None


@dataclass
class Pools:
    """Live organisations by kind (and committees by province), mirrored from the actions."""

    cells: Pool = field(default_factory=Pool)
    grassroots_cells: Pool = field(default_factory=Pool)
    committees: Pool = field(default_factory=Pool)
    committees_in: dict[int, Pool] = field(default_factory=dict)
    children: dict[int, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: Tree) -> Pools:
        from dangvu.orgs.kinds import OrgKind

        pools = cls()
        for org_id, node in tree.nodes.items():
            if node.parent_id is not None:
                pools.children.setdefault(node.parent_id, set()).add(org_id)
            if node.kind == OrgKind.CELL:
                pools.cells.add(org_id)
            elif node.kind == OrgKind.GRASSROOTS_CELL:
                pools.grassroots_cells.add(org_id)
            elif node.kind == OrgKind.GRASSROOTS_COMMITTEE:
                pools.add_committee(org_id, node.province_id)  # type: ignore[arg-type]
        return pools

    def add_committee(self, org_id: int, province_id: int) -> None:
        self.committees.add(org_id)
        self.committees_in.setdefault(province_id, Pool()).add(org_id)

    def remove_committee(self, org_id: int, province_id: int) -> None:
        self.committees.remove(org_id)
        self.committees_in[province_id].remove(org_id)


@dataclass
class History:
    done: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)


def other_committee(
    pools: Pools, tree: Tree, rng: random.Random, province_id: int, besides: int | None
) -> int | None:
    pool = pools.committees_in.get(province_id)
    if pool is None:
        return None
    for _ in range(8):
        candidate = pool.choice(rng)
        if candidate is not None and candidate != besides:
            return candidate
    return None


class Replay:
    """Draws plausible restructurings and applies them with the real actions."""

    def __init__(self, tree: Tree, rng: random.Random) -> None:
        self.tree = tree
        self.rng = rng
        self.pools = Pools.of(tree)
        self.history = History()
        self.sequence = 0

    def decision(self, day: dt.date) -> Any:
        from dangvu.orgs.actions import Decision

        self.sequence += 1
        return Decision(effective_date=day, number=f"{self.sequence}-QĐ/THỬ", date=day)

    @staticmethod
    def org(org_id: int) -> Organisation:
        from dangvu.orgs.models import Organisation

        return Organisation.objects.get(pk=org_id)

    def reparent(self, org_id: int, new_parent: int) -> None:
        node = self.tree.nodes[org_id]
        if node.parent_id is not None:
            self.pools.children[node.parent_id].discard(org_id)
        self.pools.children.setdefault(new_parent, set()).add(org_id)
        node.parent_id = new_parent

    def move(self, day: dt.date) -> bool:
        from dangvu.orgs.actions import do_move_organisation

        cell = self.pools.cells.choice(self.rng)
        if cell is None:
            return False
        node = self.tree.nodes[cell]
        target = other_committee(
            self.pools,
            self.tree,
            self.rng,
            node.province_id,
            node.parent_id,  # type: ignore[arg-type]
        )
        if target is None:
            return False
        do_move_organisation(
            self.org(cell),
            new_parent=self.org(target),
            decision=self.decision(day),
            acting_user=None,
        )
        self.reparent(cell, target)
        return True

    def dissolve(self, day: dt.date) -> bool:
        from dangvu.orgs.actions import do_dissolve_organisation

        pool = self.pools.cells if self.rng.random() < 0.8 else self.pools.grassroots_cells
        org_id = pool.choice(self.rng)
        if org_id is None or self.pools.children.get(org_id):
            return False
        do_dissolve_organisation(self.org(org_id), decision=self.decision(day), acting_user=None)
        pool.remove(org_id)
        node = self.tree.nodes[org_id]
        if node.parent_id is not None:
            self.pools.children[node.parent_id].discard(org_id)
        return True

    def convert(self, day: dt.date) -> bool:
        from dangvu.orgs.actions import do_convert_organisation
        from dangvu.orgs.kinds import OrgKind

        org_id = self.pools.grassroots_cells.choice(self.rng)
        if org_id is None or self.pools.children.get(org_id):
            return False
        do_convert_organisation(
            self.org(org_id),
            new_kind=OrgKind.GRASSROOTS_COMMITTEE,
            decision=self.decision(day),
            acting_user=None,
        )
        node = self.tree.nodes[org_id]
        node.kind = OrgKind.GRASSROOTS_COMMITTEE
        self.pools.grassroots_cells.remove(org_id)
        self.pools.add_committee(org_id, node.province_id)  # type: ignore[arg-type]
        return True

    def merge(self, day: dt.date) -> bool:
        from dangvu.orgs.actions import do_merge_organisations

        source = self.pools.committees.choice(self.rng)
        if source is None:
            return False
        province_id: int = self.tree.nodes[source].province_id  # type: ignore[assignment]
        target = other_committee(self.pools, self.tree, self.rng, province_id, source)
        if target is None:
            return False
        do_merge_organisations(
            [self.org(source)],
            target=self.org(target),
            decision=self.decision(day),
            acting_user=None,
        )
        for child in list(self.pools.children.get(source, ())):
            self.reparent(child, target)
        self.pools.remove_committee(source, province_id)
        self.pools.children[self.tree.nodes[source].parent_id].discard(source)  # type: ignore[index]
        return True

    def year(self, year: int, count: int, last_day: dt.date) -> None:
        from dangvu.core.errors import DomainError

        start = dt.date(year, 2, 1)
        end = min(dt.date(year, 12, 15), last_day)
        if end < start:
            return
        span = (end - start).days
        # Dates rise through the year so that no decision precedes one already recorded.
        days = sorted(start + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(count))
        kinds = [name for name, share in OPERATION_MIX for _ in range(round(count * share))]
        kinds += ["move"] * (count - len(kinds))
        self.rng.shuffle(kinds)
        handlers = {
            "move": self.move,
            "dissolve": self.dissolve,
            "convert": self.convert,
            "merge": self.merge,
        }
        for day, kind in zip(days, kinds, strict=False):
            try:
                applied = handlers[kind](day)
            except DomainError as error:
                self.history.refused.append(f"{kind} on {day}: {error.message}")
                continue
            if applied:
                self.history.done[kind] += 1
            else:
                self.history.skipped[kind] += 1


# --- timing ---------------------------------------------------------------------------


@dataclass
class Measure:
    query: str
    scope: str
    day: dt.date
    rows: int
    timings_ms: list[float]
    target_ms: float

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def worst(self) -> float:
        return max(self.timings_ms)

    @property
    def ok(self) -> bool:
        return self.median < self.target_ms


def measure(fn: Callable[[], int], repeat: int) -> tuple[int, list[float]]:
    # One unmeasured run first: the timings are of a warm server, as a report sees it.
    rows = fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = fn()
        timings.append((time.perf_counter() - started) * 1000)
    return rows, timings


def run_queries(
    scopes: list[tuple[str, Organisation, float]], days: list[dt.date], repeat: int
) -> list[Measure]:
    from dangvu.orgs import queries

    results = []
    for label, org, target in scopes:
        for day in days:

            def subtree(org: Organisation = org, day: dt.date = day) -> int:
                ids = queries.subtree_at(org, day).values_list("organisation_id", flat=True)
                return len(list(ids))

            def counts(org: Organisation = org, day: dt.date = day) -> int:
                return sum(queries.counts_by_kind(org, day).values())

            for name, fn in (("subtree at date", subtree), ("counts by kind at date", counts)):
                rows, timings = measure(fn, repeat)
                results.append(Measure(name, label, day, rows, timings, target))
    return results


def prepare_statistics() -> str:
    """Bring planner statistics to where a running server would have them."""
    from django.db import connection

    from dangvu.orgs.models import Organisation, OrganisationVersion

    if connection.vendor != "postgresql":
        # The application never runs ANALYZE on SQLite, so neither does the benchmark.
        return "none (as in production)"
    with connection.cursor() as cursor:
        for model in (Organisation, OrganisationVersion):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return "VACUUM ANALYZE (what autovacuum does after a bulk load)"


def analyze_tables(*models: Any) -> None:
    """VACUUM ANALYZE the tables of `models` on PostgreSQL, as autovacuum would after a
    bulk load (the planner otherwise takes a freshly filled table for empty)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- main -----------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, flush=True)


def print_table(results: list[Measure], repeat: int) -> None:
    header = (
        f"{'query':<24} {'scope':<28} {'date':<10} {'rows':>9} "
        f"{'median ms':>10} {'max ms':>9} {'target':>10}  result"
    )
    log(header)
    log("-" * len(header))
    for m in results:
        log(
            f"{m.query:<24} {m.scope:<28} {m.day.isoformat():<10} {m.rows:>9,} "
            f"{m.median:>10.1f} {m.worst:>9.1f} {'< ' + format(m.target_ms, 'g') + ' ms':>10}  "
            f"{'OK' if m.ok else 'SLOW'}"
        )
    log(
        f"(median and max of {repeat} runs after one warm-up run; OK means median < target; "
        "rows of the counts are the sum of the counts, which leave out the scope's own root)"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = prepare_scratch_database()
    try:
        setup_django()
        return run(args, scratch)
    finally:
        if args.keep:
            log(scratch.kept_note)
        else:
            scratch.cleanup()


def run(args: argparse.Namespace, scratch: Scratch) -> int:
    from django.core.management import call_command

    from dangvu.core.dates import today
    from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring

    now = today()
    if args.first_year > now.year:
        log(f"--years {args.years} lies in the future; restructurings must be in the past.")
        return 0
    log(f"Backend: {backend_version()} — {scratch.label}")
    log(
        f"Size: {args.provinces} provinces, {args.grassroots:,} grassroots, {args.cells:,} cells; "
        f"restructuring {args.first_year}–{args.last_year}, {args.ops_per_year} actions a year"
    )
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated in {time.perf_counter() - started:.1f} s")

    rng = random.Random(args.seed)
    started = time.perf_counter()
    log("Bulk insert:")
    tree = build_tree(args, rng, log)
    insert_seconds = time.perf_counter() - started
    log(f"  done in {insert_seconds:.1f} s")

    started = time.perf_counter()
    replay = Replay(tree, rng)
    for year in range(args.first_year, args.last_year + 1):
        year_started = time.perf_counter()
        before = sum(replay.history.done.values())
        replay.year(year, args.ops_per_year, now)
        log(
            f"  {year}: {sum(replay.history.done.values()) - before} actions "
            f"in {time.perf_counter() - year_started:.1f} s"
        )
    history = replay.history
    history_seconds = time.perf_counter() - started
    done = ", ".join(f"{history.done[name]} {name}" for name, _ in OPERATION_MIX)
    log(f"History through the actions: {done} in {history_seconds:.1f} s")
    if history.skipped:
        log(f"  skipped for lack of candidates: {dict(history.skipped)}")
    if history.refused:
        log(f"  refused by the actions: {len(history.refused)}; first: {history.refused[0]}")

    started = time.perf_counter()
    stats_note = prepare_statistics()
    log(f"Planner statistics: {stats_note} ({time.perf_counter() - started:.1f} s)")
    build_seconds = insert_seconds + history_seconds
    log(
        f"Database: {Organisation.objects.count():,} organisations, "
        f"{OrganisationVersion.objects.count():,} versions, "
        f"{Restructuring.objects.count():,} restructurings; build time {build_seconds:.1f} s"
    )

    province = Organisation.objects.get(pk=tree.largest_province())
    country = Organisation.objects.get(pk=tree.root_id)
    mid_year = (args.first_year + args.last_year) // 2
    middle = min(dt.date(mid_year, 7, 1), now)
    scopes = [
        (f"province {province.code} (largest)", province, PROVINCE_TARGET_MS),
        ("country", country, COUNTRY_TARGET_MS),
    ]
    log("")
    results = run_queries(scopes, [middle, now], args.repeat)
    print_table(results, args.repeat)
    slow = [m for m in results if not m.ok]
    verdict = "all within target" if not slow else f"{len(slow)} SLOW"
    log(
        f"SUMMARY: {len(results) - len(slow)}/{len(results)} OK ({verdict}) on "
        f"{backend_version()}, {Organisation.objects.count():,} organisations, "
        f"build {build_seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
