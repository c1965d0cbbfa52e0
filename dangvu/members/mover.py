"""How restructuring moves members: the member ledger's side of dangvu.orgs.hooks.

A decision may carry thousands of members (a merger of grassroots committees), so the
moves are written a chunk of members at a time: one bulk insert of their MOVED events,
one read of their ledgers, the same `ledger.replay` as every single change, one bulk
rewrite of their intervals and derived fields, one bulk write of the audit entries.

A departure recorded late (a transfer out on 15/06 typed after a merger of 07/07 moved
the member) is ordinary office life: `settle_late_departure` voids, with a reason and an
audit entry, the moves that decisions made of the member after they had left, so the
member leaves before the decision and is simply not moved by it. Voiding that departure
again re-derives those moves (`rederive_moves`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.kinds import JOINING, EventKind
from dangvu.members.ledger import (
    DERIVED_FIELDS,
    _path,
    derive_fields,
    effective_date,
    interval_rows,
    replay,
)
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.members.queries import membership_gaps
from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring

# Members moved (and rebuilt) per round of bulk statements; bounds memory on big decisions.
CHUNK = 500


class LedgerMemberMover:
    def count_members(self, org: Organisation, on: dt.date) -> int:
        return MembershipInterval.objects.filter(
            organisation=org, valid_from__lte=on, valid_to__gt=on
        ).count()

    def move_members(
        self,
        source: Organisation,
        target: Organisation,
        on: dt.date,
        restructuring: Restructuring,
        acting_user: Any,
        only_ids: list[int] | None = None,
    ) -> int:
        rows = MembershipInterval.objects.filter(
            organisation=source, valid_from__lte=on, valid_to__gt=on
        )
        if only_ids is not None:
            rows = rows.filter(member_id__in=only_ids)
        ids = sorted(set(rows.values_list("member_id", flat=True)))
        for start in range(0, len(ids), CHUNK):
            _move_chunk(ids[start : start + CHUNK], source, target, on, restructuring, acting_user)
        return len(ids)

    def relocate(
        self, orgs: list[Organisation], on: dt.date, restructuring: Restructuring, acting_user: Any
    ) -> int:
        """Members of organisations whose path changed on `on` move with them."""
        moved = 0
        for org in orgs:
            moved += self.move_members(org, org, on, restructuring, acting_user)
        # Members who joined these organisations after `on` (recorded before this decision)
        # get their intervals' paths recomputed from the new structure.
        later = sorted(
            set(
                MembershipInterval.objects.filter(
                    organisation__in=orgs, valid_from__gt=on
                ).values_list("member_id", flat=True)
            )
        )
        for start in range(0, len(later), CHUNK):
            rebuild_many(later[start : start + CHUNK])
        return moved

    def members_named(self, org: Organisation, on: dt.date, numbers: list[str]) -> dict[str, int]:
        """Members of `org` on `on` named by identity or card number (a split's parts)."""
        here = MembershipInterval.objects.filter(
            organisation=org, valid_from__lte=on, valid_to__gt=on
        ).values("member_id")
        found: dict[str, int] = {}
        rows = Member.objects.filter(
            Q(identity_number__in=numbers) | Q(card_number__in=numbers), pk__in=here
        ).values_list("pk", "identity_number", "card_number")
        for pk, ident, card in rows:
            for number in (ident, card):
                if number in numbers:
                    found[number] = pk
        return found


def _move_chunk(
    ids: list[int],
    source: Organisation,
    target: Organisation,
    on: dt.date,
    restructuring: Restructuring,
    acting_user: Any,
) -> None:
    """`do_move_member` for each of `ids` (all in `source` on `on`), in bulk statements."""
    recorded_by = acting_user if getattr(acting_user, "pk", None) else None
    events = MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                member_id=pk,
                kind=EventKind.MOVED,
                date=on,
                organisation=target,
                from_organisation=source,
                decision_number=clean(restructuring.decision_number),
                decision_date=restructuring.decision_date,
                note=clean_paragraphs(restructuring.summary),
                restructuring=restructuring,
                recorded_by=recorded_by,
            )
            for pk in ids
        ],
        batch_size=CHUNK,
    )
    members = {m.pk: m for m in rebuild_many(ids)}
    audit.record_many(
        [
            audit.entry(
                audit.CREATE,
                user=acting_user,
                obj=members[event.member_id],
                after={
                    "biến động": event.summary,
                    "ngày": on.isoformat(),
                    "tổ chức": target.code,
                    "số quyết định": event.decision_number,
                    "event_id": event.pk,
                },
            )
            for event in events
        ]
    )


class _PathBook:
    """Paths of organisations on days, from their versions read in one query."""

    def __init__(self, org_ids: Iterable[int]) -> None:
        self.versions: dict[int, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
        rows = OrganisationVersion.objects.filter(organisation_id__in=set(org_ids)).values_list(
            "organisation_id", "valid_from", "valid_to", "path"
        )
        for org_id, start, end, path in rows:
            self.versions[org_id].append((start, end, path))

    def path_of(self, org_id: int, day: dt.date, label: str) -> str:
        for start, end, path in self.versions.get(org_id, ()):
            if start <= day < end:
                return path
        return _path(org_id, day, label)  # refused, in the words of the single path


def rebuild_many(member_ids: list[int]) -> list[Member]:
    """`ledger.rebuild_member` for many members in a few statements; refused as one."""
    members = list(Member.objects.filter(pk__in=member_ids))
    events_of: dict[int, list[MemberEvent]] = defaultdict(list)
    events = MemberEvent.objects.filter(member_id__in=member_ids, voided_at__isnull=True)
    for event in events.order_by("member_id", "date", "id"):
        events_of[event.member_id].append(event)
    book = _PathBook(
        e.organisation_id for evs in events_of.values() for e in evs if e.organisation_id
    )
    rows: list[MembershipInterval] = []
    # Members whose derived fields change alike (a chunk moved to one place: organisation
    # and path) are saved by one UPDATE; bulk_update's CASE per row costs far more.
    changes: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    counting = membership_gaps(today())  # party age's rule, read once for all of them
    for member in members:
        mine = events_of[member.pk]
        spans = replay(mine, path_of=book.path_of)
        before = [getattr(member, name) for name in ATTNAMES]
        derive_fields(member, spans, mine)
        rows.extend(interval_rows(member, spans, counting))
        changed = tuple(
            (name, getattr(member, name))
            for name, old in zip(ATTNAMES, before, strict=True)
            if getattr(member, name) != old
        )
        if changed:
            changes[changed].append(member.pk)
    MembershipInterval.objects.filter(member_id__in=member_ids).delete()
    MembershipInterval.objects.bulk_create(rows, batch_size=CHUNK)
    for changed, pks in changes.items():
        Member.objects.filter(pk__in=pks).update(**dict(changed))
    return members


# The derived fields as stored (the organisation by its id, without loading it).
ATTNAMES = [Member._meta.get_field(name).attname for name in DERIVED_FIELDS]


# --- a departure recorded after the decisions that moved the member -------------------

# Events listed in a refusal; the rest are counted.
LISTED = 5


def settle_late_departure(member: Member, label: str, day: dt.date, acting_user: Any) -> list[int]:
    """Make room for a departure («label» on `day`) recorded after later events.

    The moves that restructuring decisions made of the member after `day` (until they
    rejoin, if they did) are voided with a reason and an audit entry: the member left
    before the decision and is not moved by it. Any other event in that gap was recorded
    as if the member were still here: the departure is refused, naming those events and
    saying what to do. Returns the ids of the voided moves (kept on the departure, so that
    voiding the departure re-derives them).
    """
    gap: list[MemberEvent] = []
    events = sorted(
        member.events.filter(voided_at__isnull=True).select_related("restructuring"),
        key=lambda e: (effective_date(e), e.date, e.pk),
    )
    for event in events:
        if effective_date(event) <= day:
            continue
        if event.kind in JOINING:
            break  # came back: what follows is their new membership
        gap.append(event)
    conflicts = [e for e in gap if e.restructuring_id is None]
    if conflicts:
        listed = "; ".join(
            f"«{e.summary}» ngày {fmt_date(effective_date(e))}" for e in conflicts[:LISTED]
        )
        more = f" và {len(conflicts) - LISTED} biến động khác" if len(conflicts) > LISTED else ""
        raise DomainError(
            f"Đồng chí {member.full_name} «{label}» ngày {fmt_date(day)}, nhưng sau ngày đó "
            f"hồ sơ còn ghi: {listed}{more}. Nếu ngày {fmt_date(day)} là đúng thì các biến động "
            "đó đã ghi nhầm: hãy hủy chúng trước (hồ sơ đảng viên, mục «Biến động»; kỷ luật thì "
            f"hủy quyết định kỷ luật), rồi ghi lại «{label}». Các lần chuyển sinh hoạt do quyết "
            "định sắp xếp tổ chức thì Đảng vụ tự bỏ, không cần hủy.",
            field="date",
        )
    if not gap:
        return []
    now = timezone.now()
    voided_by = acting_user if getattr(acting_user, "pk", None) else None
    entries = []
    for event in gap:
        r = event.restructuring
        assert r is not None
        number = f" số {r.decision_number}" if r.decision_number else ""
        event.voided_at = now
        event.voided_by = voided_by
        event.void_reason = (
            f"Ghi bổ sung «{label}» ngày {fmt_date(day)}: đồng chí không còn sinh hoạt khi "
            f"quyết định sắp xếp tổ chức{number} có hiệu lực (ngày "
            f"{fmt_date(r.effective_date)}), nên không được chuyển theo quyết định này."
        )
        event.save(update_fields=["voided_at", "voided_by", "void_reason"])
        entries.append(
            audit.entry(
                audit.VOID,
                user=acting_user,
                obj=member,
                before={
                    "biến động": event.summary,
                    "ngày": event.date.isoformat(),
                    "event_id": event.pk,
                },
                note=f"Lý do hủy: {event.void_reason}",
            )
        )
    audit.record_many(entries)
    return [event.pk for event in gap]


def rederive_moves(departure: MemberEvent, acting_user: Any) -> None:
    """The departure is voided: the moves it displaced are recorded again, as new events.

    The voided ones stay voided with their reason (nothing is rewritten); the new ones name
    them in `details`, and the member's replay then checks the whole history again.
    """
    ids = departure.details.get("displaced_moves") or []
    recorded_by = acting_user if getattr(acting_user, "pk", None) else None
    for old in MemberEvent.objects.filter(pk__in=ids).order_by("date", "id"):
        new = MemberEvent.objects.create(
            member_id=old.member_id,
            kind=old.kind,
            date=old.date,
            organisation_id=old.organisation_id,
            from_organisation_id=old.from_organisation_id,
            decision_number=old.decision_number,
            decision_date=old.decision_date,
            note=old.note,
            details={**old.details, "rederived_from": old.pk},
            restructuring_id=old.restructuring_id,
            recorded_by=recorded_by,
        )
        audit.record(
            audit.CREATE,
            user=acting_user,
            obj=departure.member,
            after={"biến động": new.summary, "ngày": new.date.isoformat(), "event_id": new.pk},
            note=(
                f"Ghi lại theo quyết định sắp xếp tổ chức, vì «{departure.summary}» "
                f"ngày {fmt_date(departure.date)} đã bị hủy."
            ),
        )
