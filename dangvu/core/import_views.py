"""Pages of spreadsheet import: the kinds and their templates, upload, preview, commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core import importjobs
from dangvu.core.errors import DomainError
from dangvu.core.importing import ImportKind, get_kind, kinds
from dangvu.core.models import ImportJob
from dangvu.lib.text import search_key

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp lớn {upload.size / 1024 / 1024:.1f} MB, vượt giới hạn "
                f"{limit // 1024 // 1024} MB; hãy chia thành nhiều tệp nhỏ hơn."
            )
        if upload.size == 0:
            raise forms.ValidationError("Tệp rỗng; hãy chọn tệp có dữ liệu.")
        return upload


def _require_editor(request: HttpRequest) -> None:
    if not member_editable_organisations(request.user).exists():
        raise Http404("Không có quyền nhập dữ liệu")


@dataclass
class Board:
    """The import kinds of one board: the app that declares them (its verbose name)."""

    label: str
    kinds: list[tuple[ImportKind, str]] = field(default_factory=list)  # (kind, search text)


def kinds_by_board() -> list[Board]:
    """Every import kind under the board of the app that declares it (the module of its
    write function), the boards in the order of INSTALLED_APPS: organisations, members,
    then the boards' records. Each kind carries its accent-free search text."""
    order = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    boards: dict[str, Board] = {}
    for kind in kinds():
        config = apps.get_containing_app_config(kind.apply.__module__)
        label = str(config.verbose_name) if config else "Khác"
        board = boards.setdefault(config.label if config else "", Board(label))
        text = search_key(f"{kind.label} {kind.description} {label}")
        board.kinds.append((kind, text))
    return [boards[key] for key in sorted(boards, key=lambda k: order.get(k, len(order)))]


def _kind_or_404(code: str):  # type: ignore[no-untyped-def]
    try:
        return get_kind(code)
    except DomainError:
        raise Http404("Không có loại dữ liệu này") from None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    jobs = ImportJob.objects.filter(user=request.user).defer("data")[:10]
    return render(request, "core/import_index.html", {"boards": kinds_by_board(), "jobs": jobs})


@login_required
@require_GET
def template(request: HttpRequest, code: str) -> HttpResponse:
    _require_editor(request)
    kind = _kind_or_404(code)
    response = HttpResponse(kind.template(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    _require_editor(request)
    kind = _kind_or_404(code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user, kind=kind.code, filename=f.name[:255], data=f.read()
        )
        importjobs.start(job, commit=False)
        return redirect("core:import_job", pk=job.pk)
    return render(request, "core/import_upload.html", {"kind": kind, "form": form})


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    try:
        return ImportJob.objects.defer("data").get(pk=pk, user=request.user)
    except ImportJob.DoesNotExist:
        raise Http404("Không tìm thấy lần nhập") from None


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    following = importjobs.follow(_job_for(request, pk))
    the_job = following.job
    context = {
        "job": the_job,
        "kind": get_kind(the_job.kind),
        "report": the_job.report,
        "running": the_job.status in importjobs.ACTIVE,
        "waiting": following.waiting,
        "worker_missing": following.worker_missing,
    }
    if request.htmx:
        return render(request, "core/import_job.html#status", context)
    return render(request, "core/import_job.html", context)


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    the_job = _job_for(request, pk)
    if the_job.status != ImportJob.Status.CHECKED:
        messages.error(request, "Lần nhập này không ở trạng thái chờ ghi.")
        return redirect("core:import_job", pk=pk)
    # Row numbers as typed digits only ("²".isdigit() is true, and int() refuses it).
    accepted = sorted(
        {int(v) for v in request.POST.getlist("accept") if v.isascii() and v.isdigit()}
    )
    ImportJob.objects.filter(pk=pk).update(accepted_duplicates=accepted)
    the_job.refresh_from_db()
    importjobs.start(the_job, commit=True)
    return redirect("core:import_job", pk=pk)
