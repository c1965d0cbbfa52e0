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


class DigestPreference(models.Model):
    """How often a user wants the e-mail digest of what falls due in their scope.

    A user without a row gets `DEFAULT` (weekly) once they have an e-mail address.
    `last_sent_on` is the day the last digest was for (the command's `--date`, today by
    default): at most one digest per period (`dangvu.accounts.digest.already_sent`).
    """

    class Frequency(models.TextChoices):
        NEVER = "NEVER", "Không nhận"
        DAILY = "DAILY", "Hằng ngày"
        WEEKLY = "WEEKLY", "Hằng tuần (thứ Hai)"
        MONTHLY = "MONTHLY", "Hằng tháng (ngày 1)"

    DEFAULT = Frequency.WEEKLY

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_preference",
        verbose_name="người dùng",
    )
    frequency = models.CharField(
        "nhận thư nhắc việc", max_length=8, choices=Frequency.choices, default=DEFAULT
    )
    last_sent_on = models.DateField("thư gần nhất cho ngày", null=True, blank=True)
    last_sent_at = models.DateTimeField("gửi thư gần nhất lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư nhắc việc"
        verbose_name_plural = "thư nhắc việc"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_frequency_display()}"


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

# The roles that may export identity and phone numbers in full (besides administrators),
# for members and candidates of their subtree, asking for it explicitly; each number so
# exported is recorded as a reveal. Everyone else, these roles included by default, gets
# the numbers masked as on screen. The organisation board keeps the member records (lý
# lịch) and needs the full numbers to reconcile them with the civil registry.
FULL_NUMBER_READERS = {Role.Kind.BOARD_ORGANISATION}
