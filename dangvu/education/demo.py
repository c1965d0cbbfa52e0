"""Demo activity of the propaganda and education board, 2020 to today.

Every record is written through the actions, as a user would: about twelve information
conferences a year (some 1.700–1.800 attendances in all) and a few other events, two
new-member classes a year whose learners are the members admitted before them, three
candidate classes a year of newly registered candidates, resolution studies with returns
from most grassroots organisations, and one contest a year with about a hundred entries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.education import actions
from dangvu.education.models import Conference, PoliticalClass
from dangvu.education.rules import candidate_class_title
from dangvu.members.actions import Person
from dangvu.members.candidates import do_register_candidate
from dangvu.members.demo import FAMILY, GIVEN, MIDDLE
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.queries import members_at
from dangvu.orgs.kinds import GRASSROOTS_KINDS, OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import subtree_at

FIRST_YEAR = 2020
CANDIDATE_ORG_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)

RESOLUTIONS = [
    (
        "35-CT/TW",
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc "
        "lần thứ XIII của Đảng",
        "Bộ Chính trị",
        "khóa XII",
        dt.date(2019, 5, 30),
    ),
    (
        "01-KL/TW",
        "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
        "Bộ Chính trị",
        "khóa XIII",
        dt.date(2021, 5, 18),
    ),
    (
        "21-KL/TW",
        "Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        "Ban Chấp hành Trung ương",
        "khóa XIII",
        dt.date(2021, 10, 25),
    ),
    (
        "29-NQ/TW",
        "Nghị quyết về tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước "
        "đến năm 2030, tầm nhìn đến năm 2045",
        "Ban Chấp hành Trung ương",
        "khóa XIII",
        dt.date(2022, 11, 17),
    ),
    (
        "41-NQ/TW",
        "Nghị quyết về xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam "
        "trong thời kỳ mới",
        "Bộ Chính trị",
        "khóa XIII",
        dt.date(2023, 10, 10),
    ),
    (
        "45-NQ/TW",
        "Nghị quyết về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức "
        "đáp ứng yêu cầu phát triển đất nước nhanh và bền vững",
        "Ban Chấp hành Trung ương",
        "khóa XIII",
        dt.date(2023, 11, 24),
    ),
    (
        "57-NQ/TW",
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số quốc gia",
        "Bộ Chính trị",
        "khóa XIII",
        dt.date(2024, 12, 22),
    ),
]
CONTESTS = [
    "Hội thi Bí thư chi bộ giỏi",
    "Cuộc thi tìm hiểu lịch sử Đảng bộ",
    "Hội thi báo cáo viên giỏi",
    "Cuộc thi viết về gương điển hình học tập và làm theo "
    "tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]
PRIZES = [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Khuyến khích", 6)]


class _Seeder:
    def __init__(self, bloc: Organisation, rng: random.Random, user: Any) -> None:
        self.bloc = bloc
        self.rng = rng
        self.user = user
        self.last = today()
        self.counts: Counter[str] = Counter()

    def grassroots(self, day: dt.date) -> list[Organisation]:
        versions = subtree_at(self.bloc, day).filter(kind__in=GRASSROOTS_KINDS)
        return [v.organisation for v in versions.select_related("organisation")]

    def run(self) -> dict[str, int]:
        for year in range(FIRST_YEAR, self.last.year + 1):
            self.conferences(year)
            self.new_member_classes(year)
            self.candidate_classes(year)
            self.contest(year)
        self.studies()
        return dict(self.counts)

    def _day(self, year: int, month: int, day: int) -> dt.date | None:
        when = dt.date(year, month, day)
        return when if when <= self.last else None

    def conferences(self, year: int) -> None:
        rng = self.rng
        for month in range(1, 13):
            day = self._day(year, month, rng.randint(8, 25))
            if day is None:
                return
            actions.do_create_conference(
                kind=Conference.Kind.INFO,
                title=f"Hội nghị thông tin thời sự tháng {month:02d}/{year}",
                date=day,
                organiser=self.bloc,
                attendance=rng.randint(132, 160),
                venue="Hội trường Đảng ủy",
                acting_user=self.user,
            )
            self.counts["conferences"] += 1
            extra = {
                1: (
                    Conference.Kind.REVIEW,
                    f"Hội nghị tổng kết công tác tuyên giáo năm {year - 1}",
                ),
                7: (Conference.Kind.REVIEW, f"Hội nghị sơ kết công tác tuyên giáo 6 tháng {year}"),
                5: (
                    Conference.Kind.SEMINAR,
                    f"Tọa đàm kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh {year}",
                ),
                3: (
                    Conference.Kind.EXCHANGE,
                    f"Giao lưu văn nghệ, thể thao chào mừng ngày thành lập Đảng {year}",
                ),
            }
            if month in extra:
                kind, title = extra[month]
                actions.do_create_conference(
                    kind=kind,
                    title=title,
                    date=day,
                    organiser=self.bloc,
                    attendance=rng.randint(120, 250),
                    acting_user=self.user,
                )
                self.counts["conferences"] += 1

    def new_member_classes(self, year: int) -> None:
        """Two classes a year; each takes the members admitted since the previous one."""
        previous = dt.date(year - 1, 11, 20)
        for number, (month, day) in enumerate([(6, 15), (11, 20)], 1):
            start = dt.date(year, month, day)
            end = start + dt.timedelta(days=4)
            if end > self.last:
                return
            admitted = (
                MemberEvent.objects.filter(
                    kind=EventKind.ADMITTED,
                    voided_at__isnull=True,
                    date__gte=previous,
                    date__lt=start,
                    member__org_path__startswith=self.bloc.path,
                )
                .values_list("member_id", flat=True)
                .distinct()
            )
            previous = start
            members = list(Member.objects.filter(pk__in=admitted))
            if not members:
                continue
            klass = actions.do_create_class(
                kind=PoliticalClass.Kind.NEW_MEMBER,
                name=f"Lớp bồi dưỡng lý luận chính trị cho đảng viên mới khóa {number}/{year}",
                organiser=self.bloc,
                start_date=start,
                end_date=end,
                venue="Trung tâm Chính trị",
                acting_user=self.user,
            )
            self.counts["classes"] += 1
            for n, member in enumerate(members, 1):
                done = self.rng.random() < 0.97
                actions.do_add_learner(
                    klass,
                    member=member,
                    completed=done,
                    certificate_number=f"{n:03d}/ĐVM-{year}" if done else "",
                    acting_user=self.user,
                )
                self.counts["learners"] += 1

    def _person(self, year: int) -> Person:
        rng = self.rng
        sex = "F" if rng.random() < 0.5 else "M"
        family = rng.choices([f for f, _ in FAMILY], [w for _, w in FAMILY])[0]
        birth = dt.date(year - rng.randint(21, 35), rng.randint(1, 12), rng.randint(1, 28))
        name = f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        return Person(full_name=name, birth_date=birth, sex=sex)

    def candidate_classes(self, year: int) -> None:
        rng = self.rng
        for number, month in enumerate((3, 7, 10), 1):
            start = dt.date(year, month, 10)
            end = start + dt.timedelta(days=3)
            if end > self.last:
                return
            registered = start - dt.timedelta(days=rng.randint(30, 90))
            cells = [
                v.organisation
                for v in subtree_at(self.bloc, registered)
                .filter(kind__in=CANDIDATE_ORG_KINDS)
                .select_related("organisation")
            ]
            if not cells:
                continue
            klass = actions.do_create_class(
                kind=PoliticalClass.Kind.CANDIDATE,
                name=f"{candidate_class_title(start)} khóa {number}/{year}",
                organiser=self.bloc,
                start_date=start,
                end_date=end,
                venue="Trung tâm Chính trị",
                acting_user=self.user,
            )
            self.counts["classes"] += 1
            for n in range(1, rng.randint(20, 40) + 1):
                try:
                    candidate = do_register_candidate(
                        self._person(year),
                        organisation=rng.choice(cells),
                        registered_on=registered,
                        acting_user=self.user,
                    )
                except DomainError:
                    continue
                done = rng.random() < 0.98
                actions.do_add_learner(
                    klass,
                    candidate=candidate,
                    completed=done,
                    certificate_number=f"{n:03d}/NT-{year}" if done else "",
                    acting_user=self.user,
                )
                self.counts["candidates"] += 1

    def studies(self) -> None:
        rng = self.rng
        for number, name, body, term, issued in RESOLUTIONS:
            resolution = actions.do_create_resolution(
                name=name,
                number=number,
                issuing_body=body,
                term=term,
                issued_on=issued,
                acting_user=self.user,
            )
            studied_on = max(issued, dt.date(FIRST_YEAR, 1, 1)) + dt.timedelta(
                days=rng.randint(25, 60)
            )
            if studied_on > self.last:
                continue
            for org in self.grassroots(studied_on):
                if rng.random() < 0.06:
                    continue  # not yet sent
                day = min(studied_on + dt.timedelta(days=rng.randint(0, 20)), self.last)
                try:
                    total = members_at(org, day)["total"]
                    absent = int(total * rng.uniform(0.0, 0.035))
                    others = rng.randint(5, 60)
                    actions.do_record_study_return(
                        resolution,
                        organisation=org,
                        date=day,
                        members_studied=total - absent,
                        members_total=total,
                        nonmembers_studied=others - int(others * rng.uniform(0.0, 0.04)),
                        nonmembers_total=others,
                        acting_user=self.user,
                    )
                except DomainError:
                    continue
                self.counts["study_returns"] += 1

    def contest(self, year: int) -> None:
        rng = self.rng
        start, end = dt.date(year, 8, 1), dt.date(year, 10, 20)
        if end > self.last:
            return
        orgs = self.grassroots(start)
        if not orgs:
            return
        name = CONTESTS[(year - FIRST_YEAR) % len(CONTESTS)]
        contest = actions.do_create_contest(
            name=f"{name} năm {year}",
            organiser=self.bloc,
            start_date=start,
            end_date=end,
            acting_user=self.user,
        )
        prizes = [label for label, n in PRIZES for _ in range(n)]
        entries = rng.randint(100, 130)
        sent = set(rng.sample(range(entries), round(entries * 0.25)))
        for n in range(entries):
            person = self._person(year)
            actions.do_add_contest_entry(
                contest,
                organisation=rng.choice(orgs),
                entrant_name=person.full_name,
                title=f"Bài dự thi số {n + 1:03d}",
                result=prizes[n] if n < len(prizes) else "",
                sent_up=n in sent,
                acting_user=self.user,
            )
            self.counts["contest_entries"] += 1


def seed_education(bloc: Organisation, rng: random.Random, user: Any = None) -> dict[str, int]:
    """Write the board's demo activity for the subtree of `bloc`; returns counts by kind.

    Call after the members are seeded: new-member classes take the members admitted."""
    return _Seeder(bloc, rng, user).run()
