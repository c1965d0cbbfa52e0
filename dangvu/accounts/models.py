"""Roles: what a user may do, on which organisation's subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.Model):
    """A user's role on an organisation; it reaches the organisation's whole subtree."""

    class Kind(models.TextChoices):
        LEADERSHIP = "LEADERSHIP", "Lãnh đạo cấp ủy (xem toàn bộ)"
        BOARD_ORGANISATION = "BOARD_ORGANISATION", "Cán bộ Ban Tổ chức"
        BOARD_INSPECTION = "BOARD_INSPECTION", "Cán bộ Ủy ban Kiểm tra"
        BOARD_PROPAGANDA = "BOARD_PROPAGANDA", "Cán bộ Ban Tuyên giáo"
        BOARD_MASS_MOBILISATION = "BOARD_MASS_MOBILISATION", "Cán bộ Ban Dân vận"
        BOARD_OFFICE = "BOARD_OFFICE", "Cán bộ Văn phòng"
        GRASSROOTS_SECRETARY = "GRASSROOTS_SECRETARY", "Bí thư, cấp ủy cơ sở"
        CELL_SECRETARY = "CELL_SECRETARY", "Bí thư chi bộ"
        VIEWER = "VIEWER", "Chỉ xem"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name="người dùng",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name="tổ chức",
    )
    kind = models.CharField("vai trò", max_length=32, choices=Kind.choices)
    granted_at = models.DateTimeField("cấp lúc", auto_now_add=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "kind"], name="role_user_org_kind_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"


# The roles that may change the organisation tree of their subtree.
ORG_EDITORS = {Role.Kind.BOARD_ORGANISATION}

# The roles that may record members and their events in their subtree.
MEMBER_EDITORS = {
    Role.Kind.BOARD_ORGANISATION,
    Role.Kind.GRASSROOTS_SECRETARY,
    Role.Kind.CELL_SECRETARY,
}

# The roles that may change how their subtree's reports are written: upload or reset the
# Word template, set the place name. The committee's office drafts and issues reports;
# a template is code run on the server, so read-only and cell roles may not supply one.
TEMPLATE_EDITORS = {Role.Kind.BOARD_OFFICE}


class LoginFailure(models.Model):
    """One failed sign-in (a wrong password or a wrong code), counted towards a lock.

    Rows older than the counting window are deleted as new failures are recorded.
    """

    username = models.CharField("tên đăng nhập (chuẩn hóa)", max_length=150)
    ip = models.CharField("địa chỉ mạng", max_length=64, blank=True)
    at = models.DateTimeField("lúc")

    class Meta:
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_username_at"),
            models.Index(fields=["ip", "at"], name="loginfailure_ip_at"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%d/%m/%Y %H:%M:%S}"


class LoginLock(models.Model):
    """A username or a network address refused sign-in until a moment."""

    class Scope(models.TextChoices):
        USERNAME = "username", "Tên đăng nhập"
        IP = "ip", "Địa chỉ mạng"

    scope = models.CharField("loại", max_length=16, choices=Scope.choices)
    key = models.CharField("tên đăng nhập hoặc địa chỉ", max_length=150)
    until = models.DateTimeField("khóa đến")

    class Meta:
        verbose_name = "khóa đăng nhập tạm thời"
        verbose_name_plural = "khóa đăng nhập tạm thời"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="loginlock_scope_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key} đến {self.until:%d/%m/%Y %H:%M}"


class TotpDevice(models.Model):
    """A user's authenticator application (two-step sign-in); in use once confirmed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="totp_device",
        verbose_name="người dùng",
    )
    secret = models.CharField("khóa bí mật (base32)", max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    # The last 30-second step whose code was accepted: a code is never accepted twice.
    last_used_step = models.BigIntegerField("bước thời gian dùng gần nhất", default=0)

    class Meta:
        verbose_name = "thiết bị xác thực hai bước"
        verbose_name_plural = "thiết bị xác thực hai bước"

    def __str__(self) -> str:
        state = "đang dùng" if self.confirmed_at else "chưa xác nhận"
        return f"{self.user} ({state})"
