from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.accounts.scoping import top_organisations
from dangvu.core.dates import today
from dangvu.orgs.kinds import KIND_PLURAL, OrgKind
from dangvu.orgs.queries import counts_by_kind
from dangvu.reports.registry import member_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    day = today()
    cards = []
    for org in top_organisations(request.user):
        counts = counts_by_kind(org, day)
        cards.append(
            {
                "org": org,
                "members": member_counts(org, day),
                "counts": [
                    (KIND_PLURAL[OrgKind(k)], n)
                    for k, n in counts.items()
                    if n and k != OrgKind.BLOC
                ],
            }
        )
    return render(request, "core/home.html", {"cards": cards, "day": day})
