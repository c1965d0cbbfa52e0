"""Output jobs on the real queue: the job is a row of the database backend, waits until the
documented worker command runs it, and a task the queue saw fail is shown failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dangvu.core.models import OutputJob
from dangvu.core.outputjobs import STOPPED_CAUSE
from dangvu.core.tests.test_tasks_queue import keep_signals, run_worker  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings: Any) -> None:
    """The database backend, as in production, and every scope large enough to be queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OUTPUT_QUEUE_MIN_MEMBERS = -1


def status_of(client: Client, job: OutputJob) -> str:
    url = reverse("core:output_job", args=[job.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_a_large_report_waits_for_the_worker_then_offers_its_file(
    client: Client, cast: dict[str, Any], queue: None
) -> None:
    client.force_login(cast["officer"])
    url = f"{reverse('reports:annual_download', args=['xlsx'])}?to_chuc=BLOC&nam=2024"
    assert client.get(url).status_code == 302
    job = OutputJob.objects.get()
    assert job.status == OutputJob.Status.QUEUED
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY
    assert "Đang chờ đến lượt lập" in status_of(client, job)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.steps_done, job.steps_total) == ("DONE", 2, 2)
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL
    assert "Tải tệp" in status_of(client, job)
    download = client.get(reverse("core:output_job_file", args=[job.pk]))
    assert download.content[:2] == b"PK"


def test_a_task_the_queue_saw_fail_is_shown_failed(
    client: Client, cast: dict[str, Any], queue: None
) -> None:
    client.force_login(cast["officer"])
    url = f"{reverse('reports:annual_download', args=['json'])}?to_chuc=BLOC&nam=2024"
    client.get(url)
    job = OutputJob.objects.get()
    # The worker was killed with the job running: the queue recorded the task as failed.
    OutputJob.objects.filter(pk=job.pk).update(status=OutputJob.Status.RUNNING)
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.FAILED)
    assert STOPPED_CAUSE in status_of(client, job)
    job.refresh_from_db()
    assert job.status == OutputJob.Status.FAILED
