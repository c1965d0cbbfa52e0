"""A record's places as typed: a province, and a district or commune within it.

A record keeps the unit it was written with (a birthplace in Bình Định stays Bình Định
after the 2025 merger); a district or commune is looked for among the province's units of
any date and, for a province that has ended, among those of the province it became.
"""

from __future__ import annotations

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.vocab import lookup
from dangvu.vocab.models import AdminUnit


def local_units(province: AdminUnit | None) -> list[AdminUnit]:
    """The districts and communes a record may name under `province`."""
    if province is None:
        return []
    parents = {province.pk, lookup.current(province).pk}
    return list(
        AdminUnit.objects.filter(parent_id__in=parents)
        .exclude(level=AdminUnit.Level.PROVINCE)
        .order_by("level", "name", "-valid_from")
    )


def _named(units: list[AdminUnit], text: str) -> list[AdminUnit]:
    key = lookup.unit_key(text)
    found = [u for u in units if key and key in (lookup.unit_key(u.name), lookup.fold(u.code))]
    current = [u for u in found if u.valid_on(today())]
    return current if len(found) > 1 and len(current) == 1 else found


def resolve_province(text: str, provinces: list[AdminUnit] | None = None) -> AdminUnit | None:
    """The province `text` names (name or code): the one in force today if several do."""
    units = (
        provinces
        if provinces is not None
        else list(AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE))
    )
    found = _named(units, text)
    return found[0] if len(found) == 1 else None


def resolve_local(
    text: str,
    province: AdminUnit,
    own: AdminUnit | None = None,
    units: list[AdminUnit] | None = None,
) -> AdminUnit:
    """The district or commune of `province` (or of its successor) that `text` names.

    The record's own unit wins when the text is its name, so a form sent back unchanged
    keeps the unit it showed. DomainError, saying what to do, when none or several match.
    """
    key = lookup.unit_key(text)
    if own is not None and key in (lookup.unit_key(own.name), lookup.fold(own.code)):
        return own
    units = local_units(province) if units is None else units
    if not units:
        raise DomainError(
            f"Danh sách huyện, xã của {province.name} chưa được nạp vào danh mục đơn vị "
            "hành chính; hãy để trống ô huyện, xã và ghi địa chỉ vào ô chi tiết."
        )
    found = _named(units, text)
    if len(found) != 1:
        what = "có nhiều đơn vị cùng tên" if found else "không có trong danh mục"
        raise DomainError(
            f"«{text}» {what} của {province.name}; hãy ghi đúng tên một huyện, xã, phường "
            "trong danh sách gợi ý của tỉnh đó, hoặc để trống và ghi vào ô chi tiết."
        )
    return found[0]
