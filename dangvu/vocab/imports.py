"""Importing administrative units: districts and communes (and any later change of a unit).

Dangvu ships the provinces with their dates (`dangvu.vocab.data`); the office loads the
official list of districts and communes with this kind, `admin-units`. Each row is a unit
valid from one day to another; a unit that changed names the unit it became. The same row
again is «đã có (không đổi)»; re-importing a unit with an earlier end (and what it became)
ends it then. Only administrators load units: they are one list for every organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.audit import log as audit
from dangvu.core.dates import FOREVER
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.lib.vnformat import fmt_date
from dangvu.vocab.data import MERGER_DAY
from dangvu.vocab.lookup import fold
from dangvu.vocab.models import SINCE, AdminUnit

Level = AdminUnit.Level

# The words a «Cấp» cell may hold, folded (no accents, case, spaces), for each level.
LEVEL_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("tinh", "captinh", "tinhthanhpho", "thanhphotructhuoctrunguong", "province"),
        Level.PROVINCE,
    ),
    **dict.fromkeys(
        (
            "huyen",
            "caphuyen",
            "quan",
            "thixa",
            "thanhphothuoctinh",
            "thanhphothuocthanhphotructhuoctrunguong",
            "huyenquanthixathanhphothuoctinh",
            "district",
        ),
        Level.DISTRICT,
    ),
    **dict.fromkeys(
        (
            "xa",
            "capxa",
            "phuong",
            "thitran",
            "dackhu",
            "xaphuongthitrandackhu",
            "xaphuongthitran",
            "commune",
        ),
        Level.COMMUNE,
    ),
}
LEVEL_NAMES = {
    Level.PROVINCE: "tỉnh, thành phố",
    Level.DISTRICT: "huyện, quận, thị xã, thành phố thuộc tỉnh",
    Level.COMMUNE: "xã, phường, thị trấn, đặc khu",
}
# The statistics office's codes are 2 (province), 3 (district) and 5 (commune) digits;
# Excel drops the leading zeros of a code typed as a number.
CODE_DIGITS = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

COLUMNS = (
    Column("Mã", "code", "code", required=True, example="22015", max_length=10),
    Column("Tên", "name", required=True, example="Phường Hồng Gai", max_length=120),
    Column(
        "Cấp",
        "level",
        required=True,
        example="Xã",
        help=(
            "Tỉnh (hoặc Thành phố trực thuộc trung ương), Huyện (Quận, Thị xã, Thành phố "
            "thuộc tỉnh) hoặc Xã (Phường, Thị trấn, Đặc khu)."
        ),
    ),
    Column(
        "Mã đơn vị cấp trên",
        "parent",
        "code",
        example="22",
        help=(
            "Mã của tỉnh (với huyện, và với xã từ 01/7/2025) hoặc của huyện (với xã trước "
            "01/7/2025), có hiệu lực ngày «Từ ngày»; để trống với tỉnh."
        ),
    ),
    Column(
        "Từ ngày",
        "valid_from",
        "date",
        example="01/07/2025",
        help="Ngày đơn vị bắt đầu; để trống: từ trước mọi hồ sơ (03/02/1930).",
    ),
    Column(
        "Đến ngày",
        "valid_to",
        "date",
        help=(
            "Ngày đơn vị không còn (ngày đơn vị thay thế bắt đầu); để trống: còn hiệu lực, "
            "hoặc đến ngày đơn vị cấp trên kết thúc (huyện: đến 01/7/2025)."
        ),
    ),
    Column(
        "Mã đơn vị nay là",
        "successor",
        "code",
        help="Mã của đơn vị cùng cấp thay thế đơn vị này, có hiệu lực ngày «Đến ngày».",
    ),
)
HEADERS = {c.field: c.header for c in COLUMNS}


def level_of(text: str | None) -> str:
    """The level a «Cấp» cell names, or RowError saying what is accepted."""
    key = fold(text).replace(",", "")
    if key == "thanhpho":
        raise RowError(
            "«Thành phố» có thể là cấp tỉnh hoặc cấp huyện: ghi «Thành phố trực thuộc trung "
            "ương» (cấp tỉnh) hoặc «Thành phố thuộc tỉnh» (cấp huyện).",
            HEADERS["level"],
        )
    if key not in LEVEL_WORDS:
        raise RowError(
            f"Cấp «{text}» không hợp lệ; ghi Tỉnh, Huyện hoặc Xã (hoặc Thành phố trực thuộc "
            "trung ương, Quận, Thị xã, Thành phố thuộc tỉnh, Phường, Thị trấn, Đặc khu).",
            HEADERS["level"],
        )
    return LEVEL_WORDS[key]


def _codes(code: str, levels: tuple[str, ...]) -> set[str]:
    """The forms `code` may take at `levels` (a code of digits padded to each's length)."""
    if not code.isdigit():
        return {code}
    return {code, *(code.zfill(CODE_DIGITS[level]) for level in levels)}


def _describe(unit: AdminUnit) -> str:
    span = f"từ {fmt_date(unit.valid_from)}"
    if unit.valid_to < FOREVER:
        span += f" đến trước {fmt_date(unit.valid_to)}"
    return f"«{unit.name}» (mã {unit.code}, cấp {LEVEL_NAMES[unit.level]}, {span})"


def _find(code: str, levels: tuple[str, ...], on: dt.date) -> AdminUnit | None:
    """The one unit of `levels` with `code` in force on `on` (the lowest level first)."""
    found = list(
        AdminUnit.objects.filter(
            level__in=levels,
            code__in=_codes(code, levels),
            valid_from__lte=on,
            valid_to__gt=on,
        )
    )
    for level in levels:
        mine = [u for u in found if u.level == level]
        if mine:
            return mine[0]
    return None


def _parent(row: dict[str, Any], level: str, start: dt.date) -> AdminUnit | None:
    code = row.get("parent") or ""
    column = HEADERS["parent"]
    if level == Level.PROVINCE:
        if code:
            raise RowError("Tỉnh, thành phố không có đơn vị cấp trên; để trống ô này.", column)
        return None
    if not code:
        raise RowError(f"Hãy ghi mã đơn vị cấp trên của đơn vị cấp {LEVEL_NAMES[level]}.", column)
    levels: tuple[str, ...] = (
        (Level.PROVINCE,) if level == Level.DISTRICT else (Level.DISTRICT, Level.PROVINCE)
    )
    parent = _find(code, levels, start)
    if parent is None:
        whom = "tỉnh" if level == Level.DISTRICT else "huyện hoặc tỉnh"
        raise RowError(
            f"Không có {whom} mã «{code}» có hiệu lực ngày {fmt_date(start)}; hãy nạp đơn vị "
            "cấp trên trước, hoặc kiểm tra mã và «Từ ngày».",
            column,
        )
    if level == Level.COMMUNE and parent.level == Level.PROVINCE and start < MERGER_DAY:
        districts = AdminUnit.objects.filter(
            level=Level.DISTRICT, parent=parent, valid_from__lte=start, valid_to__gt=start
        )
        if districts.exists():
            raise RowError(
                f"Trước ngày {fmt_date(MERGER_DAY)} xã, phường thuộc một huyện của "
                f"{parent.name}: ghi mã huyện làm đơn vị cấp trên.",
                column,
            )
    return parent


def _end(row: dict[str, Any], level: str, start: dt.date, parent: AdminUnit | None) -> dt.date:
    column = HEADERS["valid_to"]
    if level == Level.DISTRICT and start >= MERGER_DAY:
        raise RowError(
            f"Cấp huyện không còn từ ngày {fmt_date(MERGER_DAY)} (tổ chức chính quyền địa "
            f"phương hai cấp): không nạp được huyện bắt đầu từ ngày {fmt_date(start)}.",
            HEADERS["valid_from"],
        )
    end = row.get("valid_to")
    if end is None:
        end = parent.valid_to if parent is not None else FOREVER
        if level == Level.DISTRICT:
            end = min(end, MERGER_DAY)
    if end <= start:
        raise RowError(
            f"«Đến ngày» ({fmt_date(end)}) phải sau «Từ ngày» ({fmt_date(start)}).", column
        )
    if level == Level.DISTRICT and end > MERGER_DAY:
        raise RowError(
            f"Cấp huyện không còn từ ngày {fmt_date(MERGER_DAY)} (tổ chức chính quyền địa "
            "phương hai cấp): «Đến ngày» của một huyện chậm nhất là ngày "
            f"{fmt_date(MERGER_DAY)}.",
            column,
        )
    if parent is not None and end > parent.valid_to:
        raise RowError(
            f"Đơn vị cấp trên {_describe(parent)} kết thúc trước; «Đến ngày» không được muộn "
            f"hơn {fmt_date(parent.valid_to)}.",
            column,
        )
    return end


def _successor(row: dict[str, Any], level: str, end: dt.date) -> AdminUnit | None:
    code = row.get("successor") or ""
    if not code:
        return None
    column = HEADERS["successor"]
    if end >= FOREVER:
        raise RowError("Đơn vị còn hiệu lực thì chưa có đơn vị «nay là»; ghi «Đến ngày».", column)
    successor = _find(code, (level,), end)
    if successor is None:
        raise RowError(
            f"Không có đơn vị cấp {LEVEL_NAMES[level]} mã «{code}» có hiệu lực ngày "
            f"{fmt_date(end)}; hãy nạp đơn vị đó (cùng tệp cũng được) hoặc kiểm tra mã.",
            column,
        )
    return successor


def _check_superuser(ctx: Context) -> None:
    if ctx.user is not None and not getattr(ctx.user, "is_superuser", False):
        raise RowError(
            "Chỉ quản trị viên nạp được đơn vị hành chính (danh mục dùng chung cho mọi tổ chức)."
        )


def apply_unit(row: dict[str, Any], ctx: Context) -> str:
    _check_superuser(ctx)
    level = level_of(row.get("level"))
    code = row["code"]
    if code.isdigit():
        code = code.zfill(CODE_DIGITS[level])
    if len(code) > 10:
        raise RowError("Mã dài quá 10 ký tự.", HEADERS["code"])
    name = row["name"]
    start = row.get("valid_from") or SINCE
    parent = _parent(row, level, start)
    end = _end(row, level, start, parent)
    successor = _successor(row, level, end)

    same = AdminUnit.objects.filter(level=level, code=code, valid_from=start).first()
    if same is not None:
        if (same.name, same.parent_id, same.valid_to, same.successor_id) == (
            name,
            parent.pk if parent else None,
            end,
            successor.pk if successor else None,
        ):
            return "unchanged"
        shortened = same.successor_id is None and end < same.valid_to
        if shortened and (same.name, same.parent_id) == (name, parent.pk if parent else None):
            return _end_unit(same, end, successor, ctx)
        raise RowError(
            f"Mã «{code}» từ ngày {fmt_date(start)} đã là đơn vị {_describe(same)} với nội "
            "dung khác; mỗi mã chỉ một đơn vị vào một ngày.",
            HEADERS["code"],
        )
    overlapping = AdminUnit.objects.filter(
        level=level, code=code, valid_from__lt=end, valid_to__gt=start
    ).first()
    if overlapping is not None:
        raise RowError(
            f"Mã «{code}» đã là đơn vị {_describe(overlapping)}, có hiệu lực trong cùng khoảng "
            "ngày; mỗi mã chỉ một đơn vị vào một ngày (đơn vị cũ cần «Đến ngày» trước).",
            HEADERS["code"],
        )
    unit = AdminUnit.objects.create(
        level=level,
        code=code,
        name=name,
        parent=parent,
        valid_from=start,
        valid_to=end,
        successor=successor,
        source="Nạp từ tệp danh mục đơn vị hành chính",
    )
    audit.record(audit.CREATE, user=ctx.user, obj=unit, after=audit.snapshot(unit))
    return "created"


def _end_unit(unit: AdminUnit, end: dt.date, successor: AdminUnit | None, ctx: Context) -> str:
    """End a unit sooner than it was loaded with (it became `successor` on `end`)."""
    if AdminUnit.objects.filter(parent=unit, valid_to__gt=end).exists():
        child = AdminUnit.objects.filter(parent=unit, valid_to__gt=end).first()
        raise RowError(
            f"Đơn vị cấp dưới {_describe(child)} còn hiệu lực sau ngày {fmt_date(end)}; hãy "
            "ghi «Đến ngày» cho các đơn vị cấp dưới trước.",
            HEADERS["valid_to"],
        )
    before = audit.snapshot(unit, ["valid_to", "successor"])
    unit.valid_to, unit.successor = end, successor
    unit.save(update_fields=["valid_to", "successor"])
    audit.record(
        audit.UPDATE,
        user=ctx.user,
        obj=unit,
        before=before,
        after=audit.snapshot(unit, ["valid_to", "successor"]),
    )
    return "created"


ADMIN_UNITS_KIND = ImportKind(
    code="admin-units",
    label="Đơn vị hành chính",
    description=(
        "Mỗi dòng là một đơn vị hành chính (huyện, xã, phường; tỉnh khi có thay đổi) với mã "
        "của cơ quan thống kê, cấp, đơn vị cấp trên và ngày có hiệu lực; đơn vị đã thay đổi "
        "ghi mã đơn vị nay là. Chỉ quản trị viên nạp được."
    ),
    columns=COLUMNS,
    apply=apply_unit,
    # A commune may come before its district, a unit before the one it became.
    retry_on=("parent", "successor"),
    notes=(
        "Administrators only: the units are one list for every organisation. Dangvu ships "
        "the provinces with their dates (Huế from 01/01/2025, the 34 provinces of "
        "01/07/2025 with their predecessors); this kind loads the districts and communes "
        "from the official list, and any later change.",
        "«Cấp» takes Tỉnh, Huyện or Xã, or the full words (Thành phố trực thuộc trung ương; "
        "Quận, Thị xã, Thành phố thuộc tỉnh; Phường, Thị trấn, Đặc khu), without regard to "
        "accents or case; a bare «Thành phố» is refused as it may be either level. A code of "
        "digits shorter than the statistics office's length (province 2, district 3, "
        "commune 5) gets its leading zeros back.",
        "The parent is found by its code among the units in force on the row's «Từ ngày» "
        "(empty: 03/02/1930): a province for a district, a district for a commune before "
        "01/07/2025 (a province's commune is refused while the province has districts), a "
        "province for a commune from that day. An unknown parent is an error row naming the "
        "code and the date; rows of one file may come in any order.",
        "An empty «Đến ngày» is the parent's end (a district: 01/07/2025); a district that "
        "begins on or lasts past 01/07/2025 is refused, as is an end after the parent's. "
        "«Mã đơn vị nay là» names a unit of the same level in force on «Đến ngày».",
        "A code is one unit on a day: a row with a code and start already there is «đã có "
        "(không đổi)» when it says the same; it ends that unit sooner when it gives an "
        "earlier end (and what the unit became) and the unit has no successor yet; "
        "otherwise it is refused, naming the unit. A row overlapping another unit's dates "
        "under the same code is refused.",
    ),
)

register(ADMIN_UNITS_KIND)
