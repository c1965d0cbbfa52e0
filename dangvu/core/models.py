"""Rule parameters with an effective date, so that 2023 is judged by the rules of 2023."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RuleVersion(models.Model):
    """An administrator's value for a rule, effective from a date.

    The defaults live in code (see `dangvu.core.rules`); a row here overrides them from its
    date on. Rows are added, not edited, so that past reports keep their rules.
    """

    key = models.CharField("mã quy định", max_length=100)
    effective_from = models.DateField("hiệu lực từ ngày")
    value = models.JSONField("giá trị")
    note = models.TextField("căn cứ, ghi chú", blank=True)
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="người ghi",
    )

    class Meta:
        verbose_name = "phiên bản quy định"
        verbose_name_plural = "phiên bản quy định"
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="rule_key_date_unique")
        ]
        # Serves rule(key, on): the latest row of a key on or before a date.
        indexes = [models.Index(fields=["key", "-effective_from"], name="rule_key_date_idx")]

    def __str__(self) -> str:
        return f"{self.key} từ {self.effective_from:%d/%m/%Y}"


class ImportJob(models.Model):
    """An uploaded spreadsheet, its validation report and, once committed, its outcome.

    The file is kept so that the preview and the commit read the very same bytes, and so
    that a refreshed page finds the job again.
    """

    class Status(models.TextChoices):
        CHECKING = "CHECKING", "Đang kiểm tra"
        CHECKED = "CHECKED", "Đã kiểm tra"
        WRITING = "WRITING", "Đang ghi"
        DONE = "DONE", "Đã ghi"
        FAILED = "FAILED", "Không ghi được"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    rows_done = models.PositiveIntegerField(default=0)
    # Counted when the check starts, so the page can say "n of total".
    rows_total = models.PositiveIntegerField("số dòng của tệp", null=True, blank=True)
    # The queue's id of the task running the job, to ask the queue whether it failed.
    task_id = models.CharField("mã tác vụ nền", max_length=64, blank=True, default="")
    # The last sign of life of the work: its start, each progress step, its end. A job
    # still checking or writing with no sign for IMPORT_STALE_AFTER has lost its worker.
    progress_at = models.DateTimeField("cập nhật tiến độ lúc", null=True, blank=True)
    report = models.JSONField(default=dict)
    accepted_duplicates = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhập dữ liệu"
        verbose_name_plural = "lượt nhập dữ liệu"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"


class OutputJob(models.Model):
    """A long output (a report or a workbook of a large scope) made by the background worker.

    `kind` names the producer (`dangvu.core.outputjobs.register`) and `params` what it is
    asked for (organisation id, period, format), so that a task waiting in the queue
    carries only the job's id. The finished file is kept here, as issued reports keep
    theirs, until the asker downloads it; `cause` says in Vietnamese why a job failed.
    """

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "Đang chờ"
        RUNNING = "RUNNING", "Đang lập"
        DONE = "DONE", "Đã xong"
        FAILED = "FAILED", "Không lập được"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    kind = models.CharField("loại việc", max_length=40)
    title = models.CharField("nội dung", max_length=255)
    params = models.JSONField("tham số", default=dict)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    steps_done = models.PositiveIntegerField("số bước đã xong", default=0)
    steps_total = models.PositiveIntegerField("tổng số bước", null=True, blank=True)
    task_id = models.CharField("mã tác vụ nền", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    # The last sign of life of the work, as on ImportJob: a running job with no sign for
    # OUTPUT_STALE_AFTER has lost its worker.
    progress_at = models.DateTimeField("cập nhật tiến độ lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    filename = models.CharField("tên tệp", max_length=255, blank=True, default="")
    content_type = models.CharField("kiểu tệp", max_length=120, blank=True, default="")
    content = models.BinaryField("nội dung tệp", default=b"")
    cause = models.TextField("lý do không lập được", blank=True, default="")

    class Meta:
        verbose_name = "việc lập tệp nền"
        verbose_name_plural = "việc lập tệp nền"
        ordering = ["-created_at", "-id"]
        indexes = [
            # Serves the user's list of jobs, newest first.
            models.Index(fields=["user", "-created_at"], name="outputjob_user_idx"),
            # Serves the home page's search for jobs stuck queued or running.
            models.Index(fields=["status", "created_at"], name="outputjob_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title
