"""The composition of the members (thành phần đảng viên): the statistical tables' figures.

Members are counted on the structure of the period's last day (intervals open that day
inside the subtree), admissions on the events of the period (the same intervals that
`members.admitted` counts), each split by a field of the member's record. A record's empty
value counts under «Chưa có thông tin»; a value retired since it was chosen still counts
under its name.

Each split is one grouped aggregate whatever the number of members: one statement per field
for the members of a day, one for the admissions of a period. The batch forms answer for
the organisations directly under one committee with the same statements, grouped by the
child's path prefix (the interval's path cut after the segment that follows the committee's
path); organisations that are not siblings are placed path by path, and those that moved
in the tree during a period are computed one by one, as `members.batch` does. Within a
`registry.computation()` the indicators of one table share each statement (`registry.memo`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, StrIndex, Substr

from dangvu.core.dates import add_years, full_years_between
from dangvu.core.rules import rule
from dangvu.members import batch, queries
from dangvu.members.actions import education_grade
from dangvu.members.kinds import EventKind
from dangvu.members.models import MembershipInterval
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import path_at
from dangvu.reports.registry import (
    Figure,
    Period,
    computation,
    memo,
    percent,
    records_link,
    register,
    register_many,
)
from dangvu.vocab.models import UNKNOWN_LABEL, Vocabulary, VocabularyValue

OWNER = "members"
ONE_DAY = dt.timedelta(days=1)
Many = dict[int, Figure | int | float | None]
Key = Hashable

SEX_LABELS = {"M": "Nam", "F": "Nữ"}
EDUCATION_LABELS = ["Tiểu học", "Trung học cơ sở", "Trung học phổ thông"]
# The central tables' groups of political theory: «Cao cấp» and «Cử nhân» are one column.
THEORY_GROUP_LABELS = {"ADVANCED": "Cao cấp, cử nhân"}
ETHNIC_GROUP_LABELS = {
    "KINH": "Kinh",
    "MINORITY": "Dân tộc thiểu số",
    "FOREIGN": "Người nước ngoài",
}
RELIGION_GROUP_LABELS = {"NONE": "Không", "RELIGIOUS": "Có tôn giáo"}
# The outflows that take a member off the committee's books, in the tables' order.
LEFT = [
    ("DIED", "Đảng viên từ trần"),
    ("EXPELLED", "Khai trừ"),
    ("REMOVED", "Xóa tên"),
    ("RESIGNED", "Xin ra khỏi Đảng"),
    ("TRANSFER_OUT", "Chuyển sinh hoạt đảng đi"),
]


# --- where the rows go: one organisation, siblings by path prefix, or path by path -------

CHILD = "_child"
# PostgreSQL's work_mem for the one GROUPING SETS statement of `_all_at` (see there).
GROUPING_WORK_MEM = "64MB"


@dataclass
class _Scope:
    """How the rows of one statement are filtered and given to organisations."""

    paths: dict[int, str]  # organisation id -> its path (one path over the days read)

    def where(self) -> Q:
        parent = self.parent()
        if parent is not None:
            # The committee's whole subtree: its own reading of the day is then the sum of
            # every row (`whole`), and needs no statement of its own.
            low, high = subtree_range(parent)
            return Q(path__gte=low, path__lt=high)
        ranges = [subtree_range(p) for p in self.paths.values()]
        if len(ranges) == 1:
            low, high = ranges[0]
            return Q(path__gte=low, path__lt=high)
        return Q(path__gte=min(r[0] for r in ranges), path__lt=max(r[1] for r in ranges))

    def parent(self) -> str | None:
        """The committee's path when every organisation is a child of it, else None."""
        parents = {p[: p.rstrip("/").rfind("/") + 1] for p in self.paths.values()}
        if len(self.paths) > 1 and len(parents) == 1:
            return parents.pop()
        return None

    def grouped(self, qs: QuerySet[Any]) -> tuple[QuerySet[Any], list[str]]:
        """`qs` annotated with what places its rows, and the fields to group by."""
        if len(self.paths) == 1:
            return qs, []
        parent = self.parent()
        if parent is None:
            return qs, ["path"]
        # The child's path: the interval's path up to the "/" that ends the next segment.
        cut = len(parent) + StrIndex(Substr("path", len(parent) + 1), Value("/"))
        return qs.annotate(**{CHILD: Substr("path", 1, cut)}), [CHILD]

    def _by_path(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for org_id, path in self.paths.items():
            found[path].append(org_id)
        return found


def _tally(
    scope: _Scope,
    qs: QuerySet[Any],
    keys: list[str],
    whole: Counter[Key] | None = None,
    **measures: Any,
) -> dict[int, Counter[Key]]:
    """Per organisation, the rows of `qs` counted by `keys` (a tuple, or the one value).

    With `measures` (name -> aggregate), the counter's key is (group key, name) for each
    measure besides ("n" for the count).
    """
    result: dict[int, Counter[Key]] = {org_id: Counter() for org_id in scope.paths}
    if not scope.paths:
        return result
    qs, place = scope.grouped(qs.filter(scope.where()))
    rows = qs.values_list(*place, *keys).annotate(_n=Count("id"), **measures).order_by()
    placer = batch._Placer(scope.paths) if place == ["path"] else None
    by_path = scope._by_path() if place == [CHILD] else None
    for row in rows:
        placed, rest = row[: len(place)], row[len(place) :]
        values, counts = rest[: len(keys)], rest[len(keys) :]
        key: Key = values[0] if len(values) == 1 else tuple(values)
        if whole is not None:
            whole[key] += counts[0]
            for name, extra in zip(measures, counts[1:], strict=True):
                whole[(key, name)] += int(extra or 0)
        if not place:
            owners = list(scope.paths)
        elif by_path is not None:
            owners = by_path.get(placed[0], [])
        else:
            assert placer is not None
            owners = placer.owners(placed[0])
        for org_id in owners:
            mine = result[org_id]
            mine[key] += counts[0]
            for name, extra in zip(measures, counts[1:], strict=True):
                mine[(key, name)] += int(extra or 0)
    return result


# --- the members of a day -----------------------------------------------------------------


def _threshold(day: dt.date, years: int) -> dt.date:
    """The latest date from which `years` full years are complete on `day`
    (`full_years_between(that, day) >= years`)."""
    found = add_years(day, -years)
    while full_years_between(found + ONE_DAY, day) >= years:
        found += ONE_DAY
    while full_years_between(found, day) < years:
        found -= ONE_DAY
    return found


def _group_case(field: str, day: dt.date, starts: list[int], *, null: bool = False) -> Case:
    """The index of the group a date field falls in by full years on `day` (-1 for NULL)."""
    whens = [When(**{f"{field}__isnull": True}, then=Value(-1))] if null else []
    # Youngest first: a date after the threshold of the next group is in this one.
    for index, years in enumerate(starts[1:]):
        whens.append(When(**{f"{field}__gt": _threshold(day, years)}, then=Value(index)))
    return Case(*whens, default=Value(len(starts) - 1), output_field=IntegerField())


def _groups_rule(key: str, day: dt.date) -> list[tuple[int, str]]:
    """The groups of a statistics rule on `day`, read once per computation."""
    return memo(  # type: ignore[no-any-return]
        ("members.composition", "rule", key, day),
        lambda: [(int(start), str(label)) for start, label in rule(key, day)],
    )


FIELDS = {
    "ethnicity": "member__ethnicity_id",
    "religion": "member__religion_id",
    "qualification": "member__qualification_id",
    "theory": "member__theory_level_id",
    "state_management": "member__state_management_id",
    "academic_title": "member__academic_title_id",
    "occupation": "member__occupation_id",
    "education": "member__education",
}


def _scope_at(orgs: list[Organisation], day: dt.date) -> tuple[_Scope, list[Organisation]]:
    """The organisations placed by their path of `day`; the others (none on one day, where
    the path is known) are returned for the single form. Read once per computation."""
    key = ("members.composition", "scope", day, tuple(o.pk for o in orgs))
    return memo(key, lambda: _read_scope_at(orgs, day))  # type: ignore[no-any-return]


def _read_scope_at(orgs: list[Organisation], day: dt.date) -> tuple[_Scope, list[Organisation]]:
    if len(orgs) == 1:
        path = path_at(orgs[0], day)
        return _Scope({orgs[0].pk: path} if path else {}), []
    single, others = batch.one_path(orgs, day, day)
    return _Scope({k: e.path for k, e in single.items()}), others


DIMENSIONS = ["sex", "age", "party_age", *FIELDS]


def _at(orgs: list[Organisation], day: dt.date, dimension: str) -> dict[int, Counter[Key]]:
    """For each organisation, its members on `day` counted by `dimension`: one statement
    per dimension, or on PostgreSQL one for all of them (`_all_at`)."""
    if len(orgs) == 1:
        scope, _ = _scope_at(orgs, day)
        path = scope.paths.get(orgs[0].pk)
        if path is not None:
            return {orgs[0].pk: _whole(orgs, path, day, dimension)}
    if connection.vendor == "postgresql":
        key = ("members.composition", "all", day, tuple(o.pk for o in orgs))
        every = memo(key, lambda: _all_at(orgs, day))
        return every[dimension]  # type: ignore[no-any-return]
    key = ("members.composition", dimension, day, tuple(o.pk for o in orgs))
    return memo(key, lambda: _compute_at(orgs, day, dimension))  # type: ignore[no-any-return]


def _whole(orgs: list[Organisation], path: str, day: dt.date, dimension: str) -> Counter[Key]:
    """The members of the subtree at `path` on `day` by `dimension`: what the reading of
    its organisations counted in all (a statistical table reads them first), else its own."""
    org_id = orgs[0].pk
    if connection.vendor == "postgresql":
        every = memo(
            ("members.composition", "whole-all", day, path),
            lambda: {dim: found[org_id] for dim, found in _all_at(orgs, day).items()},
        )
        return every[dimension]  # type: ignore[no-any-return]
    return memo(  # type: ignore[no-any-return]
        ("members.composition", "whole", dimension, day, path),
        lambda: _compute_at(orgs, day, dimension)[org_id],
    )


def _after(day: dt.date) -> Q:
    """Born later in the year than `day`: this year's birthday not yet reached."""
    return Q(member__birth_date__month__gt=day.month) | Q(
        member__birth_date__month=day.month, member__birth_date__day__gt=day.day
    )


def _expression(dimension: str, day: dt.date) -> Any:
    if dimension == "sex":
        return F("member__sex")
    if dimension == "age":
        starts = [s for s, _ in _groups_rule("members.statistics_ages", day)]
        return _group_case("member__birth_date", day, starts)
    if dimension == "party_age":
        starts = [s for s, _ in _groups_rule("members.statistics_party_ages", day)]
        return _group_case("age_start", day, starts, null=True)
    return F(FIELDS[dimension])


def _compute_at(orgs: list[Organisation], day: dt.date, dimension: str) -> dict[int, Counter[Key]]:
    scope, others = _scope_at(orgs, day)
    qs = MembershipInterval.objects.filter(valid_from__lte=day, valid_to__gt=day)
    qs = qs.annotate(_key=_expression(dimension, day))
    measures: dict[str, Any] = {}
    if dimension == "sex":
        # With the sex, what the average age needs: the sum of the birth years and how
        # many have not yet had this year's birthday on `day`.
        measures = {
            "years": Sum(ExtractYear("member__birth_date")),
            "after": Sum(Case(When(_after(day), then=Value(1)), default=Value(0))),
        }
    parent = scope.parent()
    whole: Counter[Key] | None = Counter() if parent is not None else None
    result = _tally(scope, qs, ["_key"], whole, **measures)
    if parent is not None:
        memo(("members.composition", "whole", dimension, day, parent), lambda: whole)
    for org in others:
        result[org.pk] = _compute_at([org], day, dimension)[org.pk]
    for org in orgs:
        result.setdefault(org.pk, Counter())
    return result


def _all_at(orgs: list[Organisation], day: dt.date) -> dict[str, dict[int, Counter[Key]]]:
    """`_compute_at` for every dimension in one scan (PostgreSQL's GROUPING SETS).

    The rows of the intervals open on `day`, each with its place and its key in every
    dimension, are grouped once per dimension by the database in the same pass; each
    result row says by GROUPING() which dimension it belongs to.
    """
    scope, others = _scope_at(orgs, day)
    result: dict[str, dict[int, Counter[Key]]] = {
        dim: {o.pk: Counter() for o in orgs} for dim in DIMENSIONS
    }
    parent = scope.parent()
    wholes: dict[str, Counter[Key]] | None = (
        {dim: Counter() for dim in DIMENSIONS} if parent is not None else None
    )
    if scope.paths:
        keys = {f"_k{i}": _expression(dim, day) for i, dim in enumerate(DIMENSIONS)}
        qs = MembershipInterval.objects.filter(
            scope.where(), valid_from__lte=day, valid_to__gt=day
        ).annotate(
            **keys,
            _years=ExtractYear("member__birth_date"),
            _later=Case(When(_after(day), then=Value(1)), default=Value(0)),
        )
        qs, place = scope.grouped(qs)
        inner, params = qs.values_list(*place, *keys, "_years", "_later").query.sql_with_params()
        placed = [f't."{p}"' for p in place]
        columns = [f't."{k}"' for k in keys]
        sets = ", ".join(f"({', '.join([*placed, c])})" for c in columns)
        sql = (
            f"SELECT {', '.join([*placed, *columns])}, "
            f"{', '.join(f'GROUPING({c})' for c in columns)}, "
            f'COUNT(*), SUM(t."_years"), SUM(t."_later") '
            f"FROM ({inner}) AS t GROUP BY GROUPING SETS ({sets})"
        )
        placer = batch._Placer(scope.paths) if place == ["path"] else None
        by_path = scope._by_path() if place == [CHILD] else None
        n_keys = len(keys)
        # The grouping sets sort the day's rows once per dimension; under PostgreSQL's default
        # work_mem (4 MB) a province's sorts spill to disk. A larger work_mem for this one
        # statement (SET LOCAL: the transaction's end restores it; inside an outer transaction,
        # that one's end) halved it for a province of 100,000 members (1.3-1.5 s to 0.6 s;
        # bench/README.md).
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL work_mem = '{GROUPING_WORK_MEM}'")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for row in rows:
            where, rest = row[: len(place)], row[len(place) :]
            values, grouping = rest[:n_keys], rest[n_keys : 2 * n_keys]
            n, years, later = rest[2 * n_keys :]
            dim_index = list(grouping).index(0)
            dimension, key = DIMENSIONS[dim_index], values[dim_index]
            if wholes is not None:
                mine = wholes[dimension]
                mine[key] += n
                if dimension == "sex":
                    mine[(key, "years")] += int(years or 0)
                    mine[(key, "after")] += int(later or 0)
            if not place:
                owners = list(scope.paths)
            elif by_path is not None:
                owners = by_path.get(where[0], [])
            else:
                assert placer is not None
                owners = placer.owners(where[0])
            for org_id in owners:
                mine = result[dimension][org_id]
                mine[key] += n
                if dimension == "sex":
                    mine[(key, "years")] += int(years or 0)
                    mine[(key, "after")] += int(later or 0)
    if parent is not None:
        memo(("members.composition", "whole-all", day, parent), lambda: wholes)
    for org in others:
        for dim in DIMENSIONS:
            result[dim][org.pk] = _compute_at([org], day, dim)[org.pk]
    return result


# --- vocabulary labels ----------------------------------------------------------------------


def _values() -> dict[int, VocabularyValue]:
    """Every value of every vocabulary (a short table), read once per computation."""
    return memo(  # type: ignore[no-any-return]
        ("members.composition", "values"),
        lambda: {v.pk: v for v in VocabularyValue.objects.all()},
    )


def _by_value(
    counts: Counter[Key],
    vocabulary: str,
    day: dt.date,
    *,
    label: Callable[[VocabularyValue], str] = lambda v: v.name,
    unknown: bool = True,
) -> dict[str, int]:
    """Counts by value id -> by label: every label in force on `day` (zeros too) and any
    retired one still held, in the vocabulary's order; «Chưa có thông tin» last."""
    values = sorted(
        (v for v in _values().values() if v.vocabulary == vocabulary),
        key=lambda v: (v.order, v.name, v.pk),
    )
    result: dict[str, int] = {}
    for v in values:
        n = counts.get(v.pk, 0)
        if n or v.valid_from <= day < v.valid_to:
            result[label(v)] = result.get(label(v), 0) + n
    if unknown:
        known = {v.pk for v in values}
        stray = sum(n for k, n in counts.items() if k is not None and k not in known)
        result[UNKNOWN_LABEL] = counts.get(None, 0) + stray
    return result


def _theory_label(value: VocabularyValue) -> str:
    if value.group in THEORY_GROUP_LABELS:
        return THEORY_GROUP_LABELS[value.group]
    return value.name


def _grouped(counts: Counter[Key], labels: dict[str, str]) -> dict[str, int]:
    """Counts by value id -> by the value's group (`labels`), «Chưa có thông tin» last."""
    values = _values()
    result = dict.fromkeys(labels.values(), 0)
    result[UNKNOWN_LABEL] = 0
    for value_id, n in counts.items():
        value = values.get(value_id) if value_id is not None else None
        name = labels.get(value.group, UNKNOWN_LABEL) if value is not None else UNKNOWN_LABEL
        result[name] += n
    return result


def _education(counts: Counter[Key]) -> dict[str, int]:
    """Counts by the record's text -> the tables' four groups of general education."""
    result = dict.fromkeys([*EDUCATION_LABELS, UNKNOWN_LABEL], 0)
    for text, n in counts.items():
        grade = education_grade(str(text or ""))
        if grade is None:
            result[UNKNOWN_LABEL] += n
        else:
            result[EDUCATION_LABELS[0 if grade <= 5 else 1 if grade <= 9 else 2]] += n
    return result


def _sex(counts: Counter[Key]) -> dict[str, int]:
    result = dict.fromkeys(SEX_LABELS.values(), 0)
    for sex, n in counts.items():
        if isinstance(sex, tuple):
            continue  # a measure, not a count
        name = SEX_LABELS.get(str(sex), UNKNOWN_LABEL)
        result[name] = result.get(name, 0) + n
    return result


def _in_groups(counts: Counter[Key], groups: list[tuple[int, str]]) -> dict[str, int]:
    result = {label: counts.get(i, 0) for i, (_, label) in enumerate(groups)}
    if counts.get(-1):
        result[UNKNOWN_LABEL] = counts[-1]
    return result


def _counts(counts: Counter[Key]) -> Counter[Key]:
    """Only the counts of a tally (without its measures)."""
    return Counter({k: n for k, n in counts.items() if not isinstance(k, tuple)})


def _average_age(counts: Counter[Key], day: dt.date) -> float | None:
    n = sum(_counts(counts).values())
    if not n:
        return None
    years = sum(v for k, v in counts.items() if isinstance(k, tuple) and k[1] == "years")
    after = sum(v for k, v in counts.items() if isinstance(k, tuple) and k[1] == "after")
    # Each member's age in full years is day.year - birth year - (1 if no birthday yet).
    return round(day.year - (years + after) / n, 1)


# --- the indicators of a day -----------------------------------------------------------------

Shape = Callable[[Counter[Key], dt.date], Figure | int | float | None]


def _members_figure(dimension: str, shape: Shape) -> tuple[Any, Any]:
    def single(org: Organisation, period: Period) -> Figure | int | float | None:
        return shape(_at([org], period.end, dimension)[org.pk], period.end)

    def many(orgs: list[Organisation], period: Period) -> Many:
        # One computation at least: the rules and values the shapes read, once for all.
        with computation():
            found = _at(orgs, period.end, dimension)
            return {o.pk: shape(found[o.pk], period.end) for o in orgs}

    return single, many


def _total(breakdown: dict[str, int]) -> Figure:
    return Figure(sum(breakdown.values()), breakdown)


def _group_count(counts: Counter[Key], group: str) -> int:
    values = _values()
    return sum(n for k, n in counts.items() if k in values and values[k].group == group)


_ON_DAY = records_link("members:list", year=False, day="end")

# code, label, unit, definition, additive, dimension, shape
DAY_INDICATORS: list[tuple[str, str, str, str, bool, str, Shape]] = [
    (
        "members.women",
        "Đảng viên nữ",
        "đảng viên",
        "Đảng viên nữ trong phạm vi ngày cuối kỳ.",
        True,
        "sex",
        lambda c, d: _counts(c).get("F", 0),
    ),
    (
        "members.ethnic_minority",
        "Đảng viên người dân tộc thiểu số",
        "đảng viên",
        "Đảng viên trong phạm vi ngày cuối kỳ có dân tộc thuộc nhóm dân tộc thiểu số (không "
        "kể người Kinh, người nước ngoài và người chưa có thông tin).",
        True,
        "ethnicity",
        lambda c, d: _group_count(c, "MINORITY"),
    ),
    (
        "members.religious",
        "Đảng viên có tôn giáo",
        "đảng viên",
        "Đảng viên trong phạm vi ngày cuối kỳ theo một tôn giáo được Nhà nước công nhận.",
        True,
        "religion",
        lambda c, d: _group_count(c, "RELIGIOUS"),
    ),
    (
        "members.women.pct",
        "Tỷ lệ đảng viên nữ",
        "%",
        "Đảng viên nữ so với tổng số đảng viên ngày cuối kỳ (%).",
        False,
        "sex",
        lambda c, d: percent(_counts(c).get("F", 0), sum(_counts(c).values())),
    ),
    (
        "members.ethnic_minority.pct",
        "Tỷ lệ đảng viên người dân tộc thiểu số",
        "%",
        "Đảng viên người dân tộc thiểu số so với tổng số đảng viên ngày cuối kỳ (%).",
        False,
        "ethnicity",
        lambda c, d: percent(_group_count(c, "MINORITY"), sum(c.values())),
    ),
    (
        "members.religious.pct",
        "Tỷ lệ đảng viên có tôn giáo",
        "%",
        "Đảng viên có tôn giáo so với tổng số đảng viên ngày cuối kỳ (%).",
        False,
        "religion",
        lambda c, d: percent(_group_count(c, "RELIGIOUS"), sum(c.values())),
    ),
    (
        "members.average_age",
        "Tuổi đời bình quân của đảng viên",
        "tuổi",
        "Bình quân tuổi đời (số năm tròn vào ngày cuối kỳ) của đảng viên trong phạm vi, làm "
        "tròn một chữ số thập phân; trống khi không có đảng viên.",
        False,
        "sex",
        _average_age,
    ),
    (
        "members.by_sex",
        "Đảng viên theo giới tính",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo giới tính (Nam, Nữ).",
        True,
        "sex",
        lambda c, d: _total(_sex(c)),
    ),
    (
        "members.by_age",
        "Đảng viên theo tuổi đời",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo nhóm tuổi đời (tuổi tròn năm ngày cuối kỳ) "
        "của quy định «members.statistics_ages».",
        True,
        "age",
        lambda c, d: _total(_in_groups(c, _groups_rule("members.statistics_ages", d))),
    ),
    (
        "members.by_ethnicity",
        "Đảng viên theo dân tộc",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo dân tộc (danh mục dân tộc: mọi dân tộc áp "
        "dụng ngày cuối kỳ, kể cả dân tộc không có đảng viên, và giá trị đã thôi áp dụng mà "
        "đảng viên còn mang), cuối cùng «Chưa có thông tin».",
        True,
        "ethnicity",
        lambda c, d: _total(_by_value(c, Vocabulary.ETHNICITY, d)),
    ),
    (
        "members.by_religion",
        "Đảng viên theo tôn giáo",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo tôn giáo (danh mục tôn giáo, «Không» là "
        "không theo tôn giáo), cuối cùng «Chưa có thông tin».",
        True,
        "religion",
        lambda c, d: _total(_by_value(c, Vocabulary.RELIGION, d)),
    ),
    (
        "members.by_education",
        "Đảng viên theo trình độ giáo dục phổ thông",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo giáo dục phổ thông đọc trong hệ 12 năm: "
        "đến lớp 5 «Tiểu học», lớp 6–9 «Trung học cơ sở», lớp 10–12 «Trung học phổ thông», "
        "trống hoặc không đọc được «Chưa có thông tin».",
        True,
        "education",
        lambda c, d: _total(_education(c)),
    ),
    (
        "members.by_qualification",
        "Đảng viên theo trình độ chuyên môn",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo trình độ chuyên môn cao nhất (danh mục), "
        "cuối cùng «Chưa có thông tin».",
        True,
        "qualification",
        lambda c, d: _total(_by_value(c, Vocabulary.QUALIFICATION, d)),
    ),
    (
        "members.by_theory",
        "Đảng viên theo trình độ lý luận chính trị",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo trình độ lý luận chính trị như các biểu "
        "của Trung ương gộp: «Cao cấp» và «Cử nhân» chung một cột «Cao cấp, cử nhân»; cuối "
        "cùng «Chưa có thông tin».",
        True,
        "theory",
        lambda c, d: _total(_by_value(c, Vocabulary.THEORY, d, label=_theory_label)),
    ),
    (
        "members.by_state_management",
        "Đảng viên theo trình độ quản lý nhà nước",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo trình độ quản lý nhà nước (danh mục), cuối "
        "cùng «Chưa có thông tin».",
        True,
        "state_management",
        lambda c, d: _total(_by_value(c, Vocabulary.STATE_MANAGEMENT, d)),
    ),
    (
        "members.by_academic_title",
        "Đảng viên có học hàm",
        "đảng viên",
        "Số đảng viên ngày cuối kỳ có học hàm, chia theo học hàm (Phó Giáo sư, Giáo sư); ô "
        "trống là không có học hàm, không tính.",
        True,
        "academic_title",
        lambda c, d: _total(_by_value(c, Vocabulary.ACADEMIC_TITLE, d, unknown=False)),
    ),
    (
        "members.by_occupation",
        "Đảng viên theo nghề nghiệp",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo nghề nghiệp (danh mục), cuối cùng «Chưa "
        "có thông tin».",
        True,
        "occupation",
        lambda c, d: _total(_by_value(c, Vocabulary.OCCUPATION, d)),
    ),
    (
        "members.by_party_age",
        "Đảng viên theo tuổi Đảng",
        "đảng viên",
        "Tổng số đảng viên ngày cuối kỳ, chia theo số năm tròn tuổi Đảng ngày cuối kỳ (từ "
        "ngày quyết định kết nạp lần đầu, trừ thời gian không là đảng viên), theo nhóm của "
        "quy định «members.statistics_party_ages».",
        True,
        "party_age",
        lambda c, d: _total(_in_groups(c, _groups_rule("members.statistics_party_ages", d))),
    ),
]

for _code, _label, _unit, _definition, _additive, _dimension, _shape in DAY_INDICATORS:
    _single, _many = _members_figure(_dimension, _shape)
    register(_code, _label, _unit, _definition, owner=OWNER, additive=_additive, records=_ON_DAY)(
        _single
    )
    register_many(_code)(_many)


# --- the admissions of a period ----------------------------------------------------------------

ADMITTED_KEYS = [
    "member__sex",
    "member__birth_date",
    "member__admission_decision_date",
    "valid_from",
    "member__ethnicity_id",
    "member__religion_id",
    "member__education",
    "member__qualification_id",
    "member__occupation_id",
]


def _admissions(qs: QuerySet[Any], scope: _Scope) -> dict[int, Counter[Key]]:
    return _tally(scope, qs.filter(start_kind=EventKind.ADMITTED), ADMITTED_KEYS)


def _admitted_one(org: Organisation, period: Period) -> Counter[Key]:
    """The admissions `members.admitted` counts for `org`: on each of its epochs, the
    ADMITTED intervals that start inside its subtree (one statement per epoch)."""
    found: Counter[Key] = Counter()
    for e in queries.epochs(org, period.start, period.end):
        qs = MembershipInterval.objects.filter(valid_from__gte=e.start, valid_from__lt=e.end)
        found.update(_admissions(qs, _Scope({org.pk: e.path}))[org.pk])
    return found


def _admitted(orgs: list[Organisation], period: Period) -> dict[int, Counter[Key]]:
    key = ("members.composition", "admitted", period, tuple(o.pk for o in orgs))
    return memo(key, lambda: _compute_admitted(orgs, period))  # type: ignore[no-any-return]


def _compute_admitted(orgs: list[Organisation], period: Period) -> dict[int, Counter[Key]]:
    if len(orgs) == 1:
        return {orgs[0].pk: _admitted_one(orgs[0], period)}
    single, others = batch.one_path(orgs, period.start, period.end)
    whole = (period.start, period.end + ONE_DAY)
    # One statement for every organisation on one path in the period; one founded or ended
    # during it keeps the admissions of the days it lived (the key's `valid_from`).
    paths = {k: e.path for k, e in single.items()}
    qs = MembershipInterval.objects.filter(valid_from__gte=period.start, valid_from__lte=period.end)
    result = _admissions(qs, _Scope(paths)) if paths else {}
    at = ADMITTED_KEYS.index("valid_from")
    for org_id, e in single.items():
        if (e.start, e.end) != whole:
            result[org_id] = Counter(
                {k: n for k, n in result[org_id].items() if e.start <= k[at] < e.end}
            )
    # Moved in the tree during the period: one by one, by their epochs.
    for org in others:
        result[org.pk] = _admitted_one(org, period)
    return {o.pk: result.get(o.pk, Counter()) for o in orgs}


@dataclass(frozen=True)
class _Admission:
    sex: str
    birth: dt.date
    decided: dt.date
    ethnicity: int | None
    religion: int | None
    education: str
    qualification: int | None
    occupation: int | None


def _admission_rows(counts: Counter[Key]) -> Iterable[tuple[_Admission, int]]:
    for key, n in counts.items():
        sex, birth, decided, started, eth, rel, edu, qual, occ = key  # type: ignore[misc]
        yield _Admission(sex, birth, decided or started, eth, rel, edu, qual, occ), n


def _split(counts: Counter[Key], pick: Callable[[_Admission], Key]) -> Counter[Key]:
    found: Counter[Key] = Counter()
    for row, n in _admission_rows(counts):
        found[pick(row)] += n
    return found


def _admission_age(counts: Counter[Key], day: dt.date) -> dict[str, int]:
    groups = _groups_rule("members.statistics_admission_ages", day)
    result = {label: 0 for _, label in groups}
    for row, n in _admission_rows(counts):
        age = full_years_between(row.birth, row.decided)
        label = groups[0][1]
        for start, name in groups:
            if age >= start:
                label = name
        result[label] += n
    return result


AdmittedShape = Callable[[Counter[Key], Period], dict[str, int]]

ADMITTED_INDICATORS: list[tuple[str, str, str, AdmittedShape]] = [
    (
        "members.admitted.by_sex",
        "Đảng viên mới kết nạp theo giới tính",
        "chia theo giới tính (Nam, Nữ)",
        lambda c, p: _sex(_split(c, lambda a: a.sex)),
    ),
    (
        "members.admitted.by_age",
        "Đảng viên mới kết nạp theo tuổi đời",
        "chia theo tuổi tròn năm vào ngày quyết định kết nạp, theo nhóm của quy định "
        "«members.statistics_admission_ages»",
        lambda c, p: _admission_age(c, p.end),
    ),
    (
        "members.admitted.by_ethnicity",
        "Đảng viên mới kết nạp theo dân tộc",
        "chia theo nhóm dân tộc («Kinh», «Dân tộc thiểu số», «Người nước ngoài», «Chưa có "
        "thông tin»)",
        lambda c, p: _grouped(_split(c, lambda a: a.ethnicity), ETHNIC_GROUP_LABELS),
    ),
    (
        "members.admitted.by_religion",
        "Đảng viên mới kết nạp theo tôn giáo",
        "chia theo «Không», «Có tôn giáo», «Chưa có thông tin»",
        lambda c, p: _grouped(_split(c, lambda a: a.religion), RELIGION_GROUP_LABELS),
    ),
    (
        "members.admitted.by_education",
        "Đảng viên mới kết nạp theo trình độ giáo dục phổ thông",
        "chia theo giáo dục phổ thông («Tiểu học», «Trung học cơ sở», «Trung học phổ thông», "
        "«Chưa có thông tin»)",
        lambda c, p: _education(_split(c, lambda a: a.education)),
    ),
    (
        "members.admitted.by_qualification",
        "Đảng viên mới kết nạp theo trình độ chuyên môn",
        "chia theo trình độ chuyên môn (danh mục), cuối cùng «Chưa có thông tin»",
        lambda c, p: _by_value(
            _split(c, lambda a: a.qualification), Vocabulary.QUALIFICATION, p.end
        ),
    ),
    (
        "members.admitted.by_occupation",
        "Đảng viên mới kết nạp theo nghề nghiệp",
        "chia theo nghề nghiệp (danh mục), cuối cùng «Chưa có thông tin»",
        lambda c, p: _by_value(_split(c, lambda a: a.occupation), Vocabulary.OCCUPATION, p.end),
    ),
]


def _admitted_figure(shape: AdmittedShape) -> tuple[Any, Any]:
    def single(org: Organisation, period: Period) -> Figure:
        return _total(shape(_admitted([org], period)[org.pk], period))

    def many(orgs: list[Organisation], period: Period) -> Many:
        with computation():
            found = _admitted(orgs, period)
            return {o.pk: _total(shape(found[o.pk], period)) for o in orgs}

    return single, many


for _code, _label, _split_by, _ashape in ADMITTED_INDICATORS:
    _single, _many = _admitted_figure(_ashape)
    register(
        _code,
        _label,
        "đảng viên",
        f"Số đảng viên kết nạp mới trong kỳ, trong phạm vi (theo cơ cấu ngày kết nạp; bằng "
        f"«members.admitted»), {_split_by}.",
        owner=OWNER,
    )(_single)
    register_many(_code)(_many)


# --- members who left ----------------------------------------------------------------------


def _left(out: Counter[str]) -> Figure:
    breakdown = {label: out.get(kind, 0) for kind, label in LEFT}
    return _total(breakdown)


@register(
    "members.left",
    "Đảng viên ra khỏi danh sách",
    "đảng viên",
    "Đảng viên ra khỏi danh sách của phạm vi trong kỳ (theo cơ cấu ngày xảy ra): từ trần, "
    "khai trừ, xóa tên, xin ra khỏi Đảng và chuyển sinh hoạt đảng đi (ngoài Đảng bộ); chia "
    "theo năm lý do ấy.",
    owner=OWNER,
)
def left(org: Organisation, period: Period) -> Figure:
    key = ("members.composition", "out", period, org.pk)
    found = memo(key, lambda: queries.flows(org, period.start, period.end))
    return _left(found["out"])


@register_many("members.left")
def left_many(orgs: list[Organisation], period: Period) -> Many:
    key = ("members.composition", "out", period, tuple(o.pk for o in orgs))
    found = memo(key, lambda: batch.flows_many(orgs, period.start, period.end, ["out"]))
    return {o.pk: _left(found[o.pk]["out"]) for o in orgs}
