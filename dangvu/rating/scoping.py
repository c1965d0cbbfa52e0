"""Who may see and who may record the annual quality rating.

Everyone sees the ratings of the organisations they reach (`visible_organisations`,
viewers included): a member's rating through the cell that reviewed it, an organisation's
through the organisation rated, a round through the committee that opened it.

Ratings are recorded where members and their events are: the organisation board and the
grassroots and cell secretaries, each in their subtree. A cell's secretary records its
members' self-assessments and proposals; the decision belongs to the grassroots
organisation, so only a role reaching the grassroots organisation records it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dangvu.accounts.scoping import member_editable_organisations, visible_organisations
from dangvu.orgs.models import Organisation
from dangvu.rating.models import MemberRating, OrgRating, RatingRound


def rating_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations in which `user` may record ratings (rounds, steps, decisions)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return member_editable_organisations(user)


def can_record_ratings(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record ratings in `org` (anywhere, when `org` is None)."""
    qs = rating_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


def visible_rounds(user: Any) -> QuerySet[RatingRound]:
    return RatingRound.objects.filter(organisation__in=visible_organisations(user))


def visible_member_ratings(user: Any) -> QuerySet[MemberRating]:
    return MemberRating.objects.filter(organisation__in=visible_organisations(user))


def visible_org_ratings(user: Any) -> QuerySet[OrgRating]:
    return OrgRating.objects.filter(organisation__in=visible_organisations(user))
