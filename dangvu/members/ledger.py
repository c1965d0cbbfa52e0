"""Replay of a member's ledger into membership intervals.

`replay` walks the non-void events in date order, checks that each is possible in the
state the member is in at that moment (a member cannot be moved before being admitted,
nor confirmed twice), and yields the intervals. `rebuild_member` replaces the member's
intervals and derived fields in one go. A refused replay raises `DomainError`, so an
action that appended a bad event rolls back with nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dangvu.core.dates import FOREVER, today
from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_date
from dangvu.members.kinds import EXPELLED, JOINING, LEAVING, DisciplineForm, EventKind, Status
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.queries import path_at_id


@dataclass
class Span:
    organisation_id: int
    path: str
    status: str
    valid_from: dt.date
    start_kind: str
    valid_to: dt.date = FOREVER
    end_kind: str = ""


def effective_date(event: MemberEvent) -> dt.date:
    """The date from which an event changes the member's state.

    A confirmation takes effect at the exact end of probation even when decided later.
    """
    if event.kind == EventKind.CONFIRMED and event.details.get("effective_date"):
        return dt.date.fromisoformat(event.details["effective_date"])
    return event.date


def _path(org_id: int, day: dt.date, label: str) -> str:
    from dangvu.orgs.models import Organisation

    path = path_at_id(org_id, day)
    if path is None:
        # Only a refusal needs the name (and a missing organisation raises as before).
        org = Organisation.objects.get(pk=org_id)
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)}, nên không thể ghi "
            f"«{label}» tại tổ chức này.",
            field="organisation",
        )
    return path


# (organisation id, day, event label) -> the organisation's path that day; refuses otherwise.
PathOf = Callable[[int, dt.date, str], str]


def replay(events: list[MemberEvent], path_of: PathOf = _path) -> list[Span]:
    """The member's intervals from their events (unsaved events will do).

    `path_of` places an organisation in the tree on a day; a caller that has already
    looked the path up (a bulk import) passes its own.
    """
    spans: list[Span] = []
    current: Span | None = None
    ever_member = False
    ordered = sorted(events, key=lambda e: (effective_date(e), e.date, e.pk or 0))
    for event in ordered:
        day = effective_date(event)
        label = event.get_kind_display()
        kind = event.kind
        if kind in JOINING:
            if current is not None:
                raise DomainError(
                    f"Ngày {fmt_date(day)} đồng chí đang là đảng viên, không thể ghi «{label}».",
                    field="date",
                )
            if kind in (EventKind.ADMITTED, EventKind.OPENING) and ever_member:
                raise DomainError("Đồng chí đã từng là đảng viên; hãy ghi «Kết nạp lại».")
            if kind in (EventKind.READMITTED, EventKind.RESTORED) and not ever_member:
                raise DomainError(
                    f"Chưa có lần kết nạp nào trước ngày {fmt_date(day)}, nên không thể ghi "
                    f"«{label}».",
                    field="date",
                )
            if kind == EventKind.RESTORED and (not spans or spans[-1].end_kind != EXPELLED):
                raise DomainError(
                    "Chỉ phục hồi đảng tịch cho đảng viên đã bị khai trừ.", field="date"
                )
            status = event.details.get("status") or (
                spans[-1].status if kind == EventKind.RESTORED else Status.PROBATIONARY
            )
            assert event.organisation_id is not None
            current = Span(
                event.organisation_id, path_of(event.organisation_id, day, label), status, day, kind
            )
            ever_member = True
            continue
        if (
            current is None
            and kind in (EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED)
            and event.details.get("case") == "POSTHUMOUS"
            and spans
            and spans[-1].end_kind == EventKind.DIED
        ):
            continue  # a posthumous badge (truy tặng) is recorded after the death
        if current is None:
            when = "trước khi được kết nạp" if not ever_member else "khi không còn là đảng viên"
            raise DomainError(f"Không thể ghi «{label}» ngày {fmt_date(day)} {when}.", field="date")
        ends = kind in LEAVING or (
            kind == EventKind.DISCIPLINED and event.details.get("form") == DisciplineForm.EXPULSION
        )
        if ends:
            current.valid_to = day
            current.end_kind = EXPELLED if kind == EventKind.DISCIPLINED else kind
            spans.append(current)
            current = None
        elif kind == EventKind.CARD_ISSUED and current.status != Status.FULL:
            # A card goes to a full member: voiding the confirmation under a card is refused.
            raise DomainError(
                f"Thẻ đảng viên phát ngày {fmt_date(day)} khi đồng chí còn là đảng viên dự bị; "
                "thẻ chỉ phát sau ngày chính thức.",
                field="date",
            )
        elif kind == EventKind.CONFIRMED:
            if current.status != Status.PROBATIONARY:
                raise DomainError("Đồng chí đã là đảng viên chính thức.", field="date")
            current = _switch(spans, current, day, kind, status=Status.FULL)
        elif kind == EventKind.MOVED:
            assert event.organisation_id is not None
            if event.from_organisation_id and event.from_organisation_id != current.organisation_id:
                raise DomainError(
                    f"Ngày {fmt_date(day)} đồng chí không sinh hoạt tại tổ chức chuyển đi.",
                    field="from_organisation",
                )
            current = _switch(
                spans,
                current,
                day,
                kind,
                organisation_id=event.organisation_id,
                path=path_of(event.organisation_id, day, label),
            )
    if current is not None:
        spans.append(current)
    return spans


def _switch(spans: list[Span], current: Span, day: dt.date, kind: str, **changes: object) -> Span:
    current.valid_to = day
    current.end_kind = kind
    spans.append(current)
    nxt = Span(current.organisation_id, current.path, current.status, day, kind)
    for key, value in changes.items():
        setattr(nxt, key, value)
    return nxt


def rebuild_member(member: Member) -> list[MembershipInterval]:
    """Replace the member's intervals and derived fields from their non-void events."""
    events = list(member.events.filter(voided_at__isnull=True))
    spans = replay(events)
    # The record's first admission follows the ledger before party age is dated from it.
    derive_fields(member, spans, events)
    rows = interval_rows(member, spans)
    MembershipInterval.objects.filter(member=member).delete()
    MembershipInterval.objects.bulk_create(rows)
    member.save(update_fields=DERIVED_FIELDS)
    return rows


# The member fields that follow from the ledger.
DERIVED_FIELDS = [
    "status",
    "organisation",
    "org_path",
    "exempted",
    "admission_decision_date",
    "ceremony_date",
    "full_member_date",
    "card_number",
    "card_date",
]


def interval_rows(
    member: Member, spans: list[Span], counting: set[tuple[str, str]] | None = None
) -> list[MembershipInterval]:
    """Unsaved interval rows for `spans`, each knowing the paths it adjoins and the day its
    party age counts from (`age_starts`; `counting` as there). The member's record dates
    must be derived first (`derive_fields`)."""
    starts = age_starts(member, spans, counting)
    rows = []
    for i, span in enumerate(spans):
        prev_path = spans[i - 1].path if i and spans[i - 1].valid_to == span.valid_from else ""
        next_path = (
            spans[i + 1].path
            if i + 1 < len(spans) and spans[i + 1].valid_from == span.valid_to
            else ""
        )
        rows.append(
            MembershipInterval(
                member=member,
                organisation_id=span.organisation_id,
                path=span.path,
                status=span.status,
                valid_from=span.valid_from,
                valid_to=span.valid_to,
                start_kind=span.start_kind,
                end_kind=span.end_kind,
                prev_path=prev_path,
                next_path=next_path,
                age_start=starts[i],
            )
        )
    return rows


def age_starts(
    member: Member,
    spans: Sequence[Span | MembershipInterval],
    counting: set[tuple[str, str]] | None = None,
) -> list[dt.date]:
    """For each span, the day party age counts from during it: party age on a day D of the
    span is D - that day, as `queries.party_age` counts it with the spans up to D.

    The first admission decision (else the first span's start), moved on by the
    interruption the file brought and by every gap before the span that the rule
    "members.party_age_counting" does not count as membership. `counting` is the rule's
    value (`queries.membership_gaps`); read as of today when not given.
    """
    if not spans:
        return []
    if counting is None:
        from dangvu.members.queries import membership_gaps

        counting = membership_gaps(today())
    start = member.admission_decision_date or min(s.valid_from for s in spans)
    gap = 0
    if member.earlier_left_date and member.readmission_date:
        gap += max(0, (member.readmission_date - member.earlier_left_date).days)
    order = sorted(range(len(spans)), key=lambda i: (spans[i].valid_from, spans[i].valid_to))
    result: list[dt.date] = [start] * len(spans)
    prev = spans[order[0]]
    result[order[0]] = start + dt.timedelta(days=gap)
    for i in order[1:]:
        cur = spans[i]
        if cur.valid_from > prev.valid_to and (prev.end_kind, cur.start_kind) not in counting:
            gap += (cur.valid_from - prev.valid_to).days
        if cur.valid_to >= prev.valid_to:
            prev = cur
        result[i] = start + dt.timedelta(days=gap)
    return result


def derive_fields(member: Member, spans: list[Span], events: list[MemberEvent]) -> None:
    """Set the member's `DERIVED_FIELDS` from their spans and events (without saving)."""
    last = spans[-1] if spans else None
    open_span = last if last is not None and last.valid_to == FOREVER else None
    # A former member keeps the organisation they left from, for their page and for access.
    member.status = open_span.status if open_span else ""
    member.organisation_id = last.organisation_id if last else None
    member.org_path = last.path if last else ""
    member.exempted = bool(open_span) and _is_exempted(events)
    _sync_record_dates(member, events)


def _is_exempted(events: list[MemberEvent]) -> bool:
    exemptions = [e for e in events if e.kind == EventKind.EXEMPTED]
    if not exemptions:
        return False
    last = max(exemptions, key=lambda e: (e.date, e.pk or 0))
    return not last.details.get("ended")


def _sync_record_dates(member: Member, events: list[MemberEvent]) -> None:
    """The record's admission and card dates follow the ledger (first admission, last card)."""
    admissions = [e for e in events if e.kind == EventKind.ADMITTED]
    if admissions:
        first = min(admissions, key=lambda e: e.date)
        member.admission_decision_date = first.decision_date or first.date
        ceremony = first.details.get("ceremony_date")
        member.ceremony_date = dt.date.fromisoformat(ceremony) if ceremony else None
    confirmations = [e for e in events if e.kind == EventKind.CONFIRMED]
    if confirmations:
        member.full_member_date = effective_date(max(confirmations, key=lambda e: e.date))
    elif admissions:
        member.full_member_date = None
    cards = [e for e in events if e.kind == EventKind.CARD_ISSUED]
    if cards:
        last = max(cards, key=lambda e: (e.date, e.pk or 0))
        member.card_number = last.details.get("card_number", member.card_number)
        member.card_date = last.date


def refresh_age_starts(member: Member) -> None:
    """Date party age again in the member's intervals after their record's file dates
    changed (first admission, an earlier interruption): one UPDATE per interval that moves."""
    rows = list(MembershipInterval.objects.filter(member=member))
    for row, start in zip(rows, age_starts(member, rows), strict=True):
        if row.age_start != start:
            MembershipInterval.objects.filter(pk=row.pk).update(age_start=start)
