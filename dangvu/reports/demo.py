"""Demo data of the reports: the heading the demo committee set once for its reports."""

from __future__ import annotations

from dangvu.orgs.models import Organisation
from dangvu.reports.actions import do_set_heading

# The demo bloc is that of a province's agencies (its members live in Bình Định).
DEMO_PLACE = "Quy Nhơn"
DEMO_SUPERIOR_LINE = "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
DEMO_RECIPIENTS = (
    "Ban Thường vụ Tỉnh ủy (để báo cáo)",
    "Ban Tổ chức Tỉnh ủy",
    "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ Khối",
    "Các tổ chức cơ sở đảng trực thuộc",
    "Lưu Văn phòng Đảng ủy Khối",
)


def seed_report_heading(bloc: Organisation) -> None:
    """The place, the superior line and the recipients of the bloc's reports, so that no
    demo report shows «…………»; the organisations under it inherit the place."""
    do_set_heading(
        bloc,
        place=DEMO_PLACE,
        superior_line=DEMO_SUPERIOR_LINE,
        recipients="\n".join(DEMO_RECIPIENTS),
        acting_user=None,
    )
