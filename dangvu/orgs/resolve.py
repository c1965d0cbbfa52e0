"""The one way a typed organisation (a code or a name) becomes an organisation.

Every form field, import column and search box that accepts "mã hoặc tên" comes here, so
they all answer alike:

- a code always wins (codes are unique); "CODE — Name", as the suggestions fill it in,
  is read by its code;
- a name borne by exactly one organisation in the user's scope names it;
- a name borne by several (a bloc may have fifty cells called "Chi bộ Văn phòng") names
  the one that existed on the record's date, when the caller knows the date and exactly
  one did; otherwise it is refused, listing the candidates with their parent and code so
  that the user can type the code. Never the "first" of several: that would file a record
  under the wrong cell without a word.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dangvu.core.errors import DomainError
from dangvu.lib.text import clean
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.models import Organisation

# Candidates listed in a refusal; the rest are counted.
LISTED = 10
SEPARATOR = " — "


class OrganisationNotFound(DomainError):
    """No organisation of the scope has this code or name."""


class AmbiguousOrganisation(DomainError):
    """Several organisations of the scope bear this name; the user must give the code."""

    def __init__(self, message: str, candidates: list[Organisation], field: str | None) -> None:
        super().__init__(message, field)
        self.candidates = candidates


def code_of(text: str) -> str:
    """The code part of "CODE — Name" (or of a bare code), upper-cased."""
    return clean(text).split(SEPARATOR)[0].strip().upper()


def describe(org: Organisation) -> str:
    """«C11 — Chi bộ Văn phòng (thuộc Đảng bộ Sở Y tế)»: enough to tell namesakes apart."""
    parent = org.parent.name if org.parent_id and org.parent is not None else "cấp cao nhất"
    text = f"{org.code}{SEPARATOR}{org.name} (thuộc {parent}"
    if org.ended_on is not None:
        text += f", đã kết thúc hoạt động ngày {fmt_date(org.ended_on)}"
    return text + ")"


def existed_on(day: dt.date) -> Q:
    """Organisations that existed on `day` (founded by then, not yet ended)."""
    return Q(founded_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def resolve_organisation(
    scope: QuerySet[Organisation],
    text: str,
    *,
    on: dt.date | None = None,
    field: str | None = None,
) -> Organisation:
    """The organisation of `scope` that `text` names (see the module's docstring).

    Raises OrganisationNotFound or AmbiguousOrganisation (DomainErrors, in Vietnamese).
    """
    key = clean(text)
    if not key:
        raise OrganisationNotFound("Hãy ghi mã hoặc tên tổ chức.", field)
    by_code = scope.filter(code=code_of(key)).first()
    if by_code is not None:
        return by_code
    named = scope.filter(name=key)
    found = list(named.select_related("parent").order_by("path", "id")[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise OrganisationNotFound(
            f"Không tìm thấy tổ chức có mã hoặc tên «{key}» trong phạm vi của bạn.", field
        )
    candidates = named
    if on is not None:
        then = list(named.filter(existed_on(on)).select_related("parent")[:2])
        if len(then) == 1:
            return then[0]
        if then:
            candidates = named.filter(existed_on(on))
    total = candidates.count()
    listed = list(candidates.select_related("parent").order_by("path", "id")[:LISTED])
    more = f"; và {total - len(listed)} tổ chức khác" if total > len(listed) else ""
    when = (
        f" cùng hoạt động ngày {fmt_date(on)}" if on is not None and candidates is not named else ""
    )
    raise AmbiguousOrganisation(
        f"Có {total} tổ chức tên «{key}»{when} trong phạm vi của bạn; hãy ghi mã tổ chức "
        f"để chọn đúng: {'; '.join(describe(o) for o in listed)}{more}.",
        listed,
        field,
    )
