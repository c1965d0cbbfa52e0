"""The shipped values: the vocabularies of the member form and the provinces of each date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from dangvu.vocab import data
from dangvu.vocab.loading import load_shipped
from dangvu.vocab.lookup import fold, units_on, values_on
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

pytestmark = pytest.mark.django_db

PROVINCE = AdminUnit.Level.PROVINCE


class TestVocabularies:
    def test_the_54_ethnic_groups_and_foreign_origin(self) -> None:
        values = values_on(Vocabulary.ETHNICITY, dt.date(2025, 1, 1))
        assert len(values) == 55
        assert [v.code for v in values] == [f"{i:02d}" for i in range(1, 56)]
        assert values[0].name == "Kinh" and values[0].group == "KINH"
        assert {v.group for v in values[1:54]} == {"MINORITY"}
        assert values[54].group == "FOREIGN"
        assert values[7].name == "Hmông" and "Mông" in values[7].aliases

    def test_no_religion_and_the_16_recognised_religions(self) -> None:
        values = values_on(Vocabulary.RELIGION)
        assert len(values) == 17
        assert (values[0].code, values[0].name, values[0].group) == ("00", "Không", "NONE")
        assert {v.group for v in values[1:]} == {"RELIGIOUS"}
        assert "Thiên Chúa giáo" in values[2].aliases

    def test_theory_groups_advanced_and_bachelor_together(self) -> None:
        groups = {v.code: v.group for v in values_on(Vocabulary.THEORY)}
        assert groups == {
            "NONE": "NONE",
            "ELEMENTARY": "ELEMENTARY",
            "INTERMEDIATE": "INTERMEDIATE",
            "ADVANCED": "ADVANCED",
            "BACHELOR": "ADVANCED",
        }

    def test_every_vocabulary_is_shipped_with_a_source_and_no_end(self) -> None:
        for vocabulary in Vocabulary.values:
            values = VocabularyValue.objects.of(vocabulary)
            assert values.exists(), vocabulary
            for value in values:
                assert value.source and value.group
                assert value.valid_to.year == 9999

    def test_no_two_values_of_a_vocabulary_share_a_spelling(self) -> None:
        for vocabulary, (rows, _) in data.VOCABULARIES.items():
            seen: dict[str, str] = {}
            for code, name, aliases, _group in rows:
                for key in {fold(code), fold(name), *(fold(a) for a in aliases)}:
                    assert seen.setdefault(key, code) == code, (vocabulary, key)

    def test_loading_again_adds_nothing(self) -> None:
        before = (VocabularyValue.objects.count(), AdminUnit.objects.count())
        load_shipped(apps)
        assert (VocabularyValue.objects.count(), AdminUnit.objects.count()) == before


class TestProvinces:
    def test_63_provinces_before_the_merger(self) -> None:
        units = units_on(PROVINCE, dt.date(2025, 6, 30))
        assert len(units) == 63
        assert len({u.code for u in units}) == 63
        assert "Huế" in {u.name for u in units}

    def test_63_provinces_in_2024_with_thua_thien_hue(self) -> None:
        names = {u.name for u in units_on(PROVINCE, dt.date(2024, 12, 31))}
        assert len(names) == 63
        assert "Thừa Thiên Huế" in names and "Huế" not in names

    def test_34_provinces_from_the_merger(self) -> None:
        units = units_on(PROVINCE, dt.date(2025, 7, 1))
        assert len(units) == 34
        assert len({u.code for u in units}) == 34
        by_code = {u.code: u.name for u in units}
        assert by_code["52"] == "Gia Lai"
        assert by_code["91"] == "An Giang"
        assert by_code["46"] == "Huế"

    def test_each_ended_province_has_a_successor_in_force(self) -> None:
        ended = AdminUnit.objects.filter(level=PROVINCE, valid_to__lte=dt.date(2025, 7, 1))
        assert ended.count() == 53  # Thừa Thiên Huế and the 52 merged
        for unit in ended:
            assert unit.successor is not None, unit.name
            successor = unit.successor
            while not successor.valid_on(dt.date(2025, 7, 1)):
                successor = successor.successor
            assert successor.valid_on(dt.date(2025, 7, 1))

    def test_hue(self) -> None:
        old = AdminUnit.objects.get(level=PROVINCE, name="Thừa Thiên Huế")
        assert old.valid_to == dt.date(2025, 1, 1)
        assert old.successor.name == "Huế"
        assert old.successor.code == "46"
        assert old.successor.valid_from == dt.date(2025, 1, 1)
        assert "175/2024/QH15" in old.successor.source

    def test_merger_successors(self) -> None:
        binh_dinh = AdminUnit.objects.get(level=PROVINCE, name="Bình Định")
        assert binh_dinh.successor.name == "Gia Lai"
        assert binh_dinh.successor.code == "52"
        assert "202/2025/QH15" in binh_dinh.successor.source
        old_gia_lai = AdminUnit.objects.get(level=PROVINCE, code="64")
        assert old_gia_lai.successor == binh_dinh.successor
        unchanged = AdminUnit.objects.get(level=PROVINCE, name="Nghệ An")
        assert unchanged.successor is None and unchanged.valid_to.year == 9999


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("turn", [1, 2])
def test_the_values_survive_a_transactional_tests_flush(turn: int) -> None:
    # The second turn runs after the first one's flush emptied every table.
    assert len(values_on(Vocabulary.ETHNICITY)) == 55
    assert len(units_on(PROVINCE, dt.date(2025, 7, 1))) == 34
