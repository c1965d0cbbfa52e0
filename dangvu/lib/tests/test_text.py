import unicodedata

from dangvu.lib.text import clean, clean_paragraphs, search_key


def test_search_key_strips_accents_and_maps_d_stroke() -> None:
    assert search_key("Nguyễn Văn An") == "nguyen van an"
    assert search_key("Đặng Thị Đào") == "dang thi dao"


def test_search_key_is_the_same_for_any_unicode_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Trần Quốc Toản")
    assert search_key(decomposed) == search_key("Trần Quốc Toản") == "tran quoc toan"


def test_clean_folds_spaces_and_composes() -> None:
    decomposed = unicodedata.normalize("NFD", "  Chi bộ   Văn phòng ")
    assert clean(decomposed) == "Chi bộ Văn phòng"
    assert clean(None) == ""


def test_clean_paragraphs_keeps_the_lines_a_browser_sends_as_crlf() -> None:
    assert clean_paragraphs("Ưu điểm: tốt.\r\nHạn chế: chậm.\rKiến nghị.") == (
        "Ưu điểm: tốt.\nHạn chế: chậm.\nKiến nghị."
    )


def test_clean_paragraphs_trims_each_line_and_folds_spaces_inside_it() -> None:
    assert clean_paragraphs("  Một \t  hai  \n\t ba   bốn \t") == "Một hai\nba bốn"


def test_clean_paragraphs_keeps_one_blank_line_between_paragraphs() -> None:
    text = "\n\nĐoạn một.\n\n\n\n  \nĐoạn hai.\n\nĐoạn ba.\n\n\n"
    assert clean_paragraphs(text) == "Đoạn một.\n\nĐoạn hai.\n\nĐoạn ba."


def test_clean_paragraphs_of_none_or_blank_is_empty() -> None:
    assert clean_paragraphs(None) == ""
    assert clean_paragraphs(" \r\n\t\n ") == ""


def test_clean_paragraphs_composes_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Kết luận\nĐảng viên")
    assert clean_paragraphs(decomposed) == "Kết luận\nĐảng viên"
    assert unicodedata.is_normalized("NFC", clean_paragraphs(decomposed))


def test_clean_paragraphs_is_idempotent_so_an_unchanged_save_stays_unchanged() -> None:
    typed = "Dòng một  \r\n\r\n\r\nDòng hai\r\n"
    stored = clean_paragraphs(typed)
    assert clean_paragraphs(stored) == stored
    assert clean_paragraphs(stored.replace("\n", "\r\n")) == stored
