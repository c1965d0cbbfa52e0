"""Text normalisation for Vietnamese: NFC for storage, an accent-free key for search, and
the Vietnamese collation (`vietnamese_key`, `vietnamese_sort_key` for people)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|\r")
# Horizontal white space only: every Unicode space but the line breaks.
_INLINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUN = re.compile(r"\n{3,}")


def clean(value: str | None) -> str:
    """NFC-normalise, trim and fold runs of white space into one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def clean_paragraphs(value: str | None) -> str:
    """NFC-normalise text typed in a textarea, keeping its lines and paragraphs.

    A conclusion, an outcome or a note is written in lines, and the pages show it with
    its line breaks, so `clean` (which folds them into a space) would lose them at the
    first save. Line breaks become LF whatever the sender (a browser sends CRLF), spaces
    inside a line are folded, each line is trimmed, and more than one blank line becomes
    one. The result is the same for the text a browser sends back unchanged and the text
    stored, so an unchanged save changes nothing.
    """
    if value is None:
        return ""
    text = _LINE_BREAK.sub("\n", unicodedata.normalize("NFC", str(value)))
    lines = [_INLINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def search_key(value: str | None) -> str:
    """Lower-case text without diacritics, so that "nguyen van an" finds "Nguyễn Văn An".

    "đ" has no combining mark to strip, so it is mapped to "d" by hand.
    """
    text = clean(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


# --- Vietnamese collation -------------------------------------------------------------------

# The alphabet in its order, with the Latin letters Vietnamese lacks (f j w z, in foreign
# names) at their Latin places. Each letter is (base, modifier) after NFD, so that "ă" is
# its own letter after "a" and never "a" with a mark.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_ALPHABET = [
    ("a", ""),
    ("a", _BREVE),
    ("a", _CIRCUMFLEX),
    ("b", ""),
    ("c", ""),
    ("d", ""),
    ("đ", ""),
    ("e", ""),
    ("e", _CIRCUMFLEX),
    ("f", ""),
    ("g", ""),
    ("h", ""),
    ("i", ""),
    ("j", ""),
    ("k", ""),
    ("l", ""),
    ("m", ""),
    ("n", ""),
    ("o", ""),
    ("o", _CIRCUMFLEX),
    ("o", _HORN),
    ("p", ""),
    ("q", ""),
    ("r", ""),
    ("s", ""),
    ("t", ""),
    ("u", ""),
    ("u", _HORN),
    ("v", ""),
    ("w", ""),
    ("x", ""),
    ("y", ""),
    ("z", ""),
]
# Digits before letters, letters from 100, anything else after every letter.
_LETTER_RANK = {letter: 100 + i for i, letter in enumerate(_ALPHABET)}
_OTHER_RANK = 1000
# Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIERS = frozenset({_BREVE, _CIRCUMFLEX, _HORN})

SyllableKey = tuple[tuple[int, ...], int]


def _syllable_key(syllable: str) -> SyllableKey:
    """(letter ranks, tone) of one written syllable: "bác" -> ((b, a, c), sắc).

    The tone belongs to the syllable, not to the letter it is written on, so "hoà" and
    "hòa" have the same key.
    """
    ranks: list[int] = []
    tone = 0
    letter = ""
    modifier = ""

    def close() -> None:
        if letter:
            if letter.isdigit():
                ranks.append(int(letter) if letter in "0123456789" else 10)
            else:
                ranks.append(_LETTER_RANK.get((letter, modifier), _OTHER_RANK + ord(letter)))

    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _MODIFIERS and letter:
            modifier = ch
        elif ch in _TONE_RANK:
            tone = tone or _TONE_RANK[ch]
        elif unicodedata.combining(ch):
            continue
        else:
            close()
            letter, modifier = ch, ""
    close()
    return tuple(ranks), tone


def vietnamese_key(text: str | None) -> tuple[SyllableKey, ...]:
    """A key that orders words as a Vietnamese dictionary does, syllable by syllable.

    Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
    t u ư v x y), case is ignored, and within the same letters the tones come in the order
    none, huyền, hỏi, ngã, sắc, nặng: ba < bà < bả < bã < bá < bạ < bác.
    """
    return tuple(_syllable_key(word) for word in clean(text).split(" ") if word)


def vietnamese_sort_key(
    full_name: str | None,
) -> tuple[tuple[SyllableKey, ...], tuple[SyllableKey, ...], tuple[SyllableKey, ...], str]:
    """The Party's order of people: by given name (tên), then middle name (tên đệm), then
    family name (họ), each in Vietnamese collation.

    "Nguyễn Thị Minh Khai" is family "Nguyễn", middle "Thị Minh", given "Khai"; a one-word
    name is a given name. The cleaned name comes last, so that the order is total and the
    same whatever the Unicode form or spacing of the input.
    """
    words = clean(full_name).split(" ") if clean(full_name) else []
    if not words:
        return (), (), (), ""
    given = vietnamese_key(words[-1])
    middle = vietnamese_key(" ".join(words[1:-1]))
    family = vietnamese_key(words[0]) if len(words) > 1 else ()
    return given, middle, family, clean(full_name)
