"""Plausible Vietnamese people for the acceptance data, drawn from a seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

SURNAMES = (
    ["Nguyễn"] * 30
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Huỳnh"] * 5
    + ["Võ"] * 6
    + ["Phan"] * 4
    + ["Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Trương", "Lương", "Đinh"]
    + ["Mai", "Tạ", "Cao", "Châu", "Hà", "Thái", "Văn", "Tô", "La", "Kiều"]
)
MIDDLE = {
    "M": ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Tấn"],
    "F": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Phương", "Bích"],
}
GIVEN = {
    "M": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Hải",
        "Hiếu",
        "Hoàng",
        "Huy",
        "Khánh",
        "Kiên",
        "Long",
        "Lợi",
        "Minh",
        "Nam",
        "Nghĩa",
        "Phong",
        "Phúc",
        "Quân",
        "Quang",
        "Sơn",
        "Tài",
        "Tâm",
        "Thắng",
        "Thành",
        "Thịnh",
        "Tiến",
        "Toàn",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
        "Vũ",
        "Đạt",
        "Định",
        "Đông",
        "Hưng",
        "Lâm",
        "Nhân",
        "Tín",
    ],
    "F": [
        "Anh",
        "Bích",
        "Châu",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hồng",
        "Huệ",
        "Hương",
        "Lan",
        "Liên",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quyên",
        "Tâm",
        "Thảo",
        "Thủy",
        "Trang",
        "Trinh",
        "Tuyết",
        "Uyên",
        "Vân",
        "Xuân",
        "Yến",
        "Diệu",
        "Nhi",
        "Thư",
        "Vy",
        "Ly",
    ],
}
DISTRICTS = [
    "Quy Nhơn",
    "An Nhơn",
    "Hoài Nhơn",
    "Tuy Phước",
    "Phù Cát",
    "Phù Mỹ",
    "Tây Sơn",
    "Hoài Ân",
    "Vân Canh",
    "Vĩnh Thạnh",
    "An Lão",
]
ELSEWHERE = ["Quảng Ngãi", "Phú Yên", "Gia Lai", "Quảng Nam", "Đà Nẵng", "Khánh Hòa", "Huế"]
EXPERTISE = [
    "Cử nhân Luật",
    "Cử nhân Kinh tế",
    "Kỹ sư Xây dựng",
    "Cử nhân Quản trị kinh doanh",
    "Thạc sĩ Quản lý công",
    "Bác sĩ Đa khoa",
    "Cử nhân Kế toán",
    "Kỹ sư Công nghệ thông tin",
    "Cử nhân Sư phạm Ngữ văn",
    "Kỹ sư Nông học",
    "Cử nhân Báo chí",
    "Thạc sĩ Kinh tế",
    "Cử nhân Hành chính",
    "Dược sĩ Đại học",
    "Kỹ sư Thủy lợi",
    "Cử nhân Tài chính - Ngân hàng",
]
JOBS = ["Công chức", "Công chức", "Viên chức", "Viên chức", "Người lao động hợp đồng"]
POSTS = ["", "", "", "", "Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng"]
RELIGIONS = ["Không"] * 18 + ["Phật giáo", "Công giáo"]
ETHNICITIES = ["Kinh"] * 40 + ["Bana", "Chăm", "Hrê"]


@dataclass
class Person:
    full_name: str
    birth_date: dt.date
    sex: str  # "M" | "F"
    identity_number: str
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    expertise: str
    job: str
    post: str
    phone: str

    @property
    def sex_label(self) -> str:
        return "Nam" if self.sex == "M" else "Nữ"


class People:
    """A source of distinct people: every identity number and name-with-birth-date once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0
        self.seen: set[tuple[str, dt.date]] = set()

    def birth(self, born_from: int, born_to: int) -> dt.date:
        start = dt.date(born_from, 1, 1).toordinal()
        end = dt.date(born_to, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, end))

    def person(self, born_from: int, born_to: int) -> Person:
        rng = self.rng
        while True:
            sex = rng.choice("MMMFF")
            name = " ".join([rng.choice(SURNAMES), rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex])])
            birth = self.birth(born_from, born_to)
            if (name, birth) not in self.seen:
                break
        self.seen.add((name, birth))
        self.serial += 1
        century = 0 if birth.year < 2000 else 2
        sex_digit = century + (0 if sex == "M" else 1)
        identity = f"052{sex_digit}{birth.year % 100:02d}{self.serial:06d}"
        home = rng.choice(DISTRICTS) if rng.random() < 0.8 else rng.choice(ELSEWHERE)
        return Person(
            full_name=name,
            birth_date=birth,
            sex=sex,
            identity_number=identity,
            ethnicity=rng.choice(ETHNICITIES),
            religion=rng.choice(RELIGIONS),
            hometown=f"{home}, {'Bình Định' if home in DISTRICTS else home}",
            residence=f"{rng.choice(DISTRICTS[:4])}, Bình Định",
            expertise=rng.choice(EXPERTISE),
            job=rng.choice(JOBS),
            post=rng.choice(POSTS),
            phone=f"09{rng.randint(0, 99_999_999):08d}",
        )
