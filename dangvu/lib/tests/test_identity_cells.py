"""Identity and card numbers read from cells: text kept as typed, numbers Excel spoilt
refused with what happened and how to keep the column as text."""

from __future__ import annotations

import pytest

from dangvu.lib.sheets import parse_card_number, parse_identity_number


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("052090001234", "052090001234"),
        (" 0520 9000 1234 ", "052090001234"),
        (152090001234, "152090001234"),  # twelve digits survive a number cell
        (152090001234.0, "152090001234"),
        (None, ""),
        ("05209000123X", "05209000123X"),  # judged with the record: 12 digits or not
    ],
)
def test_identity_numbers_that_survived_are_read(cell: object, number: str) -> None:
    assert parse_identity_number(cell) == number


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        (52090001234, "0 ở đầu"),
        (52090001234.0, "0 ở đầu"),
        ("52090001234", "0 ở đầu"),
        ("5.2E+11", "dạng khoa học"),
        ("5,20900E+11", "dạng khoa học"),
        ("52090001234.0", "mất số 0 ở đầu"),
        ("152090001234.0", "số thập phân"),
        (5.2e18, "làm tròn"),
        (520900.5, "không phải số CCCD"),
        (1234, "có 4 chữ số"),
    ],
)
def test_identity_numbers_excel_spoilt_say_so_and_how_to_keep_them(cell: object, says: str) -> None:
    with pytest.raises(ValueError, match="Văn bản \\(Text\\)") as refused:
        parse_identity_number(cell)
    assert says in str(refused.value)


def test_the_lost_zero_is_suggested() -> None:
    with pytest.raises(ValueError, match="052090001234"):
        parse_identity_number(52090001234)


@pytest.mark.parametrize(("cell", "says"), [("5E+7", "khoa học"), ("501234.0", "thập phân")])
def test_card_numbers_excel_spoilt_say_so(cell: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_card_number(cell)


def test_card_numbers_keep_their_leading_zeros_as_text() -> None:
    assert parse_card_number("0012345") == "0012345"
    assert parse_card_number(12345) == "12345"
