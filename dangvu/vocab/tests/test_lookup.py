"""Reading the vocabularies: typed text to a value or a unit, dates, and what a unit is now."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvu.vocab.lookup import (
    allowed_names,
    current,
    fold,
    label,
    match,
    match_unit,
    unit_key,
    units_on,
    values_on,
)
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

pytestmark = pytest.mark.django_db

E = Vocabulary.ETHNICITY
R = Vocabulary.RELIGION
PROVINCE = AdminUnit.Level.PROVINCE
BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


def province(name: str, day: dt.date) -> AdminUnit:
    found = match_unit(name, PROVINCE, day)
    assert found is not None, name
    return found


class TestFold:
    def test_accents_case_hyphens_and_spaces_do_not_count(self) -> None:
        assert fold("Ê-đê") == fold("ê đê") == fold("EDE") == "ede"
        assert fold("Bà Rịa – Vũng Tàu") == fold("ba ria-vung tau")
        assert fold(None) == ""


class TestMatch:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Kinh", "Kinh"),
            ("kinh", "Kinh"),
            ("Ê-đê", "Ê Đê"),
            ("ede", "Ê Đê"),
            ("Mông", "Hmông"),
            ("H'Mông", "Hmông"),
            ("khơ-mú", "Khơ Mú"),
            ("Bru - Vân Kiều", "Bru Vân Kiều"),
            ("12", "Ê Đê"),
            ("01", "Kinh"),
        ],
    )
    def test_an_ethnicity_by_name_alias_or_code(self, text: str, name: str) -> None:
        found = match(E, text)
        assert found is not None and found.name == name

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Thiên Chúa giáo", "02"),
            ("công giáo", "02"),
            ("Đạo Tin lành", "03"),
            ("Hòa Hảo", "05"),
            ("Hoà Hảo", "05"),
            ("Bà La Môn", "13"),
            ("không", "00"),
        ],
    )
    def test_a_religion_by_name_or_alias(self, text: str, code: str) -> None:
        found = match(R, text)
        assert found is not None and found.code == code

    @pytest.mark.parametrize("text", ["", "   ", "Kinh, Tày", "Sao Hỏa", "99"])
    def test_nothing_or_something_unknown_matches_nothing(self, text: str) -> None:
        assert match(E, text) is None

    def test_a_text_naming_two_values_matches_neither(self) -> None:
        VocabularyValue.objects.create(
            vocabulary=E, code="X1", name="Kinh cũ", aliases=["Việt"], group="KINH"
        )
        assert match(E, "Việt") is None
        assert match(E, "Kinh").name == "Kinh"

    def test_a_value_is_matched_only_on_the_days_it_is_valid(self) -> None:
        VocabularyValue.objects.create(
            vocabulary=R,
            code="17",
            name="Tôn giáo mới",
            group="RELIGIOUS",
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2027, 1, 1),
        )
        assert match(R, "Tôn giáo mới", dt.date(2025, 12, 31)) is None
        assert match(R, "Tôn giáo mới", dt.date(2026, 6, 1)).code == "17"
        assert match(R, "Tôn giáo mới", dt.date(2027, 1, 1)) is None
        assert match(R, "Tôn giáo mới").code == "17"  # any date: an old record may hold it
        assert "Tôn giáo mới" not in allowed_names(R, dt.date(2025, 12, 31))
        assert len(values_on(R, dt.date(2026, 6, 1))) == 18

    def test_a_value_of_another_vocabulary_is_not_matched(self) -> None:
        assert match(E, "Phật giáo") is None
        assert match(Vocabulary.THEORY, "Cao cấp lý luận chính trị").code == "ADVANCED"

    def test_allowed_names_follow_the_order(self) -> None:
        names = allowed_names(E)
        assert names[:3] == ["Kinh", "Tày", "Thái"] and names[-1] == "Người nước ngoài"


class TestUnits:
    @pytest.mark.parametrize(
        "text",
        ["Bình Định", "tỉnh Bình Định", "Tỉnh  Bình  Định", "binh dinh", "tinh binh dinh", "52"],
    )
    def test_a_province_by_name_kind_word_or_code(self, text: str) -> None:
        assert province(text, BEFORE).name == "Bình Định"

    def test_city_words(self) -> None:
        for text in ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "tp Hồ Chí Minh", "Hồ Chí Minh"):
            assert province(text, AFTER).code == "79", text

    def test_a_kind_word_inside_a_name_is_kept(self) -> None:
        assert unit_key("Quan Hóa") == "quanhoa"
        assert unit_key("huyện Quan Hóa") == "quanhoa"
        assert unit_key("Tĩnh Gia") == "tinhgia"
        assert unit_key("huyen quan hoa") == "quanhoa"

    def test_the_same_code_names_two_provinces_at_two_dates(self) -> None:
        assert province("52", BEFORE).name == "Bình Định"
        assert province("52", AFTER).name == "Gia Lai"
        assert match_unit("52", PROVINCE) is None  # without a date: two units
        assert match_unit("Gia Lai", PROVINCE) is None
        assert match_unit("Bình Định", PROVINCE).code == "52"  # one unit only ever

    def test_an_ended_province_is_not_in_force_after_the_merger(self) -> None:
        assert match_unit("Bình Định", PROVINCE, AFTER) is None
        assert "Bình Định" not in {u.name for u in units_on(PROVINCE, AFTER)}

    def test_current_and_label_across_the_merger(self) -> None:
        binh_dinh = province("Bình Định", BEFORE)
        assert current(binh_dinh, BEFORE) == binh_dinh
        assert label(binh_dinh, BEFORE) == "Bình Định"
        assert current(binh_dinh, AFTER).name == "Gia Lai"
        assert label(binh_dinh, AFTER) == "Bình Định (nay là Gia Lai)"
        assert label(binh_dinh) == "Bình Định (nay là Gia Lai)"  # today
        assert label(None) == ""

    def test_a_province_that_kept_its_seat_is_still_a_new_unit(self) -> None:
        old = province("Tuyên Quang", BEFORE)
        new = province("Tuyên Quang", AFTER)
        assert old != new and old.code == new.code == "08"
        assert label(old, AFTER) == "Tuyên Quang (nay là Tuyên Quang)"

    def test_hue_across_both_changes(self) -> None:
        old = province("Thừa Thiên Huế", dt.date(2024, 12, 31))
        assert label(old, dt.date(2024, 12, 31)) == "Thừa Thiên Huế"
        assert label(old, dt.date(2025, 1, 1)) == "Thừa Thiên Huế (nay là Huế)"
        assert label(old, AFTER) == "Thừa Thiên Huế (nay là Huế)"
        assert province("Huế", AFTER).code == "46"
        assert province("thành phố Huế", dt.date(2025, 3, 1)) == current(old, AFTER)

    def test_a_unit_follows_successors_over_two_changes(self) -> None:
        gia_lai = province("Gia Lai", AFTER)
        later = AdminUnit.objects.create(
            level=PROVINCE, code="52", name="Tây Nguyên", valid_from=dt.date(2030, 1, 1)
        )
        AdminUnit.objects.filter(pk=gia_lai.pk).update(
            valid_to=dt.date(2030, 1, 1), successor=later
        )
        binh_dinh = province("Bình Định", BEFORE)
        assert label(binh_dinh, dt.date(2030, 1, 1)) == "Bình Định (nay là Tây Nguyên)"
        assert label(binh_dinh, dt.date(2029, 1, 1)) == "Bình Định (nay là Gia Lai)"
