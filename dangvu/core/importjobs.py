"""Running imports as jobs: small files in the request, large ones on the task queue.

A job's state lives in the database, so the page that follows it survives a refresh and
other users are not held up by a long request. A large file's job is a task of the queue
(`dangvu.core.tasks`), which survives a restart; a task whose worker died mid-run is found
by `follow` and ended as failed. Nothing is half-written by a dead task: the check or write
and the job's final status share one transaction (see `_run`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core.importing import ImportKind, Report, get_kind, run_import
from dangvu.core.models import ImportJob
from dangvu.core.tasks import run_import_job
from dangvu.lib import sheets

logger = logging.getLogger(__name__)

ACTIVE = (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)

STOPPED_MESSAGE = (
    "Tác vụ bị dừng giữa chừng (máy chủ khởi động lại?) — không có dữ liệu nào được ghi; "
    "hãy nhập lại tệp."
)


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "created": report.created,
        "unchanged": report.unchanged,
        "committed": report.committed,
        "ok": report.ok,
        "extra_headers": report.extra_headers,
        "problems": [
            {"row": p.row, "column": p.column, "message": p.message} for p in report.problems
        ],
        "duplicates": [{"row": p.row, "message": p.message} for p in report.duplicates],
        "skipped": [{"row": p.row, "message": p.message} for p in report.skipped],
        "lines": report.lines(),
    }


def failure_report(line: str) -> dict[str, Any]:
    """The report of a job that ended without a result: one line saying why and what to do."""
    return {"lines": [line], "problems": [], "duplicates": [], "ok": False}


def system_error_line(error: BaseException) -> str:
    """The cause of a crash as the user reads it: its class's name, never the traceback."""
    return (
        f"Lỗi hệ thống khi xử lý tệp ({type(error).__name__}); không có dữ liệu nào được ghi. "
        "Hãy tải tệp lên lại; nếu lỗi lặp lại, báo quản trị viên."
    )


class _Progress:
    """Writes a job's progress where its page can read it while the import's transaction
    is still open: through a second connection of its own.

    SQLite takes one writer at a time, and the import's transaction is that writer, so a
    second connection would only wait for it; there the rows done are written at the end.
    So are they for a job run in the request, whose page is not shown until it ends.
    """

    def __init__(self, job_id: int, *, live: bool = True) -> None:
        self.job_id = job_id
        self.side = (
            connections.create_connection(DEFAULT_DB_ALIAS)
            if live and connection.vendor != "sqlite"
            else None
        )

    def __call__(self, rows: int) -> None:
        if self.side is None:
            return
        quote = self.side.ops.quote_name
        sql = (
            f"UPDATE {quote(ImportJob._meta.db_table)} SET {quote('rows_done')} = %s, "
            f"{quote('progress_at')} = %s WHERE {quote('id')} = %s"
        )
        now = self.side.ops.adapt_datetimefield_value(timezone.now())
        try:
            with self.side.cursor() as cursor:
                cursor.execute(sql, [rows, now, self.job_id])
        except DatabaseError:  # progress is a courtesy: it must never stop the import
            logger.warning("Could not record the progress of import job %s", self.job_id)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _count_rows(kind: ImportKind, data: bytes, filename: str) -> int | None:
    """The data rows of the file, for the page's "n of total"; None if it cannot be read
    (the check that follows says why)."""
    try:
        with sheets.read_rows(
            data,
            filename,
            expected_headers=[c.header for c in kind.columns],
            required_headers=[c.header for c in kind.columns if c.required],
        ) as sheet:
            return sum(1 for _ in sheet.rows)
    except sheets.SheetError:
        return None


def _run(job_id: int, *, queued: bool) -> None:
    """Check or write the job, as its status says, and record the outcome on it.

    The import, its audit row and the job's final status are one transaction, and the
    final status is written only if the job is still checking or writing: a job that the
    page meanwhile declared stopped (`follow`) rolls back, so what the page said ("nothing
    written") stays true. A crash ends the job as failed and, on the queue, is raised
    again for the worker to record its traceback.
    """
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in ACTIVE:  # already ended (declared stopped, or run twice)
        return
    commit = job.status == ImportJob.Status.WRITING
    ImportJob.objects.filter(pk=job_id).update(progress_at=timezone.now())
    progress = _Progress(job_id, live=queued)
    try:
        kind = get_kind(job.kind)
        data = bytes(job.data)
        if queued and job.rows_total is None:
            total = _count_rows(kind, data, job.filename)
            ImportJob.objects.filter(pk=job_id).update(rows_total=total, progress_at=timezone.now())
        with transaction.atomic():
            report = run_import(
                kind,
                data,
                job.filename,
                user=job.user,
                scope=member_editable_organisations(job.user),
                commit=commit,
                accept_duplicates=job.accepted_duplicates,
                skip_duplicates=commit,
                progress=progress,
            )
            if commit and report.committed:
                record(
                    AuditEvent.Action.IMPORT,
                    user=job.user,
                    note=f"{kind.label} «{job.filename}»: {report.lines()[0]}",
                )
            if commit:
                status = ImportJob.Status.DONE if report.committed else ImportJob.Status.CHECKED
            else:
                status = ImportJob.Status.CHECKED
            ended = ImportJob.objects.filter(pk=job_id, status=job.status).update(
                status=status,
                report=report_dict(report),
                rows_done=report.rows,
                progress_at=timezone.now(),
                finished_at=timezone.now() if commit else None,
            )
            if not ended:
                transaction.set_rollback(True)
    except Exception as error:  # a bug must still end the job visibly, not leave it spinning
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id, status=job.status).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            report=failure_report(system_error_line(error)),
        )
        if queued:
            raise
    finally:
        progress.close()


def run_queued(job_id: int) -> None:
    """The queue's task body (`dangvu.core.tasks.run_import_job`)."""
    _run(job_id, queued=True)


def start(job: ImportJob, *, commit: bool) -> None:
    """Check (or write) a job now, or on the task queue when its file is large."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.WRITING if commit else ImportJob.Status.CHECKING,
        rows_done=0,
        progress_at=timezone.now(),
        task_id="",
    )
    if len(job.data) < settings.IMPORT_BACKGROUND_MIN_BYTES:
        _run(job.pk, queued=False)
        return
    result = run_import_job.enqueue(job.pk)
    # The immediate backend (the tests) has already run the job: the filter keeps its end.
    ImportJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(task_id=str(result.id))


@dataclass
class Following:
    """What the page that follows a job shows beside the job itself."""

    job: ImportJob
    waiting: bool = False  # enqueued, no worker has taken it yet
    worker_missing: bool = False  # waiting longer than IMPORT_STALE_AFTER: no worker runs


def _task_result(job: ImportJob) -> TaskResult[Any] | None:
    """The queue's record of the job's task, when the backend keeps one."""
    if not job.task_id:
        return None
    backend = run_import_job.get_backend()
    if not backend.supports_get_result:
        return None
    try:
        return backend.get_result(job.task_id)
    except TaskResultDoesNotExist:  # pruned from the queue's table
        return None


def follow(job: ImportJob) -> Following:
    """The job as its page shows it; a job whose task died is ended as failed first.

    A job checking or writing has died when the queue says its task failed outside the
    job's own error handling (the worker stopped by a signal), or when it has shown no
    progress for IMPORT_STALE_AFTER and is not waiting in the queue (its worker killed or
    restarted mid-run: the queue leaves such a task "running" forever).
    """
    if job.status not in ACTIVE:
        return Following(job)
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER)
    result = _task_result(job)
    if result is not None and result.status == TaskResultStatus.READY:
        enqueued = result.enqueued_at or job.progress_at or job.created_at
        return Following(job, waiting=True, worker_missing=enqueued < cutoff)
    failed = result is not None and result.status == TaskResultStatus.FAILED
    last = job.progress_at or job.created_at
    if not failed and last >= cutoff:
        return Following(job)
    stopped = ImportJob.objects.filter(pk=job.pk, status=job.status)
    if not failed:
        stopped = stopped.filter(
            Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, created_at__lt=cutoff)
        )
    try:
        stopped.update(
            status=ImportJob.Status.FAILED,
            finished_at=now,
            report=failure_report(STOPPED_MESSAGE),
        )
    except OperationalError:
        # SQLite refuses the write while another holds the database: most likely the
        # import itself, still alive. Its page keeps waiting.
        return Following(job)
    job.refresh_from_db(fields=["status", "report", "finished_at", "rows_done", "progress_at"])
    return Following(job)
