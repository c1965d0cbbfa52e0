"""A job that fails or is declared stopped has written nothing: the import, its audit row
and the job's final status are one transaction."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core import importjobs
from dangvu.core.models import ImportJob
from dangvu.core.tests.test_import import MEMBER, xlsx
from dangvu.members.models import Member

pytestmark = pytest.mark.django_db


def checked_job(client: Client, cast: dict[str, Any]) -> ImportJob:
    client.force_login(cast["grassroots"])
    data = io.BytesIO(xlsx("members", [MEMBER]))
    data.name = "ds.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": data})
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == ImportJob.Status.CHECKED
    return job


@pytest.mark.parametrize("background", [False, True], ids=["in the request", "queued"])
def test_a_crash_after_the_rows_are_written_leaves_nothing_written(
    client: Client,
    cast: dict[str, Any],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    background: bool,
) -> None:
    settings.IMPORT_BACKGROUND_MIN_BYTES = 0 if background else 10**9
    job = checked_job(client, cast)
    audit_rows = AuditEvent.objects.count()

    def crash(*args: Any, **kwargs: Any) -> None:
        assert Member.objects.count() == 1  # the rows are in, the transaction still open
        raise RuntimeError("the audit is down")

    monkeypatch.setattr(importjobs, "record", crash)
    response = client.post(reverse("core:import_commit", args=[job.pk]))
    assert response.status_code == 302  # the user sees the job's page, not an error page

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Member.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows
    html = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "Lỗi hệ thống khi xử lý tệp (RuntimeError)" in html
    assert "Chưa ghi gì vào cơ sở dữ liệu." in html


def test_a_small_file_is_checked_in_the_request_without_the_queue(
    client: Client, cast: dict[str, Any]
) -> None:
    job = checked_job(client, cast)
    assert job.task_id == ""
    assert job.rows_done == 1
    assert job.progress_at is not None
