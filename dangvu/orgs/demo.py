"""The demo committee's organisation tree and its restructuring from 2020 to today.

Built through the real actions, so the demo exercises the same rules as users do. The
shape follows a provincial agencies bloc: about 70 grassroots organisations, about 400
cells, sub-committees in the large hospitals and schools, and the restructuring such a
bloc really went through (2023: a cell dissolved, two grassroots cells became grassroots
committees and one grassroots committee became a grassroots cell; 2025: departments
merged).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from dangvu.core.dates import today
from dangvu.orgs import actions, queries
from dangvu.orgs.actions import Decision, NewOrganisation
from dangvu.orgs.kinds import OrgKind, UnitType
from dangvu.orgs.models import Organisation

START = dt.date(2020, 1, 1)
BLOC_CODE = "DBK"
BLOC_NAME = "Đảng bộ Khối các cơ quan tỉnh"

# (agency, number of cells, sub-committees as (name, cells))
COMMITTEES: list[tuple[str, int, list[tuple[str, int]]]] = [
    ("Sở Y tế", 6, []),
    ("Bệnh viện Đa khoa tỉnh", 9, [("Khối Nội", 5), ("Khối Ngoại", 4)]),
    ("Sở Giáo dục và Đào tạo", 7, []),
    ("Sở Tài chính", 6, []),
    ("Sở Kế hoạch và Đầu tư", 5, []),
    ("Sở Giao thông vận tải", 7, []),
    ("Sở Xây dựng", 5, []),
    ("Sở Tài nguyên và Môi trường", 8, []),
    ("Sở Nông nghiệp và Phát triển nông thôn", 9, [("Chi cục Kiểm lâm", 4)]),
    ("Sở Lao động - Thương binh và Xã hội", 8, []),
    ("Sở Công Thương", 6, []),
    ("Sở Văn hóa và Thể thao", 8, []),
    ("Sở Du lịch", 4, []),
    ("Sở Khoa học và Công nghệ", 5, []),
    ("Sở Thông tin và Truyền thông", 5, []),
    ("Sở Nội vụ", 6, []),
    ("Văn phòng Ủy ban nhân dân tỉnh", 7, []),
    ("Văn phòng Tỉnh ủy", 6, []),
    ("Trường Chính trị tỉnh", 5, []),
    ("Trường Cao đẳng Y tế", 6, []),
    ("Trường Cao đẳng Kỹ thuật Công nghệ", 7, [("Khoa Cơ khí", 3)]),
    ("Bệnh viện Y học cổ truyền và Phục hồi chức năng", 6, []),
    ("Bệnh viện Tâm thần tỉnh", 5, []),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", 6, []),
    ("Báo tỉnh", 5, []),
    ("Đài Phát thanh và Truyền hình tỉnh", 7, []),
    ("Cục Thuế tỉnh", 9, [("Văn phòng Cục", 3)]),
    ("Cục Hải quan tỉnh", 8, []),
    ("Kho bạc Nhà nước tỉnh", 7, []),
    ("Bảo hiểm xã hội tỉnh", 8, []),
    ("Cục Thống kê tỉnh", 6, []),
    ("Ngân hàng Nhà nước chi nhánh tỉnh", 5, []),
    ("Cục Quản lý thị trường tỉnh", 6, []),
    ("Thanh tra tỉnh", 4, []),
    ("Ban Quản lý Khu kinh tế tỉnh", 6, []),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông", 5, []),
    ("Ban Quản lý dự án nông nghiệp", 4, []),
    ("Liên đoàn Lao động tỉnh", 5, []),
    ("Hội Liên hiệp Phụ nữ tỉnh", 4, []),
    ("Tỉnh đoàn", 5, []),
    ("Hội Nông dân tỉnh", 4, []),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 4, []),
    ("Trường Cao đẳng Nghề", 6, [("Khoa Điện - Điện tử", 4)]),
    ("Bệnh viện Lao và Bệnh phổi", 5, []),
    ("Trung tâm Phát triển quỹ đất", 4, []),
    ("Vườn quốc gia", 5, [("Hạt Kiểm lâm", 4)]),
]

GRASSROOTS_CELLS = [
    "Sở Tư pháp",
    "Sở Ngoại vụ",
    "Ban Dân tộc tỉnh",
    "Hội Chữ thập đỏ tỉnh",
    "Hội Văn học Nghệ thuật tỉnh",
    "Liên minh Hợp tác xã tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Liên hiệp các Hội Khoa học và Kỹ thuật",
    "Hội Nhà báo tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Trung tâm Xúc tiến đầu tư",
    "Trung tâm Công nghệ thông tin",
    "Trung tâm Lưu trữ lịch sử",
    "Bảo tàng tỉnh",
    "Thư viện tỉnh",
    "Trung tâm Giống cây trồng",
    "Trung tâm Nước sạch",
    "Hội Người cao tuổi tỉnh",
    "Hội Luật gia tỉnh",
    "Ban Tiếp công dân tỉnh",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm Bảo trợ xã hội",
    "Đoàn Ca kịch tỉnh",
    "Trung tâm Huấn luyện thể thao",
    "Nhà xuất bản tỉnh",
    "Trung tâm Đăng kiểm",
    "Chi cục Văn thư - Lưu trữ",
]

# The grassroots organisations of the bloc that stand in an enterprise (the rest are
# agencies and public service units).
ENTERPRISES = {"Nhà xuất bản tỉnh": UnitType.ENTERPRISE}

CELL_NAMES = [
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Thanh tra",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Quản lý",
    "Phòng Hành chính",
    "Trung tâm trực thuộc",
    "Chi cục trực thuộc",
    "Phòng Tổng hợp",
    "Phòng Pháp chế",
    "Phòng Kỹ thuật",
    "Ban Quản lý",
    "Đội Kiểm tra",
]


def _d(day: dt.date, number: str, reason: str = "") -> Decision:
    return Decision(
        effective_date=day, number=number, date=day - dt.timedelta(days=3), reason=reason
    )


def _cells(
    parent: Organisation, prefix: str, count: int, day: dt.date, user: Any, start: int = 1
) -> list[Organisation]:
    made = []
    for i in range(start, start + count):
        label = CELL_NAMES[(i - 1) % len(CELL_NAMES)]
        suffix = f" {1 + (i - 1) // len(CELL_NAMES)}" if i > len(CELL_NAMES) else ""
        made.append(
            actions.do_create_organisation(
                code=f"{prefix}.{i:02d}",
                name=f"Chi bộ {label}{suffix}",
                kind=OrgKind.CELL,
                parent=parent,
                decision=_d(day, ""),
                acting_user=user,
            )
        )
    return made


# One dated change of the tree; run in date order, interleaved with member events.
Step = tuple[dt.date, Callable[[], None]]


def seed_orgs(rng: random.Random, user: Any = None) -> Organisation:
    """Create the demo tree and its history; return the bloc."""
    bloc, committees, cells = build_tree(user)
    for _, step in history_steps(bloc, committees, cells, rng, user):
        step()
    return bloc


def build_tree(
    user: Any = None,
) -> tuple[Organisation, dict[str, Organisation], dict[str, Organisation]]:
    """The tree as founded on START: the bloc, its grassroots committees and cells."""
    bloc = actions.do_create_organisation(
        code=BLOC_CODE,
        name=BLOC_NAME,
        kind=OrgKind.BLOC,
        parent=None,
        decision=_d(START, "01-QĐ/TU"),
        acting_user=user,
    )
    index = 0
    committees: dict[str, Organisation] = {}
    for name, n_cells, subs in COMMITTEES:
        index += 1
        code = f"{BLOC_CODE}.{index:02d}"
        org = actions.do_create_organisation(
            code=code,
            name=f"Đảng bộ {name}",
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            parent=bloc,
            decision=_d(START, ""),
            acting_user=user,
            unit_type=UnitType.AGENCY,
        )
        committees[name] = org
        _cells(org, code, n_cells + 1, START, user)
        for j, (sub_name, sub_cells) in enumerate(subs, start=1):
            sub = actions.do_create_organisation(
                code=f"{code}.B{j}",
                name=f"Đảng bộ bộ phận {sub_name}",
                kind=OrgKind.SUB_COMMITTEE,
                parent=org,
                decision=_d(START, ""),
                acting_user=user,
            )
            _cells(sub, f"{code}.B{j}", sub_cells, START, user)
    cells: dict[str, Organisation] = {}
    for name in GRASSROOTS_CELLS:
        index += 1
        cells[name] = actions.do_create_organisation(
            code=f"{BLOC_CODE}.{index:02d}",
            name=f"Chi bộ {name}",
            kind=OrgKind.GRASSROOTS_CELL,
            parent=bloc,
            decision=_d(START, ""),
            acting_user=user,
            unit_type=ENTERPRISES.get(name, UnitType.AGENCY),
        )
    return bloc, committees, cells


def _next_cell_number(org: Organisation) -> int:
    codes = Organisation.objects.filter(parent=org, code__startswith=f"{org.code}.")
    numbers = [
        int(c.rsplit(".", 1)[1])
        for c in codes.values_list("code", flat=True)
        if c.rsplit(".", 1)[1].isdigit()
    ]
    return max(numbers, default=0) + 1


def history_steps(
    bloc: Organisation,
    committees: dict[str, Organisation],
    cells: dict[str, Organisation],
    rng: random.Random,
    user: Any,
) -> list[Step]:
    """The tree's changes from 2021 to today as dated steps, in date order.

    They are returned rather than run so that the member seed can run them between member
    events of the same dates: a merge then moves the members the merged units had that day.
    Random choices are drawn here, in the same order as when the history ran at once.
    """
    now = today()
    steps: list[Step] = []

    def add(day: dt.date, step: Callable[[], None]) -> None:
        if day <= now:
            steps.append((day, step))

    # Each year a few new cells where agencies grew.
    def grow(day: dt.date, orgs: list[Organisation]) -> None:
        for org in orgs:
            org.refresh_from_db()
            if org.is_active and org.kind == OrgKind.GRASSROOTS_COMMITTEE:
                _cells(org, org.code, 1, day, user, start=_next_cell_number(org))

    for year in range(2021, now.year + 1):
        day = dt.date(year, 4, 15)
        if day > now:
            break
        chosen = rng.sample(list(committees.values()), 4)
        add(day, lambda day=day, chosen=chosen: grow(day, chosen))

    # 2021: a sub-committee's cell moves to the committee itself.
    hospital = committees["Bệnh viện Đa khoa tỉnh"]
    add(
        dt.date(2021, 9, 1),
        lambda: actions.do_move_organisation(
            Organisation.objects.get(code=f"{hospital.code}.B2.04"),
            new_parent=hospital,
            acting_user=user,
            decision=_d(dt.date(2021, 9, 1), "45-QĐ/ĐUK"),
        ),
    )
    # 2022: two cells of the tax department merged after a reorganisation of its divisions.
    tax = committees["Cục Thuế tỉnh"]
    add(
        dt.date(2022, 7, 1),
        lambda: actions.do_merge_organisations(
            [Organisation.objects.get(code=f"{tax.code}.09")],
            target=Organisation.objects.get(code=f"{tax.code}.08"),
            acting_user=user,
            decision=_d(
                dt.date(2022, 7, 1), "112-QĐ/ĐUK", "Sáp nhập phòng theo đề án vị trí việc làm"
            ),
        ),
    )
    # 2023, as in the reference bloc: one cell dissolved, two grassroots cells became
    # grassroots committees, one grassroots committee became a grassroots cell. The
    # dissolved cell's members, if any, go to the first cell of the same department.
    tourism = committees["Sở Du lịch"]
    add(
        dt.date(2023, 5, 10),
        lambda: actions.do_dissolve_organisation(
            Organisation.objects.get(code=f"{tourism.code}.04"),
            members_to=Organisation.objects.get(code=f"{tourism.code}.01"),
            acting_user=user,
            decision=_d(dt.date(2023, 5, 10), "168-QĐ/ĐUK", "Đơn vị giải thể theo đề án sắp xếp"),
        ),
    )

    def grow_up(org: Organisation, day: dt.date, number: str) -> None:
        actions.do_convert_organisation(
            org,
            new_kind=OrgKind.GRASSROOTS_COMMITTEE,
            acting_user=user,
            decision=_d(day, number, "Đủ 30 đảng viên trở lên"),
        )
        org.refresh_from_db()
        _cells(org, org.code, 3, day, user)

    for name, day, number in (
        ("Trung tâm Công nghệ thông tin", dt.date(2023, 6, 1), "175-QĐ/ĐUK"),
        ("Quỹ Đầu tư phát triển tỉnh", dt.date(2023, 8, 1), "190-QĐ/ĐUK"),
    ):
        add(day, lambda org=cells[name], day=day, number=number: grow_up(org, day, number))
    add(
        dt.date(2023, 10, 1),
        lambda: actions.do_convert_organisation(
            committees["Ban Quản lý dự án nông nghiệp"],
            new_kind=OrgKind.GRASSROOTS_CELL,
            absorb_children=True,
            acting_user=user,
            decision=_d(dt.date(2023, 10, 1), "215-QĐ/ĐUK", "Còn dưới 30 đảng viên"),
        ),
    )
    add(dt.date(2025, 3, 1), lambda: _merge_departments_2025(bloc, committees, user))
    add(dt.date(2026, 2, 1), lambda: _split_college_2026(committees, user))
    # Stable: steps of one day keep the order in which they were written.
    steps.sort(key=lambda step: step[0])
    return steps


def _merge_departments_2025(
    bloc: Organisation, committees: dict[str, Organisation], user: Any
) -> None:
    """2025: departments merged under the reorganisation of the apparatus."""
    day = dt.date(2025, 3, 1)
    actions.do_merge_organisations(
        [committees["Sở Kế hoạch và Đầu tư"]],
        target=committees["Sở Tài chính"],
        acting_user=user,
        decision=_d(day, "301-QĐ/ĐUK", "Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính"),
    )
    actions.do_merge_organisations(
        [committees["Sở Giao thông vận tải"]],
        target=committees["Sở Xây dựng"],
        acting_user=user,
        decision=_d(day, "302-QĐ/ĐUK"),
    )
    actions.do_merge_organisations(
        [
            committees["Sở Tài nguyên và Môi trường"],
            committees["Sở Nông nghiệp và Phát triển nông thôn"],
        ],
        new=NewOrganisation(
            "DBK.90", "Đảng bộ Sở Nông nghiệp và Môi trường", OrgKind.GRASSROOTS_COMMITTEE, bloc
        ),
        acting_user=user,
        decision=_d(day, "303-QĐ/ĐUK"),
    )
    actions.do_merge_organisations(
        [committees["Sở Lao động - Thương binh và Xã hội"]],
        target=committees["Sở Nội vụ"],
        acting_user=user,
        decision=_d(day, "304-QĐ/ĐUK"),
    )
    actions.do_merge_organisations(
        [committees["Sở Thông tin và Truyền thông"]],
        target=committees["Sở Khoa học và Công nghệ"],
        acting_user=user,
        decision=_d(day, "305-QĐ/ĐUK"),
    )
    actions.do_merge_organisations(
        [committees["Sở Du lịch"]],
        target=committees["Sở Văn hóa và Thể thao"],
        acting_user=user,
        decision=_d(day, "306-QĐ/ĐUK"),
    )
    actions.do_rename_organisation(
        committees["Sở Văn hóa và Thể thao"],
        new_name="Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
        acting_user=user,
        decision=_d(day, "306-QĐ/ĐUK"),
    )


def _split_college_2026(committees: dict[str, Organisation], user: Any) -> None:
    day = dt.date(2026, 2, 1)
    college = committees["Trường Cao đẳng Kỹ thuật Công nghệ"]
    children = [v.organisation for v in queries.children_at(college, day)]
    actions.do_split_organisation(
        college,
        parts=[
            NewOrganisation(
                "DBK.91",
                "Đảng bộ Trường Cao đẳng Kỹ thuật Công nghệ",
                OrgKind.GRASSROOTS_COMMITTEE,
                children=children,
            ),
            NewOrganisation("DBK.92", "Chi bộ Trung tâm Đào tạo lái xe", OrgKind.GRASSROOTS_CELL),
        ],
        acting_user=user,
        decision=_d(day, "012-QĐ/ĐUK", "Tách Trung tâm Đào tạo lái xe thành đơn vị độc lập"),
    )
