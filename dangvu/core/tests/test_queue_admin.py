"""The task queue's admin reads in Vietnamese: its list, its filter and a task's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dangvu.accounts.tests.test_admin_vietnamese import visible_text

pytestmark = pytest.mark.django_db

# The library's English names, as gettext leaves them without a Vietnamese catalogue.
ENGLISH = [
    "Task path",
    "Task name",
    "Enqueued at",
    "Started at",
    "Finished at",
    "Args kwargs",
    "Priority",
    "Worker id",
    "Queue name",
    "Backend name",
    "Run after",
    "Return value",
    "Exception class path",
    "Traceback",
    "Task result",
    "By status",
    "Successful",
    "Ready",
]


@pytest.fixture
def failed_task() -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="dangvu.core.tasks.run_output_job",
        args_kwargs={"args": [7], "kwargs": {}},
        backend_name="default",
        status=TaskResultStatus.FAILED,
        exception_class_path="builtins.ZeroDivisionError",
        traceback="Traceback (most recent call last):\n  ZeroDivisionError: division by zero",
    )


def test_the_list_and_its_filter_are_in_vietnamese(
    client: Client, admin_user: Any, failed_task: DBTaskResult
) -> None:
    client.force_login(admin_user)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    text = visible_text(client.get(url).content.decode())
    for label in ("Tác vụ nền", "trạng thái", "xếp hàng lúc", "Thất bại", "Đang chờ"):
        assert label.lower() in text.lower(), label
    found = [word for word in ENGLISH if word.lower() in text.lower()]
    assert not found
    filtered = client.get(url, {"trang_thai": "FAILED"}).content.decode()
    assert "run_output_job" in filtered
    assert "run_output_job" not in client.get(url, {"trang_thai": "READY"}).content.decode()
    assert client.get(url, {"trang_thai": "rác"}).status_code == 200


def test_a_tasks_page_is_in_vietnamese_and_keeps_the_traceback(
    client: Client, admin_user: Any, failed_task: DBTaskResult
) -> None:
    client.force_login(admin_user)
    url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed_task.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Đường dẫn tác vụ", "Xếp hàng lúc", "Loại lỗi", "Chi tiết lỗi", "Thất bại"):
        assert label in html, label
    assert "<pre>Traceback (most recent call last):" in html
    # The traceback itself is the library's text; the labels around it are ours.
    labels = visible_text(html).replace("Traceback (most recent call last)", "")
    found = [word for word in ENGLISH if word.lower() in labels.lower()]
    assert not found


def test_the_queue_stays_read_only(
    client: Client, admin_user: Any, failed_task: DBTaskResult
) -> None:
    client.force_login(admin_user)
    assert client.get(reverse("admin:django_tasks_database_dbtaskresult_add")).status_code == 403
    url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed_task.pk])
    client.post(url, {"status": "READY"})
    failed_task.refresh_from_db()
    assert failed_task.status == TaskResultStatus.FAILED
