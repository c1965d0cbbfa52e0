"""Rule defaults of the organisation board (see dangvu.core.rules)."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule, rule
from dangvu.orgs.kinds import OrgKind

STATUTE = "Điều lệ Đảng; Quy định 294-QĐ/TW thi hành Điều lệ Đảng"

# For each kind, the kinds its parent may have; "" means it may be a root.
register_rule(
    "orgs.allowed_parents",
    "Loại tổ chức cấp trên được phép theo từng loại tổ chức",
    (
        dt.date(1930, 2, 3),
        {
            OrgKind.BLOC: ["", OrgKind.BLOC],
            OrgKind.GRASSROOTS_CELL: [OrgKind.BLOC],
            OrgKind.GRASSROOTS_COMMITTEE: [OrgKind.BLOC],
            OrgKind.SUB_COMMITTEE: [OrgKind.GRASSROOTS_COMMITTEE],
            OrgKind.CELL: [OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE],
            OrgKind.GROUP: [OrgKind.CELL, OrgKind.GRASSROOTS_CELL],
        },
        STATUTE,
    ),
    use=(
        "Khi thành lập, di chuyển, sáp nhập, chia tách hay chuyển tổ chức đảng, cấp trên "
        "được chọn phải thuộc một trong các loại tổ chức này vào ngày của quyết định; nếu "
        "không, quyết định bị từ chối và nêu loại tổ chức cấp trên được phép."
    ),
)


def allowed_parent_kinds(kind: str, on: dt.date) -> list[str]:
    table: dict[str, list[str]] = rule("orgs.allowed_parents", on)
    return list(table.get(str(kind), []))
