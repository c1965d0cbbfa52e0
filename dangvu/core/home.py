"""What the home page shows each person: the figures, due items and recent changes of the
scope of their roles, their imports, and for administrators sign-in problems and the
health of background work.

Every figure comes from the indicator registry or the apps' queries (never a total of its
own); the due items from `dangvu.core.due`; the recent changes from the audit trail through
`dangvu.audit.scope.events_in_scope`. The number of queries depends on the number of top
organisations and of rows shown, never on the number of members.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dangvu.core.due import DueGroup, due_for
from dangvu.core.errors import DomainError
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import counts_by_kind
from dangvu.reports.registry import Period, member_counts, percent, plan, records_url, value

# Lines shown under each due group on the home page (the list page has them all).
DUE_LINES = 3
# Recent changes shown for each top organisation, and audit rows read to find them: an
# administrator's roots hold every record, so fewer rows suffice.
CHANGES_SHOWN = 8
CHANGES_SCANNED = 2000
CHANGES_SCANNED_ALL = 300
# Sign-in problems and failed background work are those of the last days.
RECENT_DAYS = 7
# An import still checking or writing after this long has most likely stopped (the
# server restarted under its thread): the administrator looks at it.
STUCK_AFTER = dt.timedelta(minutes=30)
# Kinds of audit row that change records (what "recent changes" lists).
CHANGE_ACTIONS = ("create", "update", "void", "import")


@dataclass(frozen=True)
class Stat:
    """A figure today with its value at the start of the year and where its records are."""

    label: str
    value: int | float | None
    start: int | float | None
    url: str | None

    @property
    def change(self) -> int | float | None:
        if self.value is None or self.start is None:
            return None
        return self.value - self.start


@dataclass(frozen=True)
class Change:
    """One recent change in the scope, in the clerk's words."""

    when: str
    who: str
    action: str
    kind: str
    record: str
    note: str
    url: str | None


@dataclass
class OrgPanel:
    org: Organisation
    members: Stat
    probationary: Stat
    admitted: Stat
    admitted_plan: float | None
    admitted_pct: float | None
    kinds: list[Stat]
    due: list[DueGroup]
    changes: list[Change] = field(default_factory=list)
    dues: DuesStat | None = None
    meetings: MeetingsStat | None = None
    congresses: CongressStat | None = None


@dataclass(frozen=True)
class DuesStat:
    """The dues collected since January for the months of this year, and the rate of what
    was owed for them, linking to the level's dues report."""

    collected: int
    rate: float | None
    url: str


def dues_stat(org: Organisation, day: dt.date) -> DuesStat | None:
    """`dues.collected` and `dues.collection_rate` of the year to `day` (the rate reuses
    the collected figure: one `registry.computation`); None when no dues are recorded."""
    from dangvu.reports.registry import computation

    year = Period(dt.date(day.year, 1, 1), day)
    with computation():
        collected = value("dues.collected", org, year).value or 0
        rate = value("dues.collection_rate", org, year).value
    if not collected and rate is None:
        return None
    url = f"{reverse('dues:report')}?{urlencode({'to_chuc': org.code, 'nam': day.year})}"
    return DuesStat(int(collected), rate, url)


@dataclass(frozen=True)
class MeetingsStat:
    """The cell meetings held since January, their attendance and the members absent
    without reason, linking to the level's quality table."""

    held: int
    thematic: int
    rate: float | None
    absentees: int
    url: str


def meetings_stat(org: Organisation, day: dt.date) -> MeetingsStat | None:
    """`meetings.held`, `.thematic`, `.attendance_rate` and `.unexcused_members` of the year
    to `day` (one tally within a `registry.computation`); None when no meeting is recorded."""
    from dangvu.reports.registry import computation

    year = Period(dt.date(day.year, 1, 1), day)
    with computation():
        held = value("meetings.held", org, year).value or 0
        if not held:
            return None
        thematic = value("meetings.thematic", org, year).value or 0
        rate = value("meetings.attendance_rate", org, year).value
        absentees = value("meetings.unexcused_members", org, year).value or 0
    url = f"{reverse('meetings:quality')}?{urlencode({'to_chuc': org.code, 'nam': day.year})}"
    return MeetingsStat(int(held), int(thematic), rate, int(absentees), url)


@dataclass(frozen=True)
class CongressStat:
    """The congress season this year prepares or holds (nhiệm kỳ 2025–2030 in 2024 and
    2025): of the organisations that hold it — the grassroots organisations of the subtree,
    or a grassroots committee's cells and sub-committees — how many held their congress,
    have one planned, have none; linking to the season's progress table."""

    label: str
    level: str
    held: int
    scheduled: int
    not_scheduled: int
    url: str

    @property
    def total(self) -> int:
        return self.held + self.scheduled + self.not_scheduled


def congress_stat(org: Organisation, day: dt.date) -> CongressStat | None:
    """`congresses.queries.season_totals` of the season of `day`'s year; None while no
    congress of the season is planned or held in the subtree."""
    from dangvu.congresses import queries as congresses

    first = congresses.season_year(day.year)
    level = "truc-thuoc" if org.kind == OrgKind.GRASSROOTS_COMMITTEE else "co-so"
    by_state = congresses.season_totals(org, day, first, congresses.LEVELS[level][1])
    held, scheduled = by_state[congresses.HELD], by_state[congresses.SCHEDULED]
    if not held and not scheduled:
        return None
    label = congresses.season_label(first)
    query = urlencode({"to_chuc": org.code, "nhiem_ky": label, "cap": level})
    return CongressStat(
        label,
        congresses.LEVELS[level][0],
        held,
        scheduled,
        by_state[congresses.NOT_SCHEDULED],
        f"{reverse('congresses:progress')}?{query}",
    )


def _figures_url(org: Organisation, year: int) -> str:
    return f"{reverse('reports:figures')}?{urlencode({'to_chuc': org.code, 'nam': year})}"


def org_panel(org: Organisation, day: dt.date) -> OrgPanel:
    """The figures and due items of the subtree of `org` on `day`."""
    jan1 = dt.date(day.year, 1, 1)
    year = Period(jan1, day)
    today_only = Period(day, day)
    counts = member_counts(org, day)
    before = member_counts(org, jan1 - dt.timedelta(days=1))
    members = Stat(
        "Đảng viên",
        counts["total"],
        value("members.start", org, year).value,
        records_url("members.end", org, today_only),
    )
    admitted_now = value("members.admitted", org, year).value
    target = plan("members.admitted", org, Period.year(day.year))
    admitted = Stat(
        f"Kết nạp từ đầu năm {day.year}", admitted_now, None, _figures_url(org, day.year)
    )
    now, then = counts_by_kind(org, day), counts_by_kind(org, jan1)
    tree_url = f"{reverse('orgs:tree')}?{urlencode({'root': org.code})}"
    kinds = [
        Stat(KIND_PLURAL[OrgKind(k)], now[k], then.get(k, 0), tree_url)
        for k in OrgKind.values
        if k != OrgKind.BLOC and (now[k] or then.get(k, 0))
    ]
    # One computation: the meetings' due groups and figures ask once whether any meeting
    # is recorded at all.
    from dangvu.reports.registry import computation

    with computation():
        due = due_for(org, day, limit=DUE_LINES)
        meetings = meetings_stat(org, day)
    return OrgPanel(
        org=org,
        members=members,
        probationary=Stat("Dự bị", counts["PROBATIONARY"], before["PROBATIONARY"], None),
        admitted=admitted,
        admitted_plan=target,
        admitted_pct=percent(admitted_now, target),
        kinds=kinds,
        due=due,
        dues=dues_stat(org, day),
        meetings=meetings,
        congresses=congress_stat(org, day),
    )


def recent_changes(
    orgs: list[Organisation], scan: int = CHANGES_SCANNED
) -> dict[int, list[Change]]:
    """The newest changes to records of each organisation's subtree, by organisation id.

    One query for the audit rows, one per kind of record they name (`events_in_scope`),
    and one per kind of record shown for the links.
    """
    from dangvu.audit import display
    from dangvu.audit.models import AuditEvent
    from dangvu.audit.scope import events_in_scope

    if not orgs:
        return {}
    rows = events_in_scope(
        AuditEvent.objects.filter(action__in=CHANGE_ACTIONS),
        orgs,
        scan=scan,
    )
    by_org: dict[int, list[Any]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for scoped in rows:
        # A record created or changed several times in a row (a member and their ledger
        # rows, an edit saved twice) is listed once, at its newest row.
        key = (scoped.event.object_type, scoped.event.object_id, scoped.event.action)
        if key in seen:
            continue
        seen.add(key)
        for org in orgs:
            if scoped.path.startswith(org.path) and len(by_org[org.pk]) < CHANGES_SHOWN:
                by_org[org.pk].append(scoped)
                break
    # The records' own pages, one query per kind of record.
    wanted: dict[Any, set[str]] = defaultdict(set)
    for scoped_rows in by_org.values():
        for scoped in scoped_rows:
            if scoped.model is not None and hasattr(scoped.model, "get_absolute_url"):
                wanted[scoped.model].add(scoped.event.object_id)
    urls: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        pk_field = model._meta.pk
        try:
            keys = {pk_field.to_python(i): i for i in ids}
        except Exception:  # an id of another shape than the model's key: no link
            continue
        for pk, obj in model._default_manager.in_bulk(list(keys)).items():
            try:
                urls[(model, keys[pk])] = obj.get_absolute_url()
            except NoReverseMatch:
                continue
    result: dict[int, list[Change]] = {}
    for org_id, scoped_rows in by_org.items():
        result[org_id] = [
            Change(
                when=s.event.local_at,
                who=(s.event.user.get_full_name() if s.event.user else "")
                or s.event.username
                or "hệ thống",
                action=s.event.get_action_display(),
                kind=display.kind_label(s.event.object_type),
                record=s.event.display_repr(),
                note=s.event.display_note(),
                url=urls.get((s.model, s.event.object_id)),
            )
            for s in scoped_rows
        ]
    return result


def imports_of(user: Any) -> list[Any]:
    """The user's imports not yet written (checking, checked, writing) or failed lately."""
    from dangvu.core.importing import get_kind
    from dangvu.core.models import ImportJob

    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    S = ImportJob.Status
    jobs = list(
        ImportJob.objects.defer("data", "report")
        .filter(user=user, created_at__gte=since)
        .filter(status__in=[S.CHECKING, S.CHECKED, S.WRITING, S.FAILED])
        .order_by("-created_at")[:10]
    )
    for job in jobs:
        try:
            job.kind_label = get_kind(job.kind).label
        except DomainError:  # a kind since removed: its code
            job.kind_label = job.kind
    return jobs


@dataclass
class SignInProblems:
    failures: int
    locks_imposed: int
    recent: list[Any]
    current_locks: list[tuple[str, str, dt.datetime]]  # (what, key, until)
    audit_url: str
    attempts_url: str | None


def sign_in_problems() -> SignInProblems:
    """Failed sign-ins and locks of the last days (audit trail), and the locks in force now
    (django-axes' attempts, counted as `accounts.security.LockoutHandler` counts them)."""
    from axes.models import AccessAttempt

    from dangvu.accounts.security import lockout_duration, max_failures, max_failures_per_ip
    from dangvu.audit.models import AuditEvent

    now = timezone.now()
    since = now - dt.timedelta(days=RECENT_DAYS)
    A = AuditEvent.Action
    recent_rows = AuditEvent.objects.filter(
        action__in=[A.LOGIN_FAILED, A.LOGIN_LOCKED], at__gte=since
    )
    tally = dict(recent_rows.values_list("action").annotate(n=Count("id")).order_by())
    cool_off = lockout_duration(None)
    attempts = (
        AccessAttempt.objects.filter(attempt_time__gt=now - cool_off)
        .order_by("-attempt_time")
        .values_list("username", "ip_address", "attempt_time", "failures_since_start")[:2000]
    )
    totals: dict[tuple[str, str], int] = defaultdict(int)
    locks: dict[tuple[str, str], dt.datetime] = {}
    limits = {"username": max_failures(), "ip": max_failures_per_ip()}
    for username, ip, at, failures in attempts:
        for what, key in (("username", username), ("ip", ip)):
            if not key or (what, key) in locks:
                continue
            totals[(what, key)] += failures
            if totals[(what, key)] >= limits[what]:
                locks[(what, key)] = at + cool_off
    current = [
        ("Tài khoản" if what == "username" else "Địa chỉ mạng", key, until)
        for (what, key), until in sorted(locks.items(), key=lambda kv: kv[1])
    ]
    try:
        attempts_url: str | None = reverse("admin:axes_accessattempt_changelist")
    except NoReverseMatch:
        attempts_url = None
    return SignInProblems(
        failures=tally.get(A.LOGIN_FAILED, 0),
        locks_imposed=tally.get(A.LOGIN_LOCKED, 0),
        recent=list(recent_rows.order_by("-at", "-id")[:5]),
        current_locks=current,
        audit_url=f"{reverse('audit:search')}?{urlencode({'hanh_dong': A.LOGIN_FAILED})}",
        attempts_url=attempts_url,
    )


@dataclass
class Background:
    stuck: list[Any]
    failed: list[Any]
    audit_url: str


def background_health() -> Background:
    """Imports checking or writing for longer than `STUCK_AFTER`, and those that failed in
    the last days, everyone's."""
    from dangvu.audit.models import AuditEvent
    from dangvu.core.models import ImportJob

    now = timezone.now()
    S = ImportJob.Status
    jobs = ImportJob.objects.defer("data", "report").select_related("user")
    stuck = list(
        jobs.filter(status__in=[S.CHECKING, S.WRITING], created_at__lt=now - STUCK_AFTER).order_by(
            "created_at"
        )[:10]
    )
    failed = list(
        jobs.filter(status=S.FAILED)
        .filter(
            Q(finished_at__gte=now - dt.timedelta(days=RECENT_DAYS))
            | Q(finished_at__isnull=True, created_at__gte=now - dt.timedelta(days=RECENT_DAYS))
        )
        .order_by("-created_at")[:10]
    )
    return Background(
        stuck=stuck,
        failed=failed,
        audit_url=f"{reverse('audit:search')}?{urlencode({'hanh_dong': AuditEvent.Action.IMPORT})}",
    )


@dataclass
class StuckWork:
    """A piece of background work that has not moved for too long, as the home page says it."""

    what: str
    who: str
    state: str
    since: dt.datetime
    url: str | None = None

    @property
    def age(self) -> str:
        minutes = int((timezone.now() - self.since).total_seconds() // 60)
        if minutes < 120:
            return f"{minutes} phút"
        if minutes < 48 * 60:
            return f"{minutes // 60} giờ"
        return f"{minutes // (24 * 60)} ngày"


@dataclass
class StuckQueue:
    work: list[StuckWork]
    waiting_tasks: int  # tasks of the queue waiting longer than the warning's minutes
    waiting_minutes: int


def stuck_work() -> StuckQueue:
    """Imports and output jobs running with no progress for longer than their stale limit,
    output jobs queued with no worker taking them for BACKGROUND_QUEUED_WARN_MINUTES, and
    the count of the queue's tasks waiting that long: oldest first."""
    from django.conf import settings
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from dangvu.core.models import ImportJob, OutputJob

    now = timezone.now()
    waiting_minutes = settings.BACKGROUND_QUEUED_WARN_MINUTES
    queued_before = now - dt.timedelta(minutes=waiting_minutes)
    work: list[StuckWork] = []
    S = ImportJob.Status
    import_cutoff = now - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER)
    imports = (
        ImportJob.objects.defer("data", "report")
        .select_related("user")
        .filter(status__in=[S.CHECKING, S.WRITING])
        .filter(
            Q(progress_at__lt=import_cutoff)
            | Q(progress_at__isnull=True, created_at__lt=import_cutoff)
        )
    )
    for job in imports[:20]:
        work.append(
            StuckWork(
                f"Nhập tệp «{job.filename}»",
                job.user.get_username(),
                f"{job.get_status_display().lower()}, không tiến triển",
                job.progress_at or job.created_at,
            )
        )
    J = OutputJob.Status
    output_cutoff = now - dt.timedelta(seconds=settings.OUTPUT_STALE_AFTER)
    outputs = (
        OutputJob.objects.defer("content")
        .select_related("user")
        .filter(
            Q(status=J.QUEUED, created_at__lt=queued_before)
            | Q(status=J.RUNNING, progress_at__lt=output_cutoff)
        )
    )
    for job in outputs[:20]:
        queued = job.status == J.QUEUED
        work.append(
            StuckWork(
                job.title,
                job.user.get_username(),
                "đang chờ, chưa có tiến trình nền nhận" if queued else "đang lập, không tiến triển",
                job.created_at if queued else (job.progress_at or job.created_at),
                reverse("core:output_job", args=[job.pk]),
            )
        )
    work.sort(key=lambda w: w.since)
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, enqueued_at__lt=queued_before
    ).count()
    return StuckQueue(work=work, waiting_tasks=waiting, waiting_minutes=waiting_minutes)


def is_administrator(user: Any) -> bool:
    """Administrators manage users, roles and rules: Django's superusers (see
    `dangvu.accounts.roles`); no role on an organisation makes one."""
    return bool(getattr(user, "is_superuser", False))


def home_context(user: Any, day: dt.date) -> dict[str, Any]:
    from dangvu.accounts.scoping import top_organisations

    orgs = top_organisations(user)
    panels = [org_panel(org, day) for org in orgs]
    changes = recent_changes(
        orgs, CHANGES_SCANNED_ALL if is_administrator(user) else CHANGES_SCANNED
    )
    for panel in panels:
        panel.changes = changes.get(panel.org.pk, [])
    context: dict[str, Any] = {
        "panels": panels,
        "day": day,
        "imports": imports_of(user),
        "is_admin": is_administrator(user),
        "recent_days": RECENT_DAYS,
        "stuck_minutes": int(STUCK_AFTER.total_seconds() // 60),
    }
    if context["is_admin"]:
        context["sign_in"] = sign_in_problems()
        context["background"] = background_health()
        context["stuck_work"] = stuck_work()
    return context
