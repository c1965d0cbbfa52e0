"""What falls due in a scope: the due items of the home page and of the e-mail digest.

`due_for(org, day)` gathers, for the subtree of `org`, the groups below, each with its
count, how many of them are overdue, the first due date, the first `limit` lines and the
address of the list page that shows them all (filtered to `org`). Groups with nothing in
them are left out; the rest come most urgent first (those with overdue items, then by
their first due date). Every figure comes from the apps' own queries, so the home page,
the digest and the list pages agree.

- "probation": probationary members whose 12 months end within the window and whose
  confirmation is not yet late (`members.queries.probation_due`);
- "confirmation_overdue": those past the confirmation deadline (the same query);
- "badges": badges to propose at the next award occasion when it falls in the window,
  and any backlog (overdue) whatever the window (`members.badges.due_list`);
- "cards": full members without a party card (`members.queries.without_card`);
- "complaints": open complaints handled in the subtree whose deadline falls within the
  window or has passed (overdue);
- "returns": grassroots organisations of the subtree without a study return for a
  resolution whose study falls due (its issue date plus the rule
  `education.study_within_days`) within the window or in the last year;
- "reports": the grassroots organisations of the subtree (the organisation itself when it
  is grassroots) that existed at the end of the last completed year and have issued no
  annual report for it in Dangvu. Cells under a grassroots committee, and sub-committees,
  report to their committee, not to the level above: they are not asked. No deadline is
  known for the annual report: its lines carry no date, never overdue, and the group
  comes after the dated ones.
- "dues_arrears": members on the books with months of the year unpaid
  (`dues.queries.arrears_due`); those with three or more are overdue, flagged for the
  cell's consideration of removal from the rolls under the Statute;
- "dues_remittance": organisations that collected dues for the last quarter and sent
  nothing up for it (`dues.queries.not_remitted`), due the quarter's last day;
- "dues_exemptions": dues exemptions and reductions whose last month is this month or the
  next (`dues.queries.exemptions_ending`), due that month's last day, to be reconsidered.
- "rating_unrated": for each open rating round over or under the subtree whose deadline
  falls within the window or has passed (overdue), the members on the books that year
  not yet rated (`rating.queries.rounds_due`), due the round's deadline;
- "rating_failing": members whose latest decided result, for this year or last year, is
  «không hoàn thành nhiệm vụ» as is the year before's (`rating.queries.failing_due`), all
  overdue: the cell is to consider removal from the rolls under the Statute.
- "meetings_no_meeting": cells of the subtree without a live meeting recorded for last
  month (`meetings.queries.cells_without_meeting`), overdue since that month ended;
- "meetings_no_thematic": cells without a thematic meeting so far this quarter
  (`meetings.queries.cells_without_thematic`), due the quarter's last day;
- "meetings_absent": members absent without reason in the rule's «near» number of distinct
  months of the last twelve or more (`meetings.queries.absentees`); those at the Statute's
  threshold are overdue, flagged for the cell's consideration of removal from the rolls.
- "congress_terms_ending": open congress terms of organisations of the subtree whose
  next congress falls due within the window and is not yet held
  (`congresses.queries.terms_due`), due that day, with the planned date when one is;
- "congress_terms_overdue": open terms past their due day with no congress held since they
  began (the same query), all overdue; those beyond the delay the rule
  `congresses.allowed_delay_months` allows are said so.
- "transit_out", "transit_in": members transferred out with no confirmation of their
  arrival, and members announced as coming who have not arrived
  (`transit.queries.in_transit`, `announced`), whose deadline (the paper's date plus the
  rule `transit.arrival_working_days`) falls within the window or has passed (overdue);
- "transit_ending": members of other committees attending temporarily with no end
  recorded whose planned end falls within the window or has passed (overdue)
  (`transit.queries.attendees_ending`).

Lines carry names, organisations and dates only: never identity or phone numbers, nor a
complaint's sender.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.kinds import GRASSROOTS_KINDS
from dangvu.orgs.models import Organisation


@dataclass(frozen=True)
class DueLine:
    text: str
    due: dt.date | None
    overdue: bool
    url: str


@dataclass(frozen=True)
class DueGroup:
    key: str
    label: str
    count: int
    overdue: int
    url: str
    first_due: dt.date | None
    lines: tuple[DueLine, ...]


# The order of groups of equal urgency (and of the digest's sections).
KEYS = (
    "confirmation_overdue",
    "probation",
    "complaints",
    "badges",
    "returns",
    "cards",
    "reports",
    "dues_arrears",
    "dues_remittance",
    "dues_exemptions",
    "rating_unrated",
    "rating_failing",
    "meetings_no_meeting",
    "meetings_no_thematic",
    "meetings_absent",
    "congress_terms_overdue",
    "congress_terms_ending",
    "transit_out",
    "transit_in",
    "transit_ending",
)

# How far back a resolution's study still counts as missing (days before `day`).
RETURNS_LOOKBACK_DAYS = 365


def _url(name: str, org: Organisation, anchor: str = "", **params: Any) -> str:
    query = urlencode({"to_chuc": org.code, **{k: str(v) for k, v in params.items()}})
    return f"{reverse(name)}?{query}{'#' + anchor if anchor else ''}"


def _group(
    key: str,
    label: str,
    url: str,
    lines: list[DueLine],
    *,
    count: int | None = None,
    overdue: int | None = None,
    first_due: dt.date | None = None,
    limit: int,
) -> DueGroup | None:
    """A group of `lines` (all of them, sorted here; or the first ones with `count`)."""
    total = len(lines) if count is None else count
    if not total:
        return None
    lines = sorted(lines, key=lambda line: (not line.overdue, line.due or dt.date.max, line.text))
    dates = [line.due for line in lines if line.due is not None]
    return DueGroup(
        key=key,
        label=label,
        count=total,
        overdue=sum(1 for line in lines if line.overdue) if overdue is None else overdue,
        url=url,
        first_due=first_due if first_due is not None else min(dates, default=None),
        lines=tuple(lines[:limit]),
    )


def _member_line(member: Any, text: str, due: dt.date | None, overdue: bool) -> DueLine:
    org = getattr(member, "organisation", None)
    where = f" — {org.name}" if org is not None else ""
    return DueLine(f"{member.full_name}{text}{where}", due, overdue, member.get_absolute_url())


def _probation(org: Organisation, day: dt.date, within: int, limit: int) -> list[DueGroup]:
    from dangvu.core.dates import add_working_days
    from dangvu.core.rules import rule_reader
    from dangvu.members.queries import probation_due

    items = probation_due(org, day, within)
    within_working_days = rule_reader("members.confirmation_within_working_days")
    ending: list[DueLine] = []
    late: list[DueLine] = []
    for item in items:
        if item.overdue:
            limit_day = add_working_days(item.due, within_working_days(item.due))
            late.append(
                _member_line(
                    item.member, f" (hết dự bị {fmt_date(item.due)})", limit_day, overdue=True
                )
            )
        else:
            ending.append(_member_line(item.member, "", item.due, overdue=False))
    url = _url("members:due", org, "du-bi", trong=within)
    groups = [
        _group(
            "confirmation_overdue",
            "Quá hạn xét chuyển đảng chính thức",
            url,
            late,
            limit=limit,
        ),
        _group("probation", "Hết thời hạn dự bị", url, ending, limit=limit),
    ]
    return [g for g in groups if g is not None]


def _badges(org: Organisation, day: dt.date, within: int, limit: int) -> DueGroup | None:
    from dangvu.members.badges import attach_members, due_list
    from dangvu.members.queries import next_occasion

    occasion = next_occasion(day)
    rows = due_list(org, day, load_members=False)
    label = f"Huy hiệu Đảng dịp {fmt_date(occasion)}"
    if occasion > day + dt.timedelta(days=within):
        rows = [r for r in rows if r.case == "BACKLOG"]
        label = f"Huy hiệu Đảng tồn đọng, chưa đề nghị (dịp tới {fmt_date(occasion)})"
    if not rows:
        return None
    # Backlog first (overdue), then by the day the party age was reached.
    rows.sort(key=lambda r: (r.case != "BACKLOG", r.due, r.member.search_key))
    shown = rows[:limit]
    attach_members(shown)
    lines = [
        _member_line(
            r.member,
            f" — Huy hiệu {r.milestone} năm ({r.label.lower()})",
            r.due if r.case == "BACKLOG" else occasion,
            overdue=r.case == "BACKLOG",
        )
        for r in shown
    ]
    backlog = sum(1 for r in rows if r.case == "BACKLOG")
    return _group(
        "badges",
        label,
        _url("members:due", org, "huy-hieu"),
        lines,
        count=len(rows),
        overdue=backlog,
        first_due=min((r.due for r in rows if r.case == "BACKLOG"), default=occasion),
        limit=limit,
    )


def _cards(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.members.queries import without_card

    qs = without_card(org, day)
    count = qs.count()
    if not count:
        return None
    lines = [
        _member_line(m, "", None, overdue=False) for m in qs.select_related("organisation")[:limit]
    ]
    return _group(
        "cards",
        "Đảng viên chính thức chưa có thẻ",
        _url("members:due", org, "the"),
        lines,
        count=count,
        overdue=0,
        limit=limit,
    )


def _complaints(org: Organisation, day: dt.date, within: int, limit: int) -> DueGroup | None:
    from dangvu.inspection.models import Complaint
    from dangvu.inspection.queries import in_subtree

    qs = in_subtree(
        Complaint.objects.filter(
            closed_date__isnull=True,
            voided_at__isnull=True,
            received_date__lte=day,
            deadline__lte=day + dt.timedelta(days=within),
        ),
        org,
        "handling_organisation",
    )
    count = qs.count()
    if not count:
        return None
    overdue = qs.filter(deadline__lt=day).count()
    first = qs.select_related("handling_organisation").order_by("deadline", "id")[:limit]
    lines = [
        DueLine(
            f"{c.get_kind_display()} nhận ngày {fmt_date(c.received_date)} — "
            f"{c.handling_organisation.name}",
            c.deadline,
            c.deadline < day,
            c.get_absolute_url(),
        )
        for c in first
    ]
    return _group(
        "complaints",
        "Đơn khiếu nại, tố cáo sắp đến hạn hoặc quá hạn giải quyết",
        # The overdue list when some are late; the open ones otherwise.
        _url("inspection:complaints_due", org)
        if overdue
        else _url("inspection:complaints", org, trang_thai="OPEN"),
        lines,
        count=count,
        overdue=overdue,
        first_due=first[0].deadline if first else None,
        limit=limit,
    )


def _returns(org: Organisation, day: dt.date, within: int, limit: int) -> DueGroup | None:
    from dangvu.core.rules import rule_reader
    from dangvu.education.models import Resolution, StudyReturn
    from dangvu.orgs.queries import subtree_at

    study_days = rule_reader("education.study_within_days")
    window_end = day + dt.timedelta(days=within)
    oldest = day - dt.timedelta(days=RETURNS_LOOKBACK_DAYS)
    # The longest study period bounds the issue dates to read (the rule is dated).
    candidates = list(
        Resolution.objects.filter(
            issued_on__lte=window_end, issued_on__gte=oldest - dt.timedelta(days=366)
        )
    )
    due: dict[int, dt.date] = {}
    for r in candidates:
        on = r.issued_on + dt.timedelta(days=int(study_days(r.issued_on)))
        if oldest <= on <= window_end:
            due[r.pk] = on
    if not due:
        return None
    resolutions = {r.pk: r for r in candidates if r.pk in due}
    orgs = list(
        subtree_at(org, day)
        .filter(kind__in=GRASSROOTS_KINDS)
        .values_list("organisation_id", "name", "organisation__code")
    )
    sent = set(
        StudyReturn.objects.filter(
            resolution_id__in=list(due),
            voided_at__isnull=True,
            organisation_id__in=[o[0] for o in orgs],
        ).values_list("resolution_id", "organisation_id")
    )
    lines: list[DueLine] = []
    for pk, on in due.items():
        res = resolutions[pk]
        for org_id, name, code in orgs:
            if (pk, org_id) in sent:
                continue
            url = f"{res.get_absolute_url()}?{urlencode({'to_chuc': code})}"
            lines.append(DueLine(f"{name} — {res.number}", on, on < day, url))
    return _group(
        "returns",
        "Chưa báo cáo kết quả học tập nghị quyết",
        _url("education:resolutions", org),
        lines,
        limit=limit,
    )


def _reports(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.orgs.models import OrganisationVersion
    from dangvu.orgs.queries import subtree_at, valid_on
    from dangvu.reports.models import IssuedReport

    year = day.year - 1
    year_end = dt.date(year, 12, 31)
    asked = (
        subtree_at(org, day)
        .filter(kind__in=GRASSROOTS_KINDS)
        .filter(
            organisation_id__in=OrganisationVersion.objects.filter(**valid_on(year_end)).values(
                "organisation_id"
            )
        )
    )
    issued = IssuedReport.objects.filter(kind=IssuedReport.Kind.ANNUAL, year=year).values(
        "organisation_id"
    )
    missing = list(
        asked.exclude(organisation_id__in=issued)
        .order_by("path")
        .values_list("name", "organisation__code")
    )
    if not missing:
        return None
    lines = [
        DueLine(
            f"{name} — báo cáo năm {year}",
            None,
            False,
            f"{reverse('reports:annual')}?{urlencode({'to_chuc': code, 'nam': year})}",
        )
        for name, code in missing
    ]
    return _group(
        "reports",
        f"Chưa ban hành báo cáo năm {year}",
        _url("reports:annual", org, nam=year),
        lines,
        limit=limit,
    )


def _dues_arrears(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.dues.queries import REMOVAL_MONTHS, arrears_due

    found = arrears_due(org, day)
    if not found:
        return None
    lines = [
        DueLine(
            f"{a.name} — {a.count} tháng chưa đóng đảng phí"
            + (" (đề nghị chi bộ xem xét xóa tên theo Điều lệ Đảng)" if a.consider_removal else "")
            + f" — {a.organisation}",
            a.months[0],
            a.consider_removal,
            a.url,
        )
        for a in found[:limit]
    ]
    return _group(
        "dues_arrears",
        "Đảng viên chưa đóng đảng phí",
        _url("dues:due", org, "chua-dong"),
        lines,
        count=len(found),
        overdue=sum(1 for a in found if a.count >= REMOVAL_MONTHS),
        first_due=min(a.months[0] for a in found),
        limit=limit,
    )


def _dues_remittance(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.dues.queries import not_remitted

    start, end, rows = not_remitted(org, day)
    if not rows:
        return None
    quarter = f"{start:%m/%Y}–{end:%m/%Y}"
    lines = [
        DueLine(
            f"{r.name} — chưa nộp đảng phí quý {quarter}",
            end,
            False,
            f"{reverse('dues:book', args=[r.code])}?"
            f"{urlencode({'tu': f'{start:%m/%Y}', 'den': f'{end:%m/%Y}'})}",
        )
        for r in rows[:limit]
    ]
    return _group(
        "dues_remittance",
        f"Chưa nộp đảng phí lên cấp trên quý {quarter}",
        _url("dues:due", org, "chua-nop"),
        lines,
        count=len(rows),
        overdue=0,
        first_due=end,
        limit=limit,
    )


def _dues_exemptions(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.dues.calc import last_of_month
    from dangvu.dues.queries import exemptions_ending

    found = exemptions_ending(org, day)
    if not found:
        return None
    lines = [
        DueLine(
            f"{e.name} — {e.what} đến hết tháng {e.until:%m/%Y}: chi bộ xem xét lại"
            f" — {e.organisation}",
            last_of_month(e.until),
            False,
            e.url,
        )
        for e in found[:limit]
    ]
    return _group(
        "dues_exemptions",
        "Miễn, giảm đảng phí sắp hết hạn",
        _url("dues:due", org, "het-mien-giam"),
        lines,
        count=len(found),
        overdue=0,
        first_due=last_of_month(found[0].until),
        limit=limit,
    )


def _rating_unrated(org: Organisation, day: dt.date, within: int, limit: int) -> list[DueGroup]:
    from dangvu.rating.queries import rounds_due

    groups: list[DueGroup] = []
    for due in rounds_due(org, day, within):
        deadline = due.round.deadline
        assert deadline is not None
        count = due.unrated.count()
        lines = [
            DueLine(
                f"{i.member.full_name} — chưa đánh giá, xếp loại năm {due.round.year}"
                f" — {i.organisation.name}",
                deadline,
                deadline < day,
                i.member.get_absolute_url(),
            )
            for i in due.unrated[:limit]
        ]
        group = _group(
            "rating_unrated",
            f"Đảng viên chưa đánh giá, xếp loại năm {due.round.year} (hạn {fmt_date(deadline)})",
            _url("rating:due", due.scope, "chua-xep-loai", nam=due.round.year),
            lines,
            count=count,
            overdue=count if deadline < day else 0,
            first_due=deadline,
            limit=limit,
        )
        if group is not None:
            groups.append(group)
    return groups


def _rating_failing(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.rating.queries import failing_due

    found = failing_due(org, day)
    count = found.count()
    if not count:
        return None
    lines = [
        DueLine(
            f"{r.member.full_name} — không hoàn thành nhiệm vụ hai năm liền ({r.year - 1}, "
            f"{r.year}): đề nghị chi bộ xem xét xóa tên theo Điều lệ Đảng"
            f" — {r.organisation.name}",
            r.decided_on,
            True,
            r.member.get_absolute_url(),
        )
        for r in found[:limit]
    ]
    year = max(r.year for r in found[:limit])
    return _group(
        "rating_failing",
        "Đảng viên không hoàn thành nhiệm vụ hai năm liền",
        _url("rating:due", org, "khong-hoan-thanh", nam=year),
        lines,
        count=count,
        overdue=count,
        limit=limit,
    )


def _meetings_no_meeting(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.meetings.queries import cells_without_meeting

    found = cells_without_meeting(org, day)
    if not found:
        return None
    month = f"{found[0].since:%m/%Y}"
    lines = [
        DueLine(
            f"{c.name} — chưa ghi buổi sinh hoạt tháng {month}",
            c.until,
            True,
            _url("meetings:quality", c.organisation, nam=c.since.year),
        )
        for c in found[:limit]
    ]
    return _group(
        "meetings_no_meeting",
        f"Chi bộ chưa ghi buổi sinh hoạt tháng {month}",
        _url("meetings:due", org, "chua-sinh-hoat"),
        lines,
        count=len(found),
        overdue=len(found),
        first_due=found[0].until,
        limit=limit,
    )


def _meetings_no_thematic(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.meetings.queries import cells_without_thematic, quarter_label

    found = cells_without_thematic(org, day)
    if not found:
        return None
    quarter = quarter_label(found[0].since)
    lines = [
        DueLine(
            f"{c.name} — chưa sinh hoạt chuyên đề {quarter.lower()}",
            c.until,
            False,
            _url("meetings:quality", c.organisation, nam=c.since.year),
        )
        for c in found[:limit]
    ]
    return _group(
        "meetings_no_thematic",
        f"Chi bộ chưa sinh hoạt chuyên đề {quarter.lower()}",
        _url("meetings:due", org, "chua-chuyen-de"),
        lines,
        count=len(found),
        overdue=0,
        first_due=found[0].until,
        limit=limit,
    )


def _meetings_absent(org: Organisation, day: dt.date, limit: int) -> DueGroup | None:
    from dangvu.meetings.queries import absentees

    found = absentees(org, day)
    if not found:
        return None
    lines = [
        DueLine(
            f"{a.name} — vắng sinh hoạt không lý do {a.count} tháng trong 12 tháng"
            + (" (đề nghị chi bộ xem xét xóa tên theo Điều lệ Đảng)" if a.consider_removal else "")
            + (f" — {a.organisation}" if a.organisation else ""),
            a.months[-1],
            a.consider_removal,
            a.url,
        )
        for a in found[:limit]
    ]
    return _group(
        "meetings_absent",
        "Đảng viên vắng sinh hoạt không lý do",
        _url("meetings:due", org, "vang-khong-ly-do"),
        lines,
        count=len(found),
        overdue=sum(1 for a in found if a.consider_removal),
        first_due=min(a.months[-1] for a in found),
        limit=limit,
    )


def _congress_line(d: Any, text: str) -> DueLine:
    planned = f"; dự kiến đại hội {fmt_date(d.planned_on)}" if d.planned_on else ""
    return DueLine(
        f"{d.where.name} — nhiệm kỳ {d.label}{text}{planned}",
        d.due_on,
        d.past_due,
        reverse("orgs:detail", args=[d.where.code]),
    )


def _congress_terms(org: Organisation, day: dt.date, within: int, limit: int) -> list[DueGroup]:
    from dangvu.congresses.queries import terms_due

    ending, past = terms_due(org, day, day + dt.timedelta(days=within))
    late = [
        _congress_line(
            d,
            f" quá hạn đại hội {d.months_overdue} tháng"
            + (f", quá {d.allowed_delay} tháng được lùi" if d.beyond_delay else "")
            if d.months_overdue
            else " đã quá hạn đại hội",
        )
        for d in past
    ]
    soon = [_congress_line(d, " đến hạn đại hội") for d in ending]
    groups = [
        _group(
            "congress_terms_overdue",
            "Tổ chức đảng quá hạn đại hội",
            _url("congresses:due", org, "qua-han"),
            late,
            limit=limit,
        ),
        _group(
            "congress_terms_ending",
            "Tổ chức đảng sắp hết nhiệm kỳ",
            _url("congresses:due", org, "het-han", trong=max(1, -(-within // 30))),
            soon,
            limit=limit,
        ),
    ]
    return [g for g in groups if g is not None]


def _transit(org: Organisation, day: dt.date, within: int, limit: int) -> list[DueGroup]:
    from dangvu.transit import queries

    def pending(p: Any, url: str) -> DueLine:
        return DueLine(
            f"{p.name} — {p.organisation.name} ({p.days_text})", p.deadline, p.overdue, url
        )

    outgoing = [
        p for p in queries.in_transit(org, day) if p.deadline <= day + dt.timedelta(days=within)
    ]
    incoming = [
        p for p in queries.announced(org, day) if p.deadline <= day + dt.timedelta(days=within)
    ]
    ending = queries.attendees_ending(org, day, within)
    groups = [
        _group(
            "transit_out",
            "Đảng viên chuyển đi chưa có xác nhận đến nơi mới",
            _url("transit:due", org, "chuyen-di"),
            [pending(p, p.record.member.get_absolute_url()) for p in outgoing],
            limit=limit,
        ),
        _group(
            "transit_in",
            "Đảng viên được thông báo chuyển đến chưa đến",
            _url("transit:due", org, "chuyen-den"),
            [pending(p, p.record.get_absolute_url()) for p in incoming],
            limit=limit,
        ),
        _group(
            "transit_ending",
            "Đảng viên nơi khác sinh hoạt tạm thời sắp hết hạn",
            _url("transit:due", org, "sap-het-han", trong=within),
            [
                DueLine(
                    f"{e.attendee.full_name} — {e.attendee.organisation.name}",
                    e.attendee.planned_end,
                    e.overdue,
                    e.attendee.get_absolute_url(),
                )
                for e in ending
            ],
            limit=limit,
        ),
    ]
    return [g for g in groups if g is not None]


def _urgency(group: DueGroup) -> tuple[int, dt.date, int]:
    return (
        0 if group.overdue else 1,
        group.first_due or dt.date.max,
        KEYS.index(group.key),
    )


def due_for(
    org: Organisation, day: dt.date, *, within_days: int = 30, limit: int = 10
) -> list[DueGroup]:
    """The due groups of the subtree of `org` on `day`, most urgent first (empty ones left out)."""
    found: Iterable[DueGroup | None] = [
        *_probation(org, day, within_days, limit),
        _badges(org, day, within_days, limit),
        _cards(org, day, limit),
        _complaints(org, day, within_days, limit),
        _returns(org, day, within_days, limit),
        _reports(org, day, limit),
        _dues_arrears(org, day, limit),
        _dues_remittance(org, day, limit),
        _dues_exemptions(org, day, limit),
        *_rating_unrated(org, day, within_days, limit),
        _rating_failing(org, day, limit),
        _meetings_no_meeting(org, day, limit),
        _meetings_no_thematic(org, day, limit),
        _meetings_absent(org, day, limit),
        *_congress_terms(org, day, within_days, limit),
        *_transit(org, day, within_days, limit),
    ]
    return sorted((g for g in found if g is not None), key=_urgency)


def due_for_user(
    user: Any, day: dt.date, *, within_days: int = 30, limit: int = 10
) -> list[tuple[Organisation, list[DueGroup]]]:
    """`due_for` for each top organisation of the user's scope (none without a role)."""
    from dangvu.accounts.scoping import top_organisations

    return [
        (org, due_for(org, day, within_days=within_days, limit=limit))
        for org in top_organisations(user)
    ]


__all__ = ["KEYS", "DueGroup", "DueLine", "due_for", "due_for_user"]
