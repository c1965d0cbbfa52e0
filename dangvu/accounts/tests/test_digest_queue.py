"""`send_digests --queue`: one task per batch of recipients, sent by the worker."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dangvu.accounts.tasks import batches
from dangvu.accounts.tests import test_digest
from dangvu.accounts.tests.test_digest import MONDAY

pytestmark = pytest.mark.django_db

# The digest tests' recipients (two secretaries with addresses) and site address.
world = test_digest.world
site = test_digest.site


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", "--queue", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_batches_cut_the_recipients_in_order() -> None:
    assert batches([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert batches([], 50) == []
    assert batches([1, 2], 0) == [[1], [2]]


def test_each_batch_is_a_task_waiting_for_the_worker(world: dict[str, Any], settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DIGEST_BATCH_SIZE = 1
    out = run("--date", MONDAY.isoformat())
    assert "đã xếp 2 tác vụ gửi thư cho 2 người vào hàng đợi" in out
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.task_path for t in tasks] == ["dangvu.accounts.tasks.send_digest_batch"] * 2
    assert all(t.status == TaskResultStatus.READY for t in tasks)
    assert sorted(t.args_kwargs["args"][0][0] for t in tasks) == sorted(
        [world["grassroots"].pk, world["cell"].pk]
    )
    assert {t.args_kwargs["args"][1] for t in tasks} == {MONDAY.isoformat()}
    assert not mail.outbox  # nothing is sent before the worker runs


def test_the_worker_sends_each_batch(world: dict[str, Any], settings: Any) -> None:
    settings.DIGEST_BATCH_SIZE = 1
    run("--date", MONDAY.isoformat())  # the suite's queue runs each task as it is enqueued
    assert sorted(m.to[0] for m in mail.outbox) == ["bithu.c21@example.vn", "bithu.gk1@example.vn"]
    run("--date", MONDAY.isoformat())  # a second run in the period sends nothing again
    assert len(mail.outbox) == 2


def test_a_batch_that_could_not_send_is_a_failed_task(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        raise OSError("Máy chủ thư từ chối")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(CommandError, match="1 nhóm thư không gửi được"):
        run("--date", MONDAY.isoformat())
    assert not mail.outbox


def test_queue_and_dry_run_are_refused_together(world: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="không dùng cùng nhau"):
        run("--dry-run")
