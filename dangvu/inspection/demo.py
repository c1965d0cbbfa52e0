"""Demo inspection work of the demo committee, from 2020 to today, written through the actions.

The volumes follow a bloc of about 5,000 members (the reference year's report gives the
scale): each year the standing committee's programme of 18 inspections and supervisions,
of which some 17 are done; the inspection commission and the boards inspect about 15
grassroots organisations and 3 members and supervise about 12 organisations and 5 members;
the grassroots committees inspect about 70 of their cells and supervise about 49; every
cell checks the compliance of about half its members; a few members are disciplined after
the commission's inspections, and the member demo's other discipline is decided by the
commission or the standing committee through `member_discipline`; an organisation now
and then; about eight complaints and denunciations a
year, the recent ones partly open and one or two past their deadline.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Count

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.inspection import actions
from dangvu.inspection.models import Complaint, Inspection, Kind, Level, Status
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import versions_in_path

FIRST_YEAR = 2020
PROGRAMME_ITEMS = 18
STANDING_THEMES = [
    (Kind.COMPLIANCE, "Kiểm tra việc lãnh đạo, chỉ đạo thực hiện nghị quyết đại hội đảng bộ"),
    (Kind.COMPLIANCE, "Kiểm tra việc thực hiện quy chế làm việc của cấp ủy"),
    (Kind.COMPLIANCE, "Kiểm tra công tác phát triển đảng viên"),
    (Kind.COMPLIANCE, "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW về học tập và làm theo Bác"),
    (Kind.THEMATIC, "Giám sát việc thực hiện nguyên tắc tập trung dân chủ"),
    (Kind.THEMATIC, "Giám sát công tác cán bộ và bảo vệ chính trị nội bộ"),
    (Kind.THEMATIC, "Giám sát việc kê khai tài sản, thu nhập"),
]
COMMISSION_THEMES = [
    "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát của cấp ủy cơ sở",
    "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    "Kiểm tra việc chấp hành Điều lệ Đảng",
]
SUPERVISION_THEMES = [
    "Giám sát chuyên đề việc rèn luyện phẩm chất đạo đức, lối sống",
    "Giám sát chuyên đề việc thực hiện quy định về nêu gương",
    "Giám sát chuyên đề việc chấp hành chủ trương, nghị quyết của Đảng",
]
BOARDS = ("Ban Tổ chức", "Ban Tuyên giáo", "Ban Dân vận")
VIOLATIONS = [
    "Vi phạm quy định về những điều đảng viên không được làm",
    "Thiếu trách nhiệm trong quản lý tài chính, tài sản của cơ quan",
    "Vi phạm quy định về kê khai tài sản, thu nhập",
]
SENDERS = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Thị Hồng", "Võ Văn Sơn"]


class _Seeder:
    def __init__(self, bloc: Organisation, rng: random.Random, user: Any) -> None:
        self.bloc = bloc
        self.rng = rng
        self.user = user
        self.now = today()
        self.counts: Counter[str] = Counter()
        self.stalled_years: set[int] = set()

    # --- the tree and members on a day ---------------------------------------------------

    def orgs_on(self, day: dt.date) -> list[tuple[int, str, str]]:
        """(organisation id, kind, path) of the bloc's subtree on `day`, bloc excluded."""
        return list(
            versions_in_path(self.bloc.path, day)
            .exclude(organisation=self.bloc)
            .order_by("path")
            .values_list("organisation_id", "kind", "path")
        )

    def members_by_org(self, day: dt.date) -> dict[int, int]:
        low, high = subtree_range(self.bloc.path)
        rows = (
            MembershipInterval.objects.filter(
                path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
            )
            .values_list("organisation_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return dict(rows)

    def member_ids(self, day: dt.date, path: str, limit: int = 400) -> list[int]:
        low, high = subtree_range(path)
        return list(
            MembershipInterval.objects.filter(
                path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
            )
            .order_by("member_id")
            .values_list("member_id", flat=True)[:limit]
        )

    # --- writing -------------------------------------------------------------------------

    def attempt(self, what: str, write: Callable[[], Any]) -> Any:
        """Write through an action; a refusal (an edge of the demo history) is skipped."""
        try:
            with transaction.atomic():
                result = write()
        except DomainError:
            self.counts["skipped"] += 1
            return None
        self.counts[what] += 1
        return result

    def day_in(self, year: int, first_month: int, last_month: int) -> dt.date:
        month = self.rng.randint(first_month, last_month)
        return dt.date(year, month, self.rng.randint(1, 28))

    def record(
        self,
        what: str,
        org: Organisation,
        level: str,
        kind: str,
        title: str,
        end: dt.date,
        *,
        orgs: list[Organisation] | None = None,
        members: list[Member] | None = None,
        members_checked: int | None = None,
        board_name: str = "",
        item: Any = None,
        in_programme: bool = False,
    ) -> Inspection | None:
        """A record lasting two to four weeks to `end`; still running if `end` is to come."""
        start = end - dt.timedelta(days=self.rng.randint(14, 30))
        if item is not None:  # a programme's work starts within its year
            start = max(start, dt.date(end.year, 1, 1))
        if start > self.now:
            return None
        done = end < self.now
        conclusion = ""
        if done and self.rng.random() < 0.9:
            conclusion = self.rng.choice(
                [
                    "Tổ chức đảng thực hiện tốt nội dung được kiểm tra, giám sát; cần khắc phục "
                    "một số hạn chế đã chỉ ra.",
                    "Cơ bản thực hiện đúng quy định; đề nghị rút kinh nghiệm về công tác lưu trữ "
                    "hồ sơ.",
                    "Thực hiện nghiêm túc; không phát hiện vi phạm.",
                ]
            )
        return self.attempt(
            what,
            lambda: actions.do_record_inspection(
                organisation=org,
                level=level,
                board_name=board_name,
                kind=kind,
                title=title,
                start_date=start,
                end_date=end if done else None,
                status=Status.DONE if done else Status.IN_PROGRESS,
                organisations=orgs or [],
                members=members or [],
                members_checked=members_checked,
                in_programme=in_programme,
                programme_item=item,
                decision_number=f"{self.rng.randint(10, 250):02d}-QĐ/ĐUK",
                conclusion=conclusion,
                conclusion_date=end + dt.timedelta(days=self.rng.randint(3, 10))
                if conclusion and end + dt.timedelta(days=10) < self.now
                else None,
                acting_user=self.user,
            ),
        )

    # --- a year --------------------------------------------------------------------------

    def year(self, year: int) -> None:
        mid = min(dt.date(year, 6, 30), self.now)
        orgs = self.orgs_on(mid)
        by_id = Organisation.objects.in_bulk([o for o, _, _ in orgs])
        grassroots = [
            by_id[o]
            for o, k, _ in orgs
            if k in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
        ]
        if not grassroots:
            return
        self.standing(year, grassroots)
        self.commission_and_boards(year, grassroots)
        self.grassroots_committees(year, orgs, by_id)
        self.cells(year, orgs, by_id)
        self.complaints(year, grassroots)
        if year % 2 == 0:
            self.organisation_discipline(year, orgs, by_id)

    def standing(self, year: int, grassroots: list[Organisation]) -> None:
        programme = self.attempt(
            "programmes",
            lambda: actions.do_create_programme(
                organisation=self.bloc,
                level=Level.STANDING,
                year=year,
                title="Chương trình kiểm tra, giám sát của Ban Thường vụ Đảng ủy Khối",
                acting_user=self.user,
            ),
        )
        if programme is None:
            return
        subjects = self.rng.sample(grassroots, min(PROGRAMME_ITEMS, len(grassroots)))
        # One item a year is left undone (carried to the next programme).
        undone = self.rng.randrange(PROGRAMME_ITEMS)
        for n in range(PROGRAMME_ITEMS):
            kind, theme = STANDING_THEMES[n % len(STANDING_THEMES)]
            subject = subjects[n % len(subjects)]
            quarter = 1 + n * 4 // PROGRAMME_ITEMS
            item = self.attempt(
                "programme_items",
                lambda kind=kind, theme=theme, subject=subject, quarter=quarter: (
                    actions.do_add_programme_item(
                        programme,
                        kind=kind,
                        title=f"{theme} đối với {subject.name}",
                        planned_subjects=subject.name,
                        planned_quarter=quarter,
                        acting_user=self.user,
                    )
                ),
            )
            if item is None or n == undone:
                continue
            end = self.day_in(year, 3 * quarter - 2, 3 * quarter)
            self.record(
                "standing",
                self.bloc,
                Level.STANDING,
                kind,
                item.title,
                end,
                orgs=[subject],
                item=item,
            )

    def commission_and_boards(self, year: int, grassroots: list[Organisation]) -> None:
        rng = self.rng

        def some(n: int) -> list[Organisation]:
            return rng.sample(grassroots, min(n, len(grassroots)))

        for _ in range(rng.randint(4, 6)):  # compliance: two organisations each
            self.record(
                "commission",
                self.bloc,
                Level.COMMISSION,
                Kind.COMPLIANCE,
                rng.choice(COMMISSION_THEMES),
                self.day_in(year, 3, 11),
                orgs=some(2),
                in_programme=True,
            )
        for _ in range(rng.randint(1, 3)):  # signs of violation in an organisation
            self.record(
                "commission",
                self.bloc,
                Level.COMMISSION,
                Kind.VIOLATION,
                "Kiểm tra tổ chức đảng khi có dấu hiệu vi phạm",
                self.day_in(year, 2, 11),
                orgs=some(1),
            )
        self.record(
            "boards",
            self.bloc,
            Level.BOARD,
            Kind.COMPLIANCE,
            "Kiểm tra công tác tổ chức, cán bộ và quản lý đảng viên",
            self.day_in(year, 4, 10),
            orgs=some(3),
            board_name=BOARDS[0],
            in_programme=True,
        )
        for _ in range(rng.randint(3, 5)):  # thematic supervision: two organisations each
            self.record(
                "commission",
                self.bloc,
                Level.COMMISSION,
                Kind.THEMATIC,
                rng.choice(SUPERVISION_THEMES),
                self.day_in(year, 3, 11),
                orgs=some(2),
                in_programme=True,
            )
        for board in BOARDS[1:]:
            self.record(
                "boards",
                self.bloc,
                Level.BOARD,
                Kind.THEMATIC,
                f"Giám sát chuyên đề thuộc lĩnh vực của {board.lower()}",
                self.day_in(year, 5, 10),
                orgs=some(2),
                board_name=board,
                in_programme=True,
            )
        # Members: supervision of a few, and inspections on signs of violation, some of
        # which end with a discipline decision recorded in the member's ledger.
        mid = min(dt.date(year, 6, 30), self.now - dt.timedelta(days=1))
        pool = self.member_ids(mid, self.bloc.path)
        if not pool:
            return
        picked = Member.objects.in_bulk(rng.sample(pool, min(8 + rng.randint(0, 2), len(pool))))
        people = list(picked.values())
        self.record(
            "commission",
            self.bloc,
            Level.COMMISSION,
            Kind.REGULAR,
            "Giám sát thường xuyên việc thực hiện nhiệm vụ của cấp ủy viên",
            self.day_in(year, 4, 10),
            members=people[:5],
        )
        for member in people[5:8]:
            end = self.day_in(year, 2, 9)
            record = self.record(
                "commission",
                self.bloc,
                Level.COMMISSION,
                Kind.VIOLATION,
                f"Kiểm tra đảng viên {member.full_name} khi có dấu hiệu vi phạm",
                end,
                members=[member],
            )
            if record is None or record.status != Status.DONE:
                continue
            decided = end + dt.timedelta(days=rng.randint(15, 40))
            if decided >= self.now or rng.random() < 0.2:
                continue
            form = "WARNING" if rng.random() < 0.2 else "REPRIMAND"
            self.attempt(
                "member_discipline",
                lambda member=member, form=form, decided=decided, record=record: (
                    actions.do_discipline(
                        target="MEMBER",
                        form=form,
                        member=member,
                        issuing_organisation=self.bloc,
                        issuing_level=Level.COMMISSION,
                        violation_date=record.start_date - dt.timedelta(days=rng.randint(30, 300)),
                        decision_date=decided,
                        decision_number=f"{rng.randint(1, 60):02d}-QĐ/UBKTĐUK",
                        violation=rng.choice(VIOLATIONS),
                        inspection=record,
                        acting_user=self.user,
                    )
                ),
            )

    def grassroots_committees(
        self, year: int, orgs: list[tuple[int, str, str]], by_id: dict[int, Organisation]
    ) -> None:
        committees = [(o, p) for o, k, p in orgs if k == OrgKind.GRASSROOTS_COMMITTEE]
        cells_of = {
            o: [by_id[c] for c, k, p in orgs if k == OrgKind.CELL and p.startswith(path)]
            for o, path in committees
        }
        total = sum(len(v) for v in cells_of.values()) or 1
        for committee_id, _ in committees:
            cells = cells_of[committee_id]
            if not cells:
                continue
            committee = by_id[committee_id]
            for kind, target, title in (
                (Kind.COMPLIANCE, 70, "Kiểm tra chi bộ thực hiện nhiệm vụ"),
                (Kind.THEMATIC, 49, "Giám sát chuyên đề chi bộ"),
            ):
                share = target * len(cells) / total
                n = min(len(cells), int(share) + (1 if self.rng.random() < share % 1 else 0))
                if n == 0:
                    continue
                chosen = self.rng.sample(cells, n)
                # One or two records a year, each for some of the cells.
                halves = [chosen] if n < 4 else [chosen[: n // 2], chosen[n // 2 :]]
                for part in halves:
                    self.record(
                        "grassroots",
                        committee,
                        Level.GRASSROOTS,
                        kind,
                        f"{title} năm {year}",
                        self.day_in(year, 4, 11),
                        orgs=part,
                        in_programme=True,
                    )

    def cells(
        self, year: int, orgs: list[tuple[int, str, str]], by_id: dict[int, Organisation]
    ) -> None:
        day = dt.date(year, 11, 15)
        if day >= self.now:
            return
        members = self.members_by_org(day)
        on_day = {o for o, _, _ in self.orgs_on(day)}
        for org_id, kind, _ in orgs:
            if kind not in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL) or org_id not in on_day:
                continue
            n = members.get(org_id, 0)
            checked = round(n * self.rng.uniform(0.4, 0.65))
            if checked < 1:
                continue
            self.record(
                "cells",
                by_id[org_id],
                Level.CELL,
                Kind.COMPLIANCE,
                f"Chi bộ kiểm tra đảng viên chấp hành năm {year}",
                day + dt.timedelta(days=self.rng.randint(0, 30)),
                members_checked=checked,
                in_programme=True,
            )

    def organisation_discipline(
        self, year: int, orgs: list[tuple[int, str, str]], by_id: dict[int, Organisation]
    ) -> None:
        decided = self.day_in(year, 8, 11)
        if decided >= self.now:
            return
        committees = [by_id[o] for o, k, _ in orgs if k == OrgKind.GRASSROOTS_COMMITTEE]
        cells = [by_id[o] for o, k, _ in orgs if k == OrgKind.CELL]
        if not committees or not cells:
            return
        cell = self.rng.choice(cells)
        committee = next((c for c in committees if cell.path.startswith(c.path)), None)
        if committee is None:
            return
        self.attempt(
            "organisation_discipline",
            lambda: actions.do_discipline(
                target="ORGANISATION",
                form="REPRIMAND",
                organisation=cell,
                issuing_organisation=committee,
                issuing_level=Level.GRASSROOTS,
                violation_date=decided - dt.timedelta(days=self.rng.randint(60, 200)),
                decision_date=decided,
                decision_number=f"{self.rng.randint(1, 40):02d}-QĐ/ĐU",
                violation="Buông lỏng lãnh đạo, quản lý đảng viên; không duy trì sinh hoạt định kỳ",
                acting_user=self.user,
            ),
        )

    def complaints(self, year: int, grassroots: list[Organisation]) -> None:
        rng = self.rng
        for _ in range(rng.randint(6, 10)):
            received = self.day_in(year, 1, 12)
            if received >= self.now:
                continue
            kind = "DENUNCIATION" if rng.random() < 0.6 else "COMPLAINT"
            against = rng.choice(grassroots)
            complaint = self.attempt(
                "complaints",
                lambda kind=kind, received=received, against=against: actions.do_receive_complaint(
                    kind=kind,
                    received_date=received,
                    sender=rng.choice(SENDERS),
                    subject=(
                        "Tố cáo cán bộ lãnh đạo vi phạm quy định trong quản lý tài chính"
                        if kind == "DENUNCIATION"
                        else "Khiếu nại quyết định kỷ luật, đề nghị xem xét lại"
                    ),
                    handling_organisation=self.bloc,
                    handling_level=Level.COMMISSION,
                    against_organisation=against,
                    acting_user=self.user,
                ),
            )
            if complaint is None:
                continue
            # Most are settled in time, a few late; recent ones may still be open, and in
            # the last two years one a year is left open past its deadline (the due list).
            days = int((complaint.deadline - received).days * rng.uniform(0.4, 1.3))
            closed = received + dt.timedelta(days=days)
            stalled = year >= self.now.year - 1 and complaint.deadline < self.now
            if stalled and year not in self.stalled_years:
                self.stalled_years.add(year)
                closed = self.now
            if closed >= self.now:
                if rng.random() < 0.5 or year in self.stalled_years:
                    self.attempt(
                        "complaints_in_progress",
                        lambda complaint=complaint: actions.do_update_complaint(
                            complaint, status=Complaint.State.IN_PROGRESS, acting_user=self.user
                        ),
                    )
                continue
            state = Complaint.State.RESOLVED if rng.random() < 0.8 else Complaint.State.DISMISSED
            self.attempt(
                "complaints_closed",
                lambda complaint=complaint, state=state, closed=closed: actions.do_update_complaint(
                    complaint,
                    status=state,
                    outcome=(
                        "Đã xem xét, kết luận và thông báo kết quả cho người gửi đơn."
                        if state == Complaint.State.RESOLVED
                        else "Đơn không đủ điều kiện thụ lý; lưu đơn."
                    ),
                    closed_date=closed,
                    acting_user=self.user,
                ),
            )


def member_discipline(bloc: Organisation, user: Any = None) -> Callable[..., object]:
    """A discipliner for the member demo: each event it writes has its decision record.

    Expulsions are decided by the standing committee, the other forms by the commission.
    """

    def discipline(member: Member, form: str, violated: dt.date, decision: Any) -> object:
        return actions.do_discipline(
            target="MEMBER",
            form=form,
            member=member,
            issuing_organisation=bloc,
            issuing_level=Level.STANDING if form == "EXPULSION" else Level.COMMISSION,
            violation_date=violated,
            decision_date=decision.date,
            decision_number=decision.number,
            violation=decision.note or "Vi phạm quy định của Đảng",
            acting_user=user,
        )

    return discipline


def seed_inspection(bloc: Organisation, rng: random.Random, user: Any = None) -> dict[str, int]:
    """Record the demo inspection work of `bloc` from 2020 to today; return counts."""
    seeder = _Seeder(bloc, rng, user)
    for year in range(max(FIRST_YEAR, bloc.founded_on.year), seeder.now.year + 1):
        seeder.year(year)
    return dict(seeder.counts)
