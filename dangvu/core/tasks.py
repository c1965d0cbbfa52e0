"""The background work of Dangvu, run by the queue's worker (`manage.py db_worker`).

The queue is django-tasks with its database backend: a task is a row of the database,
so an enqueued job survives a restart of the web server and of the worker alike.

This module also holds the queue's app configuration (settings.INSTALLED_APPS names it),
so it imports no model at its top: Django imports it while the apps are still loading.
"""

from __future__ import annotations

from django_tasks import task
from django_tasks_db.apps import TasksAppConfig


class QueueConfig(TasksAppConfig):
    """The queue's tables, under a Vietnamese heading in the admin.

    The model's names are set here rather than through a subclass: migrations read
    `_meta.original_attrs`, so no migration of the third-party app follows.
    """

    verbose_name = "Hàng đợi tác vụ nền"

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult._meta.verbose_name = "tác vụ nền"
        DBTaskResult._meta.verbose_name_plural = "Tác vụ nền"


@task()
def run_import_job(job_id: int) -> None:
    """Check or write the import job `job_id`, as its status says.

    The task carries only the job's id: the file and the choices live on the job, so a
    task waiting in the queue holds no copy of the data.
    """
    from dangvu.core import importjobs

    importjobs.run_queued(job_id)


@task()
def run_output_job(job_id: int) -> None:
    """Make the file of the output job `job_id` (a report or tables of a large scope).

    Like the import's task, it carries only the job's id: what to make lives on the job.
    """
    from dangvu.core import outputjobs

    outputjobs.run(job_id)
