"""Dated rule values of personnel work."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

# (shortest, longest) term in years. Grassroots committees and above sit for five years;
# cells under a grassroots committee hold two congresses in five years, so their terms
# run two and a half years and are written with the years they span (2020–2022).
register_rule(
    "personnel.term_years",
    "Độ dài nhiệm kỳ cấp ủy (số năm ngắn nhất, dài nhất)",
    (dt.date(1930, 2, 3), [2, 5], "Điều lệ Đảng; Quy định thi hành Điều lệ Đảng"),
    use=(
        "Khi ghi một khóa cấp ủy, số năm từ năm đầu đến năm cuối nhiệm kỳ phải nằm trong "
        "khoảng này (theo quy định có hiệu lực ngày 01/01 năm đầu nhiệm kỳ)."
    ),
)
