"""Organisations: a stable identity (code) and dated versions of name, kind and parent.

The tree at a date D is the set of versions with valid_from <= D < valid_to. Each version
carries a materialised path of organisation ids ("/1/7/42/"), so that the subtree of X at
D is one range scan on (path, valid_from): every restructuring that changes a node's
parent re-opens versions of all its descendants with the new path on the same date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models

from dangvu.core.dates import FOREVER
from dangvu.orgs.kinds import OrgKind, UnitType


class PathField(models.CharField):
    """A CharField compared byte by byte on every database.

    Subtree queries are prefix ranges ("/1/7/" <= path < "/1/70"), which are only right
    under bytewise ordering; PostgreSQL's default collation may ignore "/", so the column
    is created with the "C" collation there. SQLite compares bytes already.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def subtree_range(path: str) -> tuple[str, str]:
    """The [low, high) bounds of the paths that start with `path` (itself included)."""
    return path, path[:-1] + chr(ord("/") + 1)


class Organisation(models.Model):
    """The identity of a party organisation; never deleted.

    name, kind, parent and path repeat those of the latest version, so that lists, search
    and access checks do not need a date. Actions keep them in step.
    """

    class EndKind(models.TextChoices):
        DISSOLVED = "DISSOLVED", "Giải thể, kết thúc hoạt động"
        MERGED = "MERGED", "Sáp nhập vào tổ chức khác"
        SPLIT = "SPLIT", "Chia tách"

    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    search_key = models.CharField("khóa tìm kiếm", max_length=255, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=24, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức cấp trên",
    )
    path = PathField("đường dẫn cây", max_length=255, db_index=True, editable=False)
    founded_on = models.DateField("ngày thành lập")
    # Where the organisation stands (a commune, an agency, an enterprise…); blank when not
    # told. Not dated: set on founding, corrected by `actions.do_set_unit_type` (audited).
    unit_type = models.CharField(
        "loại hình đơn vị", max_length=12, choices=UnitType.choices, blank=True
    )
    ended_on = models.DateField("ngày kết thúc hoạt động", null=True, blank=True)
    end_kind = models.CharField(
        "hình thức kết thúc", max_length=16, choices=EndKind.choices, blank=True
    )

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:detail", args=[self.code])

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class Restructuring(models.Model):
    """One decision that changed the tree: who decided, when it took effect, and why."""

    class Kind(models.TextChoices):
        CREATE = "CREATE", "Thành lập"
        RENAME = "RENAME", "Đổi tên"
        MOVE = "MOVE", "Chuyển trực thuộc"
        CONVERT = "CONVERT", "Chuyển chi bộ thành đảng bộ, đảng bộ thành chi bộ"
        MERGE = "MERGE", "Sáp nhập"
        SPLIT = "SPLIT", "Chia tách"
        DISSOLVE = "DISSOLVE", "Giải thể, kết thúc hoạt động"

    kind = models.CharField("loại thay đổi", max_length=16, choices=Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    reason = models.TextField("lý do, căn cứ", blank=True)
    summary = models.CharField("nội dung", max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "quyết định sắp xếp tổ chức"
        verbose_name_plural = "quyết định sắp xếp tổ chức"
        ordering = ["-effective_date", "-id"]
        indexes = [
            # Serves "restructurings of a period" for the report and the register page.
            models.Index(fields=["effective_date", "kind"], name="restructuring_date_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.summary


class RestructuringOrganisation(models.Model):
    """An organisation's part in a restructuring, with where it stood just before.

    `path_before` and the kinds let the report count dissolutions and conversions of a
    subtree in a period with one aggregate, on the structure of that day.
    """

    class Role(models.TextChoices):
        SUBJECT = "SUBJECT", "Tổ chức được thay đổi"
        SOURCE = "SOURCE", "Tổ chức bị sáp nhập, chia tách"
        TARGET = "TARGET", "Tổ chức tiếp nhận"
        CREATED = "CREATED", "Tổ chức được thành lập"

    restructuring = models.ForeignKey(
        Restructuring, on_delete=models.PROTECT, related_name="parts", verbose_name="quyết định"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="restructuring_parts",
        verbose_name="tổ chức",
    )
    role = models.CharField("vai trò trong quyết định", max_length=10, choices=Role.choices)
    kind_before = models.CharField("loại trước", max_length=24, choices=OrgKind.choices, blank=True)
    kind_after = models.CharField("loại sau", max_length=24, choices=OrgKind.choices, blank=True)
    path_before = PathField("đường dẫn cây trước", max_length=255, blank=True)
    path_after = PathField("đường dẫn cây sau", max_length=255, blank=True)

    class Meta:
        verbose_name = "tổ chức trong quyết định sắp xếp"
        verbose_name_plural = "tổ chức trong quyết định sắp xếp"
        indexes = [
            # Serves an organisation's history timeline.
            models.Index(fields=["organisation", "restructuring"], name="rorg_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organisation}"


class OrganisationVersion(models.Model):
    """What an organisation was (name, kind, parent, path) from valid_from to valid_to.

    Versions of one organisation do not overlap. A version opened and closed on the same
    day (two decisions effective the same day) is kept for history and is valid on no date.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="versions", verbose_name="tổ chức"
    )
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=24, choices=OrgKind.choices)
    parent = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức cấp trên",
    )
    parent_kind = models.CharField(
        "loại tổ chức cấp trên", max_length=24, choices=OrgKind.choices, blank=True
    )
    path = PathField("đường dẫn cây", max_length=255)
    depth = models.PositiveSmallIntegerField("cấp trong cây")
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến (không gồm)", default=FOREVER)
    opened_by = models.ForeignKey(
        Restructuring,
        on_delete=models.PROTECT,
        related_name="opened_versions",
        verbose_name="mở theo quyết định",
    )
    closed_by = models.ForeignKey(
        Restructuring,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_versions",
        verbose_name="đóng theo quyết định",
    )

    class Meta:
        verbose_name = "phiên bản tổ chức"
        verbose_name_plural = "phiên bản tổ chức"
        indexes = [
            # Serves "subtree of X at D": a range on path, then the date test.
            models.Index(fields=["path", "valid_from", "valid_to"], name="orgversion_path_idx"),
            # Serves "the version of X at D" and the history of one organisation.
            models.Index(fields=["organisation", "valid_from"], name="orgversion_org_idx"),
            # Serves "children of X at D".
            models.Index(fields=["parent", "valid_from"], name="orgversion_parent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_to")),
                name="orgversion_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y} – {self.valid_until_text})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day < self.valid_to

    @property
    def valid_until_text(self) -> str:
        return "nay" if self.valid_to == FOREVER else f"{self.valid_to:%d/%m/%Y}"

    @property
    def kind_label(self) -> str:
        return OrgKind(self.kind).label
