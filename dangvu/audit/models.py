"""The audit trail: who did what to which record, when, from where, before and after.

Rows are written by `dangvu.audit.log.record` and are never changed or deleted: `save`
refuses an update, `delete` and the queryset's `update` and `delete` refuse outright, and
below the application the database's own triggers refuse UPDATE, DELETE and TRUNCATE
(migration 0003). Only the operator's archive (`manage.py archive_audit`), through the
hatch in `dangvu.audit.archive`, removes old rows, after recording that it did.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses bulk changes in Python, before the database's triggers would."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa.")

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(
            "Nhật ký chỉ được ghi thêm, không được xóa; dòng cũ được lưu trữ bằng lệnh "
            "archive_audit."
        )

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        VOID = "void", "Hủy"
        LOGIN = "login", "Đăng nhập"
        LOGIN_FAILED = "login_failed", "Đăng nhập sai"
        LOGIN_LOCKED = "login_locked", "Tạm khóa đăng nhập"
        LOGOUT = "logout", "Đăng xuất"
        EXPORT = "export", "Xuất dữ liệu"
        IMPORT = "import", "Nhập dữ liệu"
        REVEAL = "reveal", "Xem số CCCD, điện thoại"
        DENIED = "denied", "Truy cập bị từ chối"
        SECURITY = "security", "Thay đổi bảo mật"
        ARCHIVE = "archive", "Lưu trữ nhật ký cũ"

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    # PROTECT: users are deactivated, never deleted, so no row ever loses its user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người dùng",
    )
    username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    action = models.CharField("hành động", max_length=16, choices=Action.choices)
    object_type = models.CharField("loại bản ghi", max_length=40, blank=True)
    object_id = models.CharField("mã bản ghi", max_length=40, blank=True)
    object_repr = models.CharField("bản ghi", max_length=255, blank=True)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-at", "-id"]
        indexes = [
            # Serves the history panel of one record.
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx"),
            # Serves the audit search by user and by action.
            models.Index(fields=["user", "-at"], name="audit_user_idx"),
            models.Index(fields=["action", "-at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Nhật ký không được xóa.")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def display_changes(self) -> list[tuple[str, Any, Any]]:
        """The changes as a person reads them: Vietnamese field names, personal numbers
        masked (revealing them is its own audited act), empty values left out."""
        labels = _field_labels(self.object_type)
        shown = []
        for key, old, new in self.changes():
            if old in (None, "", []) and new in (None, "", []):
                continue
            if key in SENSITIVE:
                old, new = mask(old), mask(new)
            shown.append((labels.get(key, key), readable(old), readable(new)))
        return shown


SENSITIVE = {"identity_number", "phone"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def readable(value: Any) -> Any:
    """A stored value as a clerk reads it: «Có»/«Không» for a tick, dd/mm/yyyy for a
    date, a list as its items; None stays None (the template shows «—»)."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(str(readable(v)) for v in value) or None
    if isinstance(value, str) and (match := _ISO_DATE.match(value)):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}"
    return value


def mask(value: Any) -> Any:
    """Only the first three and last two characters of an identity number or phone."""
    if not value or not isinstance(value, str):
        return value
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def _field_labels(object_type: str) -> dict[str, str]:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    return {}
