"""A large file is checked and written in the background; the page follows the job."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.models import ImportJob
from dangvu.core.tests.test_import import MEMBER, xlsx
from dangvu.members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)


def wait(job_id: int, *states: str) -> ImportJob:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in states:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job.status}")


def test_background_check_and_commit(client: Client, cast: dict[str, Any], settings: Any) -> None:
    settings.IMPORT_BACKGROUND_MIN_BYTES = 0
    client.force_login(cast["grassroots"])
    upload = io.BytesIO(xlsx("members", [MEMBER]))
    upload.name = "ds.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": upload})
    job_id = int(response["Location"].rstrip("/").split("/")[-1])
    job = wait(job_id, ImportJob.Status.CHECKED)
    assert job.report["created"] == 1
    # The page survives a refresh: it reads the job, and its fragment is what htmx polls.
    fragment = client.get(reverse("core:import_job", args=[job_id]), HTTP_HX_REQUEST="true")
    assert "Ghi vào cơ sở dữ liệu" in fragment.content.decode()
    client.post(reverse("core:import_commit", args=[job_id]))
    wait(job_id, ImportJob.Status.DONE)
    assert Member.objects.count() == 1


def test_a_job_belongs_to_its_user(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    upload = io.BytesIO(xlsx("members", [MEMBER]))
    upload.name = "ds.xlsx"
    response = client.post(reverse("core:import_upload", args=["members"]), {"file": upload})
    job_id = int(response["Location"].rstrip("/").split("/")[-1])
    client.force_login(cast["officer"])
    assert client.get(reverse("core:import_job", args=[job_id])).status_code == 404
    assert client.post(reverse("core:import_commit", args=[job_id])).status_code == 404
