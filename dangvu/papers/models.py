"""An organisation's own Word template per paper kind, and every paper issued.

Nothing is deleted: a template replaced or given up is retired (`retired_at`), as the
annual report's templates are; an issue keeps the exact .docx that was downloaded, so it
can be downloaded again unchanged, and each paper of it names the register entry that
gave it its number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.papers.kinds import BY_CODE, CHOICES


class PaperTemplate(models.Model):
    """One uploaded .docx template of an organisation for one kind of paper."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="paper_templates",
        verbose_name="tổ chức",
    )
    kind = models.CharField("loại giấy", max_length=24, choices=CHOICES)
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
        verbose_name = "mẫu giấy tờ đảng viên"
        verbose_name_plural = "mẫu giấy tờ đảng viên"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(retired_at__isnull=True),
                name="papers_one_live_template_per_kind",
            )
        ]
        # The live template of an organisation for a kind: (organisation, kind, retired_at).
        indexes = [models.Index(fields=["organisation", "kind", "retired_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"


class PaperIssue(models.Model):
    """One production of papers: a single paper, or many in one file (bulk), as downloaded."""

    kind = models.CharField("loại giấy", max_length=24, choices=CHOICES)
    issuer = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức ban hành",
    )
    date = models.DateField("ngày ký")
    label = models.CharField("nội dung", max_length=255)
    filename = models.CharField("tên tệp", max_length=255)
    content = models.BinaryField("tệp .docx")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lập",
    )
    issued_at = models.DateTimeField("lập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lần lập giấy tờ"
        verbose_name_plural = "các lần lập giấy tờ"
        ordering = ["-issued_at", "-id"]
        # The papers an office produced, newest first.
        indexes = [models.Index(fields=["issuer", "issued_at"], name="paper_issue_issuer_idx")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("papers:issue", args=[self.pk])

    @property
    def kind_name(self) -> str:
        return BY_CODE[self.kind].name if self.kind in BY_CODE else self.kind


class Paper(models.Model):
    """One member's paper within an issue, with the register entry that numbered it.

    A list (the badge proposal list, the award decision) has one row per member listed,
    all naming the one register entry of the list.
    """

    issue = models.ForeignKey(
        PaperIssue, on_delete=models.PROTECT, related_name="papers", verbose_name="lần lập"
    )
    position = models.PositiveIntegerField("thứ tự")
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="papers",
        verbose_name="đảng viên",
    )
    event = models.ForeignKey(
        "members.MemberEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="biến động",
    )
    document = models.ForeignKey(
        "office.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name="số văn bản",
    )

    class Meta:
        verbose_name = "giấy tờ đảng viên"
        verbose_name_plural = "giấy tờ đảng viên"
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="paper_issue_position")
        ]
        # A member's papers (their page's «Giấy tờ» block).
        indexes = [models.Index(fields=["member", "issue"], name="paper_member_idx")]

    def __str__(self) -> str:
        return f"{self.issue.kind_name} — {self.member.full_name}"
