"""Output jobs: a large scope's report or tables made by the worker, followed on a page.

The suite's queue runs a task as it is enqueued (conftest.py), so a job requested here has
already run when its page opens; the waiting and the dead worker are set up by hand, and
`test_output_jobs_queue.py` runs the database backend with its worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangvu.audit.models import AuditEvent
from dangvu.core import outputjobs
from dangvu.core.models import OutputJob
from dangvu.members.tests.factories import existing
from dangvu.reports.jobs import ANNUAL, subtree_members
from dangvu.stats.jobs import TABLES_KIND
from dangvu.stats.tables import TABLES

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture
def members(tree: dict[str, Any]) -> None:
    """Two members in GK1's subtree, one in GK2's: the bloc has three on 31/12/2024."""
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), "Nguyễn Văn An")
    existing(tree["C13"], dt.date(2020, 1, 1), dt.date(2011, 5, 1), "Trần Thị Bình")
    existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2012, 5, 1), "Lê Văn Cường")


@pytest.fixture
def large(settings: Any) -> None:
    """Every subtree counts as large: its outputs go to the queue."""
    settings.OUTPUT_QUEUE_MIN_MEMBERS = -1


@pytest.fixture
def trial_kinds() -> Iterator[None]:
    """Producers of this module's own: one that succeeds in three steps, two that fail."""

    def three_steps(params: dict[str, Any], user: Any, progress: outputjobs.Progress) -> Any:
        progress(0, 3)
        for done in (1, 2):
            progress(done)
            # Each step is written where the job's page reads it, while the job runs.
            seen = OutputJob.objects.get(pk=params["id"])
            assert (seen.status, seen.steps_done, seen.steps_total) == ("RUNNING", done, 3)
        progress(3)
        return outputjobs.Produced(b"ok", "text/plain", "tep-thu.txt")

    def refused(params: dict[str, Any], user: Any, progress: outputjobs.Progress) -> Any:
        raise outputjobs.OutputFailure("Máy chủ chưa cài LibreOffice; hãy tải bản Word.")

    def crashes(params: dict[str, Any], user: Any, progress: outputjobs.Progress) -> Any:
        progress(0, 2)
        raise ZeroDivisionError("a bug")

    kinds = {"thu-ba-buoc": three_steps, "thu-tu-choi": refused, "thu-loi": crashes}
    for kind, producer in kinds.items():
        outputjobs.register(kind, producer)
    yield
    for kind in kinds:
        outputjobs._PRODUCERS.pop(kind)


def job_page(client: Client, job: OutputJob) -> str:
    response = client.get(reverse("core:output_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def last_job() -> OutputJob:
    return OutputJob.objects.latest("created_at", "id")


def annual_url(fmt: str, org: str) -> str:
    return f"{reverse('reports:annual_download', args=[fmt])}?to_chuc={org}&nam={YEAR}"


class TestAnnualReport:
    def test_a_small_scope_is_answered_in_the_request(
        self, client: Client, cast: dict[str, Any], members: None
    ) -> None:
        client.force_login(cast["officer"])
        response = client.get(annual_url("json", "BLOC"))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert not OutputJob.objects.exists()

    def test_a_large_scope_queues_a_job_that_offers_the_file(
        self, client: Client, cast: dict[str, Any], members: None, large: None
    ) -> None:
        client.force_login(cast["officer"])
        response = client.get(annual_url("json", "BLOC"))
        job = last_job()
        assert response.status_code == 302
        assert response["Location"] == reverse("core:output_job", args=[job.pk])
        assert job.kind == ANNUAL
        assert job.params["format"] == "json" and job.params["year"] == YEAR
        assert (job.status, job.steps_done, job.steps_total) == ("DONE", 2, 2)
        assert job.started_at is not None and job.finished_at is not None
        html = job_page(client, job)
        assert "Đã lập xong tệp «bao-cao-nam-2024-bloc.json»" in html
        download = client.get(reverse("core:output_job_file", args=[job.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/json"
        assert b'"code": "BLOC"' in download.content
        assert "bao-cao-nam-2024-bloc.json" in download["Content-Disposition"]
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT, user=cast["officer"], note__contains="Báo cáo năm"
        ).exists()

    def test_the_threshold_counts_the_subtree_members(
        self,
        client: Client,
        cast: dict[str, Any],
        tree: dict[str, Any],
        members: None,
        settings: Any,
    ) -> None:
        assert subtree_members(tree["BLOC"], dt.date(YEAR, 12, 31)) == 3
        assert subtree_members(tree["GK1"], dt.date(YEAR, 12, 31)) == 2
        settings.OUTPUT_QUEUE_MIN_MEMBERS = 2
        client.force_login(cast["officer"])
        assert client.get(annual_url("json", "GK1")).status_code == 200  # 2: not more than 2
        assert not OutputJob.objects.exists()
        assert client.get(annual_url("json", "BLOC")).status_code == 302  # 3: queued
        assert last_job().params["org"] == tree["BLOC"].pk

    def test_a_refused_template_fails_the_job_with_its_cause(
        self, client: Client, cast: dict[str, Any], large: None, monkeypatch: Any
    ) -> None:
        from dangvu.reports import outputs
        from dangvu.reports.word import TemplateError

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise TemplateError("Mẫu dùng lệnh không được phép.")

        monkeypatch.setattr(outputs, "render", refuse)
        client.force_login(cast["officer"])
        client.get(annual_url("docx", "BLOC"))
        job = last_job()
        assert job.status == OutputJob.Status.FAILED
        assert "mẫu Word của Đảng bộ Khối các cơ quan tỉnh không dùng được" in job.cause
        assert "Mẫu dùng lệnh không được phép." in job_page(client, job)

    def test_a_role_withdrawn_before_the_worker_runs_fails_the_job(
        self, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        job = OutputJob.objects.create(
            user=cast["cell"],
            kind=ANNUAL,
            title="Báo cáo",
            params={"org": tree["GK1"].pk, "year": YEAR, "format": "json"},
        )
        outputjobs.run(job.pk)
        job.refresh_from_db()
        assert job.status == OutputJob.Status.FAILED
        assert "không còn quyền xem tổ chức" in job.cause
        assert bytes(job.content) == b""


class TestStatisticalTables:
    def test_a_large_scope_workbook_counts_its_tables_as_steps(
        self, client: Client, cast: dict[str, Any], members: None, large: None
    ) -> None:
        client.force_login(cast["officer"])
        response = client.get(f"{reverse('stats:workbook')}?to_chuc=BLOC&nam={YEAR}")
        job = last_job()
        assert response.status_code == 302
        assert job.kind == TABLES_KIND
        assert job.steps_total == len(TABLES) + 1
        assert (job.status, job.steps_done) == ("DONE", len(TABLES) + 1)
        assert job.filename.startswith("bieu-thong-ke-BLOC-")
        download = client.get(reverse("core:output_job_file", args=[job.pk]))
        assert download.content[:2] == b"PK"  # an .xlsx is a zip

    def test_one_large_table_is_queued_and_a_small_one_is_not(
        self, client: Client, cast: dict[str, Any], members: None, settings: Any
    ) -> None:
        client.force_login(cast["officer"])
        url = f"{reverse('stats:download', args=['so-luong'])}?to_chuc=BLOC&ngay=31/12/{YEAR}"
        assert client.get(url).status_code == 200
        settings.OUTPUT_QUEUE_MIN_MEMBERS = 2
        assert client.get(url).status_code == 302
        job = last_job()
        assert job.params["tables"] == ["so-luong"]
        assert (job.status, job.steps_done, job.steps_total) == ("DONE", 2, 2)

    def test_a_day_before_the_organisation_existed_is_said_on_the_page_not_queued(
        self, client: Client, cast: dict[str, Any], large: None
    ) -> None:
        client.force_login(cast["officer"])
        url = f"{reverse('stats:download', args=['so-luong'])}?to_chuc=BLOC&ngay=01/01/2019"
        response = client.get(url)
        assert response.status_code == 200
        assert not OutputJob.objects.exists()


class TestLifecycle:
    def test_progress_is_written_step_by_step(
        self, cast: dict[str, Any], trial_kinds: None
    ) -> None:
        job = OutputJob.objects.create(
            user=cast["officer"], kind="thu-ba-buoc", title="Thử", params={"id": 0}
        )
        OutputJob.objects.filter(pk=job.pk).update(params={"id": job.pk})
        outputjobs.run(job.pk)
        job.refresh_from_db()
        assert (job.status, job.steps_done, job.steps_total) == ("DONE", 3, 3)
        assert bytes(job.content) == b"ok"

    def test_a_cause_the_asker_can_act_on_is_shown_as_it_is(
        self, client: Client, cast: dict[str, Any], trial_kinds: None
    ) -> None:
        job = outputjobs.start(cast["officer"], "thu-tu-choi", {"a": 1}, "Thử từ chối")
        assert job.status == OutputJob.Status.FAILED
        client.force_login(cast["officer"])
        html = job_page(client, job)
        assert "Không lập được tệp." in html
        assert "Máy chủ chưa cài LibreOffice; hãy tải bản Word." in html

    def test_a_crash_fails_the_job_with_a_vietnamese_cause_and_no_traceback(
        self, client: Client, cast: dict[str, Any], trial_kinds: None
    ) -> None:
        job = outputjobs.start(cast["officer"], "thu-loi", {}, "Thử lỗi")
        assert job.status == OutputJob.Status.FAILED
        assert "Lỗi hệ thống khi lập tệp (ZeroDivisionError)" in job.cause
        client.force_login(cast["officer"])
        html = job_page(client, job)
        assert "Hãy yêu cầu lập lại" in html
        assert "a bug" not in html and "Traceback" not in html
        file = client.get(reverse("core:output_job_file", args=[job.pk]))
        assert file.status_code == 409
        assert "chưa lập xong hoặc không lập được" in file.content.decode()

    def test_a_running_job_without_progress_is_shown_failed(
        self, client: Client, cast: dict[str, Any], settings: Any
    ) -> None:
        old = timezone.now() - dt.timedelta(seconds=settings.OUTPUT_STALE_AFTER + 60)
        job = OutputJob.objects.create(
            user=cast["officer"], kind=ANNUAL, title="Báo cáo", status="RUNNING", progress_at=old
        )
        client.force_login(cast["officer"])
        html = job_page(client, job)
        assert outputjobs.STOPPED_CAUSE in html
        job.refresh_from_db()
        assert job.status == OutputJob.Status.FAILED and job.finished_at is not None

    def test_a_running_job_with_recent_progress_keeps_running(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        job = OutputJob.objects.create(
            user=cast["officer"],
            kind=ANNUAL,
            title="Báo cáo",
            status="RUNNING",
            progress_at=timezone.now(),
            steps_done=1,
            steps_total=2,
        )
        client.force_login(cast["officer"])
        html = job_page(client, job)
        assert "đã xong 1 trên 2 bước" in html
        job.refresh_from_db()
        assert job.status == OutputJob.Status.RUNNING

    def test_a_job_queued_long_says_the_worker_is_not_running(
        self, client: Client, cast: dict[str, Any], settings: Any
    ) -> None:
        job = OutputJob.objects.create(user=cast["officer"], kind=ANNUAL, title="Báo cáo")
        old = timezone.now() - dt.timedelta(seconds=settings.OUTPUT_STALE_AFTER + 60)
        OutputJob.objects.filter(pk=job.pk).update(created_at=old)
        client.force_login(cast["officer"])
        html = job_page(client, job)
        assert "khởi động tiến trình nền" in html
        job.refresh_from_db()
        assert job.status == OutputJob.Status.QUEUED  # it runs as soon as a worker starts

    def test_the_same_request_waiting_is_not_queued_twice(self, cast: dict[str, Any]) -> None:
        params = {"org": 1, "year": YEAR, "format": "json"}
        waiting = OutputJob.objects.create(
            user=cast["officer"], kind=ANNUAL, title="Báo cáo", params=params
        )
        assert outputjobs.start(cast["officer"], ANNUAL, params, "Báo cáo").pk == waiting.pk
        assert OutputJob.objects.count() == 1


class TestScope:
    @pytest.fixture
    def job(self, cast: dict[str, Any], trial_kinds: None) -> OutputJob:
        return outputjobs.start(cast["officer"], "thu-tu-choi", {}, "Việc của ban tổ chức")

    def test_only_the_asker_and_administrators_see_a_job(
        self, client: Client, cast: dict[str, Any], admin_user: Any, job: OutputJob
    ) -> None:
        for name in ("grassroots", "viewer", "nobody"):
            client.force_login(cast[name])
            for url_name in ("core:output_job", "core:output_job_file"):
                assert client.get(reverse(url_name, args=[job.pk])).status_code == 404
            listing = client.get(reverse("core:output_jobs")).content.decode()
            assert "Việc của ban tổ chức" not in listing
        client.force_login(admin_user)
        assert "người yêu cầu: bantochuc" in job_page(client, job)
        client.force_login(cast["officer"])
        assert "Việc của ban tổ chức" in job_page(client, job)

    def test_the_list_shows_the_users_jobs_newest_first(
        self, client: Client, cast: dict[str, Any], job: OutputJob, trial_kinds: None
    ) -> None:
        outputjobs.start(cast["officer"], "thu-tu-choi", {"b": 2}, "Việc sau")
        client.force_login(cast["officer"])
        response = client.get(reverse("core:output_jobs"))
        html = response.content.decode()
        assert html.index("Việc sau") < html.index("Việc của ban tổ chức")
        assert client.post(reverse("core:output_jobs")).status_code == 405

    def test_the_report_and_table_pages_lead_to_the_list(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["officer"])
        target = reverse("core:output_jobs")
        for url in (f"{reverse('reports:annual')}?nam={YEAR}", reverse("stats:index")):
            assert f'href="{target}"' in client.get(url).content.decode()
