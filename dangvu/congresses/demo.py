"""Demo congresses and terms: every party organisation's terms since the demo's first
congresses, the grassroots organisations' and the bloc's congresses of 2020 and 2025 with
their delegates, results and papers, the cells' congresses of 2025, a couple of cells'
congresses of 2027–2030 held early this autumn and some more planned.

The congress days are those on which the personnel demo opened the committees' seats
(`personnel.demo.TERMS`, `CELL_TERM`): a congress's elections point at the seats it
opened (matched by organisation, term and member), never creating any; where there is no
such seat (the cells' congresses of 2025 and later: the personnel records keep their
committees of 2022–2025) the election is recorded without one. The cells' and
sub-committees' terms run 30 months (the Statute's two congresses in five years:
2020–2022, 2022–2025, 2025–2027), the grassroots organisations' and the bloc's 60. The
cells held their congresses of 2025 from November 2024 to March 2025, before the
grassroots organisations (their next ones fall due from May to September 2027), except a
few that have not: their term of 2022–2025 is past due, for the due lists. A grassroots
committee of 100 members or more holds a congress of delegates, a smaller one a congress
of all its members. Organisations founded within a term have that term from their
founding (their first committee appointed); a dissolved organisation's term ends with it.

Rows are written in bulk, as the other stages' demo rows, with no audit entries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from dangvu.congresses.models import (
    Congress,
    CongressDocument,
    CongressForm,
    CongressKind,
    Delegate,
    DelegateKind,
    DocumentRole,
    ElectedBody,
    Election,
    Term,
)
from dangvu.core.dates import add_months, today
from dangvu.meetings.demo import insert
from dangvu.members.models import FOREVER, MemberEvent, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.personnel.demo import CELL_TERM, TERMS
from dangvu.personnel.models import CommitteeKind, CommitteeMember, Position

# Months of a term by the organisation's kind (the rule «congresses.term_months»).
TERM_MONTHS = {
    OrgKind.BLOC: 60,
    OrgKind.GRASSROOTS_COMMITTEE: 60,
    OrgKind.GRASSROOTS_CELL: 60,
    OrgKind.SUB_COMMITTEE: 30,
    OrgKind.CELL: 30,
}
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
SUBORDINATE = (OrgKind.SUB_COMMITTEE, OrgKind.CELL)
# A grassroots committee with this many members or more holds a congress of delegates.
DELEGATES_FROM = 100
BODIES = {
    CommitteeKind.EXECUTIVE: ElectedBody.EXECUTIVE,
    CommitteeKind.STANDING: ElectedBody.STANDING,
    CommitteeKind.INSPECTION: ElectedBody.INSPECTION,
}
ABSENCES = ("Ốm, đang điều trị", "Đi công tác theo phân công", "Việc gia đình đột xuất")
BLOC_ISSUER = "Ban Thường vụ Tỉnh ủy"
ISSUER = "Ban Thường vụ Đảng ủy Khối"
PAST_DUE_CELLS = 4
EARLY_CELLS = 2
PLANNED_CELLS_2027 = 12


def _weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _unit(name: str) -> str:
    return name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")


class Tree:
    """Every organisation's versions, read once."""

    def __init__(self) -> None:
        self.versions: dict[int, list[OrganisationVersion]] = defaultdict(list)
        for v in OrganisationVersion.objects.order_by("valid_from", "id"):
            self.versions[v.organisation_id].append(v)

    def at(self, org_id: int, day: dt.date) -> OrganisationVersion | None:
        for v in self.versions.get(org_id, ()):
            if v.valid_from <= day < v.valid_to:
                return v
        return None

    def founded(self, org_id: int) -> dt.date:
        return self.versions[org_id][0].valid_from

    def ended(self, org_id: int) -> dt.date:
        return self.versions[org_id][-1].valid_to

    def on(self, day: dt.date, kinds: tuple[str, ...]) -> list[OrganisationVersion]:
        found = (self.at(o, day) for o in sorted(self.versions))
        return [v for v in found if v is not None and v.kind in kinds]


class Seeder:
    def __init__(self, bloc: Organisation, rng: random.Random) -> None:
        self.bloc, self.rng, self.now = bloc, rng, today()
        self.tree = Tree()
        self.exempted = self._exempted()
        self.congresses: list[Congress] = []
        # (index of the congress, member, kind, attended, absence reason)
        self.delegates: list[tuple[int, int, str, bool, str]] = []
        self.elections: list[tuple[int, Election]] = []
        self.documents: list[tuple[int, CongressDocument]] = []
        self.opened: dict[tuple[int, str], int] = {}  # (org, term) -> index of its congress
        self.ordinals: dict[int, int] = {}
        self.superior: dict[tuple[str, int], list[int]] = defaultdict(list)  # delegates up
        self.on_day: dict[dt.date, list[tuple[str, int]]] = {}
        self.past_due: set[int] = set()
        self.early: dict[int, dt.date] = {}  # cells that held 2027's congress early
        # Every seat of the personnel records: (organisation, term, start) -> seats, and
        # the executive committees' seats by organisation.
        self.opened_seats: dict[tuple[int, str, dt.date], list[tuple]] = defaultdict(list)
        self.executive: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
        for seat_id, org, term, kind, position, member_id, start, end in (
            CommitteeMember.objects.filter(
                voided_at__isnull=True, committee__voided_at__isnull=True
            )
            .order_by("committee__kind", "id")
            .values_list(
                "id",
                "committee__organisation_id",
                "committee__term",
                "committee__kind",
                "position",
                "member_id",
                "start_date",
                "ended_on",
            )
        ):
            self.opened_seats[(org, term, start)].append((seat_id, kind, position, member_id))
            if kind == CommitteeKind.EXECUTIVE:
                self.executive[org].append((member_id, start, end))

    def _exempted(self) -> dict[int, list[tuple[dt.date, bool]]]:
        events: dict[int, list[tuple[dt.date, bool]]] = defaultdict(list)
        for member_id, day, details in (
            MemberEvent.objects.filter(kind="EXEMPTED", voided_at__isnull=True)
            .order_by("date", "id")
            .values_list("member_id", "date", "details")
        ):
            events[member_id].append((day, bool((details or {}).get("ended"))))
        return events

    def is_exempt(self, member_id: int, day: dt.date) -> bool:
        state = False
        for when, ended in self.exempted.get(member_id, ()):
            if when <= day:
                state = not ended
        return state

    def members(self, version: OrganisationVersion, day: dt.date) -> list[int]:
        """The members of the organisation's subtree on `day`, not exempted."""
        if day not in self.on_day:
            # Everyone on the books that day, read once per day: (path, member).
            self.on_day[day] = sorted(
                MembershipInterval.objects.filter(valid_from__lte=day, valid_to__gt=day)
                .values_list("path", "member_id")
                .iterator(chunk_size=5000)
            )
        rows = self.on_day[day]
        start = bisect.bisect_left(rows, (version.path, 0))
        found = []
        for path, member_id in rows[start:]:
            if not path.startswith(version.path):
                break
            found.append(member_id)
        return [m for m in sorted(found) if not self.is_exempt(m, day)]

    # --- congresses -------------------------------------------------------------------

    def congress(
        self,
        version: OrganisationVersion,
        term: str,
        day: dt.date,
        *,
        members: list[int],
        ex_officio: list[int],
        elected: list[int] | None = None,
    ) -> int:
        """A held regular congress of `version`'s organisation closing on `day`; returns
        its index among the congresses to write."""
        rng = self.rng
        org = version.organisation_id
        big = version.kind == OrgKind.BLOC or len(members) >= DELEGATES_FROM
        form = CongressForm.DELEGATES if big else CongressForm.ALL_MEMBERS
        ordinal = self.ordinals.get(org)
        ordinal = ordinal + 1 if ordinal else rng.randint(3, 9)
        self.ordinals[org] = ordinal
        index = len(self.congresses)
        if form == CongressForm.DELEGATES:
            called: list[tuple[int, str]] = [(m, DelegateKind.EX_OFFICIO) for m in ex_officio]
            chosen = [m for m in dict.fromkeys(elected or []) if m not in set(ex_officio)]
            want = min(150, max(40, len(members) // 4)) - len(called)
            if len(chosen) < want:
                taken = set(ex_officio) | set(chosen)
                rest = [m for m in members if m not in taken]
                chosen += rng.sample(rest, min(len(rest), want - len(chosen)))
            called += [(m, DelegateKind.ELECTED) for m in sorted(chosen)]
            absent_chance = 0.03
        else:
            called = [(m, DelegateKind.MEMBER) for m in members]
            absent_chance = 0.06
        attended = 0
        for member_id, kind in called:
            absent = rng.random() < absent_chance
            attended += not absent
            reason = rng.choice(ABSENCES) if absent else ""
            self.delegates.append((index, member_id, str(kind), not absent, reason))
        self.congresses.append(
            Congress(
                organisation_id=org,
                level=version.kind,
                kind=CongressKind.REGULAR,
                form=form,
                term_label=term,
                ordinal=ordinal,
                opens_on=day - dt.timedelta(days=1) if big else day,
                closes_on=day,
                place=f"Hội trường {_unit(version.name)}",
                held=True,
                members_total=len(called),
                attended_total=attended,
            )
        )
        self.opened[(org, term)] = index
        return index

    def vote(self, base: int, low: float) -> tuple[int, Decimal]:
        share = self.rng.uniform(low, 1.0)
        votes = min(base, max(base // 2 + 1, round(base * share)))
        return votes, (Decimal(100 * votes) / base).quantize(Decimal("0.01"))

    def elect(self, index: int, seats: list[tuple[int, str, str, int]], voters: int) -> None:
        """The elections of the congress `index` to the seats (id, committee kind,
        position, member) it opened; `voters` present."""
        executive = sum(1 for _, kind, _, _ in seats if kind == CommitteeKind.EXECUTIVE) or 1
        for seat_id, kind, position, member_id in seats:
            by_committee = kind != CommitteeKind.EXECUTIVE or position in (
                Position.SECRETARY,
                Position.DEPUTY_SECRETARY,
            )
            base = executive if by_committee else voters
            votes, share = self.vote(base, 0.86 if by_committee else 0.72)
            self.elections.append(
                (
                    index,
                    Election(
                        body=BODIES[kind],
                        member_id=member_id,
                        position=position,
                        votes=votes,
                        vote_share=share,
                        seat_id=seat_id,
                    ),
                )
            )

    def send_up(
        self, index: int, term: str, leaders: list[int], members: list[int], voters: int, n: int
    ) -> None:
        """The delegates the congress elects to the superior's congress (and an alternate)."""
        rng = self.rng
        pool = list(dict.fromkeys([*leaders, *rng.sample(members, min(len(members), 3 * n))]))
        for i, member_id in enumerate(pool[: n + (n >= 3)]):
            alternate = i == n
            votes, share = self.vote(voters, 0.7)
            self.elections.append(
                (
                    index,
                    Election(
                        body=ElectedBody.SUPERIOR_DELEGATE,
                        member_id=member_id,
                        is_alternate=alternate,
                        votes=votes,
                        vote_share=share,
                    ),
                )
            )
            if not alternate:
                self.superior[(term, self.bloc.pk)].append(member_id)

    def papers(self, index: int, version: OrganisationVersion, term: str) -> None:
        rng = self.rng
        congress = self.congresses[index]
        symbol = "ĐU" if version.kind != OrgKind.GRASSROOTS_CELL else "CB"
        issuer, suffix = (
            (BLOC_ISSUER, "QĐ/TU") if version.kind == OrgKind.BLOC else (ISSUER, "QĐ/ĐUK")
        )
        approved = congress.closes_on + dt.timedelta(days=rng.randint(7, 20))
        name = f"{congress.get_form_display()} {version.name} lần thứ {congress.ordinal}"
        rows = [
            CongressDocument(
                role=DocumentRole.POLITICAL_REPORT,
                number=f"{rng.randint(40, 90):02d}-BC/{symbol}",
                date=congress.opens_on - dt.timedelta(days=rng.randint(10, 25)),
                issued_by=f"Ban Chấp hành {version.name}",
                summary=f"Báo cáo chính trị trình {name}, nhiệm kỳ {term}",
            ),
            CongressDocument(
                role=DocumentRole.RESOLUTION,
                number="01-NQ/ĐH",
                date=congress.closes_on,
                issued_by=name,
                summary=f"Nghị quyết {name}, nhiệm kỳ {term}",
            ),
        ]
        if approved <= self.now:
            rows.append(
                CongressDocument(
                    role=DocumentRole.APPROVAL,
                    number=f"{rng.randint(100, 999)}-{suffix}",
                    date=approved,
                    issued_by=issuer,
                    summary=(f"Chuẩn y kết quả bầu cử tại {name}, nhiệm kỳ {term}"),
                )
            )
        self.documents.extend((index, d) for d in rows)

    def seats(self, org: int, term: str, day: dt.date) -> list[tuple]:
        """The seats the congress of `org` opened on `day` for `term`."""
        return list(self.opened_seats.get((org, term, day), ()))

    def outgoing(self, org: int, day: dt.date) -> list[int]:
        """The executive committee's members on the eve of the congress (ex officio)."""
        eve = day - dt.timedelta(days=1)
        return sorted({m for m, start, end in self.executive.get(org, ()) if start <= eve < end})

    def season(self, term: str, day: dt.date, bloc_day: dt.date) -> None:
        """The grassroots organisations' congresses on `day`, then the bloc's."""
        if bloc_day > self.now:
            return
        for version in self.tree.on(day, GRASSROOTS):
            org = version.organisation_id
            members = self.members(version, day)
            if not members:
                continue
            index = self.congress(
                version, term, day, members=members, ex_officio=self.outgoing(org, day)
            )
            voters = self.congresses[index].attended_total or 1
            seats = self.seats(org, term, day)
            if not seats:
                # No committee in the personnel records: the results without their seats.
                chosen = self.rng.sample(members, min(3, len(members)))
                ranks = [Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.COMMITTEE_MEMBER]
                seats = [(None, CommitteeKind.EXECUTIVE, ranks[i], m) for i, m in enumerate(chosen)]
            self.elect(index, seats, voters)
            leaders = [m for _, kind, _, m in seats if kind == CommitteeKind.EXECUTIVE]
            self.send_up(index, term, leaders[:1], members, voters, max(1, len(members) // 60))
            self.papers(index, version, term)
        bloc = self.tree.at(self.bloc.pk, bloc_day)
        if bloc is None:
            return
        members = self.members(bloc, bloc_day)
        index = self.congress(
            bloc,
            term,
            bloc_day,
            members=members,
            ex_officio=self.outgoing(self.bloc.pk, bloc_day),
            elected=self.superior[(term, self.bloc.pk)],
        )
        voters = self.congresses[index].attended_total or 1
        seats = self.seats(self.bloc.pk, term, bloc_day)
        self.elect(index, seats, voters)
        leaders = [m for _, kind, _, m in seats if kind == CommitteeKind.EXECUTIVE]
        self.send_up(index, term, leaders[:3], members, voters, 12)
        self.superior.pop((term, self.bloc.pk), None)
        self.papers(index, bloc, term)

    # --- terms ------------------------------------------------------------------------

    def cell_days(self, org: int) -> tuple[dt.date, dt.date]:
        """The days of a cell's congresses of 2020 and of 2025 (before the grassroots')."""
        g = random.Random(org)
        spring = _weekday(dt.date(2020, 3, 2) + dt.timedelta(days=g.randint(0, 80)))
        early = _weekday(dt.date(2024, 11, 4) + dt.timedelta(days=g.randint(0, 140)))
        return spring, early

    def choose_past_due(self) -> None:
        """A few cells alive since before their 2022 congresses have not held 2025's."""
        cell_day = CELL_TERM[1]
        cells = [
            v.organisation_id
            for v in self.tree.on(self.now, (OrgKind.CELL,))
            if self.tree.founded(v.organisation_id) < cell_day
        ]
        n = min(PAST_DUE_CELLS, max(1, len(cells) // 90), len(cells))
        self.past_due = set(self.rng.sample(cells, n))

    def terms(self) -> list[Term]:
        (first, day20, bloc20), (second, day25, bloc25) = TERMS
        cell_label, cell_day = CELL_TERM
        rows: list[Term] = []
        for org in sorted(self.tree.versions):
            founded, ended = self.tree.founded(org), self.tree.ended(org)
            spring, early = self.cell_days(org)
            plan: list[tuple[str, dt.date, tuple[str, ...]]] = [
                ("2020–2022", spring, SUBORDINATE),
                (cell_label, cell_day, SUBORDINATE),
                ("2025–2027", early, SUBORDINATE),
            ]
            if org in self.past_due:
                plan.pop()
            if org in self.early:
                plan.append(("2027–2030", self.early[org], SUBORDINATE))
            if org == self.bloc.pk:
                plan = [(first, bloc20, (OrgKind.BLOC,)), (second, bloc25, (OrgKind.BLOC,))]
            else:
                plan += [(first, day20, GRASSROOTS), (second, day25, GRASSROOTS)]
            mine: list[tuple[str, dt.date, dt.date, str]] = []
            for label, began, kinds in plan:
                at = max(began, founded)
                version = self.tree.at(org, at)
                if version is None or version.kind not in kinds or at > self.now:
                    continue
                mine.append((label, began, at, version.kind))
            mine.sort(key=lambda t: t[2])
            for i, (label, began, at, kind) in enumerate(mine):
                later = mine[i + 1][2] if i + 1 < len(mine) else None
                end = later or (ended if ended != FOREVER and ended <= self.now else None)
                if end is not None and end <= at:
                    continue
                index = self.opened.get((org, label))
                rows.append(
                    Term(
                        organisation_id=org,
                        label=label,
                        first_year=int(label[:4]),
                        last_year=int(label[-4:]),
                        began_on=at,
                        due_on=add_months(began, TERM_MONTHS[OrgKind(kind)]),
                        ended_on=end,
                        congress=self.congresses[index] if index is not None else None,
                        note="" if at == began else "Cấp ủy do cấp trên chỉ định khi thành lập",
                    )
                )
        return rows

    def window(self, first: dt.date, last: dt.date) -> list[tuple[str, int, dt.date, dt.date]]:
        """Everyone on the books at some time from `first` to `last`, sorted by path."""
        return sorted(
            MembershipInterval.objects.filter(valid_from__lte=last, valid_to__gt=first)
            .values_list("path", "member_id", "valid_from", "valid_to")
            .iterator(chunk_size=5000)
        )

    def cell_congress(
        self,
        version: OrganisationVersion,
        term: str,
        day: dt.date,
        rows: list[tuple[str, int, dt.date, dt.date]],
    ) -> None:
        """A cell's congress of all members on `day`: its secretary (the outgoing one,
        re-elected) and a deputy for a larger cell, with no seat (the personnel records
        keep the cells' committees of 2022–2025)."""
        org = version.organisation_id
        start = bisect.bisect_left(rows, (version.path,))
        found = set()
        for path, member_id, valid_from, valid_to in rows[start:]:
            if not path.startswith(version.path):
                break
            if valid_from <= day < valid_to and not self.is_exempt(member_id, day):
                found.add(member_id)
        members = sorted(found)
        if len(members) < 3:
            return
        index = self.congress(version, term, day, members=members, ex_officio=[])
        secretary = [m for m in self.outgoing(org, day) if m in found][:1] or members[:1]
        others = [m for m in members if m not in secretary]
        deputy = self.rng.sample(others, 1 if len(members) >= 6 else 0)
        seats = [(None, CommitteeKind.EXECUTIVE, Position.SECRETARY, secretary[0])]
        seats += [(None, CommitteeKind.EXECUTIVE, Position.DEPUTY_SECRETARY, m) for m in deputy]
        self.elect(index, seats, self.congresses[index].attended_total or 1)

    def cells_2025(self) -> None:
        """The cells' and sub-committees' congresses of 2025, before the grassroots'."""
        rows = self.window(dt.date(2024, 11, 1), dt.date(2025, 4, 1))
        for org in sorted(self.tree.versions):
            if org in self.past_due or self.tree.founded(org) >= CELL_TERM[1]:
                continue
            _, day = self.cell_days(org)
            version = self.tree.at(org, day)
            if version is not None and version.kind in SUBORDINATE:
                self.cell_congress(version, "2025–2027", day, rows)

    def cells_early(self) -> None:
        """A couple of cells held their congress of 2027–2030 early, this autumn."""
        rng = self.rng
        autumn = max(dt.date(self.now.year, 9, 1), self.now - dt.timedelta(days=120))
        if self.now.year < 2026:
            return
        cells = [
            v
            for v in self.tree.on(autumn, (OrgKind.CELL,))
            if (v.organisation_id, "2025–2027") in self.opened
            and self.tree.ended(v.organisation_id) > self.now
        ]
        rows = self.window(autumn, self.now)
        for version in rng.sample(cells, min(EARLY_CELLS, len(cells))):
            span = max(0, (self.now - autumn).days - 3)
            day = _weekday(autumn + dt.timedelta(days=rng.randint(0, span)))
            if day >= self.now:
                continue
            before = len(self.congresses)
            self.cell_congress(version, "2027–2030", day, rows)
            if len(self.congresses) > before:
                self.early[version.organisation_id] = day

    def planned_2027(self, terms: list[Term]) -> None:
        """Some cells' congresses of the 2027 season planned, not yet held."""
        rng = self.rng
        open_terms = [t for t in terms if t.label == "2025–2027" and t.ended_on is None]
        n = min(PLANNED_CELLS_2027, max(1, len(open_terms) // 30), len(open_terms))
        for term in rng.sample(open_terms, n):
            version = self.tree.at(term.organisation_id, self.now)
            if version is None:
                continue
            day = _weekday(add_months(term.due_on, -rng.randint(1, 4)))
            self.congresses.append(
                Congress(
                    organisation_id=term.organisation_id,
                    level=version.kind,
                    kind=CongressKind.REGULAR,
                    form=CongressForm.ALL_MEMBERS,
                    term_label="2027–2030",
                    ordinal=rng.randint(4, 12),
                    opens_on=day,
                    place=f"Hội trường {_unit(version.name)}",
                    held=False,
                    note="Dự kiến theo kế hoạch đại hội của đảng ủy cơ sở",
                )
            )

    # --- writing ------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        (first, day20, bloc20), (second, day25, bloc25) = TERMS
        self.season(first, day20, bloc20)
        self.choose_past_due()
        self.cells_2025()
        self.season(second, day25, bloc25)
        self.cells_early()
        Congress.objects.bulk_create(self.congresses, batch_size=500)
        terms = self.terms()
        n_held = len(self.congresses)
        self.planned_2027(terms)
        Congress.objects.bulk_create(self.congresses[n_held:], batch_size=500)
        Term.objects.bulk_create(terms, batch_size=1000)
        # Every member of a congress of all members is its delegate: thousands of rows.
        insert(
            Delegate,
            ["congress", "member", "kind", "attended", "absence_reason"],
            [(self.congresses[i].pk, m, k, a, r) for i, m, k, a, r in self.delegates],
        )
        for rows, model in (
            (self.elections, Election),
            (self.documents, CongressDocument),
        ):
            for index, row in rows:
                row.congress_id = self.congresses[index].pk
            model.objects.bulk_create([row for _, row in rows], batch_size=2000)
        return {
            "nhiệm kỳ": len(terms),
            "đại hội": len(self.congresses),
            "đại biểu": len(self.delegates),
            "kết quả bầu cử": len(self.elections),
            "văn bản đại hội": len(self.documents),
        }


def seed_congresses(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    """Record the demo terms and congresses of `bloc`'s organisations; return counts."""
    return Seeder(bloc, rng).write()
