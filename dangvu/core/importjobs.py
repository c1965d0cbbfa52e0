"""Running imports as jobs: small files in the request, large ones in a background thread.

A job's state lives in the database, so the page that follows it survives a refresh and
other users are not held up by a long request.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core.importing import Report, get_kind, run_import
from dangvu.core.models import ImportJob


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


def _in_thread(job_id: int, commit: bool) -> None:
    """A background job owns its database connection: open fresh, close at the end."""
    close_old_connections()
    try:
        _run(job_id, commit)
    finally:
        close_old_connections()


def _run(job_id: int, commit: bool) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    kind = get_kind(job.kind)

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=rows)

    try:
        report = run_import(
            kind,
            bytes(job.data),
            job.filename,
            user=job.user,
            scope=member_editable_organisations(job.user),
            commit=commit,
            accept_duplicates=job.accepted_duplicates,
            skip_duplicates=commit,
            progress=progress,
        )
    except Exception:  # a bug must still end the job visibly, not leave it spinning
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            report={
                "lines": ["Lỗi hệ thống khi xử lý tệp; không có dữ liệu nào được ghi."],
                "problems": [],
                "duplicates": [],
                "ok": False,
            },
        )
        raise
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
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        report=report_dict(report),
        rows_done=report.rows,
        finished_at=timezone.now() if commit else None,
    )


def start(job: ImportJob, *, commit: bool) -> None:
    """Check (or write) a job now, or in the background when its file is large."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.WRITING if commit else ImportJob.Status.CHECKING, rows_done=0
    )
    if len(job.data) < settings.IMPORT_BACKGROUND_MIN_BYTES:
        _run(job.pk, commit)
    else:
        threading.Thread(target=_in_thread, args=(job.pk, commit), daemon=True).start()
