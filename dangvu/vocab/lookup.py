"""Reading the vocabularies: the values valid on a day, and a typed text to a value.

Matching ignores case, accents, hyphens and spaces ("Ê-đê", "ê đê" and "Ede" are the
same) and reads a value's aliases as well as its name and code. A text that matches
nothing, or more than one value, matches nothing: the caller says so; it never guesses.
"""

from __future__ import annotations

import datetime as dt
import re

from dangvu.core.dates import today
from dangvu.lib.text import clean, search_key
from dangvu.vocab.models import AdminUnit, VocabularyValue

_JOINERS = re.compile(r"[\s\-‐‑–—'’.]+")


def fold(text: str | None) -> str:
    """The form of a text that matching compares: no accents, case, hyphens or spaces."""
    return _JOINERS.sub("", search_key(text))


def values_on(vocabulary: str, day: dt.date | None = None) -> list[VocabularyValue]:
    """The values of `vocabulary` valid on `day` (today by default), in their order."""
    on = day or today()
    return list(VocabularyValue.objects.of(vocabulary).valid_on(on).order_by("order", "name"))


def _keys(value: VocabularyValue) -> set[str]:
    return {fold(value.name), fold(value.code), *(fold(a) for a in value.aliases or [])} - {""}


def match(vocabulary: str, text: str, day: dt.date | None = None) -> VocabularyValue | None:
    """The one value of `vocabulary` valid on `day` that `text` names, or None.

    Without `day`, values of any date are candidates (an old record may carry a value
    since retired); a text naming two values matches neither.
    """
    key = fold(text)
    if not key:
        return None
    values = VocabularyValue.objects.of(vocabulary)
    if day is not None:
        values = values.valid_on(day)
    found = [v for v in values if key in _keys(v)]
    return found[0] if len(found) == 1 else None


def allowed_names(vocabulary: str, day: dt.date | None = None) -> list[str]:
    """The names a spreadsheet may use for `vocabulary` on `day` (for templates, messages)."""
    return [v.name for v in values_on(vocabulary, day)]


def units_on(
    level: str, day: dt.date | None = None, parent: AdminUnit | None = None
) -> list[AdminUnit]:
    """Administrative units of `level` valid on `day`, under `parent` when given."""
    on = day or today()
    units = AdminUnit.objects.filter(level=level, valid_from__lte=on, valid_to__gt=on)
    if parent is not None:
        units = units.filter(parent=parent)
    return list(units.order_by("name"))


# The kind words a unit's name may start with. They are stripped in their accented form
# («huyện Quan Hóa» -> «Quan Hóa», while «Quan Hóa» itself keeps its «Quan»), and in the
# unaccented form only from a text typed without any accent («huyen quan hoa»).
_KINDS = "tỉnh|thành phố|tp|huyện|quận|thị xã|tx|xã|phường|thị trấn|tt|đặc khu"
_UNIT_WORDS = re.compile(rf"^({_KINDS})(\.\s*|\s+)")
_UNIT_WORDS_PLAIN = re.compile(rf"^({search_key(_KINDS)})(\.\s*|\s+)")


def unit_key(name: str) -> str:
    """A unit's name without its kind word ("tỉnh Bình Định", "Bình Định" -> "binhdinh")."""
    text = clean(name).lower()
    plain = search_key(text)
    if plain == text:
        return fold(_UNIT_WORDS_PLAIN.sub("", plain))
    return fold(_UNIT_WORDS.sub("", text))


def _unit_keys(name: str) -> set[str]:
    return {fold(name), unit_key(name)} - {""}


def match_unit(
    text: str,
    level: str,
    day: dt.date | None = None,
    parent: AdminUnit | None = None,
) -> AdminUnit | None:
    """The one unit of `level` (under `parent`, valid on `day` if given) that `text` names.

    `text` is a name, with or without its kind word («tỉnh», «huyện», «TP.»…), or a code.
    Without `day` units of every date are candidates, so a name or a code two units have
    carried (the old and the new Gia Lai; code 52 of Bình Định and of the new Gia Lai)
    matches neither.
    """
    keys = _unit_keys(text)
    if not keys:
        return None
    units = AdminUnit.objects.filter(level=level)
    if day is not None:
        units = units.filter(valid_from__lte=day, valid_to__gt=day)
    if parent is not None:
        units = units.filter(parent=parent)
    found = [u for u in units if keys & (_unit_keys(u.name) | {fold(u.code)})]
    return found[0] if len(found) == 1 else None


def current(unit: AdminUnit, day: dt.date | None = None) -> AdminUnit:
    """The unit that `unit` became by `day` (itself while it lasts), following successors."""
    on = day or today()
    seen = {unit.pk}
    while unit.valid_to <= on and unit.successor_id and unit.successor_id not in seen:
        unit = unit.successor  # type: ignore[assignment]
        seen.add(unit.pk)
    return unit


def label(unit: AdminUnit | None, day: dt.date | None = None) -> str:
    """The unit's name, with what it is now when it has ended («Bình Định (nay là Gia Lai)»)."""
    if unit is None:
        return ""
    now = current(unit, day)
    if now.pk != unit.pk:
        return f"{unit.name} (nay là {now.name})"
    return unit.name
