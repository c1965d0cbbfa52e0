"""Demo quality ratings: a round per year from the demo's first year to last year, every
member on the books each year rated or given the reason they are not, and every
organisation rated by its superior; this year's round open and partly done.

Shares as a committee's annual report shows them: about 12% «xuất sắc» (never beyond 20%
of «tốt» in a grassroots organisation, as the rules cap it), 75–80% «tốt», 8% «hoàn thành»,
fewer than 1% «không hoàn thành» (every member disciplined that year, and two members two
years running, the Statute's case for removal). Members who left before the year's end,
members admitted in its last months (from Quy định 124-QĐ/TW) and members exempted from
activities are not rated, with their reason. From 2025 every grade carries its score on
the 100-point scale. Decisions are dated in late December or January, numbered per
grassroots organisation. The rows are written in bulk (as the tree's bulk build, with no
audit entries), reading the rules and the tree once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Min
from django.utils import timezone

from dangvu.core.dates import add_months, today
from dangvu.core.rules import rule
from dangvu.inspection.models import DisciplineDecision, Target
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.demo import START
from dangvu.orgs.kinds import GRASSROOTS_KINDS
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating, RatingRound

ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED]


def _grade(rng: random.Random, excellent: float = 0.14) -> str:
    r = rng.random()
    if r < 0.006:
        return Grade.NOT_COMPLETED
    if r < 0.086:
        return Grade.COMPLETED
    if r < 1 - excellent:
        return Grade.GOOD
    return Grade.EXCELLENT


def _score(rng: random.Random, grade: str, scale: dict[str, Any] | None) -> Decimal | None:
    if scale is None:
        return None
    low = {
        Grade.EXCELLENT: scale["EXCELLENT"],
        Grade.GOOD: scale["GOOD"],
        Grade.COMPLETED: scale["COMPLETED"],
        Grade.NOT_COMPLETED: 30,
    }[grade]
    high = {Grade.EXCELLENT: 100, Grade.GOOD: scale["EXCELLENT"], Grade.COMPLETED: scale["GOOD"]}
    top = high.get(grade, scale["COMPLETED"])
    return Decimal(rng.randrange(int(low) * 4, int(top) * 4)) / 4


def _cap(ratings: list[Any], key: str, percent: int) -> None:
    """Demote «xuất sắc» beyond `percent`% of «tốt» within each deciding organisation."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for r in ratings:
        if r.grade:
            groups[getattr(r, key)].append(r)
    for rows in groups.values():
        good = sum(1 for r in rows if r.grade == Grade.GOOD)
        stars = [r for r in rows if r.grade == Grade.EXCELLENT]
        allowed = good * percent // 100
        for r in stars[allowed:]:
            r.grade = r.proposed_grade = Grade.GOOD
            if r.score is not None:
                r.score = r.proposed_score = min(r.score, Decimal("89.75"))


class Row:
    """A rating about to be inserted: its fields as attributes, the rest at their defaults.

    Plain objects, not model instances: building 35,000 instances and letting the ORM
    prepare each value took ten seconds of the stage."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(
            {
                "self_grade": "",
                "self_score": None,
                "self_assessed_on": None,
                "proposed_grade": "",
                "proposed_score": None,
                "proposed_on": None,
                "grade": "",
                "score": None,
                "not_rated_reason": "",
                "decided_on": None,
                "decision_number": "",
            }
            | fields
        )


def insert(model: type[MemberRating] | type[OrgRating], rows: list[Row], stamp: Any) -> None:
    """Insert `rows` in statements of 5,000, each distinct value prepared once per column."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = set(rows[0].__dict__)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    columns: list[list[Any]] = []
    for f in fields:
        name = f.attname if f.attname in given else f.name
        if name in given:
            raw = [r.__dict__[name] for r in rows]
            prepared = {v: f.get_db_prep_save(v, connection) for v in set(raw)}
            columns.append([prepared[v] for v in raw])
        else:
            default = stamp if f.name == "recorded_at" else (None if f.null else "")
            columns.append([f.get_db_prep_save(default, connection)] * len(rows))
    values = list(zip(*columns, strict=True))
    with connection.cursor() as cursor:
        for i in range(0, len(values), 5000):
            cursor.executemany(sql, values[i : i + 5000])


class Tree:
    """Every organisation version, read once: the path, kind and parent on a day."""

    def __init__(self) -> None:
        self.versions: dict[int, list[OrganisationVersion]] = defaultdict(list)
        for v in OrganisationVersion.objects.order_by("valid_from"):
            self.versions[v.organisation_id].append(v)
        self.founded = {
            o: d
            for o, d in OrganisationVersion.objects.values("organisation_id")
            .annotate(d=Min("valid_from"))
            .values_list("organisation_id", "d")
        }

    def at(self, org_id: int, day: dt.date) -> OrganisationVersion | None:
        for v in self.versions.get(org_id, ()):
            if v.valid_from <= day < v.valid_to:
                return v
        return None

    def grassroots(self, org_id: int, day: dt.date) -> int | None:
        v = self.at(org_id, day)
        if v is None:
            return None
        for part in reversed([int(p) for p in v.path.strip("/").split("/")]):
            up = self.at(part, day)
            if up is not None and up.kind in GRASSROOTS_KINDS:
                return part
        return None


def seed_rating(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    now = today()
    tree = Tree()
    first = START.year
    years = list(range(first, now.year + 1))
    rounds = [
        RatingRound(
            organisation=bloc,
            year=y,
            opened_on=min(dt.date(y, 12, 1), now),
            deadline=dt.date(y + 1, 1, 31),
            closed_on=dt.date(y + 1, 2, 5) if dt.date(y + 1, 2, 5) <= now else None,
        )
        for y in years
    ]
    RatingRound.objects.bulk_create(rounds)

    # Each member's last interval of each year, their admission, exemption and discipline.
    last: dict[int, dict[int, tuple[int, dt.date]]] = defaultdict(dict)
    for member_id, org_id, valid_from, valid_to in (
        MembershipInterval.objects.filter(valid_to__gt=dt.date(first, 1, 1))
        .order_by("member_id", "valid_from")
        .values_list("member_id", "organisation_id", "valid_from", "valid_to")
    ):
        for y in range(max(first, valid_from.year), min(valid_to.year, now.year) + 1):
            end = dt.date(y, 12, 31)
            if valid_from <= end and valid_to > dt.date(y, 1, 1):
                last[y][member_id] = (org_id, min(end, valid_to - dt.timedelta(days=1)))
    admitted = dict(Member.objects.values_list("pk", "admission_decision_date"))
    exempted: dict[int, dt.date] = {}
    for member_id, day in MemberEvent.objects.filter(
        kind="EXEMPTED", voided_at__isnull=True
    ).values_list("member_id", "date"):
        exempted.setdefault(member_id, day)
    disciplined: set[tuple[int, int]] = {
        (m, d.year)
        for m, d in DisciplineDecision.objects.filter(
            target=Target.MEMBER, voided_at__isnull=True
        ).values_list("member_id", "decision_date")
    }
    org_disciplined: set[tuple[int, int]] = {
        (o, d.year)
        for o, d in DisciplineDecision.objects.filter(
            target=Target.ORGANISATION, voided_at__isnull=True
        ).values_list("organisation_id", "decision_date")
    }
    codes = dict(Organisation.objects.values_list("pk", "code"))

    member_rows: list[Row] = []
    org_rows: list[Row] = []
    completed = [y for y in years if y < now.year]
    running = completed[-2:]
    twice: set[int] = set()
    if len(running) == 2:
        both = sorted(set(last[running[0]]) & set(last[running[1]]))
        twice = set(rng.sample(both, min(2, len(both))))
    for y in years:
        end = dt.date(y, 12, 31)
        scheme = rule("rating.scheme", end)
        scale, percent = scheme["scale"], int(scheme["excellent_cap_percent"])
        not_rated = rule("rating.not_rated", end)
        new_months = int(not_rated["new_member_months"])
        current = y == now.year
        # Each grassroots organisation's decision: its number and day.
        numbers: dict[int, tuple[str, dt.date]] = {}
        rows: list[Row] = []
        for member_id, (cell_id, as_of) in last[y].items():
            grassroots = tree.grassroots(cell_id, as_of)
            if grassroots is None:
                continue
            if current:
                stage = cell_id % 3
                if stage == 2:
                    continue
            day = min(dt.date(y, 12, rng.randint(3, 12)), now)
            r = Row(
                member_id=member_id,
                year=y,
                organisation_id=cell_id,
                grassroots_id=grassroots,
                as_of=as_of,
            )
            reason = ""
            if as_of < end:
                reason = NotRatedReason.LEFT
            elif member_id in exempted and exempted[member_id] <= end:
                reason = NotRatedReason.EXEMPT
            elif (
                new_months
                and admitted.get(member_id)
                and add_months(admitted[member_id], new_months) > end
            ):
                reason = NotRatedReason.NEW_MEMBER
            if reason:
                r.not_rated_reason = reason
                if not current or stage == 0:
                    r.proposed_on = day
            else:
                grade = _grade(rng)
                if (member_id, y) in disciplined or (member_id in twice and y in running):
                    grade = Grade.NOT_COMPLETED
                elif grade == Grade.NOT_COMPLETED:
                    grade = Grade.COMPLETED
                score = _score(rng, grade, scale)
                own = grade
                if grade == Grade.GOOD and rng.random() < 0.15:
                    own = Grade.EXCELLENT
                r.self_grade, r.self_score = own, _score(rng, own, scale)
                r.self_assessed_on = day
                if not current or stage == 0:
                    r.proposed_grade, r.proposed_score = grade, score
                    r.proposed_on = min(day + dt.timedelta(days=rng.randint(1, 4)), now)
                    if not current:
                        r.grade, r.score = grade, score
            rows.append(r)
        if not current:
            _cap(rows, "grassroots_id", percent)
            for r in rows:
                if r.grassroots_id not in numbers:
                    late = rng.random() < 0.3
                    decided = (
                        dt.date(y + 1, 1, rng.randint(5, 20))
                        if late
                        else dt.date(y, 12, rng.randint(20, 30))
                    )
                    numbers[r.grassroots_id] = (
                        f"{rng.randint(20, 95):02d}-QĐ/ĐU-{codes[r.grassroots_id]}",
                        decided,
                    )
                r.decision_number, r.decided_on = numbers[r.grassroots_id]
                r.decided_on = min(r.decided_on, now)
                if r.not_rated_reason and r.proposed_on is None:
                    r.proposed_on = dt.date(y, 12, 15)
        member_rows += rows

        if current:
            continue
        # Organisations: every one that stood during the year, rated by its superior.
        orgs: list[Row] = []
        for org_id, versions in tree.versions.items():
            live = [v for v in versions if v.valid_from <= end and v.valid_to > dt.date(y, 1, 1)]
            if not live:
                continue
            v = live[-1]
            as_of = min(end, v.valid_to - dt.timedelta(days=1))
            if v.parent_id is None:
                continue
            o = Row(
                organisation_id=org_id,
                year=y,
                decided_by_organisation_id=v.parent_id,
                as_of=as_of,
            )
            founded = tree.founded.get(org_id, v.valid_from)
            if as_of < end:
                o.not_rated_reason = NotRatedReason.LEFT
            elif add_months(founded, int(not_rated["new_organisation_months"])) > end:
                o.not_rated_reason = NotRatedReason.NEW_ORGANISATION
            else:
                grade = _grade(rng, excellent=0.16)
                if (org_id, y) in org_disciplined:
                    grade = Grade.NOT_COMPLETED
                score = _score(rng, grade, scale)
                o.self_grade, o.self_score = grade, score
                o.self_assessed_on = dt.date(y, 12, rng.randint(5, 15))
                o.proposed_grade, o.proposed_score = grade, score
                o.proposed_on = dt.date(y, 12, rng.randint(16, 22))
                o.grade, o.score = grade, score
            orgs.append(o)
        _cap(orgs, "decided_by_organisation_id", percent)
        superiors: dict[int, tuple[str, dt.date]] = {}
        for o in orgs:
            key = o.decided_by_organisation_id
            if key not in superiors:
                superiors[key] = (
                    f"{rng.randint(100, 300)}-QĐ/{codes.get(key, 'ĐU')}",
                    dt.date(y + 1, 1, rng.randint(10, 28)),
                )
            o.decision_number, o.decided_on = superiors[key]
            o.decided_on = min(o.decided_on, now)
            if o.proposed_on is None:
                o.proposed_on = dt.date(y, 12, 20)
        org_rows += orgs
    stamp = timezone.now()
    insert(MemberRating, member_rows, stamp)
    insert(OrgRating, org_rows, stamp)
    return {
        "đợt đánh giá": len(rounds),
        "xếp loại đảng viên": len(member_rows),
        "xếp loại tổ chức đảng": len(org_rows),
    }
