"""Rule defaults and settings of the propaganda and education board (see dangvu.core.rules)."""

from __future__ import annotations

import datetime as dt

from dangvu.core.dates import today
from dangvu.core.rules import register_rule, rule

CANDIDATE_CLASS_DEFAULT = "lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng"

# What the committee calls the class a candidate must complete before admission. The
# Statute guidance names it "lớp bồi dưỡng nhận thức về Đảng"; committees name it as their
# own documents do (the reference report: "lớp Bồi dưỡng lý luận chính trị đối tượng kết
# nạp đảng"). One name, used wherever the class is named: a version added by the
# administrator from a date renames it from then on, and older reports keep the old name.
register_rule(
    "education.candidate_class_name",
    "Tên gọi lớp bồi dưỡng cho đối tượng kết nạp Đảng (do cấp ủy đặt)",
    (
        dt.date(1930, 2, 3),
        CANDIDATE_CLASS_DEFAULT,
        "Tên gọi do cấp ủy quyết định; mặc định theo tên chương trình bồi dưỡng lý luận "
        "chính trị dành cho đối tượng kết nạp Đảng của Ban Tuyên giáo Trung ương (chưa đối "
        "chiếu được nguyên văn văn bản ban hành chương trình). Hướng dẫn 01-HD/TW về thi "
        "hành Điều lệ Đảng gọi là «lớp bồi dưỡng nhận thức về Đảng».",
    ),
    use="Tên lớp dành cho quần chúng ưu tú ở mọi nơi Đảng vụ nhắc tới lớp này: loại lớp "
    "trên các trang và biểu mẫu, tiến độ hồ sơ kết nạp, thông báo khi thiếu giấy chứng "
    "nhận, số liệu và lời văn của báo cáo năm (báo cáo của năm nào dùng tên gọi của năm đó).",
)


def candidate_class_name(on: dt.date | None = None) -> str:
    """The committee's name for the candidate class on `on` (today by default), lower case
    as it stands inside a sentence ("mở 06 lớp bồi dưỡng …")."""
    return str(rule("education.candidate_class_name", on or today()))


def candidate_class_title(on: dt.date | None = None) -> str:
    """The same name starting with a capital, as a label or a heading."""
    name = candidate_class_name(on)
    return name[:1].upper() + name[1:]


# How long after a resolution is issued its study (học tập, quán triệt) falls due: the
# home page and the digest list the grassroots organisations without a return from then.
register_rule(
    "education.study_within_days",
    "Thời hạn tổ chức học tập, quán triệt nghị quyết (số ngày kể từ ngày ban hành)",
    (
        dt.date(1930, 2, 3),
        60,
        "Mặc định của Đảng vụ, chưa đối chiếu văn bản quy định; cấp ủy đặt theo kế hoạch "
        "học tập, quán triệt của mình.",
    ),
    use="Việc đến hạn trên trang chủ và thư nhắc việc: các tổ chức cơ sở chưa báo cáo kết "
    "quả học tập một nghị quyết sau thời hạn này (tính từ ngày ban hành).",
)
