"""Long outputs as jobs of the task queue: a report or a workbook of a large scope.

The page that asks for such a file creates an `OutputJob` and leads to the job's page; the
queue's worker runs the job's producer (registered by the app that owns the output, see
`register`) and stores the file on the job, which its page then offers. A producer
reports its progress in steps (organisations computed, tables built) through the
`Progress` it is given. A producer raises `OutputFailure` with a Vietnamese message for a
cause the asker can act on; any other error ends the job as failed with a generic cause
and is raised again for the worker's own record. A running job whose worker died shows
no progress and is ended as failed by `follow`, never left spinning.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from dangvu.core.models import OutputJob
from dangvu.core.tasks import run_output_job

logger = logging.getLogger(__name__)

ACTIVE = (OutputJob.Status.QUEUED, OutputJob.Status.RUNNING)

STOPPED_CAUSE = (
    "Việc bị dừng giữa chừng (tiến trình nền hoặc máy chủ khởi động lại?) và không có tệp "
    "nào được lập; hãy yêu cầu lập lại tệp."
)


class OutputFailure(Exception):
    """A cause the asker can act on, said in Vietnamese (the stored template is refused,
    LibreOffice is missing): the job ends failed with this message as its cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Produced:
    content: bytes
    content_type: str
    filename: str


class Progress:
    """Records a job's steps where its page reads them: each call is its own write, as the
    producers only read and hold no transaction open."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def __call__(self, done: int, total: int | None = None) -> None:
        fields: dict[str, Any] = {"steps_done": done, "progress_at": timezone.now()}
        if total is not None:
            fields["steps_total"] = total
        OutputJob.objects.filter(pk=self.job_id, status=OutputJob.Status.RUNNING).update(**fields)


Producer = Callable[[dict[str, Any], Any, Progress], Produced]
_PRODUCERS: dict[str, Producer] = {}


def register(kind: str, producer: Producer) -> None:
    """Declare the producer of `kind`: called with the job's params, its asker and a
    `Progress`, it returns the file. Apps register theirs in `AppConfig.ready`."""
    _PRODUCERS[kind] = producer


def system_cause(error: BaseException) -> str:
    """A crash as the asker reads it: its class's name, never the traceback."""
    return (
        f"Lỗi hệ thống khi lập tệp ({type(error).__name__}). Hãy yêu cầu lập lại; nếu lỗi "
        "lặp lại, báo quản trị viên kèm thời điểm yêu cầu."
    )


def start(user: Any, kind: str, params: dict[str, Any], title: str) -> OutputJob:
    """Queue the making of a file; the same request still waiting or running is reused,
    so a refreshed page does not queue the same work twice."""
    if kind not in _PRODUCERS:
        raise ValueError(f"unknown output kind {kind}")
    same = OutputJob.objects.filter(user=user, kind=kind, params=params, status__in=ACTIVE)
    existing = same.defer("content").order_by("-created_at").first()
    if existing is not None:
        return existing
    job = OutputJob.objects.create(user=user, kind=kind, params=params, title=title[:255])
    result = run_output_job.enqueue(job.pk)
    # The immediate backend (the tests) has run the job already; the id is kept either way.
    OutputJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def run(job_id: int) -> None:
    """The queue's task body: run the job's producer and store its file, or its cause."""
    now = timezone.now()
    taken = OutputJob.objects.filter(pk=job_id, status=OutputJob.Status.QUEUED).update(
        status=OutputJob.Status.RUNNING, started_at=now, progress_at=now, steps_done=0
    )
    if not taken:  # already run (a task delivered twice) or declared stopped
        return
    job = OutputJob.objects.defer("content").select_related("user").get(pk=job_id)
    try:
        producer = _PRODUCERS[job.kind]
        produced = producer(job.params, job.user, Progress(job_id))
        with transaction.atomic():
            # Only a job still running takes its file: one that `follow` meanwhile ended as
            # stopped keeps what its page said.
            OutputJob.objects.filter(pk=job_id, status=OutputJob.Status.RUNNING).update(
                status=OutputJob.Status.DONE,
                content=produced.content,
                content_type=produced.content_type,
                filename=produced.filename[:255],
                finished_at=timezone.now(),
                progress_at=timezone.now(),
            )
    except OutputFailure as failure:
        _fail(job_id, failure.message)
    except Exception as error:
        logger.exception("Output job %s failed", job_id)
        _fail(job_id, system_cause(error))
        raise


def _fail(job_id: int, cause: str) -> None:
    OutputJob.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=OutputJob.Status.FAILED, cause=cause, finished_at=timezone.now()
    )


@dataclass
class Following:
    """What a job's page shows beside the job itself."""

    job: OutputJob
    worker_missing: bool = False  # queued for longer than OUTPUT_STALE_AFTER


def _task_result(job: OutputJob) -> TaskResult[Any] | None:
    if not job.task_id:
        return None
    backend = run_output_job.get_backend()
    if not backend.supports_get_result:
        return None
    try:
        return backend.get_result(job.task_id)
    except (TaskResultDoesNotExist, ValueError):  # pruned, or an id of another backend
        return None


def cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.OUTPUT_STALE_AFTER)


def follow(job: OutputJob) -> Following:
    """The job as its page shows it; a job whose task died is ended as failed first.

    A running job has died when the queue says its task failed outside the job's own
    handling (its worker stopped by a signal), or when it has shown no progress for
    OUTPUT_STALE_AFTER (its worker killed mid-run: the queue leaves the task "running").
    A queued job is only waiting: for longer than that, no worker runs, and the page says
    so; it is run as soon as one starts.
    """
    if job.status not in ACTIVE:
        return Following(job)
    limit = cutoff()
    result = _task_result(job)
    if result is not None and result.status == TaskResultStatus.FAILED:
        _fail(job.pk, STOPPED_CAUSE)
    elif job.status == OutputJob.Status.QUEUED:
        return Following(job, worker_missing=job.created_at < limit)
    elif (job.progress_at or job.created_at) < limit:
        OutputJob.objects.filter(pk=job.pk, status=OutputJob.Status.RUNNING).filter(
            Q(progress_at__lt=limit) | Q(progress_at__isnull=True)
        ).update(status=OutputJob.Status.FAILED, cause=STOPPED_CAUSE, finished_at=timezone.now())
    else:
        return Following(job)
    job.refresh_from_db(fields=["status", "cause", "finished_at", "steps_done", "progress_at"])
    return Following(job)


def jobs_for(user: Any) -> Any:
    """The asker's jobs, newest first, without their files."""
    return OutputJob.objects.filter(user=user).defer("content").order_by("-created_at", "-id")
