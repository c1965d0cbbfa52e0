"""How restructuring moves members: the member ledger's side of dangvu.orgs.hooks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.models import Organisation, Restructuring


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
        from dangvu.members.actions import Decision, do_move_member

        rows = MembershipInterval.objects.filter(
            organisation=source, valid_from__lte=on, valid_to__gt=on
        )
        if only_ids is not None:
            rows = rows.filter(member_id__in=only_ids)
        members = Member.objects.filter(pk__in=rows.values("member_id")).order_by("pk")
        decision = Decision(
            date=on,
            number=restructuring.decision_number,
            decision_date=restructuring.decision_date,
            note=restructuring.summary,
        )
        moved = 0
        for member in members:
            do_move_member(
                member,
                to=target,
                decision=decision,
                acting_user=acting_user,
                restructuring=restructuring,
            )
            moved += 1
        return moved

    def relocate(
        self, orgs: list[Organisation], on: dt.date, restructuring: Restructuring, acting_user: Any
    ) -> int:
        """Members of organisations whose path changed on `on` move with them."""
        from dangvu.members.ledger import rebuild_member

        moved = 0
        for org in orgs:
            moved += self.move_members(org, org, on, restructuring, acting_user)
        # Members who joined these organisations after `on` (recorded before this decision)
        # get their intervals' paths recomputed from the new structure.
        later = Member.objects.filter(
            intervals__organisation__in=orgs, intervals__valid_from__gt=on
        ).distinct()
        for member in later:
            rebuild_member(member)
        return moved
