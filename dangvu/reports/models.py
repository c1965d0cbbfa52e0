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
    """What an organisation's reports say beyond its name, set once for the committee.

    The place (địa danh, "Quy Nhơn") precedes the date; an organisation without one uses
    its nearest superior's, so one entry at the top serves a whole bloc in one town. The
    superior line ("ĐẢNG BỘ TỈNH BÌNH ĐỊNH") heads the issuing body's name where the tree
    has no superior to take it from (the top of the installation). The recipients (Nơi
    nhận) are the committee's own list, one per line.
    """

    organisation = models.OneToOneField(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="report_heading",
        verbose_name="tổ chức",
    )
    place = models.CharField("địa danh", max_length=80, blank=True)
    superior_line = models.CharField("dòng cấp ủy cấp trên", max_length=160, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)

    class Meta:
        verbose_name = "thể thức báo cáo"
        verbose_name_plural = "thể thức báo cáo"

    def __str__(self) -> str:
        return f"{self.place} ({self.organisation.code})"


def _inherited(org: Any, field: str) -> str:
    """`field` of the heading of `org`, else of its nearest superior that has it set."""
    ids = [int(part) for part in (getattr(org, "path", "") or "").strip("/").split("/") if part]
    if not ids:
        return ""
    values = dict(
        ReportHeading.objects.filter(organisation_id__in=ids).values_list("organisation_id", field)
    )
    for org_id in reversed(ids):
        if values.get(org_id):
            return values[org_id]
    return ""


def place_for(org: Any) -> str:
    """The place written before the date: the organisation's own, else its nearest superior's."""
    return _inherited(org, "place")


def own_heading(org: Any) -> ReportHeading | None:
    """The heading row of `org` itself (not inherited), or None."""
    if org.pk is None:
        return None
    return ReportHeading.objects.filter(organisation=org).first()


def own_place(org: Any) -> str:
    """The place set for `org` itself (not inherited), or ""."""
    heading = own_heading(org)
    return heading.place if heading is not None else ""


def recipient_lines(text: str) -> list[str]:
    """The stored recipients (one per line), without blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def superior_line_for(org: Any, report: Any) -> str:
    """The line above the issuing body: the superior party organisation, upper-cased.

    From the tree as it stood at the end of the report's period (``report.superior_name``:
    "Đảng bộ tỉnh Bình Định" → "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"); for the top of the tree, which
    has no superior in it, the committee's own setting, else its nearest superior's.
    """
    name = (getattr(report, "superior_name", "") or "").strip()
    if name:
        return name.upper()
    return _inherited(org, "superior_line").upper()


def default_recipients(superior_name: str, kind: str) -> list[str]:
    """The usual recipients: the superior committee (to report to), the subordinate
    organisations when there are any, and the file copy."""
    from dangvu.orgs.kinds import OrgKind
    from dangvu.reports.prose import issuing_body

    superior = (superior_name or "").strip()
    lines = [
        f"{issuing_body(superior, OrgKind.BLOC) if superior else 'Cấp ủy cấp trên'} (để báo cáo)"
    ]
    if kind == OrgKind.BLOC:
        lines += ["Các tổ chức cơ sở đảng trực thuộc", "Lưu Văn phòng"]
    elif kind in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE):
        lines += ["Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy"]
    else:
        lines.append("Lưu Chi bộ")
    return lines


def recipients_for(org: Any, report: Any = None) -> list[str]:
    """The recipients (Nơi nhận) without dashes or closing marks: the committee's own list,
    else the usual one (`default_recipients`) for the report's superior and kind (without a
    report: the organisation's superior and kind today)."""
    heading = own_heading(org)
    own = recipient_lines(heading.recipients) if heading is not None else []
    if own:
        return own
    if report is None:
        from dangvu.core.dates import today
        from dangvu.orgs.queries import version_at

        version = version_at(org, today())
        parent = version.parent if version is not None else None
        return default_recipients(parent.name if parent is not None else "", org.kind)
    return default_recipients(
        getattr(report, "superior_name", "") or "", getattr(report, "kind", "") or ""
    )


class IssuedReport(models.Model):
    """A report as issued (ban hành): a document of record that never changes afterwards.

    Issuing takes a number from the document register (`document`), stores the exact
    files sent (`files`) and every figure with its breakdown as computed at that moment
    (`figures`: code -> {label, unit, value, previous, plan, breakdown}), who issued it and
    when, and the data it was computed on (`audit_position`: the last audit event then, so
    that what was recorded or voided since can be listed). A later report for the same
    organisation, kind and period is a correction (`corrects` the one it replaces).
    """

    class Kind(models.TextChoices):
        ANNUAL = "ANNUAL", "Báo cáo năm"
        FIGURES = "FIGURES", "Bảng số liệu"

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name="tổ chức",
    )
    kind = models.CharField("loại báo cáo", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("năm")
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    name = models.CharField("tên tổ chức trên báo cáo", max_length=255)
    title = models.CharField("trích yếu", max_length=500)
    document = models.OneToOneField(
        "office.Document",
        on_delete=models.PROTECT,
        related_name="issued_report",
        verbose_name="số văn bản",
    )
    recipients = models.TextField("nơi nhận", blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính báo cáo",
    )
    figures = models.JSONField("số liệu đã báo cáo", default=dict)
    audit_position = models.BigIntegerField("vị trí nhật ký khi ban hành", default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )
    issued_at = models.DateTimeField("ban hành lúc", auto_now_add=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "báo cáo đã ban hành"
        verbose_name_plural = "báo cáo đã ban hành"
        ordering = ["-year", "-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="issued_report_period_order",
            )
        ]
        indexes = [
            # The register of a committee by year, and the last issue of a period.
            models.Index(fields=["organisation", "kind", "year"], name="issued_report_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} năm {self.year} — {self.name}"


class IssuedFile(models.Model):
    """One file of an issued report, byte for byte as it was sent."""

    report = models.ForeignKey(
        IssuedReport,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name="báo cáo",
    )
    fmt = models.CharField("định dạng", max_length=8)
    filename = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=120)
    content = models.BinaryField("nội dung")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)

    class Meta:
        verbose_name = "tệp báo cáo đã ban hành"
        verbose_name_plural = "tệp báo cáo đã ban hành"
        constraints = [
            models.UniqueConstraint(fields=["report", "fmt"], name="issued_file_one_per_format")
        ]

    def __str__(self) -> str:
        return self.filename
