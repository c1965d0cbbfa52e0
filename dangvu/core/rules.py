"""Rule parameters as dated data.

Each app registers the default versions of its rules (value and the date from which it
applies, with the text it comes from). An administrator may add a `RuleVersion` row to
change a value from a date on; `rule(key, on)` returns the version in force on that date.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_date


@dataclass(frozen=True)
class RuleDefault:
    key: str
    label: str
    versions: tuple[tuple[dt.date, Any, str], ...]  # (effective from, value, source)
    # What the code does with the value, in the clerk's words: which list, check or
    # deadline follows it. Printed in docs/rules.md beside the versions and their texts.
    use: str = ""
    # Checks beyond the shape (dates that parse, days that exist): Vietnamese messages.
    check: Callable[[Any], list[str]] | None = None


_REGISTRY: dict[str, RuleDefault] = {}


class NoRuleInForce(DomainError, LookupError):
    """No version of a rule applies yet on the date asked (a date before every version).

    A `DomainError`, so that a form or an import row shows it like any refusal, naming the
    date; a `LookupError` for the callers that supply their own message.
    """

    def __init__(self, key: str, on: dt.date) -> None:
        rule = _REGISTRY[key]
        starts = [start for start, _, _ in rule.versions]
        since = f", áp dụng từ ngày {fmt_date(min(starts))}" if starts else ""
        super().__init__(
            f"Chưa có quy định nào có hiệu lực vào ngày {fmt_date(on)} "
            f"({rule.label}{since}); hãy kiểm tra lại ngày đã nhập."
        )
        self.key = key
        self.on = on


def register_rule(
    key: str,
    label: str,
    *versions: tuple[dt.date, Any, str],
    use: str = "",
    check: Callable[[Any], list[str]] | None = None,
) -> None:
    """Register rule `key` with its dated versions (from, value, the text it follows).

    `use` says what Dangvu does with the value (docs/rules.md prints it); `check` finds
    what the shape alone cannot (an administrator's value is refused with its messages).
    """
    ordered = tuple(sorted(versions, key=lambda v: v[0]))
    _REGISTRY[key] = RuleDefault(key, label, ordered, use=use, check=check)


def registered_rules() -> list[RuleDefault]:
    return sorted(_REGISTRY.values(), key=lambda r: r.key)


class _Cache(threading.local):
    # key -> its database versions (effective from, value), while `rules_cached` is in
    # force in this thread; None outside it.
    rows: dict[str, list[tuple[dt.date, Any]]] | None = None


_CACHE = _Cache()


@contextmanager
def rules_cached() -> Iterator[None]:
    """Within it, `rule` reads each key's database versions once: a long run of writes (the
    demo's seed) or one request (`RulesPerRequestMiddleware`), whose pages ask the same
    rules for many members. A saved or deleted version empties the cache (`forget_rules`).
    Per thread; an inner use keeps the outer one's cache."""
    if _CACHE.rows is not None:
        yield
        return
    _CACHE.rows = {}
    try:
        yield
    finally:
        _CACHE.rows = None


def forget_rules(*args: object, **kwargs: object) -> None:
    """Empty the cache of `rules_cached` (a signal receiver too)."""
    if _CACHE.rows is not None:
        _CACHE.rows.clear()


class RulesPerRequestMiddleware:
    """Each request reads a rule's database versions at most once (`rules_cached`): a home
    page asks the same few rules for every due list, and read them 30 times."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with rules_cached():
            return self.get_response(request)


def rule(key: str, on: dt.date) -> Any:
    """The value of rule `key` in force on date `on`.

    A database row wins over a code default that starts on or before it.
    """
    from dangvu.core.models import RuleVersion

    if key not in _REGISTRY:
        raise KeyError(f"unknown rule {key!r}")
    cache = _CACHE.rows
    if cache is not None:
        rows = cache.get(key)
        if rows is None:
            rows = list(RuleVersion.objects.filter(key=key).values_list("effective_from", "value"))
            cache[key] = rows
        # (key, effective_from) is unique: the latest row on or before `on`, as below.
        latest = max((r for r in rows if r[0] <= on), default=None, key=lambda r: r[0])
        return _pick(key, on, [latest] if latest is not None else [])
    row = (
        RuleVersion.objects.filter(key=key, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("effective_from", "value")
        .first()
    )
    return _pick(key, on, [row] if row is not None else [])


def rule_reader(key: str) -> Callable[[dt.date], Any]:
    """`rule(key, on)` for many dates (a list of members, each with their own day): the
    database versions of `key` are read once, then each date picks as `rule` does."""
    from dangvu.core.models import RuleVersion

    if key not in _REGISTRY:
        raise KeyError(f"unknown rule {key!r}")
    cache = _CACHE.rows
    rows = cache.get(key) if cache is not None else None
    if rows is None:
        rows = list(RuleVersion.objects.filter(key=key).values_list("effective_from", "value"))
        if cache is not None:
            cache[key] = rows

    def read(on: dt.date) -> Any:
        return _pick(key, on, [r for r in rows if r[0] <= on])

    return read


def _pick(key: str, on: dt.date, rows: list[tuple[dt.date, Any]]) -> Any:
    """The value in force on `on` among the code defaults and database `rows` of `key`."""
    candidates: list[tuple[dt.date, int, Any]] = [
        (start, 0, value) for start, value, _ in _REGISTRY[key].versions if start <= on
    ]
    candidates += [(start, 1, value) for start, value in rows if start <= on]
    if not candidates:
        raise NoRuleInForce(key, on)
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def rule_text(key: str, on: dt.date) -> str:
    """The text behind the version of rule `key` in force on `on`, as a refusal cites it.

    An administrator's version wins over the shipped one from its date on, as in `rule`;
    its note (the legal basis typed with it) is then the text.
    """
    from dangvu.core.models import RuleVersion

    shipped = [(start, source) for start, _, source in _REGISTRY[key].versions if start <= on]
    row = (
        RuleVersion.objects.filter(key=key, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("effective_from", "note")
        .first()
    )
    best = max(shipped, default=None)
    if row is not None and (best is None or row[0] >= best[0]):
        return row[1] or f"quy định do quản trị viên ghi từ ngày {fmt_date(row[0])}"
    return best[1] if best else ""


class RuleBook:
    """Every rule as `rule()` answers it, with the database rows read once.

    For a bulk job (an import of thousands of rows) that asks the same rules for many
    dates; make a new one for each job, as an administrator may change a rule meanwhile.
    """

    def __init__(self) -> None:
        from dangvu.core.models import RuleVersion

        self._rows: dict[str, list[tuple[dt.date, Any]]] = {}
        for key, start, value in RuleVersion.objects.values_list("key", "effective_from", "value"):
            self._rows.setdefault(key, []).append((start, value))

    def __call__(self, key: str, on: dt.date) -> Any:
        if key not in _REGISTRY:
            raise KeyError(f"unknown rule {key!r}")
        return _pick(key, on, self._rows.get(key, []))


def _fits(shipped: Any, value: Any) -> bool:
    """Whether `value` has the shape of the shipped value `shipped` (JSON types, recursively).

    A dict keeps every key of the shipped one and may add keys shaped like its other values
    (a new discipline form in a later text); a list's items are shaped like the shipped
    items; null stands where the shipped value has null or a number ("no limit").
    """
    if shipped is None:
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    if isinstance(shipped, bool):
        return isinstance(value, bool)
    if isinstance(shipped, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(shipped, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(shipped, str):
        return isinstance(value, str)
    if isinstance(shipped, list):
        if not isinstance(value, list):
            return False
        return not shipped or all(any(_fits(s, item) for s in shipped) for item in value)
    if isinstance(shipped, dict):
        if not isinstance(value, dict) or not set(shipped) <= set(value):
            return False
        return all(
            _fits(shipped[k], v) if k in shipped else any(_fits(s, v) for s in shipped.values())
            for k, v in value.items()
        )
    return False


def value_errors(key: str, value: Any) -> list[str]:
    """Why `value` cannot be a version of rule `key`, in Vietnamese (empty when it can).

    An administrator types the value as JSON; a value of another shape would break every
    list and check that reads the rule from its date on, so it is refused when saved.
    """
    if key not in _REGISTRY:
        return [f"Không có quy định mã «{key}»; hãy chọn một quy định trong danh sách."]
    shipped = _REGISTRY[key]
    if any(_fits(v, value) for _, v, _ in shipped.versions):
        return shipped.check(value) if shipped.check is not None else []
    example = json.dumps(shipped.versions[-1][1], ensure_ascii=False)
    return [
        f"Giá trị không đúng dạng của quy định «{shipped.label}»; hãy nhập theo mẫu của "
        f"phiên bản hiện hành: {example}"
    ]
