"""The exchange of transfer packages between Dangvu installations (docs/exchange.md).

Packages issued here and received here are kept with their exact bytes and checksum, so a
dispute ("which file did you send us?") is settled by the file itself. The history a
package brings is kept in `ReceivedEvent` rows, never as `MemberEvent`s: the other
committee recorded it, and this committee's statistics count only its own ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dangvu.members.models import Member
from dangvu.orgs.models import Organisation


class TrustedInstallation(models.Model):
    """Another committee's installation whose signing key an administrator has checked.

    A package is accepted only when signed by a key listed here and not revoked; the key
    is compared by its fingerprint, read out by phone or on paper (see docs/security.md).
    """

    name = models.CharField("tên hệ thống, đảng bộ gửi", max_length=255)
    public_key = models.CharField("khóa công khai (base64)", max_length=100)
    # SHA-256 of the raw 32-byte public key, lower-case hex: how a package names its key.
    fingerprint = models.CharField("dấu vân tay khóa", max_length=64, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thêm",
    )
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thu hồi",
    )

    class Meta:
        verbose_name = "hệ thống gửi hồ sơ tin cậy"
        verbose_name_plural = "hệ thống gửi hồ sơ tin cậy"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def fingerprint_grouped(self) -> str:
        """The fingerprint in groups of four, as it is read out over the phone."""
        return " ".join(self.fingerprint[i : i + 4] for i in range(0, len(self.fingerprint), 4))


class IssuedPackage(models.Model):
    """A package this installation signed for a member transferred out."""

    package_id = models.UUIDField("mã gói", unique=True)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="đảng viên"
    )
    issued_at = models.DateTimeField("cấp lúc")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người cấp",
    )
    expires_on = models.DateField("hạn xuất trình")
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    content = models.BinaryField("nội dung gói")

    class Meta:
        verbose_name = "gói hồ sơ đã cấp"
        verbose_name_plural = "gói hồ sơ đã cấp"
        ordering = ["-issued_at", "-id"]
        indexes = [
            # Serves the packages listed on one member's page.
            models.Index(fields=["member", "issued_at"], name="exchange_issued_member_idx")
        ]

    def __str__(self) -> str:
        return str(self.package_id)


class StagedPackage(models.Model):
    """A verified upload waiting for the clerk's confirmation, kept server-side.

    The confirmation names it by checksum and reads the bytes from here, never from the
    browser, and verifies them again; it belongs to the user who uploaded it.
    """

    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    content = models.BinaryField("nội dung gói")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="người tải lên",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ tiếp nhận"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "gói hồ sơ chờ xác nhận"
        verbose_name_plural = "gói hồ sơ chờ xác nhận"
        constraints = [
            models.UniqueConstraint(
                fields=["uploaded_by", "sha256"], name="exchange_staged_user_sha_unique"
            )
        ]

    def __str__(self) -> str:
        return self.sha256


class ReceivedPackage(models.Model):
    """A package whose arrival was recorded here: used once, never again."""

    package_id = models.UUIDField("mã gói", unique=True)
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    content = models.BinaryField("nội dung gói")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="đảng viên"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ tiếp nhận"
    )
    sender_installation = models.CharField("hệ thống gửi", max_length=255)
    sender_organisation = models.CharField("đảng bộ nơi đi", max_length=255)
    key_fingerprint = models.CharField("dấu vân tay khóa", max_length=64)
    trusted = models.ForeignKey(
        TrustedInstallation, on_delete=models.PROTECT, related_name="+", verbose_name="khóa tin cậy"
    )
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhận",
    )

    class Meta:
        verbose_name = "gói hồ sơ đã nhận"
        verbose_name_plural = "gói hồ sơ đã nhận"
        ordering = ["-received_at", "-id"]
        indexes = [
            # Serves the received history shown on one member's page.
            models.Index(fields=["member", "received_at"], name="exchange_received_member_idx")
        ]

    def __str__(self) -> str:
        return str(self.package_id)


class ReceivedEvent(models.Model):
    """One event of the member's history as the sending committee recorded it. Read-only."""

    package = models.ForeignKey(
        ReceivedPackage,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="gói hồ sơ đã nhận",
    )
    position = models.PositiveIntegerField("thứ tự")
    kind = models.CharField("loại (mã)", max_length=32)
    kind_label = models.CharField("loại", max_length=255, blank=True)
    date = models.DateField("ngày")
    organisation = models.CharField("tổ chức", max_length=255, blank=True)
    from_organisation = models.CharField("từ tổ chức", max_length=255, blank=True)
    external_party = models.CharField("đảng bộ nơi đi / nơi đến", max_length=255, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    details = models.JSONField("chi tiết", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "biến động do đảng bộ nơi đi ghi"
        verbose_name_plural = "biến động do đảng bộ nơi đi ghi"
        ordering = ["package", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "position"], name="exchange_event_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_label or self.kind} {self.date:%d/%m/%Y}"
