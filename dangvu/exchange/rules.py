"""The dated rule of the exchange (see dangvu.core.rules): how long a package is good for."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

D0 = dt.date(1930, 2, 3)
QD24 = dt.date(2021, 7, 30)  # Quy định 24-QĐ/TW ngày 30/7/2021
QD294 = dt.date(2025, 7, 1)  # Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực từ 01/7/2025

register_rule(
    "exchange.introduction_valid_working_days",
    "Thời hạn đảng viên xuất trình giấy giới thiệu sinh hoạt đảng chính thức (ngày làm việc)",
    (
        D0,
        30,
        "Điều lệ Đảng và các hướng dẫn thi hành về thủ tục chuyển sinh hoạt đảng chính thức "
        "(chưa đối chiếu được nguyên văn)",
    ),
    (
        QD24,
        30,
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 7: trong 30 ngày làm việc kể từ ngày cấp ủy "
        "giới thiệu chuyển sinh hoạt đảng, đảng viên phải xuất trình giấy giới thiệu với tổ "
        "chức đảng nơi đến (chưa đối chiếu được nguyên văn)",
    ),
    (
        QD294,
        30,
        "Quy định 294-QĐ/TW ngày 26/5/2025 (hiệu lực từ 01/7/2025), điểm 7: giữ thời hạn 30 "
        "ngày làm việc (chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Hạn của gói hồ sơ chuyển sinh hoạt: gói hết hạn sau số ngày làm việc này kể từ ngày "
        "giấy giới thiệu (ngày quyết định chuyển đi, theo phiên bản có hiệu lực vào ngày đó); "
        "nơi đến không ghi tiếp nhận bằng gói mà ngày tiếp nhận đã quá hạn."
    ),
)
