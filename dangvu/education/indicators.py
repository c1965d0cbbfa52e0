"""Indicators of the propaganda and education board.

Each counts records organised within the subtree of the organisation (as it stood on the
record's date) and dated within the period: a conference by its date, a class by the day it
ended, a study return by its date, a contest's entries by the day the contest ended.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from django.db.models import Aggregate, QuerySet, Sum

from dangvu.education import queries
from dangvu.education.models import (
    ClassLearner,
    Conference,
    Contest,
    ContestEntry,
    PoliticalClass,
)
from dangvu.orgs.models import Organisation
from dangvu.reports.batch import org_path, tally
from dangvu.reports.registry import (
    Compute,
    ComputeMany,
    Figure,
    Period,
    percent,
    records_link,
    register,
    register_many,
)

OWNER = "education"
INFO = Conference.Kind.INFO


@register(
    "education.info_conferences",
    "Hội nghị thông tin",
    "hội nghị",
    "Số hội nghị thông tin (cấp ủy, báo cáo viên) tổ chức trong kỳ, trong phạm vi.",
    owner=OWNER,
    records=records_link("education:conferences", loai=INFO),
)
def info_conferences(org: Organisation, period: Period) -> int:
    return queries.conferences_in(org, period.start, period.end, INFO).count()


def _live_conferences(kind: str | None = None) -> QuerySet[Conference]:
    qs = Conference.objects.filter(voided_at__isnull=True)
    return qs if kind is None else qs.filter(kind=kind)


def _conference_tally(
    orgs: list[Organisation],
    period: Period,
    *,
    kind: str | None = None,
    keys: Sequence[str] = (),
    measure: Aggregate | None = None,
) -> dict[int, Counter[Hashable]]:
    """The conferences of the period by organisation (the batch side of `conferences_in`)."""
    return tally(
        _live_conferences(kind),
        orgs,
        period,
        day="date",
        path=org_path("organiser", "date"),
        keys=keys,
        measure=measure,
    )


@register_many("education.info_conferences")
def info_conferences_many(orgs: list[Organisation], period: Period) -> dict[int, int]:
    return {k: c.total() for k, c in _conference_tally(orgs, period, kind=INFO).items()}


@register(
    "education.info_conference_attendance",
    "Lượt người dự hội nghị thông tin",
    "lượt",
    "Tổng số lượt người dự các hội nghị thông tin tổ chức trong kỳ, trong phạm vi.",
    owner=OWNER,
    records=records_link("education:conferences", loai=INFO),
)
def info_conference_attendance(org: Organisation, period: Period) -> int:
    qs = queries.conferences_in(org, period.start, period.end, INFO)
    return qs.aggregate(n=Sum("attendance"))["n"] or 0


@register_many("education.info_conference_attendance")
def info_conference_attendance_many(orgs: list[Organisation], period: Period) -> dict[int, int]:
    found = _conference_tally(orgs, period, kind=INFO, measure=Sum("attendance"))
    return {k: c.total() for k, c in found.items()}


@register(
    "education.conferences",
    "Hội nghị, hoạt động tuyên giáo",
    "hội nghị",
    "Số hội nghị, hoạt động tổ chức trong kỳ, trong phạm vi, chia theo loại.",
    owner=OWNER,
    records=records_link("education:conferences"),
)
def conferences(org: Organisation, period: Period) -> Figure:
    counts: Counter[str] = Counter(
        queries.conferences_in(org, period.start, period.end).values_list("kind", flat=True)
    )
    return _by_conference_kind(counts)


def _by_conference_kind(counts: Counter[Any]) -> Figure:
    breakdown = {label: counts[value] for value, label in Conference.Kind.choices}
    return Figure(sum(counts.values()), breakdown)


@register_many("education.conferences")
def conferences_many(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
    found = _conference_tally(orgs, period, keys=["kind"])
    return {k: _by_conference_kind(c) for k, c in found.items()}


def _classes(kind: str, learners: bool) -> Compute:
    def compute(org: Organisation, period: Period) -> int:
        classes = queries.classes_in(org, period.start, period.end, kind)
        if not learners:
            return classes.count()
        return ClassLearner.objects.filter(
            political_class__in=classes.values("pk"), completed=True
        ).count()

    return compute


def _classes_many(kind: str, learners: bool) -> ComputeMany:
    """The batch form of `_classes`: classes (or their completing learners) by organiser."""

    def compute(orgs: list[Organisation], period: Period) -> dict[int, int]:
        if learners:
            qs: QuerySet[Any] = ClassLearner.objects.filter(
                completed=True,
                political_class__voided_at__isnull=True,
                political_class__kind=kind,
            )
            day, organiser = "political_class__end_date", "political_class__organiser"
        else:
            qs = PoliticalClass.objects.filter(voided_at__isnull=True, kind=kind)
            day, organiser = "end_date", "organiser"
        found = tally(qs, orgs, period, day=day, path=org_path(organiser, day))
        return {k: c.total() for k, c in found.items()}

    return compute


CLASSES = [
    # Registered under the default name of the candidate class; the report's prose uses
    # the committee's own (rule "education.candidate_class_name").
    ("candidate", PoliticalClass.Kind.CANDIDATE, "lý luận chính trị cho đối tượng kết nạp Đảng"),
    ("new_member", PoliticalClass.Kind.NEW_MEMBER, "lý luận chính trị cho đảng viên mới"),
]
for prefix, class_kind, topic in CLASSES:
    register(
        f"education.{prefix}_classes",
        f"Lớp bồi dưỡng {topic}",
        "lớp",
        f"Số lớp bồi dưỡng {topic} kết thúc trong kỳ, do tổ chức trong phạm vi mở.",
        owner=OWNER,
        records=records_link("education:classes", loai=class_kind),
    )(_classes(class_kind, learners=False))
    register_many(f"education.{prefix}_classes")(_classes_many(class_kind, learners=False))
    register(
        f"education.{prefix}_learners",
        f"Học viên hoàn thành lớp bồi dưỡng {topic}",
        "người",
        f"Số học viên hoàn thành các lớp bồi dưỡng {topic} kết thúc trong kỳ, trong phạm vi.",
        owner=OWNER,
        records=records_link("education:classes", loai=class_kind),
    )(_classes(class_kind, learners=True))
    register_many(f"education.{prefix}_learners")(_classes_many(class_kind, learners=True))


def _study(studied: str, total: str) -> Compute:
    def compute(org: Organisation, period: Period) -> Figure:
        rows = (
            queries.returns_in(org, period.start, period.end)
            .values("resolution__number", "resolution__name")
            .annotate(s=Sum(studied), t=Sum(total))
            .order_by("resolution__number")
        )
        all_studied = all_total = 0
        breakdown: dict[str, float | int] = {}
        for row in rows:
            all_studied += row["s"] or 0
            all_total += row["t"] or 0
            pct = percent(row["s"], row["t"])
            if pct is not None:
                breakdown[f"{row['resolution__number']} — {row['resolution__name']}"] = pct
        return Figure(percent(all_studied, all_total), breakdown)

    return compute


register(
    "education.study.members_pct",
    "Tỷ lệ đảng viên tham gia học tập, quán triệt nghị quyết",
    "%",
    "Tổng số đảng viên tham gia chia tổng số đảng viên, cộng trên các báo cáo học tập "
    "nghị quyết trong kỳ, trong phạm vi; chia theo văn bản.",
    owner=OWNER,
    additive=False,
)(_study("members_studied", "members_total"))
register(
    "education.study.nonmembers_pct",
    "Tỷ lệ quần chúng tham gia học tập, quán triệt nghị quyết",
    "%",
    "Tổng số quần chúng tham gia chia tổng số quần chúng, cộng trên các báo cáo học tập "
    "nghị quyết trong kỳ, trong phạm vi; chia theo văn bản.",
    owner=OWNER,
    additive=False,
)(_study("nonmembers_studied", "nonmembers_total"))


def _entries(sent_up_only: bool, team: bool) -> Compute:
    def compute(org: Organisation, period: Period) -> Figure:
        qs = queries.entries_in(org, period.start, period.end).filter(contest__entrants=_kind(team))
        if sent_up_only:
            qs = qs.filter(sent_up=True)
        counts: Counter[str] = Counter(qs.values_list("contest__name", flat=True))
        return _by_contest(counts)

    return compute


def _kind(team: bool) -> str:
    return Contest.Entrants.TEAM if team else Contest.Entrants.INDIVIDUAL


def _by_contest(counts: Counter[Any]) -> Figure:
    return Figure(sum(counts.values()), dict(sorted(counts.items())))


def _entries_many(sent_up_only: bool, team: bool) -> ComputeMany:
    """The batch form of `_entries`: entries by the organiser of their contest."""

    def compute(orgs: list[Organisation], period: Period) -> dict[int, Figure]:
        qs = ContestEntry.objects.filter(
            voided_at__isnull=True, contest__voided_at__isnull=True, contest__entrants=_kind(team)
        )
        if sent_up_only:
            qs = qs.filter(sent_up=True)
        day = "contest__end_date"
        found = tally(
            qs,
            orgs,
            period,
            day=day,
            path=org_path("contest__organiser", day),
            keys=["contest__name"],
        )
        return {k: _by_contest(c) for k, c in found.items()}

    return compute


# A contest is for individuals or for teams; its entries are counted and named as it is:
# "bài dự thi" (an essay, a work, an individual contestant) or "đội thi".
register(
    "education.contest_entries",
    "Bài dự thi",
    "bài",
    "Số bài dự thi của các hội thi, cuộc thi dành cho cá nhân kết thúc trong kỳ, do tổ chức "
    "trong phạm vi mở; chia theo hội thi.",
    owner=OWNER,
    records=records_link("education:contests"),
)(_entries(sent_up_only=False, team=False))
register_many("education.contest_entries")(_entries_many(sent_up_only=False, team=False))
register(
    "education.contest_sent_up",
    "Bài gửi dự thi cấp trên",
    "bài",
    "Số bài dự thi được chọn gửi dự thi cấp trên, trong các hội thi, cuộc thi dành cho cá "
    "nhân kết thúc trong kỳ, trong phạm vi; chia theo hội thi.",
    owner=OWNER,
    records=records_link("education:contests"),
)(_entries(sent_up_only=True, team=False))
register_many("education.contest_sent_up")(_entries_many(sent_up_only=True, team=False))
register(
    "education.contest_teams",
    "Đội thi",
    "đội",
    "Số đội thi của các hội thi dành cho đội kết thúc trong kỳ, do tổ chức trong phạm vi mở; "
    "chia theo hội thi.",
    owner=OWNER,
    records=records_link("education:contests"),
)(_entries(sent_up_only=False, team=True))
register_many("education.contest_teams")(_entries_many(sent_up_only=False, team=True))
register(
    "education.contest_teams_sent_up",
    "Đội thi được chọn dự thi cấp trên",
    "đội",
    "Số đội thi được chọn dự thi cấp trên, trong các hội thi dành cho đội kết thúc trong kỳ, "
    "trong phạm vi; chia theo hội thi.",
    owner=OWNER,
    records=records_link("education:contests"),
)(_entries(sent_up_only=True, team=True))
register_many("education.contest_teams_sent_up")(_entries_many(sent_up_only=True, team=True))
