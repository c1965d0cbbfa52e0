"""Demo data of office work, recorded through the actions: commendations of every year,
trade unions with their 2023 congresses, and the bloc's youth union with its ratings."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from dangvu.core.dates import today
from dangvu.members.models import Member, MembershipInterval
from dangvu.office import actions
from dangvu.office.models import MassOrganisation, Rating, Reason
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import version_at, versions_in_path

FIRST_YEAR = 2020
LEVELS = ("Ban Thường vụ Đảng ủy Khối", "Ban Thường vụ Đảng ủy Khối", "Tỉnh ủy")
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


def _org_ids_on(bloc: Organisation, day: dt.date) -> list[int]:
    return list(
        versions_in_path(bloc.path, day)
        .exclude(organisation=bloc)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )


def _member_ids_on(bloc: Organisation, day: dt.date, limit: int = 400) -> list[int]:
    low, high = subtree_range(bloc.path)
    return list(
        MembershipInterval.objects.filter(
            path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)[:limit]
    )


def seed_office(bloc: Organisation, rng: random.Random, user: Any = None) -> dict[str, int]:
    """Record the demo office data of `bloc` from 2020 to today; return counts."""
    counts = {"collective": 0, "individual": 0, "units": 0, "congresses": 0, "ratings": 0}
    now = today()
    for year in range(FIRST_YEAR, now.year + 1):
        for reason, day, n in (
            (Reason.HCM, dt.date(year, 5, 19), 10),
            (Reason.CONTEST, dt.date(year, 11, 20), 3),
        ):
            if day > now:
                continue
            number = f"{rng.randint(100, 999)}-QĐ/ĐUK"
            orgs = _org_ids_on(bloc, day)
            by_id = Organisation.objects.in_bulk(rng.sample(orgs, min(n, len(orgs))))
            for org in by_id.values():
                actions.do_commend(
                    reason=reason,
                    level=rng.choice(LEVELS),
                    decision_date=day,
                    decision_number=number,
                    organisation=org,
                    acting_user=user,
                )
                counts["collective"] += 1
            people = _member_ids_on(bloc, day)
            members = Member.objects.in_bulk(rng.sample(people, min(n, len(people))))
            for member in members.values():
                actions.do_commend(
                    reason=reason,
                    level=rng.choice(LEVELS),
                    decision_date=day,
                    decision_number=number,
                    member=member,
                    acting_user=user,
                )
                counts["individual"] += 1
    congress_day = dt.date(2023, 6, 15)
    for org in Organisation.objects.filter(kind__in=GRASSROOTS, ended_on__isnull=True).order_by(
        "path"
    )[:30]:
        name = org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
        unit = actions.do_create_mass_organisation(
            kind=MassOrganisation.Kind.TRADE_UNION,
            name=f"Công đoàn {name}",
            organisation=org,
            acting_user=user,
        )
        counts["units"] += 1
        if congress_day <= now and version_at(org, congress_day) is not None:
            actions.do_record_congress(
                unit, term="2023 - 2028", date=congress_day, acting_user=user
            )
            counts["congresses"] += 1
    if bloc.ended_on is None:
        youth = actions.do_create_mass_organisation(
            kind=MassOrganisation.Kind.YOUTH_UNION,
            name="Đoàn Khối các cơ quan tỉnh",
            organisation=bloc,
            acting_user=user,
        )
        counts["units"] += 1
        for year in range(max(FIRST_YEAR, bloc.founded_on.year), now.year):
            rating = (
                Rating.EXCELLENT if year == 2023 else rng.choice([Rating.EXCELLENT, Rating.GOOD])
            )
            actions.do_rate_mass_organisation(
                youth,
                year=year,
                rating=rating,
                rated_by="Tỉnh đoàn",
                acting_user=user,
            )
            counts["ratings"] += 1
    return counts
