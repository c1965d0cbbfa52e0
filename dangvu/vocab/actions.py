"""Every change to a vocabulary goes through one of these functions.

An administrator adds a value from a date or ends one from a date; nothing is deleted or
renamed, so a record keeps the value it was written with and a table of a past date reads
the list of that date. Each change is checked, written in one transaction and recorded in
the audit trail. A refusal is a `DomainError` with a Vietnamese message naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction

from dangvu.audit import log as audit
from dangvu.core.dates import FOREVER
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean
from dangvu.lib.vnformat import fmt_date
from dangvu.vocab import data
from dangvu.vocab.lookup import fold
from dangvu.vocab.models import Vocabulary, VocabularyValue

CODE_RE = re.compile(r"^[0-9A-Za-z_.\-]+$")
_ALIAS_SPLIT = re.compile(r"[;\n\r]+")


def _may_change(acting_user: Any) -> None:
    if acting_user is not None and not getattr(acting_user, "is_superuser", False):
        raise DomainError("Chỉ quản trị viên được thêm hoặc ngừng giá trị của danh mục.")


def split_aliases(text: str | list[str] | None) -> list[str]:
    """Other names as typed: one a line or separated by «;» (a name may hold a comma)."""
    parts = text if isinstance(text, list) else _ALIAS_SPLIT.split(text or "")
    seen: list[str] = []
    for part in parts:
        name = clean(part)
        if name and fold(name) not in {fold(s) for s in seen}:
            seen.append(name)
    return seen


def _since(value: VocabularyValue) -> str:
    if value.valid_to >= FOREVER:
        return f"áp dụng từ ngày {fmt_date(value.valid_from)}"
    return f"áp dụng từ ngày {fmt_date(value.valid_from)} đến trước ngày {fmt_date(value.valid_to)}"


def groups_of(vocabulary: str) -> tuple[tuple[str, str], ...]:
    """The groups a value of `vocabulary` may take; empty when each value is its own."""
    return data.GROUPS.get(vocabulary, ())


@transaction.atomic
def do_add_value(
    *,
    vocabulary: str,
    code: str,
    name: str,
    aliases: str | list[str] = "",
    group: str = "",
    order: int | None = None,
    valid_from: dt.date,
    source: str,
    acting_user: Any,
) -> VocabularyValue:
    """Add a value to `vocabulary`, in force from `valid_from`."""
    _may_change(acting_user)
    if vocabulary not in Vocabulary.values:
        raise DomainError("Danh mục này không có trong Đảng vụ.")
    label = Vocabulary(vocabulary).label.lower()
    code, name, source = clean(code), clean(name), clean(source)
    if not code:
        raise DomainError("Hãy nhập mã của giá trị.", field="code")
    if len(code) > 20 or not CODE_RE.match(code):
        raise DomainError(
            "Mã chỉ gồm chữ không dấu, chữ số và các dấu - _ . , tối đa 20 ký tự.", field="code"
        )
    if not name:
        raise DomainError("Hãy nhập tên của giá trị.", field="name")
    if len(name) > 120:
        raise DomainError(f"Tên dài {len(name)} ký tự; chỉ nhận tối đa 120 ký tự.", field="name")
    if not source:
        raise DomainError(
            "Hãy ghi căn cứ của giá trị (văn bản quy định, ngày ban hành).", field="source"
        )
    if len(source) > 255:
        raise DomainError(
            f"Căn cứ dài {len(source)} ký tự; chỉ nhận tối đa 255 ký tự.", field="source"
        )
    others = split_aliases(aliases)
    for alias in others:
        if len(alias) > 120:
            raise DomainError(f"Tên gọi khác «{alias[:40]}…» dài quá 120 ký tự.", field="aliases")
    allowed = groups_of(vocabulary)
    if allowed:
        if group not in {g for g, _ in allowed}:
            names = ", ".join(f"«{n}»" for _, n in allowed)
            raise DomainError(f"Hãy chọn nhóm của giá trị: {names}.", field="group")
    else:
        group = code
    if valid_from >= FOREVER:
        raise DomainError("Ngày áp dụng không hợp lý.", field="valid_from")

    values = list(VocabularyValue.objects.of(vocabulary).select_for_update())
    for value in values:
        if fold(value.code) == fold(code):
            raise DomainError(
                f"Mã «{code}» đã dùng cho «{value.name}» (mã {value.code}, {_since(value)}) "
                f"trong danh mục {label}. Mỗi mã chỉ dùng một lần, kể cả khi giá trị đã "
                "ngừng áp dụng: hãy chọn mã khác.",
                field="code",
            )
    # A spelling shared with a value in force at the same time would make a typed text name
    # two values, which then match neither.
    keys = {fold(name): "Tên", **{fold(a): f"Tên gọi khác «{a}»" for a in others}}
    keys.pop("", None)
    for value in values:
        if value.valid_to <= valid_from:
            continue
        theirs = {fold(value.name), fold(value.code), *(fold(a) for a in value.aliases or [])}
        clash = next((what for key, what in keys.items() if key in theirs), None)
        if clash is not None:
            field = "name" if clash == "Tên" else "aliases"
            raise DomainError(
                f"{clash} trùng với «{value.name}» (mã {value.code}, {_since(value)}): một "
                "tên chỉ được chỉ một giá trị.",
                field=field,
            )
    if order is None:
        order = (max((v.order for v in values), default=0) or 0) + 1
    if order < 0:
        raise DomainError("Thứ tự là số không âm.", field="order")
    value = VocabularyValue.objects.create(
        vocabulary=vocabulary,
        code=code,
        name=name,
        aliases=others,
        group=group,
        order=order,
        valid_from=valid_from,
        valid_to=FOREVER,
        source=source,
        added_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=value,
        after=audit.snapshot(
            value,
            ["vocabulary", "code", "name", "aliases", "group", "order", "valid_from", "source"],
        ),
        note=f"Thêm vào danh mục {label}",
    )
    return value


@transaction.atomic
def do_retire_value(
    *, value: VocabularyValue, valid_to: dt.date, acting_user: Any
) -> VocabularyValue:
    """End `value` from `valid_to`: from that day it is no longer offered nor matched by
    date; records that hold it keep it and pages show it ended."""
    _may_change(acting_user)
    value = VocabularyValue.objects.select_for_update().get(pk=value.pk)
    if value.valid_to < FOREVER:
        raise DomainError(
            f"«{value.name}» đã ngừng áp dụng từ ngày {fmt_date(value.valid_to)}.",
            field="valid_to",
        )
    if valid_to <= value.valid_from:
        raise DomainError(
            f"Ngày ngừng áp dụng phải sau ngày bắt đầu áp dụng của «{value.name}» "
            f"({fmt_date(value.valid_from)}).",
            field="valid_to",
        )
    if valid_to >= FOREVER:
        raise DomainError("Ngày ngừng áp dụng không hợp lý.", field="valid_to")
    before = audit.snapshot(value, ["valid_to"])
    value.valid_to = valid_to
    value.save(update_fields=["valid_to"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=value,
        before=before,
        after=audit.snapshot(value, ["valid_to"]),
        note=f"Ngừng áp dụng từ ngày {fmt_date(valid_to)}",
    )
    return value
