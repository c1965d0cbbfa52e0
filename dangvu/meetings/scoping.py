"""Who may see and who may record the meetings of party organisations.

Everyone sees the meetings of the organisations they reach (viewers included), the
minutes' file too, through the scoped view only. Meetings are recorded where members and
their events are recorded: the organisation board and the grassroots and cell
secretaries, each in their subtree (as the rating, `dangvu.rating.scoping`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dangvu.accounts.scoping import member_editable_organisations, visible_organisations
from dangvu.meetings.models import Meeting
from dangvu.orgs.models import Organisation


def meeting_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose meetings `user` may record, correct and void."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return member_editable_organisations(user)


def can_record_meetings(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record meetings of `org` (of any organisation, when None)."""
    qs = meeting_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


def can_change_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.voided_at is None and can_record_meetings(user, meeting.organisation)


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organisation__in=visible_organisations(user))
