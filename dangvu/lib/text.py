"""Text normalisation for Vietnamese: NFC for storage, an accent-free key for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(value: str | None) -> str:
    """NFC-normalise, trim and fold runs of white space into one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def search_key(value: str | None) -> str:
    """Lower-case text without diacritics, so that "nguyen van an" finds "Nguyễn Văn An".

    "đ" has no combining mark to strip, so it is mapped to "d" by hand.
    """
    text = clean(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)
