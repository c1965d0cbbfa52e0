"""Text normalisation for Vietnamese: NFC for storage, an accent-free key for search."""

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
