import datetime as dt
from decimal import Decimal

from dangvu.lib.vnformat import fmt_count, fmt_date, fmt_date_long, fmt_number, fmt_percent


def test_thousands_are_grouped_with_dots() -> None:
    assert fmt_number(5136) == "5.136"
    assert fmt_number(1784) == "1.784"
    assert fmt_number(5_500_000) == "5.500.000"
    assert fmt_number(999) == "999"
    assert fmt_number(-2610) == "-2.610"


def test_decimals_use_a_comma_and_round_half_up() -> None:
    assert fmt_number(4.125, 2) == "4,13"
    assert fmt_number(Decimal("98.72"), 2) == "98,72"


def test_counts_below_ten_take_a_leading_zero() -> None:
    assert fmt_count(2) == "02"
    assert fmt_count(0) == "00"
    assert fmt_count(12) == "12"
    assert fmt_count(5136) == "5.136"


def test_percentages_drop_trailing_zeros() -> None:
    assert fmt_percent(4.1176) == "4,12%"
    assert fmt_percent(100) == "100%"
    assert fmt_percent(31.30) == "31,3%"
    assert fmt_percent(None) == "—"


def test_dates_in_press_and_document_style() -> None:
    assert fmt_date(dt.date(2024, 1, 30)) == "30/01/2024"
    assert fmt_date_long(dt.date(2023, 2, 1)) == "ngày 01 tháng 02 năm 2023"
    assert fmt_date_long(dt.date(2024, 1, 30)) == "ngày 30 tháng 01 năm 2024"
    assert fmt_date_long(dt.date(2023, 11, 7)) == "ngày 07 tháng 11 năm 2023"
