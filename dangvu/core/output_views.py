"""Pages of the output jobs: the asker's list ("Việc đang chạy"), a job's page, its file.

A job is seen by its asker and by administrators only; anyone else is answered 404, the
same answer as for a missing job.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvu.audit.log import record
from dangvu.audit.models import AuditEvent
from dangvu.core import outputjobs
from dangvu.core.models import OutputJob


def get_job_for_user(request: HttpRequest, pk: int, *, with_file: bool = False) -> OutputJob:
    jobs = OutputJob.objects.all() if with_file else OutputJob.objects.defer("content")
    if not getattr(request.user, "is_superuser", False):
        jobs = jobs.filter(user=request.user)
    try:
        return jobs.select_related("user").get(pk=pk)
    except OutputJob.DoesNotExist:
        raise Http404("Không tìm thấy việc này") from None


@login_required
@require_GET
def jobs(request: HttpRequest) -> HttpResponse:
    mine = [outputjobs.follow(job).job for job in outputjobs.jobs_for(request.user)[:50]]
    running = any(job.status in outputjobs.ACTIVE for job in mine)
    context = {"jobs": mine, "running": running}
    if request.htmx:
        return render(request, "core/output_jobs.html#list", context)
    return render(request, "core/output_jobs.html", context)


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    following = outputjobs.follow(get_job_for_user(request, pk))
    the_job = following.job
    context = {
        "job": the_job,
        "running": the_job.status in outputjobs.ACTIVE,
        "worker_missing": following.worker_missing,
        "percent": (
            min(100, 100 * the_job.steps_done // the_job.steps_total) if the_job.steps_total else 0
        ),
    }
    if request.htmx:
        return render(request, "core/output_job.html#status", context)
    return render(request, "core/output_job.html", context)


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    the_job = get_job_for_user(request, pk, with_file=True)
    if the_job.status != OutputJob.Status.DONE:
        return HttpResponse(
            "Tệp của việc này chưa lập xong hoặc không lập được; hãy mở trang của việc để xem "
            "tiến độ hoặc lý do.",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(bytes(the_job.content), content_type=the_job.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(the_job.filename)}"
    record(
        AuditEvent.Action.EXPORT,
        request=request,
        obj=the_job,
        note=f"{the_job.title}: {the_job.filename}"[:1000],
    )
    return response
