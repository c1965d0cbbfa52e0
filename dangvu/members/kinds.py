"""Kinds of member event and membership status."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    PROBATIONARY = "PROBATIONARY", "Đảng viên dự bị"
    FULL = "FULL", "Đảng viên chính thức"


class EventKind(models.TextChoices):
    # The roll loaded when the committee takes the system into use: stock, not a flow.
    OPENING = "OPENING", "Có tên trong danh sách khi bắt đầu dùng hệ thống"
    ADMITTED = "ADMITTED", "Kết nạp"
    CONFIRMED = "CONFIRMED", "Chuyển đảng chính thức"
    CARD_ISSUED = "CARD_ISSUED", "Phát thẻ đảng viên"
    TRANSFER_IN = "TRANSFER_IN", "Tiếp nhận chuyển sinh hoạt đến"
    TRANSFER_OUT = "TRANSFER_OUT", "Chuyển sinh hoạt đi"
    MOVED = "MOVED", "Chuyển sinh hoạt trong Đảng bộ"
    # Recorded on a member of this committee's rolls, so never "Sinh hoạt tạm thời đến":
    # that phrase is for members of other committees who come here for a while.
    TEMP_IN = "TEMP_IN", "Sinh hoạt tạm thời tại tổ chức khác trong Đảng bộ"
    TEMP_OUT = "TEMP_OUT", "Sinh hoạt tạm thời đi"
    EXEMPTED = "EXEMPTED", "Miễn sinh hoạt"
    BADGE_PROPOSED = "BADGE_PROPOSED", "Đề nghị tặng Huy hiệu Đảng"
    BADGE_AWARDED = "BADGE_AWARDED", "Tặng Huy hiệu Đảng"
    DISCIPLINED = "DISCIPLINED", "Kỷ luật"
    DIED = "DIED", "Từ trần"
    REMOVED = "REMOVED", "Xóa tên"
    RESIGNED = "RESIGNED", "Xin ra khỏi Đảng"
    READMITTED = "READMITTED", "Kết nạp lại"
    RESTORED = "RESTORED", "Phục hồi đảng tịch"


class DisciplineForm(models.TextChoices):
    """Heaviest first, as party reports list them (choices, filters, tables, prose)."""

    EXPULSION = "EXPULSION", "Khai trừ"
    DISMISSAL = "DISMISSAL", "Cách chức"
    WARNING = "WARNING", "Cảnh cáo"
    REPRIMAND = "REPRIMAND", "Khiển trách"


# Events that start an interval on the books (from no membership here).
# OPENING brings onto the books, at the date the committee starts keeping its records
# here, a member admitted earlier. It starts an interval but is not a flow of members:
# the statistics count it in the start stock of the period it falls in (queries.balance).
JOINING = {
    EventKind.ADMITTED,
    EventKind.READMITTED,
    EventKind.RESTORED,
    EventKind.TRANSFER_IN,
    EventKind.OPENING,
}
# Events that end a membership. Expulsion is a DISCIPLINED event with form EXPULSION and
# is reported as EXPELLED.
LEAVING = {EventKind.TRANSFER_OUT, EventKind.DIED, EventKind.REMOVED, EventKind.RESIGNED}
EXPELLED = "EXPELLED"

# The kinds under which interval starts and ends are reported as flows (OPENING is stock).
INFLOW_KINDS = ["ADMITTED", "READMITTED", "RESTORED", "TRANSFER_IN", "MOVED"]
OUTFLOW_KINDS = ["TRANSFER_OUT", "MOVED", "DIED", EXPELLED, "REMOVED", "RESIGNED"]
FLOW_LABELS = {
    "ADMITTED": "Kết nạp",
    "READMITTED": "Kết nạp lại",
    "RESTORED": "Phục hồi đảng tịch",
    "TRANSFER_IN": "Chuyển đến",
    "MOVED": "Chuyển trong Đảng bộ",
    "TRANSFER_OUT": "Chuyển đi",
    "DIED": "Từ trần",
    EXPELLED: "Khai trừ",
    "REMOVED": "Xóa tên",
    "RESIGNED": "Xin ra khỏi Đảng",
}
