"""Every write of the annual quality rating goes through one of these functions.

Each validates its rules, writes in one transaction and records the change in the audit
trail. A refusal is a `DomainError` with a Vietnamese message naming the field at fault.
`acting_user=None` is the system (imports run as their user; the demo runs as nobody):
scope is checked only for a real user.

Where a member is rated: by the cell they were in on their last day on the books that
year (`as_of`: 31/12, or the day before their time on the books ended), decided by the
grassroots organisation above that cell on that day, whose quota it counts against. An
organisation is rated by its superior on its `as_of` (31/12, or its last day that year).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.core.fields import checked_text
from dangvu.core.rules import NoRuleInForce, rule
from dangvu.education.voiding import do_void
from dangvu.inspection.models import DisciplineDecision, Target
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date, fmt_percent
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import GRASSROOTS_KINDS, OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.orgs.queries import ancestors_at, version_at
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating, RatingRound
from dangvu.rating.scoping import rating_editable_organisations

# Highest first: a limit "no higher than" compares positions in this order.
ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED]
SCORE_MAX = Decimal(100)


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def grade_label(grade: str) -> str:
    return Grade(grade).label.lower() if grade else ""


def _check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not rating_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(
            f"«{org.name}» nằm ngoài phạm vi bạn được ghi đánh giá, xếp loại.", field=field
        )


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _check_year(year: int, field: str = "year") -> None:
    if not isinstance(year, int) or year < 1930 or year > today().year:
        raise DomainError(
            f"Năm đánh giá phải là một năm đã qua hoặc năm nay (đến {today().year}).", field
        )
    try:
        rule("rating.scheme", year_end(year))
    except NoRuleInForce as exc:
        raise DomainError(exc.message, field) from None


def _text(value: str, field: str, what: str) -> str:
    return checked_text(clean_paragraphs(value or ""), field=field, what=what)


# --- grades and scores ----------------------------------------------------------------


def scheme(year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    return rule("rating.scheme", as_of or year_end(year))


def score_value(value: Any, field: str = "score") -> Decimal | None:
    """`value` as points on the 100-point scale (two decimals), or None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError("Điểm phải là một số từ 0 đến 100 (ví dụ 85 hoặc 85,5).", field) from None
    if not number.is_finite() or number < 0 or number > SCORE_MAX:
        raise DomainError("Điểm phải là một số từ 0 đến 100.", field)
    if number != number.quantize(Decimal("0.01")):
        raise DomainError("Điểm chỉ ghi đến hai chữ số thập phân.", field)
    return number.quantize(Decimal("0.01"))


def fmt_points(points: Decimal | None) -> str:
    """Points as the clerk writes them: 95, 85,5, 89,75."""
    if points is None:
        return ""
    return format(Decimal(points).normalize(), "f").replace(".", ",")


def grade_for_score(scale: dict[str, Any], score: Decimal) -> str:
    for grade in ORDER[:-1]:
        if grade in scale and score >= Decimal(str(scale[grade])):
            return grade
    return Grade.NOT_COMPLETED


def check_grade(
    grade: str, score: Any, year: int, as_of: dt.date, *, field: str = "grade"
) -> tuple[str, Decimal | None]:
    """The grade and the score, checked against the scale of the year (or its absence)."""
    grade = grade or ""
    if grade not in Grade.values:
        raise DomainError("Hãy chọn một mức xếp loại trong danh sách.", field)
    points = score_value(score, field.replace("grade", "score"))
    scale = scheme(year, as_of)["scale"]
    if scale is None:
        if points is not None:
            raise DomainError(
                f"Năm {year} xếp loại không theo thang điểm; hãy để trống ô điểm.",
                field.replace("grade", "score"),
            )
        return grade, None
    if points is None:
        raise DomainError(
            f"Năm {year} xếp loại theo thang điểm 100; hãy ghi điểm cùng mức xếp loại.",
            field.replace("grade", "score"),
        )
    expected = grade_for_score(scale, points)
    if grade != expected:
        raise DomainError(
            f"{fmt_points(points)} điểm là mức «{Grade(expected).label}», không phải "
            f"«{Grade(grade).label}»; hãy sửa điểm hoặc mức xếp loại.",
            field,
        )
    return grade, points


def _at_most(grade: str, ceiling: str) -> bool:
    return ORDER.index(Grade(grade)) >= ORDER.index(Grade(ceiling))


# --- where a member and an organisation are rated -------------------------------------


@dataclass(frozen=True)
class Placement:
    cell: Organisation
    grassroots: Organisation
    as_of: dt.date
    left: bool  # their time on the books ended before the year's end


def _grassroots_of(org: Organisation, day: dt.date) -> Organisation | None:
    own = version_at(org, day)
    if own is None:
        return None
    if own.kind in GRASSROOTS_KINDS:
        return org
    for version in reversed(ancestors_at(org, day)):
        if version.kind in GRASSROOTS_KINDS:
            return version.organisation
    return None


def last_intervals(member_ids: Iterable[int], year: int) -> dict[int, MembershipInterval]:
    """Each member's last interval on the books that overlaps `year`."""
    start, end = dt.date(year, 1, 1), year_end(year)
    found: dict[int, MembershipInterval] = {}
    rows = (
        MembershipInterval.objects.filter(
            member_id__in=list(member_ids), valid_from__lte=end, valid_to__gt=start
        )
        .select_related("organisation")
        .order_by("member_id", "valid_from")
    )
    for interval in rows:
        found[interval.member_id] = interval
    return found


def interval_as_of(interval: MembershipInterval, year: int) -> dt.date:
    return min(year_end(year), interval.valid_to - dt.timedelta(days=1))


def place_member(member: Member, year: int, cell: Organisation | None = None) -> Placement:
    """Where `member` is rated for `year`; refused when they were not on the books (of
    `cell`, when given) that year."""
    interval = last_intervals([member.pk], year).get(member.pk)
    if interval is None:
        raise DomainError(
            f"Đồng chí {member.full_name} không có tên trong danh sách đảng viên nào của "
            f"Đảng bộ trong năm {year}.",
            "member",
        )
    if cell is not None and interval.organisation_id != cell.pk:
        raise DomainError(
            f"Đồng chí {member.full_name} được đánh giá năm {year} ở «{interval.organisation}» "
            f"(nơi sinh hoạt cuối cùng trong năm), không phải ở «{cell.name}».",
            "member",
        )
    as_of = interval_as_of(interval, year)
    grassroots = _grassroots_of(interval.organisation, as_of)
    if grassroots is None:
        raise DomainError(
            f"«{interval.organisation}» không thuộc tổ chức cơ sở đảng nào vào ngày "
            f"{fmt_date(as_of)}; không xác định được nơi quyết định xếp loại.",
            "member",
        )
    return Placement(interval.organisation, grassroots, as_of, as_of < year_end(year))


def org_as_of(org: Organisation, year: int) -> dt.date | None:
    """31/12 of `year`, or the organisation's last day that year; None if it did not exist."""
    start, end = dt.date(year, 1, 1), year_end(year)
    last = (
        OrganisationVersion.objects.filter(
            organisation=org, valid_from__lte=end, valid_to__gt=start
        )
        .order_by("-valid_from")
        .first()
    )
    if last is None:
        return None
    return min(end, last.valid_to - dt.timedelta(days=1))


def superior_of(org: Organisation, day: dt.date) -> Organisation | None:
    version = version_at(org, day)
    return version.parent if version is not None else None


def covering_round(org: Organisation, year: int, day: dt.date) -> RatingRound:
    """The open round of `year` whose committee's subtree holds `org` on `day`."""
    version = version_at(org, day)
    path = version.path if version is not None else org.path
    ids = [int(part) for part in path.strip("/").split("/") if part.isdigit()]
    rounds = list(
        RatingRound.objects.filter(organisation_id__in=ids, year=year, voided_at__isnull=True)
    )
    if not rounds:
        raise DomainError(
            f"Chưa có đợt đánh giá, xếp loại năm {year} nào gồm «{org.name}»; cấp ủy cấp trên "
            "cần mở đợt trước.",
            "year",
        )
    open_ = [r for r in rounds if r.is_open]
    if not open_:
        closed = rounds[0]
        raise DomainError(
            f"Đợt đánh giá, xếp loại năm {year} của «{closed.organisation}» đã kết thúc ngày "
            f"{fmt_date(closed.closed_on)}; không ghi thêm được.",
            "year",
        )
    return open_[0]


# --- limits ---------------------------------------------------------------------------


def member_discipline(member: Member, year: int) -> DisciplineDecision | None:
    return (
        DisciplineDecision.objects.filter(
            target=Target.MEMBER,
            member=member,
            voided_at__isnull=True,
            decision_date__year=year,
        )
        .order_by("decision_date")
        .first()
    )


def _decision_text(d: DisciplineDecision) -> str:
    number = f" số {d.decision_number}" if d.decision_number else ""
    day = fmt_date(d.decision_date)
    return f"quyết định kỷ luật {d.get_form_display().lower()}{number} ngày {day}"


def check_member_limits(member: Member, year: int, grade: str, as_of: dt.date) -> None:
    limits = rule("rating.limits", as_of)
    ceiling = limits["disciplined_member_max"]
    if _at_most(grade, ceiling):
        return
    decision = member_discipline(member, year)
    if decision is not None:
        raise DomainError(
            f"Đồng chí {member.full_name} bị kỷ luật trong năm {year} ({_decision_text(decision)}"
            f"); mức xếp loại không được cao hơn «{Grade(ceiling).label}».",
            "grade",
        )


def check_org_limits(org: Organisation, year: int, grade: str, as_of: dt.date) -> None:
    """Refuse `grade` for `org` where the year's discipline caps it, or where «xuất sắc»
    lacks the base of its own results (`check_org_excellent_base`): for a proposal, a
    decision and a correction alike."""
    if grade == Grade.EXCELLENT:
        check_org_excellent_base(org, year, as_of)
    limits = rule("rating.limits", as_of)
    decisions = DisciplineDecision.objects.filter(
        target=Target.ORGANISATION, voided_at__isnull=True, decision_date__year=year
    )
    ceiling = limits["disciplined_org_max"]
    if not _at_most(grade, ceiling):
        own = decisions.filter(organisation=org).order_by("decision_date").first()
        if own is not None:
            raise DomainError(
                f"«{org.name}» bị kỷ luật trong năm {year} ({_decision_text(own)}); mức xếp "
                f"loại không được cao hơn «{Grade(ceiling).label}».",
                "grade",
            )
    if grade == Grade.EXCELLENT and limits.get("excellent_org_needs_no_discipline_below"):
        version = version_at(org, as_of)
        path = version.path if version is not None else org.path
        below = (
            decisions.filter(organisation__path__startswith=path)
            .exclude(organisation=org)
            .select_related("organisation")
            .order_by("decision_date")
            .first()
        )
        if below is not None:
            raise DomainError(
                f"«{org.name}» có tổ chức trực thuộc bị kỷ luật trong năm {year} "
                f"(«{below.organisation}», {_decision_text(below)}); không được xếp loại "
                "«Hoàn thành xuất sắc nhiệm vụ».",
                "grade",
            )


def check_org_excellent_base(org: Organisation, year: int, as_of: dt.date) -> None:
    """An organisation rated «xuất sắc» needs its own results to bear it
    (`rating.limits` «excellent_org_needs»): every member (a cell) or every organisation it
    rates (a committee) graded at least the floor, and the share at «tốt» or above. Only
    decided grades count; before any is decided there is nothing to refuse."""
    needs = rule("rating.limits", as_of).get("excellent_org_needs")
    if not needs:
        return
    version = version_at(org, as_of)
    kind = version.kind if version is not None else org.kind
    if kind in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL):
        rows = MemberRating.objects.filter(organisation=org, year=year)
        what = "đảng viên"
    else:
        rows = OrgRating.objects.filter(decided_by_organisation=org, year=year)
        what = "tổ chức đảng trực thuộc"
    grades = list(
        rows.filter(voided_at__isnull=True, decided_on__isnull=False)
        .exclude(grade="")
        .values_list("grade", flat=True)
    )
    if not grades:
        return
    floor = needs["at_least"]
    below = sum(1 for g in grades if not _at_most(floor, g))
    good = sum(1 for g in grades if g in (Grade.EXCELLENT, Grade.GOOD))
    share = Decimal(good * 100) / len(grades)
    wanted = Decimal(str(needs["good_percent"]))
    if below or share < wanted:
        raise DomainError(
            f"«{org.name}» chưa đủ điều kiện xếp loại «Hoàn thành xuất sắc nhiệm vụ» năm {year}: "
            f"cần 100% {what} được xếp loại «{Grade(floor).label}» trở lên (có {below} "
            f"dưới mức này) và từ {fmt_percent(wanted, 0)} «Hoàn thành tốt nhiệm vụ» trở lên "
            f"(có {good}/{len(grades)}, {fmt_percent(share, 1)}).",
            "grade",
        )


# --- quota ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quota:
    organisation: Organisation
    year: int
    percent: int
    base_grade: str
    base: int  # decided at the base grade (hoàn thành tốt)
    used: int  # decided «xuất sắc»
    kind: str  # "đảng viên" or "tổ chức đảng"

    @property
    def allowed(self) -> int:
        return math.floor(self.base * self.percent / 100)

    @property
    def left(self) -> int:
        return max(self.allowed - self.used, 0)

    @property
    def text(self) -> str:
        return (
            f"{self.organisation.name} đã xếp loại xuất sắc {self.used}/{self.allowed} "
            f"{self.kind} được phép ({self.percent}% của {self.base} {self.kind} "
            f"{grade_label(self.base_grade).replace(' nhiệm vụ', '')}); còn được {self.left}."
        )


def _quota(
    ratings: Any, org: Organisation, year: int, kind: str, extra: Sequence[str] = ()
) -> Quota:
    rules = scheme(year)
    counts = dict(
        ratings.filter(voided_at__isnull=True, decided_on__isnull=False)
        .values_list("grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for grade in extra:
        counts[grade] = counts.get(grade, 0) + 1
    base_grade = rules["excellent_cap_base"]
    return Quota(
        org,
        year,
        int(rules["excellent_cap_percent"]),
        base_grade,
        counts.get(base_grade, 0),
        counts.get(Grade.EXCELLENT, 0),
        kind,
    )


def member_quota(grassroots: Organisation, year: int, extra: Sequence[str] = ()) -> Quota:
    """The «xuất sắc» quota of a grassroots organisation's members (`extra`: grades about
    to be decided, counted as if decided)."""
    ratings = MemberRating.objects.filter(grassroots=grassroots, year=year)
    return _quota(ratings, grassroots, year, "đảng viên", extra)


def org_quota(superior: Organisation, year: int, extra: Sequence[str] = ()) -> Quota:
    ratings = OrgRating.objects.filter(decided_by_organisation=superior, year=year)
    return _quota(ratings, superior, year, "tổ chức đảng", extra)


def _check_quota(quota: Quota, adding: int) -> None:
    if adding and quota.used > quota.allowed:
        before = Quota(
            quota.organisation,
            quota.year,
            quota.percent,
            quota.base_grade,
            quota.base,
            quota.used - adding,
            quota.kind,
        )
        raise DomainError(
            f"{before.text} Quyết định này xếp thêm {adding} {quota.kind} xuất sắc, vượt "
            f"{quota.used - quota.allowed}; hãy giảm số «xuất sắc» hoặc xem lại mức xếp loại.",
            "grade",
        )


# --- rounds ---------------------------------------------------------------------------


def default_deadline(year: int) -> dt.date:
    window = rule("rating.review_window", year_end(year))
    month = int(window["deadline_month"])
    deadline_year = year + 1 if month < int(window["opens_month"]) else year
    day = int(window["deadline_day"])
    first = dt.date(deadline_year, month, 1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    return dt.date(deadline_year, month, min(day, last.day))


@transaction.atomic
def do_open_round(
    organisation: Organisation,
    year: int,
    *,
    opened_on: dt.date,
    deadline: dt.date | None = None,
    note: str = "",
    acting_user: Any,
) -> RatingRound:
    """Open the rating round of `year` for the subtree of `organisation`."""
    _check_scope(organisation, acting_user)
    _check_year(year)
    _check_past(opened_on, "opened_on")
    if opened_on.year < year:
        raise DomainError(
            f"Đợt đánh giá năm {year} không mở trước năm đó; hãy kiểm tra ngày mở đợt.",
            "opened_on",
        )
    if version_at(organisation, min(opened_on, year_end(year))) is None:
        raise DomainError(
            f"«{organisation.name}» không hoạt động vào ngày {fmt_date(opened_on)}.", "organisation"
        )
    deadline = deadline or default_deadline(year)
    if deadline < opened_on:
        raise DomainError("Hạn hoàn thành không được trước ngày mở đợt.", "deadline")
    version = version_at(organisation, min(opened_on, year_end(year)))
    path = version.path if version is not None else organisation.path
    ids = [int(p) for p in path.strip("/").split("/") if p.isdigit()]
    existing = (
        RatingRound.objects.filter(organisation_id__in=ids, year=year, voided_at__isnull=True)
        .select_related("organisation")
        .first()
    )
    if existing is not None:
        raise DomainError(
            f"Đã có {existing} (mở ngày {fmt_date(existing.opened_on)}) gồm cả "
            f"«{organisation.name}»; không mở đợt thứ hai.",
            "year",
        )
    rnd = RatingRound.objects.create(
        organisation=organisation,
        year=year,
        opened_on=opened_on,
        deadline=deadline,
        note=_text(note, "note", "Ghi chú"),
        opened_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=rnd, after=audit.snapshot(rnd))
    return rnd


@transaction.atomic
def do_close_round(rnd: RatingRound, *, closed_on: dt.date, acting_user: Any) -> RatingRound:
    _check_scope(rnd.organisation, acting_user)
    if rnd.voided_at is not None:
        raise DomainError("Đợt đánh giá này đã bị hủy.", "closed_on")
    if rnd.closed_on is not None:
        raise DomainError(f"Đợt đánh giá đã kết thúc ngày {fmt_date(rnd.closed_on)}.", "closed_on")
    _check_past(closed_on, "closed_on")
    if closed_on < rnd.opened_on:
        raise DomainError("Ngày kết thúc không được trước ngày mở đợt.", "closed_on")
    before = audit.snapshot(rnd)
    rnd.closed_on = closed_on
    rnd.closed_by = _user(acting_user)
    rnd.save(update_fields=["closed_on", "closed_by"])
    audit.record(audit.UPDATE, user=acting_user, obj=rnd, before=before, after=audit.snapshot(rnd))
    return rnd


# --- member ratings -------------------------------------------------------------------


def _locked(rating: MemberRating | OrgRating, whom: str) -> DomainError:
    number = f" số {rating.decision_number}" if rating.decision_number else ""
    return DomainError(
        f"Xếp loại năm {rating.year} của {whom} đã có quyết định{number} ngày "
        f"{fmt_date(rating.decided_on)}; muốn thay đổi hãy sửa quyết định và ghi lý do.",
        "grade",
    )


def _member_rating(
    member: Member, year: int, acting_user: Any, cell: Organisation | None = None
) -> tuple[MemberRating, Placement, bool]:
    """The member's alive rating of `year` (a new unsaved one when none), its placement
    and whether it is new; checks the round and the scope on the cell."""
    _check_year(year)
    placement = place_member(member, year, cell)
    _check_scope(placement.cell, acting_user, "member")
    covering_round(placement.cell, year, placement.as_of)
    rating = (
        MemberRating.objects.select_for_update()
        .filter(member=member, year=year, voided_at__isnull=True)
        .first()
    )
    if rating is not None:
        if rating.is_locked:
            raise _locked(rating, f"đồng chí {member.full_name}")
        rating.organisation = placement.cell
        rating.grassroots = placement.grassroots
        rating.as_of = placement.as_of
        return rating, placement, False
    rating = MemberRating(
        member=member,
        year=year,
        organisation=placement.cell,
        grassroots=placement.grassroots,
        as_of=placement.as_of,
        recorded_by=_user(acting_user),
    )
    return rating, placement, True


def _save(rating: Any, new: bool, before: dict[str, Any] | None, acting_user: Any) -> None:
    rating.save()
    if new:
        audit.record(audit.CREATE, user=acting_user, obj=rating, after=audit.snapshot(rating))
    else:
        audit.record(
            audit.UPDATE, user=acting_user, obj=rating, before=before, after=audit.snapshot(rating)
        )


def _check_step_day(day: dt.date, year: int, field: str) -> None:
    _check_past(day, field)
    if day.year < year:
        raise DomainError(
            f"Ngày {fmt_date(day)} trước năm đánh giá {year}; hãy kiểm tra lại.", field
        )


@transaction.atomic
def do_self_assess_member(
    member: Member,
    year: int,
    *,
    grade: str,
    score: Any = None,
    on: dt.date,
    cell: Organisation | None = None,
    acting_user: Any,
) -> MemberRating:
    """Record a member's self-assessment (tự đánh giá, xếp loại)."""
    rating, placement, new = _member_rating(member, year, acting_user, cell)
    _check_step_day(on, year, "self_assessed_on")
    grade, points = check_grade(grade, score, year, placement.as_of, field="self_grade")
    before = None if new else audit.snapshot(rating)
    rating.self_grade, rating.self_score, rating.self_assessed_on = grade, points, on
    _save(rating, new, before, acting_user)
    return rating


@transaction.atomic
def do_propose_member(
    member: Member,
    year: int,
    *,
    grade: str,
    score: Any = None,
    on: dt.date,
    cell: Organisation | None = None,
    acting_user: Any,
) -> MemberRating:
    """Record the cell's proposed grade for a member; clears a reason for not rating."""
    rating, placement, new = _member_rating(member, year, acting_user, cell)
    _check_step_day(on, year, "proposed_on")
    grade, points = check_grade(grade, score, year, placement.as_of, field="proposed_grade")
    check_member_limits(member, year, grade, placement.as_of)
    before = None if new else audit.snapshot(rating)
    rating.proposed_grade, rating.proposed_score, rating.proposed_on = grade, points, on
    rating.proposed_by = _user(acting_user)
    rating.not_rated_reason = ""
    _save(rating, new, before, acting_user)
    return rating


def check_member_reason(member: Member, year: int, reason: str, placement: Placement) -> None:
    if reason not in NotRatedReason.values:
        raise DomainError("Hãy chọn một lý do không xếp loại trong danh sách.", "not_rated_reason")
    rules = rule("rating.not_rated", placement.as_of)
    label = NotRatedReason(reason).label
    if reason not in rules["member_reasons"]:
        raise DomainError(
            f"Năm {year}, quy định không cho phép không xếp loại với lý do «{label}»; hãy "
            "xếp loại đồng chí hoặc chọn lý do khác.",
            "not_rated_reason",
        )
    if reason == NotRatedReason.NEW_MEMBER:
        months = int(rules["new_member_months"])
        admitted = member.admission_decision_date
        if admitted is None or add_months(admitted, months) <= year_end(year):
            when = f"ngày {fmt_date(admitted)}" if admitted else "(chưa ghi ngày kết nạp)"
            raise DomainError(
                f"Đồng chí {member.full_name} kết nạp {when}, đến 31/12/{year} đã đủ "
                f"{months} tháng; phải xếp loại.",
                "not_rated_reason",
            )
    if reason == NotRatedReason.LEFT and not placement.left:
        raise DomainError(
            f"Đồng chí {member.full_name} vẫn có tên trong danh sách đến 31/12/{year}; lý do "
            f"«{label}» không đúng.",
            "not_rated_reason",
        )
    if reason == NotRatedReason.EXEMPT and not rules["exempt_not_rated"]:
        raise DomainError(
            f"Năm {year}, đảng viên được miễn sinh hoạt vẫn được xếp loại.", "not_rated_reason"
        )


@transaction.atomic
def do_set_member_not_rated(
    member: Member,
    year: int,
    *,
    reason: str,
    note: str = "",
    on: dt.date,
    cell: Organisation | None = None,
    acting_user: Any,
) -> MemberRating:
    """Record why a member on the books that year is not rated; the grassroots decision
    confirms it (a rating with a reason and no grade)."""
    rating, placement, new = _member_rating(member, year, acting_user, cell)
    _check_step_day(on, year, "proposed_on")
    check_member_reason(member, year, reason, placement)
    note = _text(note, "note", "Ghi chú")
    if reason == NotRatedReason.OTHER and not note:
        raise DomainError("Lý do «khác»: hãy ghi rõ lý do vào ô ghi chú.", "note")
    before = None if new else audit.snapshot(rating)
    rating.not_rated_reason = reason
    rating.proposed_grade, rating.proposed_score = "", None
    rating.proposed_on, rating.proposed_by = on, _user(acting_user)
    if note:
        rating.note = note
    _save(rating, new, before, acting_user)
    return rating


@dataclass(frozen=True)
class MemberDecision:
    member: Member
    grade: str = ""  # blank: the proposed grade (or the reason for not rating)
    score: Any = None


def _decision_fields(number: str, decided_on: dt.date, year: int) -> str:
    number = clean(number or "")
    if not number:
        raise DomainError("Hãy ghi số quyết định (thông báo) xếp loại.", "decision_number")
    if len(number) > 60:
        raise DomainError("Số quyết định dài quá 60 ký tự.", "decision_number")
    _check_step_day(decided_on, year, "decided_on")
    return number


@transaction.atomic
def do_decide_members(
    grassroots: Organisation,
    year: int,
    decisions: Sequence[MemberDecision],
    *,
    decision_number: str,
    decided_on: dt.date,
    acting_user: Any,
) -> list[MemberRating]:
    """The grassroots organisation's decision on the grades of a list of its members."""
    _check_scope(grassroots, acting_user, "grassroots")
    _check_year(year)
    number = _decision_fields(decision_number, decided_on, year)
    if not decisions:
        raise DomainError("Hãy chọn ít nhất một đảng viên để quyết định xếp loại.", "members")
    seen: set[int] = set()
    saved: list[MemberRating] = []
    excellent = 0
    pending: list[tuple[MemberRating, str, Decimal | None, dict[str, Any]]] = []
    for item in decisions:
        member = item.member
        if member.pk in seen:
            raise DomainError(f"Đồng chí {member.full_name} có hai lần trong danh sách.", "members")
        seen.add(member.pk)
        placement = place_member(member, year)
        if placement.grassroots.pk != grassroots.pk:
            raise DomainError(
                f"Đồng chí {member.full_name} được xếp loại năm {year} ở «{placement.grassroots}»"
                f", không thuộc «{grassroots.name}».",
                "members",
            )
        covering_round(placement.cell, year, placement.as_of)
        rating = (
            MemberRating.objects.select_for_update()
            .filter(member=member, year=year, voided_at__isnull=True)
            .first()
        )
        if rating is not None and rating.is_locked:
            raise _locked(rating, f"đồng chí {member.full_name}")
        if rating is None:
            if not item.grade:
                raise DomainError(
                    f"Chi bộ chưa đề xuất mức xếp loại của đồng chí {member.full_name}; hãy "
                    "chọn mức xếp loại.",
                    "members",
                )
            rating = MemberRating(
                member=member,
                year=year,
                organisation=placement.cell,
                grassroots=grassroots,
                as_of=placement.as_of,
                recorded_by=_user(acting_user),
            )
        before = audit.snapshot(rating) if rating.pk else {}
        grade, score = item.grade, item.score
        if not grade and rating.not_rated_reason:
            points = None
        else:
            if not grade:
                grade, score = rating.proposed_grade, rating.proposed_score
            if not grade:
                raise DomainError(
                    f"Chi bộ chưa đề xuất mức xếp loại của đồng chí {member.full_name}; hãy "
                    "chọn mức xếp loại.",
                    "members",
                )
            try:
                grade, points = check_grade(grade, score, year, placement.as_of)
                check_member_limits(member, year, grade, placement.as_of)
            except DomainError as exc:
                raise DomainError(
                    f"Đồng chí {member.full_name}: {exc.message}", exc.field
                ) from None
            rating.not_rated_reason = ""
        rating.grade, rating.score = (grade or ""), points
        rating.organisation, rating.grassroots, rating.as_of = (
            placement.cell,
            grassroots,
            placement.as_of,
        )
        excellent += rating.grade == Grade.EXCELLENT
        pending.append((rating, rating.grade, points, before))
    quota = member_quota(grassroots, year, [g for _, g, _, _ in pending if g])
    _check_quota(quota, excellent)
    for rating, _, _, before in pending:
        rating.decided_on, rating.decision_number = decided_on, number
        rating.decided_by = _user(acting_user)
        rating.save()
        if before:
            audit.record(
                audit.UPDATE,
                user=acting_user,
                obj=rating,
                before=before,
                after=audit.snapshot(rating),
                note=f"Quyết định xếp loại số {number}",
            )
        else:
            audit.record(audit.CREATE, user=acting_user, obj=rating, after=audit.snapshot(rating))
        saved.append(rating)
    return saved


# What a decided rating's page shows and its correction form is stamped with, so that of
# two clerks correcting the same decision the second is refused rather than stacking a
# correction on a decision already replaced.
RATING_STAMPED = ("grade", "score", "not_rated_reason", "decision_number", "decided_on")
R = TypeVar("R", MemberRating, OrgRating)


def current_rating(rating: R) -> R:
    """The decision in force for `rating`: the last of its chain of corrections."""
    seen = {rating.pk}
    while True:
        nxt = type(rating)._base_manager.filter(correction_of=rating).order_by("-pk").first()
        if nxt is None or nxt.pk in seen:
            return rating
        seen.add(nxt.pk)
        rating = nxt


def _check_stamp(rating: Any, stamp: str | concurrency.Stamp | None) -> None:
    """Lock `rating` and refuse when the decision in force differs from what was stamped.

    A correction made meanwhile voids `rating` and records a new decision; the refusal
    compares the page's values with that new decision, naming who recorded it.
    """
    concurrency.locked(rating)
    if stamp is None:
        return
    seen = concurrency.read(stamp, rating, RATING_STAMPED)
    concurrency.check(current_rating(rating), seen, RATING_STAMPED)


@transaction.atomic
def do_correct_member_rating(
    rating: MemberRating,
    *,
    grade: str = "",
    score: Any = None,
    not_rated_reason: str = "",
    reason: str,
    decision_number: str,
    decided_on: dt.date,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> MemberRating:
    """Correct a decided rating: void it with the reason and record the corrected one,
    pointing at it, so the first decision stays on record.

    `stamp`, when given, is the page's stamp of `RATING_STAMPED`: a correction recorded by
    someone else since the page was opened refuses this one with `EditConflict`.
    """
    _check_scope(rating.grassroots, acting_user, "grade")
    _check_stamp(rating, stamp)
    if rating.voided_at is not None:
        raise DomainError("Xếp loại này đã bị hủy hoặc đã được sửa.", "grade")
    if not rating.is_locked:
        raise DomainError(
            "Xếp loại này chưa có quyết định; hãy ghi lại trên trang của chi bộ.", "grade"
        )
    reason = _text(reason, "reason", "Lý do sửa")
    if not reason:
        raise DomainError("Hãy ghi lý do sửa quyết định xếp loại.", "reason")
    number = _decision_fields(decision_number, decided_on, rating.year)
    if decided_on < rating.decided_on:
        raise DomainError(
            f"Ngày sửa không được trước ngày quyết định cũ ({fmt_date(rating.decided_on)}).",
            "decided_on",
        )
    member, year = rating.member, rating.year
    placement = Placement(rating.organisation, rating.grassroots, rating.as_of, False)
    if grade and not_rated_reason:
        raise DomainError(
            "Chọn mức xếp loại hoặc lý do không xếp loại, không chọn cả hai.", "grade"
        )
    points = None
    if not_rated_reason:
        placement = place_member(member, year)
        check_member_reason(member, year, not_rated_reason, placement)
    else:
        grade, points = check_grade(grade, score, year, rating.as_of)
        check_member_limits(member, year, grade, rating.as_of)
    do_void(rating, reason=f"Sửa quyết định xếp loại: {reason}", acting_user=acting_user)
    if grade == Grade.EXCELLENT and rating.grade != Grade.EXCELLENT:
        _check_quota(member_quota(rating.grassroots, year, [grade]), 1)
    new = MemberRating.objects.create(
        member=member,
        year=year,
        organisation=rating.organisation,
        grassroots=rating.grassroots,
        as_of=rating.as_of,
        self_grade=rating.self_grade,
        self_score=rating.self_score,
        self_assessed_on=rating.self_assessed_on,
        proposed_grade=rating.proposed_grade,
        proposed_score=rating.proposed_score,
        proposed_on=rating.proposed_on,
        proposed_by=rating.proposed_by,
        grade=grade if not not_rated_reason else "",
        score=points,
        not_rated_reason=not_rated_reason,
        decided_on=decided_on,
        decision_number=number,
        decided_by=_user(acting_user),
        correction_of=rating,
        correction_reason=reason,
        note=rating.note,
        recorded_by=_user(acting_user),
    )
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=new,
        after=audit.snapshot(new),
        note=f"Sửa quyết định xếp loại: {reason}",
    )
    return new


# --- organisation ratings -------------------------------------------------------------


@dataclass(frozen=True)
class OrgPlacement:
    superior: Organisation
    as_of: dt.date
    founded: dt.date


def place_org(org: Organisation, year: int) -> OrgPlacement:
    as_of = org_as_of(org, year)
    if as_of is None:
        raise DomainError(f"«{org.name}» không hoạt động trong năm {year}.", "organisation")
    superior = superior_of(org, as_of)
    if superior is None:
        raise DomainError(
            f"«{org.name}» không có cấp ủy cấp trên trong Đảng bộ vào ngày {fmt_date(as_of)}; "
            "cấp trên ngoài hệ thống xếp loại tổ chức này.",
            "organisation",
        )
    founded = (
        OrganisationVersion.objects.filter(organisation=org)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return OrgPlacement(superior, as_of, founded or org.founded_on)


def check_org_reason(org: Organisation, year: int, reason: str, placement: OrgPlacement) -> None:
    if reason not in NotRatedReason.values:
        raise DomainError("Hãy chọn một lý do không xếp loại trong danh sách.", "not_rated_reason")
    rules = rule("rating.not_rated", placement.as_of)
    label = NotRatedReason(reason).label
    if reason not in rules["org_reasons"]:
        raise DomainError(
            f"Tổ chức đảng không dùng lý do «{label}»; hãy chọn lý do khác.", "not_rated_reason"
        )
    if reason == NotRatedReason.NEW_ORGANISATION:
        months = int(rules["new_organisation_months"])
        founded = min(org.founded_on, placement.founded)
        if add_months(founded, months) <= year_end(year):
            raise DomainError(
                f"«{org.name}» thành lập ngày {fmt_date(founded)}, đến 31/12/{year} đã đủ "
                f"{months} tháng; phải xếp loại.",
                "not_rated_reason",
            )
    if reason == NotRatedReason.LEFT and placement.as_of >= year_end(year):
        raise DomainError(
            f"«{org.name}» vẫn hoạt động đến 31/12/{year}; lý do «{label}» không đúng.",
            "not_rated_reason",
        )


def _org_rating(
    org: Organisation, year: int, acting_user: Any
) -> tuple[OrgRating, OrgPlacement, bool]:
    _check_year(year)
    placement = place_org(org, year)
    _check_scope(placement.superior, acting_user, "organisation")
    covering_round(org, year, placement.as_of)
    rating = (
        OrgRating.objects.select_for_update()
        .filter(organisation=org, year=year, voided_at__isnull=True)
        .first()
    )
    if rating is not None:
        if rating.is_locked:
            raise _locked(rating, f"«{org.name}»")
        rating.decided_by_organisation, rating.as_of = placement.superior, placement.as_of
        return rating, placement, False
    rating = OrgRating(
        organisation=org,
        year=year,
        decided_by_organisation=placement.superior,
        as_of=placement.as_of,
        recorded_by=_user(acting_user),
    )
    return rating, placement, True


@transaction.atomic
def do_propose_org(
    org: Organisation,
    year: int,
    *,
    grade: str = "",
    score: Any = None,
    self_grade: str = "",
    self_score: Any = None,
    not_rated_reason: str = "",
    note: str = "",
    on: dt.date,
    acting_user: Any,
) -> OrgRating:
    """Record an organisation's self-assessment (optional) and the proposal of the body
    above it, or the reason it is not rated."""
    rating, placement, new = _org_rating(org, year, acting_user)
    _check_step_day(on, year, "proposed_on")
    before = None if new else audit.snapshot(rating)
    if self_grade:
        s_grade, s_points = check_grade(
            self_grade, self_score, year, placement.as_of, field="self_grade"
        )
        rating.self_grade, rating.self_score, rating.self_assessed_on = s_grade, s_points, on
    if grade and not_rated_reason:
        raise DomainError(
            "Chọn mức xếp loại hoặc lý do không xếp loại, không chọn cả hai.", "grade"
        )
    if not_rated_reason:
        check_org_reason(org, year, not_rated_reason, placement)
        rating.not_rated_reason = not_rated_reason
        rating.proposed_grade, rating.proposed_score = "", None
    elif grade:
        grade, points = check_grade(grade, score, year, placement.as_of, field="proposed_grade")
        check_org_limits(org, year, grade, placement.as_of)
        rating.proposed_grade, rating.proposed_score = grade, points
        rating.not_rated_reason = ""
    elif not self_grade:
        raise DomainError("Hãy chọn mức xếp loại đề xuất hoặc lý do không xếp loại.", "grade")
    if grade or not_rated_reason:
        rating.proposed_on, rating.proposed_by = on, _user(acting_user)
    note = _text(note, "note", "Ghi chú")
    if note:
        rating.note = note
    _save(rating, new, before, acting_user)
    return rating


@dataclass(frozen=True)
class OrgDecision:
    organisation: Organisation
    grade: str = ""
    score: Any = None


@transaction.atomic
def do_decide_orgs(
    superior: Organisation,
    year: int,
    decisions: Sequence[OrgDecision],
    *,
    decision_number: str,
    decided_on: dt.date,
    acting_user: Any,
) -> list[OrgRating]:
    """The superior's decision on the grades of organisations directly under it."""
    _check_scope(superior, acting_user, "superior")
    _check_year(year)
    number = _decision_fields(decision_number, decided_on, year)
    if not decisions:
        raise DomainError("Hãy chọn ít nhất một tổ chức đảng để quyết định xếp loại.", "orgs")
    seen: set[int] = set()
    pending: list[tuple[OrgRating, dict[str, Any]]] = []
    excellent = 0
    for item in decisions:
        org = item.organisation
        if org.pk in seen:
            raise DomainError(f"«{org.name}» có hai lần trong danh sách.", "orgs")
        seen.add(org.pk)
        placement = place_org(org, year)
        if placement.superior.pk != superior.pk:
            raise DomainError(
                f"«{org.name}» do «{placement.superior}» xếp loại, không phải «{superior.name}».",
                "orgs",
            )
        covering_round(org, year, placement.as_of)
        rating = (
            OrgRating.objects.select_for_update()
            .filter(organisation=org, year=year, voided_at__isnull=True)
            .first()
        )
        if rating is not None and rating.is_locked:
            raise _locked(rating, f"«{org.name}»")
        if rating is None:
            rating = OrgRating(
                organisation=org,
                year=year,
                decided_by_organisation=superior,
                as_of=placement.as_of,
                recorded_by=_user(acting_user),
            )
        before = audit.snapshot(rating) if rating.pk else {}
        grade, score = item.grade, item.score
        points = None
        if grade or not rating.not_rated_reason:
            if not grade:
                grade, score = rating.proposed_grade, rating.proposed_score
            if not grade:
                raise DomainError(
                    f"«{org.name}» chưa có mức xếp loại đề xuất; hãy chọn mức xếp loại.", "orgs"
                )
            try:
                grade, points = check_grade(grade, score, year, placement.as_of)
                check_org_limits(org, year, grade, placement.as_of)
            except DomainError as exc:
                raise DomainError(f"«{org.name}»: {exc.message}", exc.field) from None
            rating.not_rated_reason = ""
        rating.grade, rating.score = grade or "", points
        rating.decided_by_organisation, rating.as_of = superior, placement.as_of
        excellent += rating.grade == Grade.EXCELLENT
        pending.append((rating, before))
    _check_quota(org_quota(superior, year, [r.grade for r, _ in pending if r.grade]), excellent)
    saved = []
    for rating, before in pending:
        rating.decided_on, rating.decision_number = decided_on, number
        rating.decided_by = _user(acting_user)
        rating.save()
        if before:
            audit.record(
                audit.UPDATE,
                user=acting_user,
                obj=rating,
                before=before,
                after=audit.snapshot(rating),
                note=f"Quyết định xếp loại số {number}",
            )
        else:
            audit.record(audit.CREATE, user=acting_user, obj=rating, after=audit.snapshot(rating))
        saved.append(rating)
    return saved


@transaction.atomic
def do_correct_org_rating(
    rating: OrgRating,
    *,
    grade: str = "",
    score: Any = None,
    not_rated_reason: str = "",
    reason: str,
    decision_number: str,
    decided_on: dt.date,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> OrgRating:
    """Correct a decided organisation rating (void with reason, record the new one).

    `stamp` is read as in `do_correct_member_rating`.
    """
    _check_scope(rating.decided_by_organisation, acting_user, "grade")
    _check_stamp(rating, stamp)
    if rating.voided_at is not None:
        raise DomainError("Xếp loại này đã bị hủy hoặc đã được sửa.", "grade")
    if not rating.is_locked:
        raise DomainError("Xếp loại này chưa có quyết định; không cần sửa.", "grade")
    reason = _text(reason, "reason", "Lý do sửa")
    if not reason:
        raise DomainError("Hãy ghi lý do sửa quyết định xếp loại.", "reason")
    number = _decision_fields(decision_number, decided_on, rating.year)
    if decided_on < rating.decided_on:
        raise DomainError(
            f"Ngày sửa không được trước ngày quyết định cũ ({fmt_date(rating.decided_on)}).",
            "decided_on",
        )
    org, year = rating.organisation, rating.year
    if grade and not_rated_reason:
        raise DomainError(
            "Chọn mức xếp loại hoặc lý do không xếp loại, không chọn cả hai.", "grade"
        )
    points = None
    if not_rated_reason:
        check_org_reason(org, year, not_rated_reason, place_org(org, year))
    else:
        grade, points = check_grade(grade, score, year, rating.as_of)
        check_org_limits(org, year, grade, rating.as_of)
    do_void(rating, reason=f"Sửa quyết định xếp loại: {reason}", acting_user=acting_user)
    if grade == Grade.EXCELLENT and rating.grade != Grade.EXCELLENT:
        _check_quota(org_quota(rating.decided_by_organisation, year, [grade]), 1)
    new = OrgRating.objects.create(
        organisation=org,
        year=year,
        decided_by_organisation=rating.decided_by_organisation,
        as_of=rating.as_of,
        self_grade=rating.self_grade,
        self_score=rating.self_score,
        self_assessed_on=rating.self_assessed_on,
        proposed_grade=rating.proposed_grade,
        proposed_score=rating.proposed_score,
        proposed_on=rating.proposed_on,
        proposed_by=rating.proposed_by,
        grade=grade if not not_rated_reason else "",
        score=points,
        not_rated_reason=not_rated_reason,
        decided_on=decided_on,
        decision_number=number,
        decided_by=_user(acting_user),
        correction_of=rating,
        correction_reason=reason,
        note=rating.note,
        recorded_by=_user(acting_user),
    )
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=new,
        after=audit.snapshot(new),
        note=f"Sửa quyết định xếp loại: {reason}",
    )
    return new


def member_rows(cell: Organisation, year: int) -> list[tuple[Member, Placement | None]]:
    """Every member rated by `cell` for `year` (their last cell in the year), by name."""
    start, end = dt.date(year, 1, 1), year_end(year)
    ids = set(
        MembershipInterval.objects.filter(
            organisation=cell, valid_from__lte=end, valid_to__gt=start
        ).values_list("member_id", flat=True)
    )
    last = last_intervals(ids, year)
    keep = [mid for mid, iv in last.items() if iv.organisation_id == cell.pk]
    members = Member.objects.filter(pk__in=keep).order_by("search_key")
    grassroots = {}
    rows: list[tuple[Member, Placement | None]] = []
    for member in members:
        interval = last[member.pk]
        as_of = interval_as_of(interval, year)
        if as_of not in grassroots:
            grassroots[as_of] = _grassroots_of(cell, as_of)
        g = grassroots[as_of]
        rows.append((member, Placement(cell, g, as_of, as_of < end) if g else None))
    return rows


__all__ = [
    "MemberDecision",
    "OrgDecision",
    "do_close_round",
    "do_correct_member_rating",
    "do_correct_org_rating",
    "do_decide_members",
    "do_decide_orgs",
    "do_open_round",
    "do_propose_member",
    "do_propose_org",
    "do_self_assess_member",
    "do_set_member_not_rated",
    "member_quota",
    "member_rows",
    "org_quota",
]
