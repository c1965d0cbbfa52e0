"""Two clerks editing the same record never lose an update.

An edit page carries a stamp: a signed token holding the record and the values of the
fields as the page showed them. The write re-reads the row under a lock
(`select_for_update`, so two simultaneous submissions take turns on the row) and compares
the stamped values with the row's current ones; a difference means someone else saved in
between, and the write is refused with `EditConflict`, naming each field with what the
clerk saw and what the record holds now, and who saved it when the trail says so.

The stamp is signed (salt `SALT`) so that the values a refusal quotes as "what you saw"
are the ones the server showed, and a stamp of one record cannot be replayed on another.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core import signing
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.html import strip_tags

from dangvu.core.errors import DomainError, EditConflict

SALT = "dangvu.edit-stamp"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
STALE_PAGE = "Trang này đã cũ hoặc đã bị sửa đổi; hãy tải lại trang rồi nhập lại."
# Far above any real stamp; a longer one is not unsigned at all.
MAX_LENGTH = 20_000
# What an edit changes in the trail; a sign-in or a reveal is not a change of the record.
CHANGES = ("create", "update", "void")


@dataclass(frozen=True)
class Stamp:
    """A read-back stamp: which record, the values the page showed, when it was shown.

    `labels` are the form's labels of the fields, which the refusal names them by.
    """

    model: str
    pk: str
    values: dict[str, Any]
    issued: dt.datetime
    labels: dict[str, str] = field(default_factory=dict)
    # What the page showed that is not a field of the row (an organisation's latest
    # version), compared by the caller that stamped it.
    extra: dict[str, Any] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """A field's value as JSON keeps it: dates in ISO, decimals as text, files by name."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, models.Model):
        return value.pk
    return value


def values_of(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The current values of `names` on `instance`, a foreign key by its key."""
    values: dict[str, Any] = {}
    for name in names:
        model_field = instance._meta.get_field(name)
        attname = getattr(model_field, "attname", name)
        values[name] = _plain(getattr(instance, attname))
    return values


def stamp(
    instance: models.Model, fields: Iterable[str], extra: Mapping[str, Any] | None = None
) -> str:
    """A signed token of `instance` and the values of `fields` as a page shows them now.

    `extra` holds JSON-ready facts the page showed besides the row's fields.
    """
    return signing.dumps(
        {
            "m": instance._meta.label_lower,
            "pk": str(instance.pk),
            "v": values_of(instance, fields),
            "x": {k: _plain(v) for k, v in (extra or {}).items()},
            "t": timezone.now().isoformat(),
        },
        salt=SALT,
        compress=True,
    )


def read(
    token: str | Stamp,
    instance: models.Model,
    fields: Iterable[str],
    labels: Mapping[str, str] | None = None,
) -> Stamp:
    """The stamp `token` holds, if it was issued for `instance` and these fields.

    A token that is not ours, is altered, or names another record or other fields is
    refused with the stale-page message: the page must be reloaded, never trusted.
    """
    if isinstance(token, Stamp):
        return token
    names = list(fields)
    try:
        readable = isinstance(token, str) and 0 < len(token) <= MAX_LENGTH
        data = signing.loads(token, salt=SALT) if readable else None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        data = None
    if (
        not isinstance(data, dict)
        or data.get("m") != instance._meta.label_lower
        or data.get("pk") != str(instance.pk)
        or not isinstance(data.get("v"), dict)
        or sorted(data["v"]) != sorted(names)
        or not isinstance(data.get("x", {}), dict)
    ):
        raise DomainError(STALE_PAGE, field="stamp")
    try:
        issued = dt.datetime.fromisoformat(str(data.get("t")))
    except ValueError:
        raise DomainError(STALE_PAGE, field="stamp") from None
    return Stamp(
        model=data["m"],
        pk=data["pk"],
        values=data["v"],
        issued=issued,
        labels=dict(labels or {}),
        extra=data.get("x", {}),
    )


def locked(instance: models.Model) -> models.Model:
    """Lock `instance`'s row for the rest of the transaction and re-read it.

    A second writer waits here until the first commits, then reads what it wrote. Call it
    inside `transaction.atomic`.
    """
    manager = type(instance)._base_manager
    list(manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True))
    instance.refresh_from_db()
    return instance


def _shown(instance: models.Model, name: str, stored: Any) -> str:
    """A stamped value as the clerk reads it, in plain text."""
    from dangvu.audit import display

    model_field = instance._meta.get_field(name)
    key = getattr(model_field, "attname", name)
    return html.unescape(strip_tags(str(display.value(type(instance), key, stored))))


def _label(instance: models.Model, name: str, labels: Mapping[str, str]) -> str:
    if labels.get(name):
        return str(labels[name])
    verbose = getattr(instance._meta.get_field(name), "verbose_name", name)
    return str(verbose)[:1].upper() + str(verbose)[1:]


def last_change(instance: models.Model, since: dt.datetime) -> Any:
    """The trail's latest change of `instance` recorded at or after `since`, if any."""
    from dangvu.audit.models import AuditEvent

    return (
        AuditEvent.objects.filter(
            object_type=instance._meta.model_name,
            object_id=str(instance.pk),
            action__in=CHANGES,
            at__gte=since,
        )
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )


def who_and_when(event: Any) -> str:
    """«lúc 14:05 07/12/2026, bởi Nguyễn Văn A» for a trail row, in local time."""
    moment = timezone.localtime(event.at, LOCAL).strftime("%H:%M %d/%m/%Y")
    user = event.user
    name = (user.get_full_name() or user.get_username()) if user is not None else event.username
    return f"lúc {moment}, bởi {name}" if name else f"lúc {moment}"


def check(
    instance: models.Model,
    token: str | Stamp,
    fields: Iterable[str],
    labels: Mapping[str, str] | None = None,
) -> None:
    """Refuse with `EditConflict` when the row no longer holds what the page showed.

    `instance` must have been re-read under `locked` in the write's transaction, so that
    no one can save between this comparison and the write.
    """
    names = list(fields)
    seen = read(token, instance, names, labels)
    shown_labels = {**seen.labels, **(labels or {})}
    now = values_of(instance, names)
    differing = [name for name in names if seen.values.get(name) != now[name]]
    if not differing:
        return
    parts = [
        f"{_label(instance, name, shown_labels)}: lúc bạn mở là "
        f"«{_shown(instance, name, seen.values.get(name))}», "
        f"nay là «{_shown(instance, name, now[name])}»"
        for name in differing
    ]
    event = last_change(instance, seen.issued)
    by = f" ({who_and_when(event)})" if event is not None else ""
    raise EditConflict(
        f"Hồ sơ đã được người khác sửa sau khi bạn mở trang{by}: {'; '.join(parts)}. "
        "Hãy xem lại: giá trị mới ghi ở trên, các ô vẫn giữ những gì bạn đã nhập; bấm Ghi "
        "lần nữa nếu vẫn cần thay đổi của bạn.",
        fields=differing,
    )


class StampForm(forms.Form):
    """The hidden `stamp` field of an edit page, read back on submit.

    Unbound, it carries a stamp of the record as shown; bound, `cleaned_data["stamp"]` is
    the `Stamp` the page was given, or the field's error says to reload the page. After a
    conflict, `renew` gives it a stamp of the current row, so a second submit (after
    reading what changed) goes through.
    """

    # A plain field: whatever arrives is judged by `read` alone, so that junk, a null byte
    # or an endless string all get the one stale-page message the clerk can act on.
    stamp = forms.Field(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        instance: models.Model,
        fields: Iterable[str],
        labels: Mapping[str, str] | None = None,
        extra: Callable[[], Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.instance = instance
        self.stamped = list(fields)
        self.labels = dict(labels or {})
        self.extra = extra
        kwargs.setdefault("initial", {"stamp": self._fresh()})
        super().__init__(data, **kwargs)

    def _fresh(self) -> str:
        return stamp(self.instance, self.stamped, self.extra() if self.extra else None)

    def clean_stamp(self) -> Stamp:
        try:
            return read(self.cleaned_data.get("stamp") or "", self.instance, self.stamped)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None

    def seen(self) -> Stamp:
        """The stamp read back with the labels its refusal names fields by."""
        got: Stamp = self.cleaned_data["stamp"]
        return Stamp(got.model, got.pk, got.values, got.issued, self.labels, got.extra)

    def renew(self, error: DomainError) -> None:
        """Show `error` at the top and carry a stamp of the record as it is now."""
        data = self.data.copy()
        data[self.add_prefix("stamp")] = self._fresh()
        self.data = data
        self.add_error(None, error.message)


def form_labels(*forms_: forms.BaseForm) -> dict[str, str]:
    """The labels of the forms' fields by field name (without the forms' prefixes)."""
    return {name: str(f.label) for form in forms_ for name, f in form.fields.items() if f.label}
