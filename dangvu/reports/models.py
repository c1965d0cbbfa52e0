"""The Word templates that offices upload for their annual report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class ReportTemplate(models.Model):
    """One uploaded .docx template of an organisation's annual report.

    Nothing is deleted: uploading a new one, or going back to the default, retires the
    current row (`retired_at`), so every template ever used stays on record. The live one
    is the organisation's row with `retired_at` empty (at most one, by constraint).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="report_templates",
        verbose_name="tổ chức",
    )
    content = models.BinaryField("nội dung tệp .docx")
    filename = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    retired_at = models.DateTimeField("thôi dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mẫu báo cáo năm"
        verbose_name_plural = "mẫu báo cáo năm"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="reports_one_live_template_per_org",
            )
        ]
        # The live template of an organisation: (organisation, retired_at IS NULL).
        indexes = [models.Index(fields=["organisation", "retired_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation.code})"


class ReportHeading(models.Model):
    """What an organisation's reports say in their heading beyond its name: the place.

    The place (địa danh, "Quy Nhơn") precedes the date; an organisation without one uses
    its nearest superior's, so one entry at the top serves a whole bloc in one town.
    """

    organisation = models.OneToOneField(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="report_heading",
        verbose_name="tổ chức",
    )
    place = models.CharField("địa danh", max_length=80)

    class Meta:
        verbose_name = "địa danh trên báo cáo"
        verbose_name_plural = "địa danh trên báo cáo"

    def __str__(self) -> str:
        return f"{self.place} ({self.organisation.code})"


def place_for(org: Any) -> str:
    """The place written before the date: the organisation's own, else its nearest superior's."""
    ids = [int(part) for part in (org.path or "").strip("/").split("/") if part]
    places = dict(
        ReportHeading.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "place"
        )
    )
    for org_id in reversed(ids):
        if org_id in places:
            return places[org_id]
    return ""


def own_place(org: Any) -> str:
    """The place set for `org` itself (not inherited), or ""."""
    if org.pk is None:
        return ""
    return (
        ReportHeading.objects.filter(organisation=org).values_list("place", flat=True).first() or ""
    )
