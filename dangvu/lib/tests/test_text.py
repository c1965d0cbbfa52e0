import unicodedata

from dangvu.lib.text import clean, search_key


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
