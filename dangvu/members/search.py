"""Finding members by name (without diacritics), identity number or card number.

A search by name has two modes:

- **starts with** (the default): names that begin with what was typed — "nguyen van an"
  finds Nguyễn Văn An and Nguyễn Văn Anh. The names are compared bytewise
  (`BytewiseCharField`), so these matches are one range of the (name, id) index, read in
  name order: the first page of even the commonest name in the country is read from the
  index, never sorted from tens of thousands of rows.
- **contains**: the typed text anywhere in the name — a middle or given name ("van an").
  On PostgreSQL the trigram index finds the matches, which are then sorted; it is chosen
  explicitly, or taken when no name begins with the text.

Digits are not a name: a search made only of digits looks for that identity or card
number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from dangvu.core.fields import prefix_range
from dangvu.lib.text import search_key
from dangvu.members.models import Member

STARTS = "starts"
CONTAINS = "contains"


@dataclass
class NameSearch:
    """The members found, in name order, and how they were found."""

    members: QuerySet[Member]
    mode: str  # STARTS or CONTAINS
    key: str
    # A "starts with" search that found nothing fell back to "contains".
    widened: bool = False


def by_name(
    members: QuerySet[Member], q: str, *, mode: str = STARTS, descending: bool = False
) -> NameSearch:
    """Narrow `members` to those matching `q`, ordered by name (then id)."""
    key = search_key(q)
    order = ("-search_key", "-id") if descending else ("search_key", "id")
    number = key.replace(" ", "")
    if not key or number.isdigit():
        found = members.filter(Q(identity_number=number) | Q(card_number=number))
        return NameSearch(found.order_by(*order), mode, number)
    if mode != CONTAINS:
        low, high = prefix_range(key)
        found = members.filter(search_key__gte=low, search_key__lt=high).order_by(*order)
        if found.exists():
            return NameSearch(found, STARTS, key)
    # Sorted by an expression that no b-tree supplies, so that PostgreSQL finds the matches
    # with the trigram index and sorts them, rather than walking the whole name index in
    # order looking for rare ones.
    name = Lower("search_key")
    ordering = (name.desc(), "-id") if descending else (name.asc(), "id")
    found = members.filter(search_key__contains=key).order_by(*ordering)
    return NameSearch(found, CONTAINS, key, widened=mode != CONTAINS)
