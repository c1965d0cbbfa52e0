"""Keeps the member ledger and the discipline decisions in step.

A decision on a member wrote its DISCIPLINED event; that event is voided by voiding the
decision (which voids the event with it), never on its own from the member's page.
"""

from __future__ import annotations

from dangvu.inspection.models import DisciplineDecision
from dangvu.members.models import MemberEvent


def discipline_event_guard(event: MemberEvent) -> str | None:
    decision = (
        DisciplineDecision.objects.filter(member_event=event, voided_at__isnull=True)
        .only("pk", "decision_number")
        .first()
    )
    if decision is None:
        return None
    number = f" số {decision.decision_number}" if decision.decision_number else ""
    return (
        f"Biến động này do quyết định kỷ luật{number} ghi; hãy hủy quyết định đó "
        "(mục Kiểm tra → Kỷ luật), biến động sẽ được hủy theo."
    )
