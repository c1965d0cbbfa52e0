"""The demo's member records: compositions of a central-coast province's agencies bloc.

The demo committee is the agencies bloc of Bình Định, merged into Gia Lai from 01/7/2025.
What its members' records say is drawn here, deterministically from the demo's random
generator, in the shares such a bloc shows: women about 47 %, Kinh about 97.5 % (the rest
Ba Na, Hrê, Chăm), a religion for about 5 %, general education 12/12 for nearly all (10/10
for a few of the oldest), university graduates about 60 %, masters about 25 %, doctors
2-3 %, political theory and state management rising with age and post, a few associate
professors, occupations mostly «Cán bộ, công chức» and «Viên chức». Places are Bình Định's
districts before 01/7/2025 and the new Gia Lai's wards and communes after; neighbouring
provinces at province level only. About 1.5 % of the records leave the controlled fields
empty («Chưa có thông tin») so that the statistical tables show that line.

Values are read once by (vocabulary, code) from the shipped vocabularies; the demo's
province's districts and a few of the new province's communes are created once. A value or
a province not shipped leaves the field empty: the demo never invents one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from dangvu.members.actions import Person
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

# Nghị quyết 202/2025/QH15: Bình Định (52) joins Gia Lai, which keeps code 52, from this day.
REFORM = dt.date(2025, 7, 1)
PROVINCE_CODE = "52"
# Neighbouring provinces a member may come from (province level only): Quảng Ngãi, Phú
# Yên, Quảng Nam, with their weights among the members born outside Bình Định.
NEIGHBOURS: list[tuple[str, int]] = [("51", 45), ("54", 35), ("49", 20)]
OUTSIDE_SHARE = 0.12  # born (and from a hometown) outside Bình Định

DISTRICT_SOURCE = (
    "Danh mục đơn vị hành chính Việt Nam (Tổng cục Thống kê), cấp huyện của tỉnh Bình Định "
    "đến 01/7/2025; tên và mã chưa đối chiếu văn bản"
)
# (code, name, weight as a place of birth and hometown; of residence) for Bình Định's 11
# district-level units, valid until their abolition on 01/7/2025.
DISTRICTS: list[tuple[str, str, int, int]] = [
    ("540", "Thành phố Quy Nhơn", 22, 62),
    ("542", "Huyện An Lão", 2, 1),
    ("543", "Thị xã Hoài Nhơn", 12, 3),
    ("544", "Huyện Hoài Ân", 6, 1),
    ("545", "Huyện Phù Mỹ", 10, 2),
    ("546", "Huyện Vĩnh Thạnh", 3, 1),
    ("547", "Huyện Tây Sơn", 9, 3),
    ("548", "Huyện Phù Cát", 12, 3),
    ("549", "Thị xã An Nhơn", 11, 12),
    ("550", "Huyện Tuy Phước", 11, 11),
    ("551", "Huyện Vân Canh", 2, 1),
]
# Communes and wards of each district a hometown names (as text, the record's detail).
HOME_COMMUNES: dict[str, list[str]] = {
    "540": ["xã Nhơn Lý", "xã Nhơn Hội", "phường Nhơn Bình", "phường Bùi Thị Xuân"],
    "542": ["xã An Hòa", "xã An Tân"],
    "543": ["phường Hoài Hương", "phường Hoài Đức", "phường Bồng Sơn", "xã Hoài Sơn"],
    "544": ["xã Ân Tín", "xã Ân Thạnh", "xã Ân Đức"],
    "545": ["xã Mỹ Thành", "xã Mỹ Chánh", "xã Mỹ Hiệp", "xã Mỹ Quang"],
    "546": ["xã Vĩnh Quang", "xã Vĩnh Hảo"],
    "547": ["xã Bình Thành", "xã Tây Giang", "xã Bình Tường", "xã Tây Vinh"],
    "548": ["xã Cát Hanh", "xã Cát Tân", "xã Cát Khánh", "xã Cát Trinh"],
    "549": ["xã Nhơn Hòa", "xã Nhơn Hưng", "xã Nhơn Phúc", "phường Bình Định"],
    "550": ["xã Phước Sơn", "xã Phước Lộc", "xã Phước Hưng", "xã Phước Thuận"],
    "551": ["xã Canh Vinh", "xã Canh Hiển"],
}
# Wards and streets of a residence before 01/7/2025 (the record's detail).
HOME_WARDS: dict[str, list[str]] = {
    "540": [
        "phường Trần Phú",
        "phường Lê Hồng Phong",
        "phường Lý Thường Kiệt",
        "phường Nguyễn Văn Cừ",
        "phường Ghềnh Ráng",
        "phường Quang Trung",
        "phường Nhơn Bình",
        "phường Đống Đa",
        "phường Ngô Mây",
        "phường Thị Nại",
    ],
    "549": ["phường Bình Định", "phường Đập Đá", "phường Nhơn Hưng"],
    "550": ["thị trấn Tuy Phước", "thị trấn Diêu Trì", "xã Phước Thành"],
}
COMMUNE_SOURCE = (
    "Sắp xếp đơn vị hành chính cấp xã của tỉnh Gia Lai từ 01/7/2025; tên và mã chưa đối "
    "chiếu văn bản"
)
# A few of the new Gia Lai's wards and communes on Bình Định's former territory, from
# 01/7/2025: (code, name, weight as a residence).
COMMUNES: list[tuple[str, str, int]] = [
    ("21583", "Phường Quy Nhơn", 16),
    ("21601", "Phường Quy Nhơn Đông", 10),
    ("21589", "Phường Quy Nhơn Tây", 9),
    ("21592", "Phường Quy Nhơn Nam", 12),
    ("21553", "Phường Quy Nhơn Bắc", 14),
    ("21907", "Phường Bình Định", 6),
    ("21910", "Phường An Nhơn", 5),
    ("21952", "Xã Tuy Phước", 6),
    ("21664", "Phường Hoài Nhơn", 2),
    ("21853", "Xã Phù Cát", 2),
]

UNKNOWN_SHARE = 0.015  # records that leave the controlled fields and education empty
KINH_SHARE = 0.975
MINORITIES: list[tuple[str, int]] = [("13", 45), ("19", 30), ("17", 25)]  # Ba Na, Hrê, Chăm
RELIGIOUS_SHARE = 0.05
RELIGIONS: list[tuple[str, int]] = [("01", 60), ("02", 25), ("03", 8), ("04", 7)]
QUALIFICATIONS = ["INTERMEDIATE", "COLLEGE", "BACHELOR", "MASTER", "DOCTOR"]
THEORIES = ["NONE", "ELEMENTARY", "INTERMEDIATE", "ADVANCED", "BACHELOR"]
STATE_MANAGEMENT = ["NONE", "CLERK", "OFFICER", "PRINCIPAL", "SENIOR"]
# Unit names that tell a public service (viên chức) or an enterprise (người lao động).
PUBLIC_WORDS = (
    "Bệnh viện", "Trung tâm", "Trường", "Báo", "Đài", "Nhà hát", "Bảo tàng", "Thư viện",
    "Vườn quốc gia", "Ban Quản lý", "Quỹ", "Nhà xuất bản", "Hội",
)  # fmt: skip
ENTERPRISE_WORDS = ("Công ty", "Ngân hàng", "Xổ số", "Điện lực", "Cấp thoát nước")


@dataclass(frozen=True)
class Places:
    """The units the demo's records name, read (or created) once."""

    province: AdminUnit | None  # Bình Định, until 01/7/2025
    new_province: AdminUnit | None  # Gia Lai, from 01/7/2025
    neighbours: list[tuple[AdminUnit, int]]
    districts: dict[str, AdminUnit]
    communes: list[tuple[AdminUnit, int]]


def _province(code: str, day: dt.date) -> AdminUnit | None:
    return AdminUnit.objects.filter(
        level=AdminUnit.Level.PROVINCE, code=code, valid_from__lte=day, valid_to__gt=day
    ).first()


def ensure_places() -> Places:
    """Bình Định's districts and a few of the new Gia Lai's communes, created once under
    the provinces the vocabularies ship (nothing is created if a province is missing)."""
    before = REFORM - dt.timedelta(days=1)
    province = _province(PROVINCE_CODE, before)
    new_province = _province(PROVINCE_CODE, REFORM)
    neighbours = [(u, w) for code, w in NEIGHBOURS if (u := _province(code, before))]
    districts: dict[str, AdminUnit] = {}
    if province is not None:
        districts = {
            u.code: u
            for u in AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT, parent=province)
        }
        missing = [
            AdminUnit(
                code=code,
                name=name,
                level=AdminUnit.Level.DISTRICT,
                parent=province,
                valid_from=province.valid_from,
                valid_to=REFORM,
                source=DISTRICT_SOURCE,
            )
            for code, name, _, _ in DISTRICTS
            if code not in districts
        ]
        for unit in AdminUnit.objects.bulk_create(missing):
            districts[unit.code] = unit
    communes: list[tuple[AdminUnit, int]] = []
    if new_province is not None:
        have = {
            u.code: u
            for u in AdminUnit.objects.filter(
                level=AdminUnit.Level.COMMUNE, parent=new_province, valid_from=REFORM
            )
        }
        missing = [
            AdminUnit(
                code=code,
                name=name,
                level=AdminUnit.Level.COMMUNE,
                parent=new_province,
                valid_from=REFORM,
                source=COMMUNE_SOURCE,
            )
            for code, name, _ in COMMUNES
            if code not in have
        ]
        for unit in AdminUnit.objects.bulk_create(missing):
            have[unit.code] = unit
        communes = [(have[code], w) for code, _, w in COMMUNES]
    return Places(province, new_province, neighbours, districts, communes)


def _pick(rng: random.Random, pairs: Sequence[tuple[object, int]]) -> object:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


class RecordDraws:
    """Draws the controlled fields and places of a demo member's record."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.values: dict[tuple[str, str], VocabularyValue] = {
            (v.vocabulary, v.code): v for v in VocabularyValue.objects.all()
        }
        self.places = ensure_places()
        self._occupations: dict[str, list[tuple[str, int]]] = {}

    def value(self, vocabulary: str, code: str) -> VocabularyValue | None:
        return self.values.get((vocabulary, code))

    def occupation_weights(self, names: str) -> list[tuple[str, int]]:
        """Occupations in a unit whose names (its own and its parents') are `names`."""
        if names not in self._occupations:
            if any(w in names for w in ENTERPRISE_WORDS):
                weights = [("EMPLOYEE", 85), ("PUBLIC", 10), ("OFFICIAL", 5)]
            elif any(w in names for w in PUBLIC_WORDS):
                weights = [("PUBLIC", 85), ("OFFICIAL", 10), ("EMPLOYEE", 5)]
            else:
                weights = [("OFFICIAL", 84), ("PUBLIC", 12), ("EMPLOYEE", 4)]
            self._occupations[names] = weights
        return self._occupations[names]

    def fill(
        self,
        person: Person,
        *,
        day: dt.date,
        unit_names: str,
        senior: bool,
        retiree: bool = False,
    ) -> Person:
        """`person` with the controlled fields and places drawn for a record written on
        `day` in a unit named `unit_names`."""
        rng, v = self.rng, self.value
        age = (day - person.birth_date).days / 365.25
        self._places(person, day)
        if rng.random() < UNKNOWN_SHARE:
            return person  # «Chưa có thông tin» in every controlled field
        E, R = Vocabulary.ETHNICITY, Vocabulary.RELIGION
        kinh = rng.random() < KINH_SHARE
        person.ethnicity = v(E, "01") if kinh else v(E, str(_pick(rng, MINORITIES)))
        religious = rng.random() < RELIGIOUS_SHARE
        person.religion = v(R, str(_pick(rng, RELIGIONS))) if religious else v(R, "00")
        born = person.birth_date.year
        person.education = "10/10" if born < 1968 and rng.random() < 0.3 else "12/12"
        post = bool(person.post)
        q: list[float]
        if age < 30:
            q = [3, 6, 82, 9, 0]
        elif age < 45:
            q = [2, 4, 62, 30, 2.5]
        else:
            q = [3, 4, 60, 30, 3]
        if post:
            q = [0, 1, 48, 45, 6]
        qualification = rng.choices(QUALIFICATIONS, q)[0]
        person.qualification = v(Vocabulary.QUALIFICATION, qualification)
        if qualification == "DOCTOR" and age > 40 and rng.random() < 0.3:
            person.academic_title = v(Vocabulary.ACADEMIC_TITLE, "ASSOC")
        if post:
            t, s = [0, 0, 20, 70, 10], [0, 0, 30, 55, 15]
        elif senior:
            t, s = [15, 45, 30, 5, 5], [15, 5, 60, 19, 1]
        else:
            t, s = [60, 35, 5, 0, 0], [60, 10, 30, 0, 0]
        person.theory_level = v(Vocabulary.THEORY, rng.choices(THEORIES, t)[0])
        person.state_management = v(
            Vocabulary.STATE_MANAGEMENT, rng.choices(STATE_MANAGEMENT, s)[0]
        )
        if retiree and age >= 60:
            person.occupation = v(Vocabulary.OCCUPATION, "RETIRED")
        else:
            occupation = str(_pick(rng, self.occupation_weights(unit_names)))
            person.occupation = v(Vocabulary.OCCUPATION, occupation)
        return person

    def _places(self, person: Person, day: dt.date) -> None:
        rng, p = self.rng, self.places
        if p.province is None:
            return
        if p.neighbours and rng.random() < OUTSIDE_SHARE:
            province = _pick(rng, p.neighbours)
            assert isinstance(province, AdminUnit)
            person.birthplace_province = province
            person.hometown_province = province
        else:
            code = str(_pick(rng, [(c, w) for c, _, w, _ in DISTRICTS]))
            district = p.districts.get(code)
            person.birthplace_province = p.province
            person.birthplace_local = district
            # Most were born in their hometown's district; some elsewhere in the province.
            if rng.random() < 0.2:
                code = str(_pick(rng, [(c, w) for c, _, w, _ in DISTRICTS]))
            person.hometown_province = p.province
            person.hometown_local = p.districts.get(code)
            person.hometown = rng.choice(HOME_COMMUNES[code])
        if day >= REFORM and p.new_province is not None and p.communes:
            commune = _pick(rng, p.communes)
            assert isinstance(commune, AdminUnit)
            person.residence_province = p.new_province
            person.residence_local = commune
            person.residence = f"tổ {rng.randint(1, 30)}"
        else:
            code = str(_pick(rng, [(c, w) for c, _, _, w in DISTRICTS]))
            person.residence_province = p.province
            person.residence_local = p.districts.get(code)
            wards = HOME_WARDS.get(code) or HOME_COMMUNES[code]
            person.residence = f"tổ {rng.randint(1, 30)}, {rng.choice(wards)}"
