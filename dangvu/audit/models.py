"""The audit trail: who did what to which record, when, from where, before and after.

Rows are written by `dangvu.audit.log.record` and are never changed or deleted: `save`
refuses an update, `delete` and the queryset's `update` and `delete` refuse outright, and
below the application the database's own triggers refuse UPDATE, DELETE and TRUNCATE
(migration 0003). Only the operator's archive (`manage.py archive_audit`), through the
hatch in `dangvu.audit.archive`, removes old rows, after recording that it did.
"""

from __future__ import annotations

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

    def display_changes(self, viewer: Any = None) -> list[tuple[str, Any, Any]]:
        """The changes as a person reads them (see `dangvu.audit.display`): Vietnamese
        labels, values in words, internal fields left out, personal numbers masked
        (revealing them is its own audited act), empty values left out. `old` is None when
        the row has no state before (a creation); a row with only a state before (a void,
        a removal) shows that state as `new` with no `old`."""
        from dangvu.audit import display

        model = display.model_for(self.object_type)
        only_before = self.after is None and self.before is not None
        shown = []
        for key, old, new in self.changes():
            if old in (None, "", [], {}) and new in (None, "", [], {}):
                continue
            name = display.label(model, key)
            if name is None:
                continue
            if key in SENSITIVE:
                old, new = mask(old), mask(new)
            if only_before:
                shown.append((name, None, display.value(model, key, old, viewer)))
            elif self.before is None:
                shown.append((name, None, display.value(model, key, new, viewer)))
            else:
                shown.append(
                    (
                        name,
                        display.value(model, key, old, viewer),
                        display.value(model, key, new, viewer),
                    )
                )
        return shown

    def display_note(self) -> str:
        """The note, with any date or time in it written as a clerk writes them."""
        from dangvu.audit import display

        return display.words(self.note)

    def display_repr(self) -> str:
        """The record's name as it was written, dates in it as a clerk writes them."""
        from dangvu.audit import display

        return display.words(self.object_repr)

    def kind_label(self) -> str:
        """What kind of record the row is about («đảng viên»), empty for none."""
        from dangvu.audit import display

        return display.kind_label(self.object_type)

    def local_at(self) -> str:
        """When the row was written, in Asia/Ho_Chi_Minh, dd/mm/yyyy HH:MM."""
        from dangvu.audit import display

        return display.local_datetime(self.at) if self.at else ""


SENSITIVE = {"identity_number", "phone"}


def mask(value: Any) -> Any:
    """Only the first three and last two characters of an identity number or phone."""
    if not value or not isinstance(value, str):
        return value
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]
