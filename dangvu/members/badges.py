"""Party badges (Huy hiệu Đảng): who may be proposed or awarded, on which ground, and when.

Three dated rules follow the texts (members/rules.py): the deferral after a discipline
decision, the early award to a seriously ill member, the posthumous award to a member who
died short of (or with) the party age. Each is read on the day of the proposal or of the
award, "at the time of consideration" as the texts put it. The propose and award actions
call `check`; the due list (`due_list`) says which case each row is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from dangvu.core.dates import add_months, add_years
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule, rule_text
from dangvu.lib.vnformat import fmt_date
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range

BADGE_KINDS = (EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED)
# Members by id: a few ids, or a query of ids (a subquery in SQL, for thousands).
MemberIds = list[int] | models.QuerySet[Any]


class BadgeCase(models.TextChoices):
    DUE = "DUE", "Đến hạn"
    EARLY = "EARLY", "Xét tặng sớm (đảng viên bị bệnh nặng)"
    POSTHUMOUS = "POSTHUMOUS", "Truy tặng (đảng viên đã từ trần)"


def _short(source: str) -> str:
    """The name of the text without the quotation in brackets that follows it."""
    return source.split(" (", 1)[0]


# --- deferral after discipline ----------------------------------------------------------


@dataclass(frozen=True)
class Deferral:
    """A discipline decision that still defers the badge on the day asked."""

    event: MemberEvent
    form: str
    months: int
    decided: dt.date
    until: dt.date  # the first day on which the member may be proposed again
    source: str

    @property
    def decision_text(self) -> str:
        number = self.event.decision_number
        text = (
            f"Quyết định số {number} ngày {fmt_date(self.decided)}"
            if number
            else f"quyết định ngày {fmt_date(self.decided)}"
        )
        issuer = _issuer(self.event)
        return f"{text} của {issuer}" if issuer else text


def _issuer(event: MemberEvent) -> str:
    """The body that decided, when the decision was recorded by the inspection board."""
    from dangvu.inspection.models import DisciplineDecision

    decision = (
        DisciplineDecision.objects.filter(member_event=event)
        .select_related("issuing_organisation")
        .first()
    )
    return decision.issuer_label if decision is not None else ""


def _standing_disciplines(member_ids: MemberIds, on: dt.date) -> list[MemberEvent]:
    """The discipline events of these members decided by `on`, neither they nor the
    inspection board's decision that wrote them voided."""
    from dangvu.inspection.models import DisciplineDecision

    voided = DisciplineDecision.objects.filter(voided_at__isnull=False).values("member_event_id")
    return list(
        MemberEvent.objects.filter(
            member_id__in=member_ids,
            kind=EventKind.DISCIPLINED,
            voided_at__isnull=True,
            date__lte=on,
        )
        .exclude(pk__in=voided)
        .order_by("date", "id")
    )


def _deferral(events: list[MemberEvent], on: dt.date, months_by_form: dict[str, int]) -> Any:
    found: tuple[MemberEvent, int, dt.date, dt.date] | None = None
    for event in events:
        months = int(months_by_form.get(event.details.get("form", ""), 0) or 0)
        if not months:
            continue
        decided = event.decision_date or event.date
        until = add_months(decided, months)
        if until > on and (found is None or until > found[3]):
            found = (event, months, decided, until)
    return found


def deferral_of(member: Member, on: dt.date) -> Deferral | None:
    """The discipline decision that defers the member's badge on `on`, if any (the one
    deferring longest), under the rule in force on `on`."""
    found = _deferral(
        _standing_disciplines([member.pk], on), on, rule("members.badge_deferral_months", on)
    )
    if found is None:
        return None
    event, months, decided, until = found
    return Deferral(
        event,
        event.details["form"],
        months,
        decided,
        until,
        rule_text("members.badge_deferral_months", on),
    )


def deferral_refusal(member: Member, deferral: Deferral, on: dt.date, what: str) -> str:
    form = DisciplineForm(deferral.form).label.lower()
    return (
        f"Đồng chí {member.full_name} bị kỷ luật {form} theo {deferral.decision_text}. Theo "
        f"{_short(deferral.source)}, đảng viên bị kỷ luật {form} chưa được xét tặng Huy hiệu "
        f"Đảng trong {deferral.months} tháng kể từ ngày quyết định kỷ luật, nên chưa thể {what} "
        f"ngày {fmt_date(on)}; có thể đề nghị xét tặng từ ngày {fmt_date(deferral.until)} "
        "(nếu đã sửa chữa tốt khuyết điểm, được chi bộ công nhận)."
    )


# --- early and posthumous awards ---------------------------------------------------------


def early_months(milestone: int, on: dt.date) -> int:
    """How many months before the milestone a seriously ill member may be awarded."""
    limits = rule("members.badge_early_months", on)
    fitting = [int(months) for start, months in limits.items() if int(start) <= milestone]
    return fitting[-1] if fitting else 0


def death_date(member: Member) -> dt.date | None:
    """The day the member died, if their last period of membership ended by death."""
    last = member.intervals.order_by("-valid_to", "-valid_from").first()
    if last is not None and last.end_kind == EventKind.DIED:
        return last.valid_to
    return None


def posthumous_organisation(member: Member) -> Organisation:
    """The organisation the member belonged to when they died."""
    last = member.intervals.order_by("-valid_to", "-valid_from").select_related("organisation")
    return last[0].organisation


def check(
    member: Member,
    *,
    milestone: int,
    case: str,
    on: dt.date,
    award: bool,
    note: str = "",
    due: dt.date | None,
) -> None:
    """Refuse, in the clerk's words, a proposal (`award` False) or an award dated `on`
    that the texts in force that day do not allow. `due` is the day the member reaches
    the milestone."""
    what = "tặng Huy hiệu Đảng" if award else "đề nghị tặng Huy hiệu Đảng"
    if case not in BadgeCase.values:
        raise DomainError("Hãy chọn trường hợp xét tặng Huy hiệu Đảng.", field="case")
    milestones = rule("members.badge_milestones", on)
    if milestone not in milestones:
        raise DomainError(f"Không có mốc Huy hiệu {milestone} năm.", field="milestone")
    died = death_date(member)
    if died is not None and case != BadgeCase.POSTHUMOUS:
        raise DomainError(
            f"Đồng chí {member.full_name} đã từ trần ngày {fmt_date(died)}; hãy chọn trường "
            "hợp «Truy tặng».",
            field="case",
        )
    if case == BadgeCase.POSTHUMOUS and (died is None or died > on):
        raise DomainError(
            f"Chỉ truy tặng Huy hiệu Đảng cho đảng viên đã từ trần; ngày {fmt_date(on)} "
            f"sổ sách không ghi đồng chí {member.full_name} từ trần.",
            field="case",
        )
    deferral = deferral_of(member, on)
    if deferral is not None:
        raise DomainError(deferral_refusal(member, deferral, on, what), field="date")
    if due is None:
        raise DomainError(
            f"Chưa tính được tuổi Đảng của đồng chí {member.full_name}.", field="milestone"
        )
    if case == BadgeCase.POSTHUMOUS:
        assert died is not None
        months = int(rule("members.badge_posthumous_early_months", on))
        if due > add_months(died, months):
            source = _short(rule_text("members.badge_posthumous_early_months", on))
            allowed = (
                f"chỉ truy tặng khi tuổi Đảng còn thiếu không quá {months} tháng"
                if months
                else "chỉ truy tặng khi đã đủ tuổi Đảng lúc từ trần"
            )
            raise DomainError(
                f"Đồng chí {member.full_name} từ trần ngày {fmt_date(died)}, khi chưa đủ "
                f"{milestone} năm tuổi Đảng (đủ vào ngày {fmt_date(due)}); theo {source}, "
                f"{allowed}.",
                field="milestone",
            )
        return
    if case == BadgeCase.EARLY:
        if not award and not note.strip():
            raise DomainError(
                "Xét tặng sớm chỉ dành cho đảng viên bị bệnh nặng: hãy ghi tình trạng bệnh "
                "vào ô ghi chú.",
                field="note",
            )
        months = early_months(milestone, on)
        from dangvu.members.queries import next_occasion

        # A proposal is for the next award occasion; the award is on its own day.
        reference = on if award else next_occasion(on)
        if due > add_months(reference, months):
            source = _short(rule_text("members.badge_early_months", on))
            raise DomainError(
                f"Đồng chí {member.full_name} đủ {milestone} năm tuổi Đảng vào ngày "
                f"{fmt_date(due)}; theo {source}, Huy hiệu {milestone} năm chỉ được xét tặng "
                f"sớm không quá {months} tháng, nên sớm nhất tặng vào ngày "
                f"{fmt_date(add_months(due, -months))}.",
                field="milestone",
            )
        return
    if award and due > on:
        raise DomainError(
            f"Đồng chí {member.full_name} đủ {milestone} năm tuổi Đảng vào ngày "
            f"{fmt_date(due)}, nên chưa thể tặng Huy hiệu ngày {fmt_date(on)}; trước ngày đó "
            "chỉ xét tặng sớm cho đảng viên bị bệnh nặng.",
            field="date",
        )
    lead = int(rule("members.badge_proposal_lead_months", on))
    if not award and due > add_months(on, lead):
        raise DomainError(
            f"Đồng chí chưa đến mốc {milestone} năm tuổi Đảng (đủ vào ngày {fmt_date(due)}); "
            f"chỉ đề nghị trước ngày đủ tuổi Đảng không quá {lead} tháng.",
            field="milestone",
        )


# --- the due list -------------------------------------------------------------------------


@dataclass
class BadgeRow:
    member: Member
    milestone: int
    due: dt.date
    case: str  # DUE, BACKLOG, POSTHUMOUS or EARLY
    label: str  # the case in words: "Đến hạn", "Tồn đọng từ năm 2019"…
    note: str = ""


def _given(member_ids: MemberIds) -> dict[int, int]:
    """The highest milestone proposed or awarded to each member (not voided)."""
    highest: dict[int, int] = {}
    for member_id, milestone in MemberEvent.objects.filter(
        member_id__in=member_ids, voided_at__isnull=True, kind__in=BADGE_KINDS
    ).values_list("member_id", "details__milestone"):
        if milestone is not None:
            highest[member_id] = max(int(milestone), highest.get(member_id, 0))
    return highest


def _died_in(org: Organisation) -> models.QuerySet[Member]:
    """Members who died while on the books of the subtree of `org`, wherever it stood."""
    q = Q(pk__in=[])
    for path in set(
        OrganisationVersion.objects.filter(organisation=org).values_list("path", flat=True)
    ):
        low, high = subtree_range(path)
        q |= Q(path__gte=low, path__lt=high)
    ids = MembershipInterval.objects.filter(q, end_kind=EventKind.DIED).values("member_id")
    return Member.objects.filter(pk__in=ids, status="")


@dataclass(frozen=True)
class _Person:
    """What party age reads of a member (see `queries.party_age`), read as plain values."""

    pk: int
    search_key: str
    admission_decision_date: dt.date | None
    earlier_left_date: dt.date | None
    readmission_date: dt.date | None


@dataclass(frozen=True)
class _Stint:
    """What party age reads of a membership interval."""

    valid_from: dt.date
    valid_to: dt.date
    start_kind: str
    end_kind: str


def _people_and_stints(
    member_ids: MemberIds,
) -> tuple[dict[int, _Person], dict[int, list[_Stint]]]:
    """The members and every one of their intervals, in one query of plain values (no
    model instances): the intervals joined to their member."""
    people: dict[int, _Person] = {}
    stints: dict[int, list[_Stint]] = {}
    rows = MembershipInterval.objects.filter(member_id__in=member_ids).values_list(
        "member_id",
        "member__search_key",
        "member__admission_decision_date",
        "member__earlier_left_date",
        "member__readmission_date",
        "valid_from",
        "valid_to",
        "start_kind",
        "end_kind",
    )
    for member_id, key, admitted, left, readmitted, *interval in rows:
        if member_id not in people:
            people[member_id] = _Person(member_id, key, admitted, left, readmitted)
        stints.setdefault(member_id, []).append(_Stint(*interval))
    return people, stints


def attach_members(rows: list[BadgeRow]) -> None:
    """Give rows made with `load_members=False` their members (one query): the rows of
    the page shown."""
    missing = [r for r in rows if not isinstance(r.member, Member)]
    if missing:
        found = Member.objects.select_related("organisation").in_bulk(
            [r.member.pk for r in missing]
        )
        for row in missing:
            row.member = found[row.member.pk]


def due_list(
    org: Organisation, day: dt.date, *, early: bool = False, load_members: bool = True
) -> list[BadgeRow]:
    """The badges to propose at the next award occasion, one row per member.

    A member appears with the highest milestone reached by the occasion and never proposed
    nor awarded, however long ago it was reached (a backlog stays until dealt with); a
    member who died with the party age the posthumous rule asks for appears as "truy
    tặng"; with `early`, members reaching a milestone within the early-award limit after
    the occasion appear as "xét tặng sớm" (if seriously ill: the records cannot know).

    With `load_members=False` each row's member is only its id, name key and dates (a
    `_Person`) until `attach_members(rows)` is called for the rows to show.
    """
    from dangvu.members import queries

    occasion = queries.next_occasion(day)
    milestones = sorted(int(m) for m in rule("members.badge_milestones", day))
    posthumous_months = int(rule("members.badge_posthumous_early_months", day))
    early_limits = {m: early_months(m, day) for m in milestones}
    months_by_form = rule("members.badge_deferral_months", day)
    counting = queries.membership_gaps(day)
    # A bloc has thousands of members: their party ages are computed from plain values read
    # in a few queries (no member or interval objects, no query per member); only the
    # members who make a row are then loaded, in one query.
    # Party age only shrinks by the gaps: a living member admitted after `latest` cannot
    # reach the first milestone by the occasion (or the early limit after it), and is not
    # read at all. Two days' margin: a 29/02 start counts on 28/02 in other years.
    reach_by = add_months(occasion, max(early_limits.values(), default=0)) if early else occasion
    latest = add_years(reach_by, -milestones[0]) + dt.timedelta(days=2) if milestones else day
    living_q = queries.members_in(org, day).filter(
        Q(admission_decision_date__lte=latest) | Q(admission_decision_date__isnull=True)
    )
    dead_q = _died_in(org)
    dead_ids = set(dead_q.values_list("pk", flat=True))
    ids = Member.objects.filter(
        Q(pk__in=living_q.values("pk")) | Q(pk__in=dead_q.values("pk"))
    ).values("pk")
    people, stints = _people_and_stints(ids)
    everyone = sorted(people.values(), key=lambda p: (p.pk in dead_ids, p.search_key, p.pk))
    given = _given(ids)
    disciplines: dict[int, list[MemberEvent]] = {}
    for event in _standing_disciplines(ids, day):
        disciplines.setdefault(event.member_id, []).append(event)
    year_before = add_years(occasion, -1)
    rows: list[BadgeRow] = []
    member: Any  # a _Person until the rows are made, then the Member
    for member in everyone:
        own = stints.get(member.pk, [])
        age = queries.party_age(member, own, counting=counting)  # type: ignore[arg-type]
        if age is None:
            continue
        open_ = [m for m in milestones if m > given.get(member.pk, 0)]
        row: BadgeRow | None = None
        if member.pk in dead_ids:
            last = max(own, key=lambda s: (s.valid_to, s.valid_from))
            assert last.end_kind == EventKind.DIED
            died = last.valid_to
            # reaches(m) <= d exactly when years_on(d) >= m: one date sum per member.
            years = age.years_on(add_months(died, posthumous_months))
            reached = [m for m in open_ if m <= years]
            if reached:
                m = reached[-1]
                row = BadgeRow(member, m, age.reaches(m), "POSTHUMOUS", "Truy tặng")
                row.note = f"từ trần ngày {fmt_date(died)}"
        else:
            years = age.years_on(occasion)
            reached = [m for m in open_ if m <= years]
            if reached:
                m = reached[-1]
                due = age.reaches(m)
                if due > year_before:
                    row = BadgeRow(member, m, due, "DUE", "Đến hạn")
                else:
                    row = BadgeRow(member, m, due, "BACKLOG", f"Tồn đọng từ năm {due.year}")
            elif early:
                soon = [m for m in open_ if age.reaches(m) <= add_months(occasion, early_limits[m])]
                if soon:
                    m = soon[0]
                    row = BadgeRow(member, m, age.reaches(m), "EARLY", "Xét tặng sớm")
                    row.note = "nếu đảng viên bị bệnh nặng"
        if row is None:
            continue
        found = _deferral(disciplines.get(member.pk, []), day, months_by_form)
        if found is not None:
            event, _, decided, until = found
            form = DisciplineForm(event.details["form"]).label.lower()
            number = f" số {event.decision_number}" if event.decision_number else ""
            deferred = (
                f"chưa xét do kỷ luật {form} (quyết định{number} ngày {fmt_date(decided)}), "
                f"đề nghị được từ ngày {fmt_date(until)}"
            )
            row.note = f"{row.note}; {deferred}" if row.note else deferred
        rows.append(row)
    rows.sort(key=lambda r: (r.due, r.member.search_key))
    if load_members:
        attach_members(rows)
    return rows
