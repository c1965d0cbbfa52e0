"""Writing the audit trail from anywhere: actions, views, signals.

The request in progress (for the user and the address) is kept in a context variable by
`AuditRequestMiddleware`, so domain actions can record without taking a request.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse

from dangvu.audit.models import AuditEvent

__all__ = ["AuditEvent", "history", "record", "snapshot"]

CREATE = AuditEvent.Action.CREATE
UPDATE = AuditEvent.Action.UPDATE
VOID = AuditEvent.Action.VOID

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_request", default=None
)


# The user on whose behalf an action writes, when there is no request (commands, tests) or
# when signal receivers record the action's model changes (see `acting_as`).
_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Rows recorded inside the block without an explicit user name `user` as the actor.

    Domain actions that let signal receivers record their changes (users, roles) wrap the
    change in this, so the row names the acting administrator even outside a request.
    """
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_request() -> HttpRequest | None:
    """The request being answered, if the code runs inside one."""
    return _request.get()


def current_actor(request: HttpRequest | None = None) -> Any:
    """Who a row recorded now would name: `acting_as`'s user, else the request's user."""
    user = _actor.get()
    request = request or _request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        return None
    return user


class AuditRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    try:
        from dangvu.accounts.security import client_ip as accounts_client_ip
    except ImportError:
        return request.META.get("REMOTE_ADDR") or None
    return accounts_client_ip(request) or None


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-ready data."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        if name in ("search_key", "data"):
            continue
        data[name] = _plain(getattr(obj, name))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, FieldFile):  # a stored file: its name in the storage
        return value.name or ""
    return value


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    event = entry(
        action,
        request=request,
        user=user,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        note=note,
    )
    event.save()
    return event


def entry(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """An unsaved audit event, as `record` would write it (for `record_many`)."""
    request = request or _request.get()
    if user is None:
        user = current_actor(request)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.model_name or ""
        object_id = object_id or obj.pk
    return AuditEvent(
        user=user,
        username=user.get_username() if user is not None else "",
        ip=client_ip(request),
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        note=note[:2000],
    )


def record_many(events: list[AuditEvent]) -> None:
    """Write audit events made by `entry` in one statement (bulk imports)."""
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.model_name, object_id=str(obj.pk)
    ).select_related("user")
