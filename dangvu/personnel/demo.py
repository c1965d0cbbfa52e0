"""Demo personnel data, recorded through the actions: the committees of the bloc, of its
grassroots organisations and of their cells for the 2020–2025 and 2025–2030 terms with
their secretaries; then, for every year up to today, completion decisions, acting
assignments, leader evaluations, political-standard conclusions and the committee members
assigned to attend cells' meetings, at the volumes of a bloc of about 5,000 members.

Deterministic from the random generator passed in. A step that the tree's history makes
impossible (an organisation dissolved, a member gone) is skipped: the actions refuse it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from typing import Any, TypeVar

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.demo import FAMILY, GIVEN, MIDDLE
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import path_at, versions_in_path
from dangvu.personnel import actions, queries
from dangvu.personnel.models import (
    ActingAssignment,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)

T = TypeVar("T")
FIRST_YEAR = 2020
BLOC_ISSUER = "Ban Thường vụ Tỉnh ủy"
ISSUER = "Ban Thường vụ Đảng ủy Khối"
# (term, congress day of grassroots organisations, congress day of the bloc)
TERMS = (
    ("2020–2025", dt.date(2020, 6, 15), dt.date(2020, 10, 15)),
    ("2025–2030", dt.date(2025, 5, 20), dt.date(2025, 8, 20)),
)
CELL_TERM = ("2022–2025", dt.date(2022, 11, 10))
# Political-standard conclusions a year at bloc scale (drawn in this range); the last full
# year grows on the one before, so that the report's comparison has something to say.
CONCLUSIONS = (540, 720)
PURPOSES = (
    (PoliticalConclusion.Purpose.ADMISSION, 55),
    (PoliticalConclusion.Purpose.APPOINTMENT, 25),
    (PoliticalConclusion.Purpose.PLANNING, 15),
    (PoliticalConclusion.Purpose.OTHER, 5),
)
LEADER_POSTS = (
    "Giám đốc",
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Chánh Thanh tra",
    "Trưởng phòng",
    "Phó Trưởng phòng",
)
EVALUATION_REASONS = (
    (LeaderEvaluation.Reason.REAPPOINTMENT, 40),
    (LeaderEvaluation.Reason.APPOINTMENT, 25),
    (LeaderEvaluation.Reason.COMMENDATION, 20),
    (LeaderEvaluation.Reason.PLANNING, 10),
    (LeaderEvaluation.Reason.RETIREMENT, 5),
)
REQUESTERS = ("Ban Tổ chức Tỉnh ủy", "Sở Nội vụ", "Ban Thi đua - Khen thưởng tỉnh")
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


def _try(step: Callable[[], T]) -> T | None:
    """Run one action; a refusal (the tree's history made it impossible) skips it."""
    try:
        return step()
    except DomainError:
        return None


def _weighted(rng: random.Random, options: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _orgs_on(bloc: Organisation, day: dt.date, kinds: tuple[str, ...]) -> list[Organisation]:
    path = path_at(bloc, day)
    if path is None:
        return []
    ids = list(
        versions_in_path(path, day)
        .filter(kind__in=kinds)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )
    by_id = Organisation.objects.in_bulk(ids)
    return [by_id[i] for i in ids]


def _members_in(org: Organisation, day: dt.date) -> list[int]:
    path = path_at(org, day)
    if path is None:
        return []
    low, high = subtree_range(path)
    return list(
        MembershipInterval.objects.filter(
            path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )


def _pick(rng: random.Random, ids: list[int], n: int, taken: set[int]) -> list[Member]:
    free = [i for i in ids if i not in taken]
    chosen = rng.sample(free, min(n, len(free)))
    by_id = Member.objects.in_bulk(chosen)
    return [by_id[i] for i in chosen]


def _name(rng: random.Random) -> tuple[str, str]:
    sex = rng.choice("MF")
    family = _weighted(rng, tuple(FAMILY))
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}", sex


def _unit(org: Organisation) -> str:
    return org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")


def _day_in(rng: random.Random, year: int, last: dt.date) -> dt.date:
    first = dt.date(year, 1, 1)
    span = (min(dt.date(year, 12, 31), last) - first).days
    return first + dt.timedelta(days=rng.randint(0, max(span, 0)))


class Seeder:
    def __init__(self, bloc: Organisation, rng: random.Random, user: Any, scale: float) -> None:
        self.bloc, self.rng, self.user, self.scale = bloc, rng, user, scale
        self.now = today()
        self.plan: list[tuple[dt.date, int, Callable[[], None]]] = []
        self.cache: dict[tuple[int, tuple[str, ...]], list[Organisation]] = {}
        self.boundaries: list[dt.date] | None = None
        self.volumes: dict[int, int] = {}  # conclusions planned per year, before scaling
        self.counts = {
            "committees": 0,
            "seats": 0,
            "decisions": 0,
            "acting": 0,
            "evaluations": 0,
            "conclusions": 0,
            "attendances": 0,
        }

    def at(self, day: dt.date, step: Callable[[], None]) -> None:
        """Schedule `step` on `day`: everything runs in date order, so that a congress
        closes the seats that decisions of the term before it opened."""
        if day <= self.now:
            self.plan.append((day, len(self.plan), step))

    def run(self) -> None:
        for _day, _order, step in sorted(self.plan, key=lambda p: (p[0], p[1])):
            step()

    # --- terms ------------------------------------------------------------------------

    def committee(self, org: Organisation, kind: str, term: str) -> Committee | None:
        body = _try(
            lambda: actions.do_create_committee(
                organisation=org, kind=kind, term=term, acting_user=self.user
            )
        )
        self.counts["committees"] += body is not None
        return body

    def seat(self, body: Committee, member: Member, position: str, day: dt.date) -> bool:
        done = _try(
            lambda: actions.do_add_seat(
                body, member=member, position=position, start_date=day, acting_user=self.user
            )
        )
        self.counts["seats"] += done is not None
        return done is not None

    def close_term(self, org: Organisation, day: dt.date) -> None:
        """The seats of the outgoing term end at the congress that elects the next one."""
        for s in CommitteeMember.objects.filter(
            committee__organisation=org, voided_at__isnull=True, ended_on__gt=day
        ).select_related("member", "committee__organisation"):
            _try(
                lambda s=s: actions.do_end_seat(
                    s, ended_on=day, reason="Hết nhiệm kỳ", acting_user=self.user
                )
            )

    def elect(self, org: Organisation, term: str, day: dt.date, size: int) -> None:
        """The congress of `org` elects its executive committee (and for a committee its
        standing committee and inspection commission)."""
        if day > self.now:
            return
        people = _pick(self.rng, _members_in(org, day), size, set())
        if not people:
            return
        self.close_term(org, day)
        executive = self.committee(org, CommitteeKind.EXECUTIVE, term)
        if executive is None:
            return
        ranks = [Position.SECRETARY, *[Position.DEPUTY_SECRETARY] * (1 + (size >= 15))]
        for i, who in enumerate(people):
            self.seat(
                executive, who, ranks[i] if i < len(ranks) else Position.COMMITTEE_MEMBER, day
            )
        # A small organisation (or a small demo) may elect fewer than asked for.
        size = len(people)
        if org.kind not in (OrgKind.BLOC, OrgKind.GRASSROOTS_COMMITTEE) or size < 5:
            return
        if size >= 9:
            standing = self.committee(org, CommitteeKind.STANDING, term)
            if standing is not None:
                n = max(3, size // 3)
                for i, who in enumerate(people[:n]):
                    position = ranks[i] if i < len(ranks) else Position.STANDING_MEMBER
                    self.seat(standing, who, position, day)
        inspection = self.committee(org, CommitteeKind.INSPECTION, term)
        if inspection is not None:
            n = max(3, size // 4)
            # The chair comes from the executive committee; the others from the members.
            checkers = [
                *people[len(ranks) : len(ranks) + 1],
                *_pick(self.rng, _members_in(org, day), n - 1, {p.pk for p in people}),
            ]
            for i, who in enumerate(checkers):
                position = (
                    Position.INSPECTION_CHAIR
                    if i == 0
                    else Position.INSPECTION_DEPUTY
                    if i == 1 and n >= 5
                    else Position.INSPECTION_MEMBER
                )
                self.seat(inspection, who, position, day)

    def congress(self, term: str, day: dt.date) -> None:
        for org in _orgs_on(self.bloc, day, GRASSROOTS):
            big = org.kind == OrgKind.GRASSROOTS_COMMITTEE
            self.elect(org, term, day, self.rng.randint(7, 11) if big else 3)

    def cell_congress(self, term: str, day: dt.date) -> None:
        for cell in _orgs_on(self.bloc, day, (OrgKind.CELL,)):
            self.elect(cell, term, day, 1 + (self.rng.random() < 0.6))

    def terms(self) -> None:
        for term, grassroots_day, bloc_day in TERMS:
            self.at(grassroots_day, lambda t=term, d=grassroots_day: self.congress(t, d))
            self.at(bloc_day, lambda t=term, d=bloc_day: self.elect(self.bloc, t, d, 25))
            start = bloc_day + dt.timedelta(days=20)
            self.at(start, lambda d=start: self.attendances(d))
        term, day = CELL_TERM
        self.at(day, lambda: self.cell_congress(term, day))

    # --- yearly records ---------------------------------------------------------------

    def executive_of(self, org: Organisation, kind: str, day: dt.date) -> Committee | None:
        return queries.committee_on(org, kind, day)

    def complete(
        self, org: Organisation, day: dt.date, issuer: str, *, add_only: bool = False
    ) -> None:
        """One completion decision for `org` on `day`: a new member, a new secretary, or a
        new member of the inspection commission (with `add_only`: a new member)."""
        roll = 0.5 if add_only else self.rng.random()
        kind = CommitteeKind.INSPECTION if roll > 0.85 else CommitteeKind.EXECUTIVE
        body = self.executive_of(org, kind, day) or self.executive_of(
            org, CommitteeKind.EXECUTIVE, day
        )
        if body is None:
            return
        seated = set(body.seats.filter(queries.seats_on(day)).values_list("member_id", flat=True))
        new = _pick(self.rng, _members_in(org, day), 1, seated)
        if not new:
            return
        endings: list[CommitteeMember] = []
        if body.kind == CommitteeKind.EXECUTIVE and roll < 0.25:
            old = body.seats.filter(queries.seats_on(day), position=Position.SECRETARY).first()
            if old is not None:
                endings, position = [old], Position.SECRETARY
            else:
                position = Position.COMMITTEE_MEMBER
        else:
            position = (
                Position.INSPECTION_MEMBER
                if body.kind == CommitteeKind.INSPECTION
                else Position.COMMITTEE_MEMBER
            )
        decision = _try(
            lambda: actions.do_complete_committee(
                body,
                kind=CommitteeDecision.Kind.APPOINT if endings else CommitteeDecision.Kind.ADD,
                decision_date=day,
                issued_by=issuer,
                number=f"{self.rng.randint(100, 999)}-QĐ/ĐUK",
                appointments=[(new[0], position)],
                endings=endings,
                end_reason="Điều động, luân chuyển công tác",
                acting_user=self.user,
            )
        )
        self.counts["decisions"] += decision is not None

    def year(self, year: int) -> None:
        """Schedule the records of `year` (up to today)."""
        rng, last = self.rng, self.now
        # The bloc's own executive committee, completed by the provincial standing committee.
        for _ in range(rng.randint(1, 3)):
            day = _day_in(rng, year, last)
            self.at(day, lambda d=day: self.complete(self.bloc, d, BLOC_ISSUER, add_only=True))
        # Completion decisions at 20–30 grassroots organisations.
        orgs = _orgs_on(self.bloc, min(dt.date(year, 7, 1), last), GRASSROOTS)
        for org in rng.sample(orgs, min(len(orgs), rng.randint(20, 30))):
            day = _day_in(rng, year, last)
            self.at(day, lambda o=org, d=day: self.complete(o, d, ISSUER))
        # Acting responsibility at 5–10 grassroots organisations.
        for org in rng.sample(orgs, min(len(orgs), rng.randint(5, 10))):
            day = _day_in(rng, year, last)
            self.at(day, lambda o=org, d=day: self.acting(o, d))
        # Comments on 35–50 leaders.
        for _ in range(round(rng.randint(35, 50) * self.scale)):
            org, day = rng.choice(orgs), _day_in(rng, year, last)
            self.at(day, lambda o=org, d=day: self.evaluation(o, d))
        # Political-standard conclusions.
        base = rng.randint(*CONCLUSIONS)
        if year == last.year - 1 and year - 1 in self.volumes:
            # The last full year grows visibly on the one before, so its change shows.
            base = round(self.volumes[year - 1] * rng.uniform(1.08, 1.2))
        self.volumes[year] = base
        n = round(base * self.scale)
        if year == last.year:
            n = n * last.timetuple().tm_yday // 366
        for _ in range(n):
            day = _day_in(rng, year, last)
            self.at(day, lambda d=day: self.conclusion(d))

    def acting(self, org: Organisation, day: dt.date) -> None:
        rng = self.rng
        people = _pick(rng, _members_in(org, day), 1, set())
        if not people:
            return
        end = day + dt.timedelta(days=rng.randint(60, 180))
        done = _try(
            lambda: actions.do_assign_acting(
                organisation=org,
                member=people[0],
                kind=rng.choice(ActingAssignment.Kind.values),
                post=rng.choice(("Bí thư", "Bí thư", "Phó Bí thư")),
                start_date=day,
                end_date=end if end <= self.now else None,
                decision_date=day,
                decision_number=f"{rng.randint(100, 999)}-QĐ/ĐUK",
                acting_user=self.user,
            )
        )
        self.counts["acting"] += done is not None

    def evaluation(self, org: Organisation, day: dt.date) -> None:
        rng = self.rng
        people = _pick(rng, _members_in(org, day), 1, set())
        if not people:
            return
        done = _try(
            lambda: actions.do_record_evaluation(
                member=people[0],
                position=f"{rng.choice(LEADER_POSTS)} {_unit(org)}",
                unit=_unit(org),
                reason=_weighted(rng, EVALUATION_REASONS),
                requested_by=rng.choice(REQUESTERS),
                date=day,
                document_number=f"{rng.randint(100, 999)}-CV/ĐUK",
                acting_user=self.user,
            )
        )
        self.counts["evaluations"] += done is not None

    def orgs_on(self, day: dt.date, kinds: tuple[str, ...]) -> list[Organisation]:
        # The tree stands still between the days its versions start or end, and this seed
        # does not change it: one read per stretch answers every day in it.
        if self.boundaries is None:
            spans = OrganisationVersion.objects.values_list("valid_from", "valid_to")
            self.boundaries = sorted({when for span in spans for when in span})
        key = (bisect.bisect_right(self.boundaries, day), kinds)
        if key not in self.cache:
            self.cache[key] = _orgs_on(self.bloc, day, kinds)
        return self.cache[key]

    def conclusion(self, day: dt.date) -> None:
        """A conclusion for a person outside the rolls: a candidate for admission (placed in
        a cell) or a cadre proposed for appointment or planning (in a grassroots unit)."""
        rng = self.rng
        orgs = self.orgs_on(day, GRASSROOTS)
        cells = self.orgs_on(day, (OrgKind.CELL,)) or orgs
        purpose = _weighted(rng, PURPOSES)
        admission = purpose == PoliticalConclusion.Purpose.ADMISSION
        age = rng.randint(19, 30) if admission else rng.randint(30, 55)
        org = rng.choice(cells if admission else orgs)
        done = _try(
            lambda: actions.do_conclude_political_standard(
                person_name=_name(rng)[0],
                birth_date=dt.date(day.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                organisation=org,
                unit=_unit(org),
                purpose=purpose,
                outcome=PoliticalConclusion.Outcome.NOT_MET
                if rng.random() < 0.01
                else PoliticalConclusion.Outcome.MET,
                date=day,
                document_number=f"{rng.randint(1, 999)}-KL/ĐUK",
                acting_user=self.user,
            )
        )
        self.counts["conclusions"] += done is not None

    def attendances(self, start: dt.date) -> None:
        """At the start of a term every cell gets a member of the committee above it to
        attend its meetings; the bloc's members attend the grassroots cells. The
        assignments end the day before the next term's congresses."""
        later = [t[1] for t in TERMS if t[1] > start and t[1] <= self.now]
        end = later[0] - dt.timedelta(days=1) if later else None
        for org in [self.bloc, *_orgs_on(self.bloc, start, (OrgKind.GRASSROOTS_COMMITTEE,))]:
            body = queries.committee_on(org, CommitteeKind.EXECUTIVE, start)
            if body is None:
                continue
            seats = list(body.seats.filter(queries.seats_on(start)).select_related("member"))
            kinds = (OrgKind.GRASSROOTS_CELL,) if org.pk == self.bloc.pk else (OrgKind.CELL,)
            for cell in _orgs_on(org, start, kinds) if seats else []:
                s = self.rng.choice(seats)
                done = _try(
                    lambda cell=cell, s=s: actions.do_assign_cell_attendance(
                        member=s.member,
                        cell=cell,
                        start_date=start,
                        end_date=end,
                        decision_number=f"{self.rng.randint(1, 99)}-PC/ĐU",
                        acting_user=self.user,
                    )
                )
                self.counts["attendances"] += done is not None


def seed_personnel(
    bloc: Organisation, rng: random.Random, user: Any = None, *, scale: float = 1.0
) -> dict[str, int]:
    """Record the demo personnel work of `bloc` from 2020 to today; return counts.

    `scale` multiplies the yearly numbers of evaluations and conclusions (1 for a bloc of
    about 5,000 members).
    """
    seeder = Seeder(bloc, rng, user, scale)
    seeder.terms()
    for year in range(FIRST_YEAR, seeder.now.year + 1):
        seeder.year(year)
    seeder.run()
    return seeder.counts
