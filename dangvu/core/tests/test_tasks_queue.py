"""The queue for real: a large file's job is a row of the database backend, run by the
`db_worker` command, and a job whose task failed or died is shown as failed."""

from __future__ import annotations

import datetime as dt
import io
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dangvu.core import importjobs
from dangvu.core.models import ImportJob
from dangvu.core.tests.test_import import MEMBER, xlsx
from dangvu.members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)

SECOND = {
    **MEMBER,
    "Họ và tên": "Lê Thị Bình",
    "Số CCCD": "052190000777",
    "Số thẻ đảng viên": "0099",
}


@pytest.fixture
def queue(settings: Any) -> None:
    """The database backend, as in production, and every file large enough to be queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_BACKGROUND_MIN_BYTES = 0


@pytest.fixture(autouse=True)
def keep_signals() -> Iterator[None]:
    """The worker installs its own SIGINT/SIGTERM handlers; the test run gets its own back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


def run_worker() -> None:
    """The documented command, once through what is waiting in the queue."""
    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0
    )


def upload(client: Client, rows: list[dict[str, Any]]) -> ImportJob:
    data = io.BytesIO(xlsx("members", rows))
    data.name = "ds.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": data})
    assert response.status_code == 302
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def page(client: Client, job: ImportJob) -> str:
    response = client.get(reverse("core:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_a_large_file_waits_in_the_queue_until_the_worker_runs_it(
    client: Client, cast: dict[str, Any], queue: None
) -> None:
    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER, SECOND])
    assert job.status == ImportJob.Status.CHECKING
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}  # the job's id, no data
    assert "đang chờ đến lượt xử lý nền" in page(client, job)

    run_worker()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert (job.rows_total, job.rows_done) == (2, 2)
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL
    assert "Ghi vào cơ sở dữ liệu" in page(client, job)
    assert Member.objects.count() == 0  # a check writes nothing

    client.post(reverse("core:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.WRITING
    assert "Đang ghi: đang chờ đến lượt xử lý nền" in page(client, job)
    # Once a worker has taken it, the page counts against the total the check found.
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.RUNNING)
    assert "đã xử lý 0 trên 2 dòng" in page(client, job)
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.READY)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Member.objects.count() == 2


def test_a_task_that_raises_fails_with_its_cause_and_no_traceback(
    client: Client, cast: dict[str, Any], queue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("division by zero in the import")

    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER])
    monkeypatch.setattr(importjobs, "run_import", broken)
    run_worker()

    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "builtins.ZeroDivisionError"
    assert "division by zero in the import" in task.traceback  # for the administrator
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    html = page(client, job)
    assert "Lỗi hệ thống khi xử lý tệp (ZeroDivisionError)" in html
    assert "Traceback" not in html and "division by zero" not in html


def test_a_task_killed_with_its_worker_is_shown_stopped_after_the_limit(
    client: Client, cast: dict[str, Any], queue: None, settings: Any
) -> None:
    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER])
    # The worker claimed the task, then died: the queue's row says "running" for ever.
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["gone"]
    )
    settings.IMPORT_STALE_AFTER = 15 * 60
    ImportJob.objects.filter(pk=job.pk).update(
        progress_at=timezone.now() - dt.timedelta(minutes=14)
    )
    html = page(client, job)
    assert "đã xử lý 0 dòng" in html  # within the limit: still followed
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING

    ImportJob.objects.filter(pk=job.pk).update(
        progress_at=timezone.now() - dt.timedelta(minutes=16)
    )
    html = page(client, job)
    assert importjobs.STOPPED_MESSAGE in html
    assert "hx-trigger" not in html  # the page stops polling
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_task_the_queue_reports_failed_is_shown_stopped_at_once(
    client: Client, cast: dict[str, Any], queue: None
) -> None:
    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER])
    # A worker stopped by a second Ctrl+C records the task as failed (SystemExit), past
    # the job's own handling of errors.
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.FAILED,
        exception_class_path="builtins.SystemExit",
        traceback="Traceback (most recent call last): ...",
    )
    html = page(client, job)
    assert importjobs.STOPPED_MESSAGE in html
    assert "Traceback" not in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    # A late worker does not run the ended job again.
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.READY)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_task_waiting_for_a_worker_is_never_declared_stopped(
    client: Client, cast: dict[str, Any], queue: None
) -> None:
    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER])
    long_ago = timezone.now() - dt.timedelta(hours=2)
    ImportJob.objects.filter(pk=job.pk).update(progress_at=long_ago)
    DBTaskResult.objects.filter(pk=job.task_id).update(enqueued_at=long_ago)
    html = page(client, job)
    assert "tiến trình xử lý nền của máy chủ có thể chưa chạy" in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING
    run_worker()  # the worker starts at last: the job runs
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has one writer at a time")
def test_progress_is_seen_while_the_import_transaction_is_open(cast: dict[str, Any]) -> None:
    job = ImportJob.objects.create(user=cast["grassroots"], kind="members", filename="a.xlsx")
    progress = importjobs._Progress(job.pk)
    try:
        with transaction.atomic():
            progress(500)
            transaction.set_rollback(True)  # as a check ends
    finally:
        progress.close()
    job.refresh_from_db()
    assert job.rows_done == 500
    assert job.progress_at is not None


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has one writer at a time")
def test_a_job_declared_stopped_meanwhile_rolls_its_write_back(
    client: Client, cast: dict[str, Any], queue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(cast["grassroots"])
    job = upload(client, [MEMBER])
    run_worker()
    client.post(reverse("core:import_commit", args=[job.pk]))
    real_record = importjobs.record

    def page_declares_it_stopped(*args: Any, **kwargs: Any) -> None:
        real_record(*args, **kwargs)
        # The page, on its own connection, while the write's transaction is still open:
        # what `follow` does to a job that has shown no progress for too long.
        page_connection = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with page_connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE core_importjob SET status = %s WHERE id = %s",
                    [ImportJob.Status.FAILED, job.pk],
                )
        finally:
            page_connection.close()

    monkeypatch.setattr(importjobs, "record", page_declares_it_stopped)
    run_worker()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Member.objects.count() == 0  # what the page said ("nothing written") stays true
