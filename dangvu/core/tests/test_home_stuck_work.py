"""The administrators' home page names the background work that is stuck, by age, with
what to do: imports and report jobs with no progress past their stale limit, report jobs
and tasks queued with no worker taking them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dangvu.core.models import ImportJob, OutputJob

pytestmark = pytest.mark.django_db

ACTION = "khởi động tiến trình nền"


def stuck_panel(user: Any) -> str:
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    if 'data-testid="stuck-work"' not in html:
        return ""
    return html.split('data-testid="stuck-work"')[1].split("</div>")[0]


def ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


@pytest.fixture
def stuck(cast: dict[str, Any], settings: Any) -> None:
    """An import with no progress for 3 hours, a report job running with no progress for
    20 minutes, one queued for 40 minutes, and a task waiting 30 minutes in the queue."""
    settings.IMPORT_STALE_AFTER = 15 * 60
    settings.OUTPUT_STALE_AFTER = 15 * 60
    settings.BACKGROUND_QUEUED_WARN_MINUTES = 10
    job = ImportJob.objects.create(
        user=cast["officer"], kind="members", filename="treo.xlsx", data=b"", status="WRITING"
    )
    ImportJob.objects.filter(pk=job.pk).update(progress_at=ago(180), created_at=ago(181))
    running = OutputJob.objects.create(
        user=cast["grassroots"], kind="annual-report", title="Báo cáo lâu", status="RUNNING"
    )
    OutputJob.objects.filter(pk=running.pk).update(progress_at=ago(20), created_at=ago(25))
    queued = OutputJob.objects.create(user=cast["viewer"], kind="stats-tables", title="Biểu chờ")
    OutputJob.objects.filter(pk=queued.pk).update(created_at=ago(40))
    task = DBTaskResult.objects.create(
        task_path="dangvu.accounts.tasks.send_digest_batch",
        args_kwargs={"args": [[1], "2026-12-07"], "kwargs": {}},
        backend_name="default",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=ago(30))


def test_administrators_see_stuck_work_oldest_first_with_what_to_do(
    admin_user: Any, stuck: None
) -> None:
    panel = stuck_panel(admin_user)
    assert ACTION in panel
    assert panel.index("treo.xlsx") < panel.index("Biểu chờ") < panel.index("Báo cáo lâu")
    assert "đang ghi, không tiến triển đã 3 giờ" in panel
    assert "đang chờ, chưa có tiến trình nền nhận đã 40 phút" in panel
    assert "đang lập, không tiến triển đã 20 phút" in panel
    assert "1 tác vụ đang chờ quá 10 phút trong hàng đợi" in panel


def test_work_moving_or_waiting_briefly_is_not_stuck(admin_user: Any, cast: dict[str, Any]) -> None:
    OutputJob.objects.create(user=cast["officer"], kind="annual-report", title="Vừa yêu cầu")
    OutputJob.objects.create(
        user=cast["officer"],
        kind="annual-report",
        title="Đang lập tốt",
        status="RUNNING",
        progress_at=timezone.now(),
    )
    ImportJob.objects.create(
        user=cast["officer"],
        kind="members",
        filename="dang-chay.xlsx",
        data=b"",
        status="CHECKING",
        progress_at=timezone.now(),
    )
    assert stuck_panel(admin_user) == ""


def test_only_administrators_are_warned(cast: dict[str, Any], stuck: None) -> None:
    for name in ("officer", "grassroots", "viewer"):
        assert stuck_panel(cast[name]) == ""
