"""The acceptance data: a provincial agencies bloc's 2022 and 2023, as import files.

`build()` draws, from a fixed seed, a bloc shaped like the one of the reference report
(the 2023 highlights of a provincial agencies bloc): its organisation tree as it stood on
1 January 2022, the member roll of that day, the member events of 2022 and 2023, the
restructurings of 2023, and the records of the boards (classes, conferences, study
returns, contest entries, commendations, ratings, personnel decisions, political
conclusions, evaluations, inspections, discipline, plans). Each file is written in the
import template of its kind, in the order the imports must run.

No file states a figure of the report: the figures come out of the records (210
admissions are 210 admission rows; 2.610 members checked by cells are the counts that the
cells recorded for their own checks). What the builder aims at is written once, in
`AIMS`, and the tests compare the indicators with the reference's figures, not with it.

Every record goes in through an import file, the catalogues and the parents first: the
resolutions before the study returns, a contest before its entries, a class before its
learners, a body's annual programme before the inspections that carry it out.

Run `python -m dangvu.reports.tests.acceptance.build DIRECTORY` to write the files (to
look at them, or to import them by hand with `manage.py import_records`).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dangvu.reports.tests.acceptance.people import People, Person

D = dt.date
SEED = 20231231
OPENING = D(2022, 1, 1)
# Probation is 12 months from the ceremony (Điều lệ Đảng).
PROBATION_MONTHS = 12
BADGE_OCCASIONS = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day)

# The shape the builder draws (counts of rows, not totals of the report).
AIMS = {
    "opening_roll": 5037,
    "admitted_2022": 200,
    "confirmed_2022": 150,
    "cards_2022": 120,
    "transfer_in_2022": 18,
    "transfer_out_2022": 150,
    "died_2022": 8,
    "admitted_2023": 210,
    "confirmed_2023": 193,  # the admissions of 2022 but the seven of December
    "cards_2023": 163,
    "transfer_in_2023": 21,
    "transfer_out_2023": 180,
    "died_2023": 9,
    "removed_2023": 2,
    "badges_30": 18,
    "badges_40": 8,
    "conclusions_2022": 543,
    "conclusions_2023": 713,
}


@dataclass
class File:
    """One import file: its kind, a file name, and rows as {header: value}."""

    kind: str
    name: str
    rows: list[dict[str, Any]]


@dataclass
class Member:
    person: Person
    org: str  # code of the organisation where they stand now (in the builder's story)
    joined: dt.date  # on the roll (opening), admitted or transferred in
    admitted: dt.date
    ceremony: dt.date
    full: dt.date | None
    card: str = ""
    card_date: dt.date | None = None
    left: dt.date | None = None
    moves: list[tuple[dt.date, str]] = field(default_factory=list)  # (day, to)
    busy: bool = False  # already given a story; keeps each member's events apart
    badge: int = 0  # the year of admission whose 30 or 40 years fall in 2023

    def org_on(self, day: dt.date) -> str:
        org = self.org
        for when, to in self.moves:
            if when <= day:
                org = to
        return org

    def present(self, day: dt.date) -> bool:
        return self.joined <= day and (self.left is None or self.left > day)


@dataclass
class Org:
    code: str
    name: str
    kind: str  # OrgKind value
    parent: str
    founded: dt.date
    grassroots: str  # code of its grassroots organisation ("" for the bloc)
    ended: bool = False


@dataclass
class Data:
    files: list[File]
    orgs: dict[str, Org]
    bloc: str


# --- the agencies -----------------------------------------------------------------------

COMMITTEES = [
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài chính",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Nội vụ",
    "Sở Công Thương",
    "Sở Kế hoạch và Đầu tư",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa và Thể thao",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng Tỉnh ủy",
    "Cục Thuế tỉnh",
    "Cục Hải quan tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Bệnh viện Y học cổ truyền và Phục hồi chức năng",
    "Bệnh viện Tâm thần tỉnh",
    "Bệnh viện Lao và Bệnh phổi tỉnh",
    "Trung tâm Kiểm soát bệnh tật tỉnh",
    "Trường Cao đẳng Y tế",
    "Trường Cao đẳng Kỹ thuật Công nghệ",
    "Trường Chính trị tỉnh",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo tỉnh",
    "Ngân hàng Nhà nước chi nhánh tỉnh",
    "Cục Thống kê tỉnh",
    "Ban Quản lý Khu kinh tế tỉnh",
    "Cục Thi hành án dân sự tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Cục Quản lý thị trường tỉnh",
    "Ban Quản lý dự án Giao thông tỉnh",
    "Ban Quản lý dự án Nông nghiệp và Phát triển nông thôn",
    "Ban Quản lý dự án Dân dụng và Công nghiệp tỉnh",
    "Trường Trung học phổ thông chuyên Lê Quý Đôn",
    "Trường Trung học phổ thông Quốc Học Quy Nhơn",
    "Liên đoàn Lao động tỉnh",
    "Sở Du lịch",
    "Thanh tra tỉnh",
]
CELLS = [
    "Sở Tư pháp",
    "Sở Ngoại vụ",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy",
    "Ban Dân vận Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Ban Dân tộc tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Nông dân tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Liên minh Hợp tác xã tỉnh",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Hội Chữ thập đỏ tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Trung tâm Xúc tiến Đầu tư tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Văn phòng Điều phối nông thôn mới tỉnh",
    "Hội Văn học Nghệ thuật tỉnh",
    "Liên hiệp các tổ chức hữu nghị tỉnh",
    "Hội Luật gia tỉnh",
    "Trung tâm Bảo trợ xã hội tỉnh",
    "Nhà Thiếu nhi tỉnh",
    "Thư viện tỉnh",
]
UNITS = [
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Thanh tra",
    "Phòng Quản lý chuyên ngành",
    "Phòng Pháp chế",
    "Trung tâm Thông tin",
    "Phòng Tổng hợp",
    "Phòng Hành chính - Quản trị",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Nghiệp vụ 3",
    "Trung tâm Dịch vụ",
    "Chi cục Quản lý",
    "Phòng Kiểm tra",
]
WARDS = ["Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Hồi sức", "Khoa Dược"]
CELL_KIND = "CELL"
GC, GK, SUB, BLOC = "GRASSROOTS_CELL", "GRASSROOTS_COMMITTEE", "SUB_COMMITTEE", "BLOC"


def _tree(rng: random.Random) -> dict[str, Org]:
    """The tree of 1 January 2022: 27 grassroots cells, 45 grassroots committees with 338
    cells, 8 of the committees with a sub-committee (31 cells under them)."""
    orgs: dict[str, Org] = {}
    bloc = Org("DBK", "Đảng bộ Khối các cơ quan tỉnh", BLOC, "", D(2001, 5, 15), "")
    orgs[bloc.code] = bloc
    # Cells directly under each committee: 338 in all, at least 3 each.
    direct = [3] * len(COMMITTEES)
    for _ in range(338 - 3 * len(COMMITTEES)):
        direct[rng.randrange(len(COMMITTEES) - 1)] += 1  # the last one keeps three
    # Sub-committees (with 31 cells) in the 8 biggest units: the hospitals and the like.
    with_sub = [0, 1, 2, 16, 20, 21, 25, 28]
    sub_cells = [4, 4, 4, 4, 4, 4, 4, 3]
    for index, agency in enumerate(COMMITTEES):
        code = f"DBK.{index + 1:02d}"
        founded = D(rng.randint(2001, 2012), rng.randint(1, 12), rng.randint(1, 28))
        orgs[code] = Org(code, f"Đảng bộ {agency}", GK, bloc.code, founded, code)
        for n in range(direct[index]):
            unit = UNITS[n] if n < len(UNITS) else f"Phòng Nghiệp vụ {n - 10}"
            cell = f"{code}.{n + 1:02d}"
            orgs[cell] = Org(cell, f"Chi bộ {unit} {agency}", CELL_KIND, code, founded, code)
        if index in with_sub:
            which = with_sub.index(index)
            sub = f"{code}.B1"
            orgs[sub] = Org(
                sub, f"Đảng bộ bộ phận Khối chuyên môn {agency}", SUB, code, founded, code
            )
            for n in range(sub_cells[which]):
                cell = f"{sub}.{n + 1:02d}"
                orgs[cell] = Org(cell, f"Chi bộ {WARDS[n]} {agency}", CELL_KIND, sub, founded, code)
    for index, agency in enumerate(CELLS):
        code = f"DBK.{len(COMMITTEES) + index + 1:02d}"
        founded = D(rng.randint(2001, 2015), rng.randint(1, 12), rng.randint(1, 28))
        orgs[code] = Org(code, f"Chi bộ {agency}", GC, bloc.code, founded, code)
    return orgs


# --- helpers ----------------------------------------------------------------------------


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return D(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _next_occasion(after: dt.date) -> dt.date:
    days = [D(y, m, d) for y in (after.year, after.year + 1) for m, d in BADGE_OCCASIONS]
    return min(d for d in days if d > after)


def _person_cells(p: Person) -> dict[str, Any]:
    return {
        "Họ và tên": p.full_name,
        "Ngày sinh": p.birth_date,
        "Giới tính": p.sex_label,
        "Dân tộc": p.ethnicity,
        "Tôn giáo": p.religion,
        "Số CCCD": p.identity_number,
        "Quê quán": p.hometown,
        "Nơi cư trú": p.residence,
        "Giáo dục phổ thông": "12/12",
        "Chuyên môn": p.expertise,
        "Lý luận chính trị": "Trung cấp" if p.post.startswith(("Trưởng", "Phó")) else "Sơ cấp",
        "Công việc chính": p.job,
        "Chức vụ": p.post,
        "Điện thoại": p.phone,
    }


def _who(m: Member) -> dict[str, Any]:
    p = m.person
    return {"Số CCCD": p.identity_number, "Họ và tên": p.full_name, "Ngày sinh": p.birth_date}


class Cards:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"52{self.n:06d}"


# --- the builder ------------------------------------------------------------------------


class Builder:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.people = People(self.rng)
        self.cards = Cards()
        self.orgs = _tree(self.rng)
        self.members: list[Member] = []
        self.out: list[File] = []
        # Organisations the 2023 restructuring touches: their members get no other story.
        self.restructured: set[str] = set()

    # The places where members stand (cells and grassroots cells).
    def units(self) -> list[str]:
        """Where members stand, outside the organisations the 2023 decisions change."""
        return [
            o.code
            for o in self.orgs.values()
            if o.kind in (CELL_KIND, GC) and not o.ended and o.grassroots not in self.restructured
        ]

    def grassroots_of(self, m: Member) -> str:
        """A member's grassroots organisation (the 2023 decisions keep everyone's)."""
        return self.orgs[m.org].grassroots

    def file(self, kind: str, name: str, rows: list[dict[str, Any]]) -> None:
        self.out.append(File(kind, name, rows))

    def free(self, day: dt.date, *, full: bool | None = None, rng: bool = True) -> Member:
        """A member with no story yet, present on `day`, outside the restructured units."""
        pool = self.members
        for _ in range(100_000):
            m = pool[self.rng.randrange(len(pool))]
            if m.busy or not m.present(day) or self.grassroots_of(m) in self.restructured:
                continue
            if full is True and (m.full is None or m.full > day):
                continue
            m.busy = True
            return m
        raise AssertionError("no free member left")

    # --- the tree and the roll ---------------------------------------------------------

    def organisations(self) -> None:
        rows = []
        for o in self.orgs.values():
            issuer = "ĐUK" if o.parent else "TU"  # the bloc was founded by the province
            rows.append(
                {
                    "Mã tổ chức": o.code,
                    "Tên tổ chức": o.name,
                    "Loại tổ chức": o.kind,
                    "Trực thuộc": o.parent,
                    "Ngày thành lập": o.founded,
                    "Số quyết định": f"{self.rng.randint(10, 400)}-QĐ/{issuer}",
                    "Ngày quyết định": o.founded - dt.timedelta(days=self.rng.randint(3, 20)),
                }
            )
        self.file("organisations", "01-to-chuc-dang.xlsx", rows)

    def choose_restructured(self) -> None:
        """The organisations of the 2023 decisions, chosen before anyone gets a story."""
        committees = [o for o in self.orgs.values() if o.kind == GK]
        cells = [o for o in self.orgs.values() if o.kind == GC]
        three = [
            c for c in committees if sum(1 for o in self.orgs.values() if o.parent == c.code) == 3
        ]
        self.to_cell = three[-1].code  # a small committee that becomes a grassroots cell
        self.to_committee = [cells[3].code, cells[10].code]
        host = next(
            c
            for c in committees
            if c.code not in (self.to_cell,)
            and sum(1 for o in self.orgs.values() if o.parent == c.code) >= 6
        )
        kids = [o.code for o in self.orgs.values() if o.parent == host.code and o.kind == CELL_KIND]
        self.dissolved, self.receiving = kids[-1], kids[-2]
        self.restructured = {self.to_cell, *self.to_committee, host.code}

    def roll(self) -> None:
        rng = self.rng
        units = [o.code for o in self.orgs.values() if o.kind in (CELL_KIND, GC)]
        weights = [18 if self.orgs[u].kind == GC else 13 for u in units]
        rows = []
        probationary = AIMS["confirmed_2022"]
        badges = {1993: AIMS["badges_30"], 1983: AIMS["badges_40"]}
        for i in range(AIMS["opening_roll"]):
            org = rng.choices(units, weights)[0]
            if i < probationary:  # admitted in 2021, still on probation
                person = self.people.person(1990, 2000)
                admitted = _day(rng, D(2021, 1, 5), D(2021, 10, 31))
            elif i < probationary + sum(badges.values()):
                year = 1993 if i < probationary + badges[1993] else 1983
                person = self.people.person(year - 23, year - 20)
                admitted = _day(rng, D(year, 1, 5), D(year, 12, 20))
            else:
                person = self.people.person(1964, 1998)
                first = max(D(person.birth_date.year + 19, 6, 1), D(1985, 1, 1))
                admitted = _day(rng, first, D(2020, 10, 31))
            ceremony = _workday(admitted + dt.timedelta(days=rng.randint(5, 20)))
            full = None if i < probationary else _add_months(ceremony, PROBATION_MONTHS)
            card = self.cards.next() if full else ""
            card_date = _next_occasion(full) if full else None
            m = Member(person, org, OPENING, admitted, ceremony, full, card, card_date)
            if probationary <= i < probationary + sum(badges.values()):
                m.badge = admitted.year
            self.members.append(m)
            rows.append(
                {
                    **_person_cells(person),
                    "Chi bộ": org,
                    "Ghi nhận từ ngày": OPENING,
                    "Ngày kết nạp": admitted,
                    "Ngày lễ kết nạp": ceremony,
                    "Ngày chính thức": full,
                    "Số thẻ đảng viên": card,
                    "Ngày cấp thẻ": card_date,
                }
            )
        for m in self.members[: probationary + sum(badges.values())]:
            m.busy = True  # their stories are written below (confirmations, badges)
        self.file("members", "02-dang-vien-dau-ky.xlsx", rows)

    # --- member events -----------------------------------------------------------------

    def admissions(
        self, year: int, count: int, spread: list[tuple[dt.date, dt.date, int]]
    ) -> list[Member]:
        rng = self.rng
        units = self.units()
        rows, admitted = [], []
        days = [_day(rng, a, b) for a, b, n in spread for _ in range(n)]
        assert len(days) == count
        for day in sorted(days):
            day = _workday(day)
            person = self.people.person(year - 35, year - 22)
            ceremony = _workday(day + dt.timedelta(days=rng.randint(7, 21)))
            org = rng.choice(units)
            m = Member(person, org, day, day, ceremony, None)
            self.members.append(m)
            admitted.append(m)
            rows.append(
                {
                    **_person_cells(person),
                    "Tổ chức": org,
                    "Ngày": day,
                    "Số quyết định": f"{rng.randint(100, 999)}-QĐ/ĐUK",
                    "Ngày quyết định": day,
                    "Ngày lễ kết nạp": ceremony,
                }
            )
        self.file("events-admissions", f"{year}-01-ket-nap.xlsx", rows)
        for m in admitted:
            m.busy = True
        return admitted

    def confirmations(self, year: int, members: list[Member], cards: int) -> None:
        rng = self.rng
        rows, card_rows = [], []
        confirmed = []
        for m in members:
            end = _add_months(m.ceremony, PROBATION_MONTHS)
            day = _workday(end + dt.timedelta(days=rng.randint(3, 15)))
            assert day.year == year, (m.ceremony, day)
            m.full = end
            confirmed.append((day, m))
            rows.append(
                {
                    **_who(m),
                    "Ngày": day,
                    "Số quyết định": f"{rng.randint(100, 999)}-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        confirmed.sort(key=lambda pair: pair[0])
        for day, m in confirmed[:cards]:
            occasion = _next_occasion(day)
            assert occasion.year == year, "a card must be issued in the same year"
            m.card, m.card_date = self.cards.next(), occasion
            card_rows.append(
                {
                    **_who(m),
                    "Ngày": occasion,
                    "Số thẻ đảng viên": m.card,
                    "Số quyết định": f"{rng.randint(100, 999)}-QĐ/ĐUK",
                    "Ngày quyết định": occasion - dt.timedelta(days=10),
                }
            )
        self.file("events-confirmations", f"{year}-02-chuyen-chinh-thuc.xlsx", rows)
        self.file("events-cards", f"{year}-03-phat-the.xlsx", card_rows)

    def transfers_in(self, year: int, count: int) -> None:
        rng = self.rng
        units = self.units()
        rows = []
        for _ in range(count):
            day = _workday(_day(rng, D(year, 1, 10), D(year, 12, 15)))
            person = self.people.person(1970, 1995)
            admitted = _day(rng, D(person.birth_date.year + 20, 3, 1), D(2019, 12, 31))
            ceremony = _workday(admitted + dt.timedelta(days=10))
            full = _add_months(ceremony, PROBATION_MONTHS)
            m = Member(
                person,
                rng.choice(units),
                day,
                admitted,
                ceremony,
                full,
                self.cards.next(),
                _next_occasion(full),
            )
            m.busy = True
            self.members.append(m)
            party = rng.choice(
                [
                    "Đảng bộ tỉnh Quảng Ngãi",
                    "Đảng bộ tỉnh Phú Yên",
                    "Đảng bộ tỉnh Gia Lai",
                    "Đảng bộ thành phố Quy Nhơn",
                    "Đảng bộ thị xã An Nhơn",
                    "Đảng bộ Quân sự tỉnh",
                ]
            )
            rows.append(
                {
                    **_person_cells(person),
                    "Tổ chức": m.org,
                    "Đảng bộ nơi đi / nơi đến": party,
                    "Ngày": day,
                    "Số quyết định": f"{rng.randint(10, 300)}-QĐ/ĐUK",
                    "Ngày quyết định": day,
                    "Ngày kết nạp": admitted,
                    "Ngày lễ kết nạp": ceremony,
                    "Ngày chính thức": full,
                    "Số thẻ đảng viên": m.card,
                    "Ngày cấp thẻ": m.card_date,
                }
            )
        self.file("events-transfers-in", f"{year}-04-chuyen-den.xlsx", rows)

    def leaving(self, year: int, kind: str, count: int, name: str) -> None:
        rng = self.rng
        rows = []
        for _ in range(count):
            day = _workday(_day(rng, D(year, 1, 10), D(year, 12, 20)))
            m = self.free(day)
            m.left = day
            row: dict[str, Any] = {**_who(m), "Ngày": day}
            if kind == "events-transfers-out":
                row["Đảng bộ nơi đi / nơi đến"] = rng.choice(
                    [
                        "Đảng bộ phường Ngô Mây",
                        "Đảng bộ phường Nhơn Bình",
                        "Đảng bộ xã Phước Sơn",
                        "Đảng bộ thị trấn Ngô Mây",
                        "Đảng bộ phường Quang Trung",
                        "Đảng bộ tỉnh Khánh Hòa",
                        "Đảng bộ Khối Doanh nghiệp tỉnh",
                    ]
                )
                row["Ghi chú"] = rng.choice(["Nghỉ hưu, chuyển về nơi cư trú", "Chuyển công tác"])
            if kind == "events-removals":
                row["Lý do"] = "Bỏ sinh hoạt chi bộ 3 tháng trong năm không có lý do chính đáng"
            row["Số quyết định"] = f"{rng.randint(10, 500)}-QĐ/ĐUK"
            row["Ngày quyết định"] = day
            rows.append(row)
        rows.sort(key=lambda r: r["Ngày"])
        self.file(kind, name, rows)

    def badges(self) -> None:
        rows = []
        for m in self.members:
            milestone = {1993: 30, 1983: 40}.get(m.badge)
            if not milestone:
                continue
            day = (
                D(2023, 4, 20)
                if m.admitted < D(1983 if milestone == 40 else 1993, 7, 1)
                else D(2023, 10, 16)
            )
            rows.append(
                {
                    **_who(m),
                    "Mốc Huy hiệu (năm)": milestone,
                    "Ngày": day,
                    "Số quyết định": f"{self.rng.randint(10, 90)}-TTr/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        self.file("events-badge-proposals", "2023-08-de-nghi-huy-hieu.xlsx", rows)

    # --- the restructuring of 2023 -------------------------------------------------------

    def restructurings(self) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []

        def row(action: str, code: str, day: dt.date, **cells: Any) -> dict[str, Any]:
            return {
                "Loại sắp xếp": action,
                "Mã tổ chức": code,
                "Ngày hiệu lực": day,
                "Số quyết định": f"{rng.randint(150, 400)}-QĐ/ĐUK",
                "Ngày quyết định": day - dt.timedelta(days=5),
                **cells,
            }

        rows.append(
            row(
                "DISSOLVE",
                self.dissolved,
                D(2023, 3, 15),
                **{
                    "Tổ chức tiếp nhận": self.receiving,
                    "Lý do, căn cứ": "Đơn vị sáp nhập theo đề án sắp xếp tổ chức bộ máy",
                },
            )
        )
        moves: list[dict[str, Any]] = []
        for code, day in zip(self.to_committee, (D(2023, 6, 1), D(2023, 9, 1)), strict=True):
            org = self.orgs[code]
            agency = org.name.removeprefix("Chi bộ ")
            rows.append(
                row(
                    "CONVERT",
                    code,
                    day,
                    **{
                        "Loại tổ chức mới": GK,
                        "Lý do, căn cứ": "Đủ điều kiện thành lập đảng bộ cơ sở (trên 30 đảng viên)",
                    },
                )
            )
            new_cells = []
            for n, unit in enumerate(("Văn phòng", "Phòng Nghiệp vụ", "Trung tâm trực thuộc")):
                cell = f"{code}.{n + 1:02d}"
                self.orgs[cell] = Org(cell, f"Chi bộ {unit} {agency}", CELL_KIND, code, day, code)
                new_cells.append(cell)
                rows.append(
                    row(
                        "CREATE",
                        cell,
                        day,
                        **{
                            "Tên mới": f"Chi bộ {unit} {agency}",
                            "Loại tổ chức mới": CELL_KIND,
                            "Tổ chức cấp trên mới": code,
                        },
                    )
                )
            org.kind = GK
            move_day = _workday(day + dt.timedelta(days=14))
            here = [m for m in self.members if m.org == code and m.present(move_day)]
            for i, m in enumerate(here):
                to = new_cells[i % 3]
                m.moves.append((move_day, to))
                moves.append(
                    {
                        **_who(m),
                        "Tổ chức": to,
                        "Ngày": move_day,
                        "Ghi chú": "Chuyển sinh hoạt về chi bộ mới thành lập",
                    }
                )
        rows.append(
            row(
                "CONVERT",
                self.to_cell,
                D(2023, 10, 2),
                **{
                    "Loại tổ chức mới": GC,
                    "Nhập các tổ chức trực thuộc": "Có",
                    "Lý do, căn cứ": "Số đảng viên giảm sau sắp xếp đơn vị, không còn đủ "
                    "điều kiện là đảng bộ",
                },
            )
        )
        absorbed = {c for c, o in self.orgs.items() if o.parent == self.to_cell}
        for code in absorbed | {self.dissolved}:
            self.orgs[code].ended = True
        self.orgs[self.to_cell].kind = GC
        self.file("restructurings", "2023-00-sap-xep-to-chuc.xlsx", rows)
        self.file("events-moves", "2023-00-chuyen-sinh-hoat-noi-bo.xlsx", moves)
        for m in self.members:  # the moves that the decisions make themselves
            if m.org == self.dissolved:
                m.moves.append((D(2023, 3, 15), self.receiving))
            elif m.org in absorbed:
                m.moves.append((D(2023, 10, 2), self.to_cell))

    # --- the year's other records ------------------------------------------------------

    def discipline(self) -> None:
        rng = self.rng
        rows = []
        forms = ["EXPULSION"] + ["WARNING"] * 2 + ["REPRIMAND"] * 9
        for form in forms:
            day = _workday(_day(rng, D(2023, 2, 1), D(2023, 12, 10)))
            m = self.free(day, full=True)
            org = self.orgs[m.org_on(day)]
            if form == "EXPULSION":
                issuer, level = "DBK", "STANDING"
                m.left = day
            elif form == "WARNING" and org.kind == CELL_KIND:
                issuer, level = org.grassroots, "GRASSROOTS"
            else:
                issuer, level = org.code, "CELL"
            rows.append(
                {
                    "Đối tượng": "MEMBER",
                    "Số CCCD đảng viên": m.person.identity_number,
                    "Hình thức kỷ luật": form,
                    "Tổ chức quyết định": issuer,
                    "Cơ quan quyết định": level,
                    "Ngày vi phạm": day - dt.timedelta(days=rng.randint(30, 200)),
                    "Số quyết định": f"{rng.randint(1, 60)}-QĐ/KL",
                    "Ngày quyết định": day,
                    "Tóm tắt nội dung vi phạm": rng.choice(
                        [
                            "Vi phạm quy định về những điều đảng viên không được làm",
                            "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
                            "Vi phạm nguyên tắc tập trung dân chủ, quy chế làm việc",
                            "Vi phạm quy định về phòng, chống tham nhũng, tiêu cực",
                        ]
                    ),
                }
            )
        rows.sort(key=lambda r: r["Ngày quyết định"])
        self.file("discipline", "2023-10-ky-luat.xlsx", rows)

    def education(self, admitted: list[Member]) -> None:
        rng = self.rng
        # Candidates, then the six candidate classes of 68 learners each.
        grassroots = [o.code for o in self.orgs.values() if o.kind in (GC, GK)]
        candidates, candidate_rows = [], []
        cells = self.units()
        for _ in range(408):
            person = self.people.person(1990, 2001)
            org = rng.choice(cells)
            registered = _day(rng, D(2022, 9, 1), D(2023, 1, 31))
            candidates.append(person)
            cells_of = _person_cells(person)
            cells_of.pop("Lý luận chính trị")
            candidate_rows.append(
                {
                    **cells_of,
                    "Chi bộ": org,
                    "Ngày đưa vào danh sách": registered,
                    "Đảng viên giới thiệu": "",
                }
            )
        self.file("candidates", "2023-20-quan-chung-uu-tu.xlsx", candidate_rows)
        classes = []
        starts = [
            D(2023, 3, 6),
            D(2023, 4, 10),
            D(2023, 6, 5),
            D(2023, 8, 7),
            D(2023, 10, 9),
            D(2023, 11, 20),
        ]
        for n, start in enumerate(starts):
            classes.append(
                {
                    "Loại lớp": "CANDIDATE",
                    "Tên lớp": f"Lớp bồi dưỡng nhận thức về Đảng khóa {n + 1}/2023",
                    "Đơn vị tổ chức": "DBK",
                    "Ngày khai giảng": start,
                    "Ngày bế giảng": start + dt.timedelta(days=4),
                    "Địa điểm": "Hội trường Đảng ủy Khối",
                }
            )
        member_classes = [D(2023, 4, 17), D(2023, 8, 21), D(2023, 11, 13)]
        for n, start in enumerate(member_classes):
            classes.append(
                {
                    "Loại lớp": "NEW_MEMBER",
                    "Tên lớp": "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới "
                    f"khóa {n + 1}/2023",
                    "Đơn vị tổ chức": "DBK",
                    "Ngày khai giảng": start,
                    "Ngày bế giảng": start + dt.timedelta(days=5),
                    "Địa điểm": "Trường Chính trị tỉnh",
                }
            )
        self.file("classes", "2023-21-lop-boi-duong.xlsx", classes)

        def learner(klass: dict[str, Any], person: Person, by_birth: bool) -> dict[str, Any]:
            """A learner row: by identity number, or (some candidates) by name and birth."""
            return {
                "Tên lớp": klass["Tên lớp"],
                "Đơn vị tổ chức": klass["Đơn vị tổ chức"],
                "Ngày khai giảng": klass["Ngày khai giảng"],
                "Họ và tên": person.full_name,
                "Số CCCD": "" if by_birth else person.identity_number,
                "Ngày sinh": person.birth_date if by_birth else None,
                "Hoàn thành": "Có",
            }

        learners = [
            learner(classes[n], p, by_birth=i % 10 == 0)
            for n in range(6)
            for i, p in enumerate(candidates[n * 68 : (n + 1) * 68])
        ]
        # New members of 2022 and 2023 in the three new-member classes, 85 each.
        pool = sorted(admitted, key=lambda m: m.admitted)
        taken: set[int] = set()
        for n, start in enumerate(member_classes):
            ready = [
                m
                for m in pool
                if m.ceremony < start
                and id(m) not in taken
                and m.present(start + dt.timedelta(days=5))
            ]
            chosen = ready[-85:]  # the most recent new members
            assert len(chosen) == 85, (start, len(ready))
            taken |= {id(m) for m in chosen}
            learners += [learner(classes[6 + n], m.person, by_birth=False) for m in chosen]
        self.file("class-learners", "2023-21b-hoc-vien-lop-boi-duong.xlsx", learners)
        # Information conferences of the year, and two other activities.
        topics = [
            "tình hình thời sự trong nước và quốc tế",
            "kết quả Hội nghị Trung ương",
            "chuyên đề học tập năm 2023",
            "công tác bảo vệ nền tảng tư tưởng của Đảng",
            "tình hình kinh tế - xã hội của tỉnh",
            "công tác phòng, chống tham nhũng",
            "biển, đảo Việt Nam",
            "công tác dân vận",
            "chuyển đổi số",
            "Nghị quyết số 21-NQ/TW",
            "Kết luận số 01-KL/TW",
            "công tác đối ngoại",
        ]
        attendance = [135] * 12
        for _ in range(1784 - sum(attendance)):
            attendance[rng.randrange(12)] += 1
        conferences = []
        for month in range(1, 13):
            conferences.append(
                {
                    "Loại": "INFO",
                    "Tên hội nghị, hoạt động": f"Hội nghị thông tin tháng {month}/2023: "
                    f"{topics[month - 1]}",
                    "Đơn vị tổ chức": "DBK",
                    "Ngày tổ chức": _workday(D(2023, month, 12)),
                    "Số lượt tham dự": attendance[month - 1],
                    "Địa điểm": "Hội trường Đảng ủy Khối",
                }
            )
        self.file("conferences", "2023-22-hoi-nghi.xlsx", conferences)
        # Study of two resolutions, by every grassroots organisation.
        resolutions = [
            (
                "27-NQ/TW",
                "Nghị quyết Trung ương 6 khóa XIII về tiếp tục xây dựng và hoàn thiện "
                "Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam",
                D(2022, 11, 9),
            ),
            (
                "44-NQ/TW",
                "Nghị quyết Trung ương 8 khóa XIII về Chiến lược bảo vệ Tổ quốc trong "
                "tình hình mới",
                D(2023, 11, 24),
            ),
        ]
        self.file(
            "resolutions",
            "2023-23a-danh-muc-van-ban.xlsx",
            [
                {
                    "Số hiệu văn bản": number,
                    "Tên văn bản": name,
                    "Cơ quan ban hành": "Ban Chấp hành Trung ương Đảng",
                    "Khóa": "XIII",
                    "Ngày ban hành": issued_on,
                }
                for number, name, issued_on in resolutions
            ],
        )
        returns = []
        for number, first, last, members_pct in (
            ("27-NQ/TW", D(2023, 1, 9), D(2023, 3, 31), 98.72),
            ("44-NQ/TW", D(2023, 12, 4), D(2023, 12, 29), 99.66),
        ):
            returns += self.study(number, first, last, members_pct, 97.84)
        self.file("study-returns", "2023-23-hoc-tap-nghi-quyet.xlsx", returns)
        # The essay contest: 145 entries, 36 of them sent up.
        contest = "Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng lần thứ Ba, năm 2023"
        self.file(
            "contests",
            "2023-24a-hoi-thi.xlsx",
            [
                {
                    "Tên hội thi, cuộc thi": contest,
                    "Đơn vị tổ chức": "DBK",
                    "Ngày bắt đầu": D(2023, 4, 1),
                    "Ngày kết thúc (tổng kết)": D(2023, 8, 31),
                }
            ],
        )
        entries = []
        for n in range(145):
            org = rng.choice(grassroots)
            author = self.people.person(1970, 1998)
            entries.append(
                {
                    "Hội thi": contest,
                    "Năm": 2023,
                    "Tổ chức dự thi": org,
                    "Tác giả, thí sinh": author.full_name,
                    "Tên bài, tác phẩm": f"Bài dự thi số {n + 1:03d}: {rng.choice(ESSAYS)}",
                    "Kết quả, giải": "",
                    "Gửi dự thi cấp trên": "Có" if n % 4 == 0 and n < 144 else "Không",
                }
            )
        self.file("contest-entries", "2023-24-bai-du-thi.xlsx", entries)

    def study(
        self, number: str, first: dt.date, last: dt.date, members_pct: float, others_pct: float
    ) -> list[dict[str, Any]]:
        """Returns of the grassroots organisations, with their members on the day of study.

        Each counts its members present that day; one or two organisations whose return
        came too late are left out, as happens, which is what lets the shares of a year
        come out as the reference states them.
        """
        rng = self.rng
        everyone = [o.code for o in self.orgs.values() if o.kind in (GC, GK)]
        for _attempt in range(200):
            days = {g: _workday(_day(rng, first, last)) for g in everyone}
            totals: dict[str, int] = defaultdict(int)
            for m in self.members:
                g = self.grassroots_of(m)
                if m.present(days[g]):
                    totals[g] += 1
            late = rng.sample(everyone, rng.choice([0, 1, 1, 2]))
            grassroots = [g for g in everyone if g not in late]
            whole = sum(totals[g] for g in grassroots)
            studied = round(whole * members_pct / 100)
            if abs(100 * studied / whole - members_pct) < 0.004:
                break
        else:
            raise AssertionError("no study dates give the aimed percentage")
        absent = whole - studied
        missing = dict.fromkeys(grassroots, 0)
        for _ in range(absent):
            g = rng.choice([g for g in grassroots if totals[g] - missing[g] > 1])
            missing[g] += 1
        others = {g: rng.randint(10, 80) for g in grassroots}
        others_total = sum(others.values())
        others_studied = round(others_total * others_pct / 100)
        while abs(100 * others_studied / others_total - others_pct) >= 0.004:
            g = rng.choice(grassroots)
            others[g] += 1
            others_total += 1
            others_studied = round(others_total * others_pct / 100)
        others_missing = dict.fromkeys(grassroots, 0)
        for _ in range(others_total - others_studied):
            g = rng.choice([g for g in grassroots if others[g] - others_missing[g] > 1])
            others_missing[g] += 1
        return [
            {
                "Số hiệu văn bản": number,
                "Tổ chức báo cáo": g,
                "Ngày học tập": days[g],
                "Đảng viên tham gia": totals[g] - missing[g],
                "Tổng số đảng viên": totals[g],
                "Quần chúng tham gia": others[g] - others_missing[g],
                "Tổng số quần chúng": others[g],
            }
            for g in grassroots
        ]

    def office(self) -> None:
        rng = self.rng
        rows = []
        hcm = "HCM"
        grassroots = [o.code for o in self.orgs.values() if o.kind in (GC, GK)]
        day = D(2023, 5, 18)
        for code in rng.sample(grassroots, 10):
            rows.append(
                {
                    "Tổ chức": code,
                    "Phong trào, lý do": hcm,
                    "Cấp khen thưởng": "Ban Thường vụ Đảng ủy Khối",
                    "Số quyết định": "412-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        for _ in range(10):
            m = self.free(day)
            rows.append(
                {
                    "Tổ chức": m.org_on(day),
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Ngày sinh": m.person.birth_date,
                    "Phong trào, lý do": hcm,
                    "Cấp khen thưởng": "Ban Thường vụ Đảng ủy Khối",
                    "Số quyết định": "412-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        day = D(2023, 10, 20)
        for code in rng.sample(grassroots, 2):
            rows.append(
                {
                    "Tổ chức": code,
                    "Phong trào, lý do": "CONTEST",
                    "Cấp khen thưởng": "Ban Thường vụ Đảng ủy Khối",
                    "Số quyết định": "530-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        for _ in range(5):
            m = self.free(day)
            rows.append(
                {
                    "Tổ chức": m.org_on(day),
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Ngày sinh": m.person.birth_date,
                    "Phong trào, lý do": "CONTEST",
                    "Cấp khen thưởng": "Ban Thường vụ Đảng ủy Khối",
                    "Số quyết định": "530-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        self.file("commendations", "2023-30-khen-thuong.xlsx", rows)
        ratings = [
            {
                "Tổ chức đảng": "DBK",
                "Loại đoàn thể": "YOUTH_UNION",
                "Tên tổ chức đoàn thể": "Đoàn Khối các cơ quan tỉnh",
                "Năm": 2023,
                "Xếp loại": "EXCELLENT",
                "Cấp đánh giá": "Ban Thường vụ Tỉnh đoàn",
            },
            {
                "Tổ chức đảng": "DBK",
                "Loại đoàn thể": "TRADE_UNION",
                "Tên tổ chức đoàn thể": "Công đoàn Viên chức tỉnh",
                "Năm": 2023,
                "Xếp loại": "GOOD",
                "Cấp đánh giá": "Liên đoàn Lao động tỉnh",
            },
        ]
        self.file("mass-ratings", "2023-31-xep-loai-doan-the.xlsx", ratings)
        self.file(
            "documents",
            "2023-32-so-van-ban.xlsx",
            [
                {
                    "Tổ chức ban hành": "DBK",
                    "Loại văn bản": kind,
                    "Số": number,
                    "Ký hiệu": "ĐUK",
                    "Ngày văn bản": day,
                    "Nhiệm kỳ": "2020-2025",
                    "Trích yếu": summary,
                    "Người ký": "Bí thư Đảng ủy Khối",
                }
                for kind, number, day, summary in (
                    ("CTr", 5, D(2023, 1, 10), "Chương trình công tác trọng tâm năm 2023"),
                    ("KH", 112, D(2023, 1, 16), "Kế hoạch phát triển đảng viên năm 2023"),
                    ("CTr", 9, D(2023, 12, 28), "Chương trình công tác trọng tâm năm 2024"),
                )
            ],
        )
        plan = "Chương trình công tác trọng tâm năm 2023 của Ban Thường vụ Đảng ủy Khối"
        plan_2024 = "Chương trình công tác trọng tâm năm 2024 của Ban Thường vụ Đảng ủy Khối"
        self.file(
            "plan-tasks",
            "2024-33-nhiem-vu.xlsx",
            [
                {
                    "Tổ chức": "DBK",
                    "Năm": 2024,
                    "Loại": "ANNUAL",
                    "Tên chương trình, kế hoạch": plan_2024,
                    "Nhiệm vụ": task,
                }
                for task in TASKS_2024
            ],
        )
        # The targets, each with the document that issued its plan (the 2024 programme,
        # drafted with its tasks above, is issued by its row).
        self.file(
            "plan-targets",
            "2023-2024-34-chi-tieu.xlsx",
            [
                {
                    "Tổ chức": "DBK",
                    "Năm": year,
                    "Loại": "ANNUAL",
                    "Tên chương trình, kế hoạch": title,
                    "Văn bản ban hành": document,
                    "Mã chỉ tiêu": "members.admitted",
                    "Chỉ tiêu": target,
                    "Ghi chú": f"Kế hoạch phát triển đảng viên năm {year}",
                }
                for year, title, document, target in (
                    (2023, plan, "05-CTr/ĐUK", 210),
                    (2024, plan_2024, "09-CTr/ĐUK", 215),
                )
            ],
        )

    def personnel(self) -> None:
        rng = self.rng
        term = "2020-2025"
        seats = []
        for position in ["SECRETARY", "DEPUTY_SECRETARY"] + ["COMMITTEE_MEMBER"] * 9:
            m = self.free(OPENING, full=True)
            seats.append(
                {
                    "Tổ chức đảng": "DBK",
                    "Cơ quan": "EXECUTIVE",
                    "Nhiệm kỳ": term,
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Chức vụ": position,
                    "Từ ngày": OPENING,
                    "Căn cứ": "Đại hội Đảng bộ Khối lần thứ XIV bầu",
                }
            )
        self.file("committee-members", "2023-40-cap-uy-vien.xlsx", seats)
        decisions = []
        for day in (D(2023, 5, 10), D(2023, 9, 12)):
            m = self.free(day, full=True)
            decisions.append(
                {
                    "Tổ chức đảng": "DBK",
                    "Cơ quan": "EXECUTIVE",
                    "Nhiệm kỳ": term,
                    "Loại quyết định": "ADD",
                    "Số quyết định": f"{rng.randint(1000, 1999)}-QĐ/TU",
                    "Ngày quyết định": day,
                    "Cấp quyết định": "Ban Thường vụ Tỉnh ủy",
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Chức vụ": "COMMITTEE_MEMBER",
                }
            )
        grassroots = [
            o.code
            for o in self.orgs.values()
            if o.kind in (GC, GK) and o.code not in self.restructured
        ]
        for code in rng.sample(grassroots, 26):
            day = _workday(_day(rng, D(2023, 2, 1), D(2023, 12, 15)))
            m = self.member_of(code, day)
            # A grassroots cell has no inspection commission of its own.
            bodies = (
                ["EXECUTIVE", "EXECUTIVE", "INSPECTION"]
                if self.orgs[code].kind == GK
                else ["EXECUTIVE"]
            )
            body = rng.choice(bodies)
            decisions.append(
                {
                    "Tổ chức đảng": code,
                    "Cơ quan": body,
                    "Nhiệm kỳ": term,
                    "Loại quyết định": rng.choice(["ADD", "APPOINT"]),
                    "Số quyết định": f"{rng.randint(100, 999)}-QĐ/ĐUK",
                    "Ngày quyết định": day,
                    "Cấp quyết định": "Ban Thường vụ Đảng ủy Khối",
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Chức vụ": "COMMITTEE_MEMBER" if body == "EXECUTIVE" else "INSPECTION_MEMBER",
                }
            )
        decisions.sort(key=lambda r: r["Ngày quyết định"])
        self.file("committee-decisions", "2023-41-kien-toan-cap-uy.xlsx", decisions)
        acting = []
        for code in rng.sample(grassroots, 8):
            day = _workday(_day(rng, D(2023, 2, 1), D(2023, 11, 30)))
            m = self.member_of(code, day)
            acting.append(
                {
                    "Tổ chức đảng": code,
                    "Hình thức": rng.choice(["ACTING", "IN_CHARGE"]),
                    "Chức danh": "Bí thư",
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Từ ngày": day,
                    "Số quyết định": f"{rng.randint(100, 999)}-QĐ/ĐUK",
                    "Ngày quyết định": day,
                }
            )
        acting.sort(key=lambda r: r["Từ ngày"])
        self.file("acting-assignments", "2023-43b-giao-quyen-phu-trach.xlsx", acting)
        evaluations = []
        for _ in range(46):
            day = _workday(_day(rng, D(2023, 1, 16), D(2023, 12, 15)))
            m = self.free(day, full=True)
            agency = self.orgs[self.grassroots_of(m)].name.split(" ", 2)[-1]
            evaluations.append(
                {
                    "Tổ chức đảng": m.org_on(day),
                    "Họ và tên": m.person.full_name,
                    "Số CCCD": m.person.identity_number,
                    "Ngày sinh": m.person.birth_date,
                    "Chức vụ": rng.choice(
                        ["Giám đốc", "Phó Giám đốc", "Trưởng ban", "Phó Trưởng ban"]
                    ),
                    "Cơ quan, đơn vị": agency,
                    "Lý do": rng.choice(
                        ["APPOINTMENT", "REAPPOINTMENT", "PLANNING", "COMMENDATION", "RETIREMENT"]
                    ),
                    "Cơ quan đề nghị": "Ban Tổ chức Tỉnh ủy",
                    "Ngày có ý kiến": day,
                    "Số văn bản": f"{rng.randint(100, 999)}-CV/ĐUK",
                }
            )
        evaluations.sort(key=lambda r: r["Ngày có ý kiến"])
        self.file("leader-evaluations", "2023-42-nhan-xet-can-bo.xlsx", evaluations)
        conclusions = []
        units = self.units()
        for year, count in ((2022, AIMS["conclusions_2022"]), (2023, AIMS["conclusions_2023"])):
            for _ in range(count):
                person = self.people.person(1975, 2001)
                purpose = rng.choices(
                    ["ADMISSION", "APPOINTMENT", "PLANNING", "OTHER"], [70, 12, 14, 4]
                )[0]
                conclusions.append(
                    {
                        "Tổ chức đảng": rng.choice(units),
                        "Họ và tên": person.full_name,
                        "Ngày sinh": person.birth_date,
                        "Số CCCD": person.identity_number,
                        "Mục đích": purpose,
                        "Kết luận": "NOT_MET" if rng.random() < 0.02 else "MET",
                        "Ngày kết luận": _workday(_day(rng, D(year, 1, 5), D(year, 12, 20))),
                        "Số văn bản": f"{rng.randint(1, 900)}-KL/ĐUK",
                    }
                )
        conclusions.sort(key=lambda r: r["Ngày kết luận"])
        self.file(
            "political-conclusions", "2022-2023-43-ket-luan-tieu-chuan-chinh-tri.xlsx", conclusions
        )

    def member_of(self, grassroots: str, day: dt.date) -> Member:
        for _ in range(100_000):
            m = self.free(day, full=True)
            if self.grassroots_of(m) == grassroots:
                return m
            m.busy = False
        raise AssertionError(f"no free member in {grassroots}")

    def inspections(self) -> None:
        rng = self.rng
        committees = [
            o.code for o in self.orgs.values() if o.kind == GK and o.code not in self.restructured
        ]
        cells_of = defaultdict(list)
        for o in self.orgs.values():
            if o.kind == CELL_KIND and o.grassroots not in self.restructured:
                cells_of[o.grassroots].append(o.code)
        grassroots = [o.code for o in self.orgs.values() if o.kind in (GC, GK)]
        rows: list[dict[str, Any]] = []

        def inspection(
            org: str,
            level: str,
            kind: str,
            title: str,
            start: dt.date,
            subjects: Iterable[str] = (),
            members: Iterable[str] = (),
            **extra: Any,
        ) -> None:
            rows.append(
                {
                    "Tổ chức tiến hành": org,
                    "Cơ quan tiến hành": level,
                    "Loại": kind,
                    "Nội dung": title,
                    "Ngày bắt đầu": start,
                    "Ngày kết thúc": start + dt.timedelta(days=rng.randint(20, 45)),
                    "Tình trạng": "DONE",
                    "Tổ chức được kiểm tra, giám sát": "; ".join(subjects),
                    "Số CCCD đảng viên được kiểm tra, giám sát": "; ".join(members),
                    "Số quyết định, kế hoạch": f"{rng.randint(10, 200)}-QĐ/ĐUK",
                    **extra,
                }
            )

        # The programme of the year, carried out by the inspection commission and the boards
        # of the committee: 17 items, each done by one inspection or supervision. With one
        # inspection on signs of violation (not programmed), 15 organisations and 3 members
        # are inspected and 12 organisations and 5 members supervised.
        programmes: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        picks = iter(rng.sample(grassroots, 27))

        def programmed(
            level: str,
            board: str,
            kind: str,
            topic: str,
            start: dt.date,
            orgs: int,
            members: Iterable[str] = (),
        ) -> None:
            what = {
                "COMPLIANCE": "Kiểm tra việc thực hiện",
                "THEMATIC": "Giám sát chuyên đề",
                "REGULAR": "Giám sát thường xuyên việc thực hiện",
            }[kind]
            title = f"{what} {topic}"
            items = programmes[(level, board)]
            items.append((kind, title))
            extra = {"Tên ban": board} if board else {}
            inspection(
                "DBK",
                level,
                kind,
                title,
                start,
                [next(picks) for _ in range(orgs)],
                members,
                **extra,
                **{"Theo chương trình năm": "Có", "Số thứ tự trong chương trình": len(items)},
            )

        for n in range(10):
            programmed(
                "COMMISSION",
                "",
                "COMPLIANCE",
                PROGRAMME_TOPICS[n % 7],
                D(2023, 2 + n * 8 // 10, 6),
                1,
            )
        supervised = [self.free(D(2023, 8, 1), full=True) for _ in range(5)]
        for n in range(4):
            members = [m.person.identity_number for m in supervised] if n == 3 else []
            programmed(
                "COMMISSION",
                "",
                "THEMATIC",
                PROGRAMME_TOPICS[(n + 3) % 7],
                D(2023, 5 + n, 8),
                2,
                members,
            )
        programmed(
            "BOARD",
            "Ban Tổ chức",
            "COMPLIANCE",
            "công tác phát triển đảng viên và quản lý hồ sơ đảng viên",
            D(2023, 7, 10),
            4,
        )
        for n in range(2):
            programmed(
                "BOARD",
                "Ban Tuyên giáo",
                "REGULAR",
                "việc học tập, quán triệt các nghị quyết của Đảng",
                D(2023, 9 + n, 11),
                2,
            )
        programme_rows = []
        for (level, board), items in programmes.items():
            body = f"{board} Đảng ủy Khối" if board else "Ủy ban Kiểm tra Đảng ủy Khối"
            programme_rows += [
                {
                    "Tổ chức đảng": "DBK",
                    "Cơ quan thực hiện": level,
                    "Tên ban": board,
                    "Năm": 2023,
                    "Tên chương trình": f"Chương trình kiểm tra, giám sát năm 2023 của {body}",
                    "Số thứ tự": number,
                    "Loại": kind,
                    "Nội dung": title,
                }
                for number, (kind, title) in enumerate(items, start=1)
            ]
        self.file("inspection-programmes", "2023-49-chuong-trinh-kiem-tra.xlsx", programme_rows)
        violators = [self.free(D(2023, 6, 1), full=True) for _ in range(3)]
        inspection(
            "DBK",
            "COMMISSION",
            "VIOLATION",
            "Kiểm tra khi có dấu hiệu vi phạm",
            D(2023, 6, 5),
            [next(picks)],
            [m.person.identity_number for m in violators],
        )
        # Grassroots committees: 70 of their cells inspected, 49 supervised.
        for group, kind, total, title in (
            ("inspection", "COMPLIANCE", 70, "Kiểm tra chi bộ thực hiện nhiệm vụ năm 2023"),
            ("supervision", "THEMATIC", 49, "Giám sát chuyên đề sinh hoạt chi bộ"),
        ):
            left = total
            for code in committees:
                if left == 0:
                    break
                take = min(left, len(cells_of[code]) // 2 + 1, len(cells_of[code]))
                chosen = rng.sample(cells_of[code], take)
                inspection(
                    code,
                    "GRASSROOTS",
                    kind,
                    title,
                    _workday(D(2023, rng.randint(3, 10), 3)),
                    chosen,
                )
                left -= take
            assert left == 0, group
        # Cells check their own members: each records how many it checked.
        counts = defaultdict(int)
        for m in self.members:
            # On the roll on the day the checks begin too: a cell never reports more
            # members checked than it had that day.
            if m.present(D(2023, 10, 2)) and m.present(D(2023, 11, 1)):
                counts[m.org_on(D(2023, 11, 1))] += 1
        left = 2610
        for code in sorted(counts):
            if left == 0 or self.orgs[code].ended or self.orgs[code].kind not in (CELL_KIND, GC):
                continue
            take = min(left, max(1, counts[code] - rng.randint(0, 2)))
            rows.append(
                {
                    "Tổ chức tiến hành": code,
                    "Cơ quan tiến hành": "CELL",
                    "Loại": "COMPLIANCE",
                    "Nội dung": "Kiểm tra đảng viên chấp hành Điều lệ Đảng, nghị quyết của chi bộ",
                    "Ngày bắt đầu": D(2023, 11, 1),
                    "Ngày kết thúc": D(2023, 11, 30),
                    "Tình trạng": "DONE",
                    "Số đảng viên được kiểm tra (không liệt kê)": take,
                }
            )
            left -= take
        assert left == 0
        self.file("inspections", "2023-50-kiem-tra-giam-sat.xlsx", rows)

    # --- the whole ---------------------------------------------------------------------

    def build(self) -> Data:
        self.organisations()
        self.choose_restructured()
        self.roll()
        opening = self.members[: AIMS["confirmed_2022"]]
        # 2022
        spread_2022 = [
            (D(2022, 1, 5), D(2022, 9, 15), 170),
            (D(2022, 9, 16), D(2022, 11, 20), 23),
            (D(2022, 12, 1), D(2022, 12, 16), 7),
        ]
        admitted_2022 = self.admissions(2022, AIMS["admitted_2022"], spread_2022)
        self.confirmations(2022, opening, AIMS["cards_2022"])
        self.transfers_in(2022, AIMS["transfer_in_2022"])
        self.leaving(
            2022, "events-transfers-out", AIMS["transfer_out_2022"], "2022-05-chuyen-di.xlsx"
        )
        self.leaving(2022, "events-deaths", AIMS["died_2022"], "2022-06-tu-tran.xlsx")
        # 2023: the tree first, then the members.
        self.restructurings()
        spread_2023 = [(D(2023, 1, 9), D(2023, 12, 20), AIMS["admitted_2023"])]
        admitted_2023 = self.admissions(2023, AIMS["admitted_2023"], spread_2023)
        self.confirmations(2023, admitted_2022[: AIMS["confirmed_2023"]], AIMS["cards_2023"])
        self.transfers_in(2023, AIMS["transfer_in_2023"])
        self.leaving(
            2023, "events-transfers-out", AIMS["transfer_out_2023"], "2023-05-chuyen-di.xlsx"
        )
        self.leaving(2023, "events-deaths", AIMS["died_2023"], "2023-06-tu-tran.xlsx")
        self.leaving(2023, "events-removals", AIMS["removed_2023"], "2023-07-xoa-ten.xlsx")
        self.badges()
        self.discipline()
        self.education(admitted_2022 + admitted_2023)
        self.office()
        self.personnel()
        self.inspections()
        return Data(self.out, self.orgs, "DBK")


ESSAYS = [
    "Giữ vững trận địa tư tưởng trên không gian mạng",
    "Bảo vệ nền tảng tư tưởng của Đảng từ mỗi chi bộ",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Vai trò của đội ngũ báo cáo viên trong tình hình mới",
    "Niềm tin của nhân dân là nền tảng vững chắc",
    "Cán bộ, đảng viên nêu gương trong bảo vệ nền tảng tư tưởng",
]
PROGRAMME_TOPICS = [
    "Nghị quyết số 21-NQ/TW về củng cố, xây dựng tổ chức cơ sở đảng",
    "Quy định về trách nhiệm nêu gương của cán bộ, đảng viên",
    "Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo Bác",
    "công tác phát triển đảng viên",
    "quy chế làm việc của cấp ủy",
    "Kết luận số 21-KL/TW về xây dựng, chỉnh đốn Đảng",
    "công tác bảo vệ chính trị nội bộ",
]
TASKS_2024 = [
    "Phối hợp lãnh đạo cơ quan, đơn vị hoàn thành nhiệm vụ chính trị năm 2024",
    "Học tập, quán triệt và triển khai kịp thời các nghị quyết, chỉ thị, kết luận của Đảng",
    "Nắm bắt tình hình tư tưởng; tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    "Chuẩn bị đại hội chi bộ, đảng bộ cơ sở nhiệm kỳ 2025 - 2030",
    "Nâng cao chất lượng sinh hoạt cấp ủy, chi bộ và công tác phát triển đảng viên",
    "Thực hiện đúng quy trình kiểm tra, giám sát và thi hành kỷ luật đảng",
    "Nâng cao hiệu quả công tác dân vận và hoạt động của các đoàn thể",
]


def build(seed: int = SEED) -> Data:
    return Builder(seed).build()


def write(data: Data, directory: Path) -> list[Path]:
    """Write each file in the import template's columns; return the paths in order."""
    from dangvu.core.importing import get_kind
    from dangvu.lib import sheets

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in data.files:
        kind = get_kind(item.kind)
        headers = [c.header for c in kind.columns]
        unknown = {h for row in item.rows for h in row} - set(headers)
        assert not unknown, f"{item.kind}: columns not in the template: {unknown}"
        labels = {c.header: dict(c.choices) for c in kind.columns if c.type == "choice"}
        text = [i for i, c in enumerate(kind.columns) if c.type == "code"]
        rows = [
            [labels[h].get(row.get(h), row.get(h)) if h in labels else row.get(h) for h in headers]
            for row in item.rows
        ]
        path = directory / item.name
        path.write_bytes(sheets.write_table(headers, rows, text_columns=text))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - a convenience for people
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    django.setup()
    for written in write(build(), Path(sys.argv[1] if len(sys.argv) > 1 else "acceptance")):
        print(written)
