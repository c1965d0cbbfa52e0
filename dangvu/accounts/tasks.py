"""The reminder digests on the task queue: `send_digests --queue` enqueues one task per
batch of recipients, and the worker (`manage.py db_worker`) sends them.

A batch is a task of its own so that a slow or refusing mail server holds up only its
batch, and a batch that fails is a failed task in the queue's table, with its cause,
rather than a line lost in a cron mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task


class DigestsNotSent(Exception):
    """Some digests of a batch could not be sent: the task fails, naming whom and why."""


@task()
def send_digest_batch(user_ids: list[int], day: str) -> dict[str, Any]:
    """Send the digests of `day` (ISO date) to the users `user_ids` still receiving them.

    Users already served in the period are skipped by `send_digests` itself, so a batch
    run twice sends nothing twice.
    """
    from django.core.mail import get_connection

    from dangvu.accounts.digest import recipients, send_digests

    users = recipients().filter(pk__in=user_ids)
    outcome = send_digests(dt.date.fromisoformat(day), users, connection=get_connection())
    if outcome.failed:
        raise DigestsNotSent(
            f"{len(outcome.failed)} thư không gửi được: "
            + "; ".join(f"{user.get_username()}: {error}" for user, error in outcome.failed)
        )
    return {
        "sent": len(outcome.sent),
        "nothing_due": len(outcome.nothing_due),
        "not_this_period": len(outcome.not_this_period),
        "no_scope": len(outcome.no_scope),
    }


def batches(user_ids: list[int], size: int) -> list[list[int]]:
    """`user_ids` cut into batches of at most `size` (at least one per batch)."""
    size = max(1, size)
    return [user_ids[i : i + size] for i in range(0, len(user_ids), size)]
