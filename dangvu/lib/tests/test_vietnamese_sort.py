"""The Party's order of people: given name, middle name, family name, in Vietnamese
collation (letters of the Vietnamese alphabet, then the tones in dictionary order)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dangvu.lib.text import vietnamese_key, vietnamese_sort_key

ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
# One syllable with each tone, in order: none, huyền, hỏi, ngã, sắc, nặng.
TONES = ["ma", "mà", "mả", "mã", "má", "mạ"]
NAMES = [
    "Nguyễn Văn Bình",
    "Trần Thị An",
    "Lê Văn An",
    "Lê Ánh",
    "Đỗ Thị Ăn",
    "Phạm Thị Ân",
    "Hoàng Đức",
    "Vũ Dung",
    "Ngô Thị Ơn",
    "Bùi Văn Ôn",
]

syllables = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4).map("".join)
tones = st.sampled_from(["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"])
toned = st.tuples(syllables, tones).map(lambda s: unicodedata.normalize("NFC", s[0] + s[1]))
names = st.lists(toned.map(str.capitalize), min_size=1, max_size=5).map(" ".join)


class TestVietnameseKey:
    def test_letters_follow_the_vietnamese_alphabet(self) -> None:
        assert sorted(reversed(ALPHABET), key=vietnamese_key) == ALPHABET

    def test_tones_come_after_the_letters_in_dictionary_order(self) -> None:
        assert sorted(reversed(TONES), key=vietnamese_key) == TONES
        # Every tone of "ba" before "bác": the letters decide first.
        assert sorted(["bác", "bạ", "ba", "bá"], key=vietnamese_key) == ["ba", "bá", "bạ", "bác"]

    def test_case_and_tone_placement_do_not_matter(self) -> None:
        assert vietnamese_key("Hoà") == vietnamese_key("hòa") == vietnamese_key("HOÀ")
        assert vietnamese_key("Đào") > vietnamese_key("Dương")  # đ after every d

    @given(syllables)
    def test_a_longer_word_with_the_same_start_comes_after(self, word: str) -> None:
        assert vietnamese_key(word) < vietnamese_key(word + "a")


class TestVietnameseSortKey:
    def test_people_sort_by_given_then_middle_then_family_name(self) -> None:
        assert sorted(NAMES, key=vietnamese_sort_key) == [
            "Trần Thị An",  # An: middle name Thị before Văn
            "Lê Văn An",
            "Lê Ánh",  # Ánh after An (the letters first), before Ăn
            "Đỗ Thị Ăn",
            "Phạm Thị Ân",
            "Nguyễn Văn Bình",
            "Vũ Dung",
            "Hoàng Đức",  # đ after d
            "Bùi Văn Ôn",
            "Ngô Thị Ơn",
        ]

    def test_a_one_word_name_is_a_given_name(self) -> None:
        assert vietnamese_sort_key("Ánh") < vietnamese_sort_key("Lê Bình")
        assert vietnamese_sort_key("") == vietnamese_sort_key(None) == ((), (), (), "")

    @given(names)
    def test_the_key_ignores_unicode_form_and_spacing(self, name: str) -> None:
        spaced = "  " + unicodedata.normalize("NFD", name).replace(" ", " \t ") + " "
        assert vietnamese_sort_key(spaced) == vietnamese_sort_key(name)

    @given(names, names)
    def test_the_given_name_decides_first(self, a: str, b: str) -> None:
        given_a, given_b = vietnamese_key(a.split()[-1]), vietnamese_key(b.split()[-1])
        if given_a != given_b:
            assert (vietnamese_sort_key(a) < vietnamese_sort_key(b)) == (given_a < given_b)

    @given(names, names)
    def test_the_order_is_total_and_equal_keys_mean_equal_names(self, a: str, b: str) -> None:
        ka, kb = vietnamese_sort_key(a), vietnamese_sort_key(b)
        assert (ka == kb) == (a == b)
        assert (ka < kb) + (ka > kb) + (ka == kb) == 1

    @given(st.lists(names, max_size=20))
    def test_sorting_is_stable_under_shuffling(self, people: list[str]) -> None:
        once = sorted(people, key=vietnamese_sort_key)
        assert sorted(reversed(people), key=vietnamese_sort_key) == once
