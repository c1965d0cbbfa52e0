from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from dangvu.core.dates import today
from dangvu.core.forms import MultilineField
from dangvu.core.models import RuleVersion
from dangvu.core.rules import registered_rules, value_errors


class RuleVersionForm(forms.ModelForm):
    """A new version of a registered rule, its value checked against the shipped shape."""

    key = forms.ChoiceField(label="quy định")

    class Meta:
        model = RuleVersion
        fields = ["key", "effective_from", "value", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A saved version is shown read-only: its fields are then not in the form.
        if "key" in self.fields:
            self.fields["key"].choices = [
                ("", "---------"),
                *((r.key, f"{r.label} ({r.key})") for r in registered_rules()),
            ]
        if "note" in self.fields:
            self.fields["note"].help_text = "Văn bản làm căn cứ: số, ngày, điều, khoản."
        if "value" in self.fields:
            self.fields["value"].help_text = "Theo dạng JSON như các phiên bản ở trang quy định."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("key") and "value" in data:
            for message in value_errors(data["key"], data["value"]):
                self.add_error("value", message)
        return data


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    """Versions are added, never edited, so that a past year keeps being computed on the
    rules of that year; a version not yet in force (or added today, to undo a slip) may be
    deleted. Each addition and deletion is audited, with before and after, by the receivers
    in `dangvu.audit.signals` (which also see changes made outside the admin)."""

    form = RuleVersionForm
    list_display = ["key", "effective_from", "note", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["created_at", "created_by"]
    formfield_overrides = {models.TextField: {"form_class": MultilineField}}

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.effective_from <= today():
            added_today = (
                obj.created_at is not None and timezone.localdate(obj.created_at) == today()
            )
            if not added_today:
                return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The task queue's admin, in Vietnamese. django-tasks-db names its fields and statuses in
# English through gettext, with no Vietnamese catalogue; rather than edit the library, its
# admin is replaced by one whose every label is ours. Its own module is imported first so
# that its registration exists to be replaced, whatever the order of INSTALLED_APPS.
import django_tasks_db.admin as queue_admin  # noqa: E402
from django.utils.html import format_html  # noqa: E402
from django_tasks import TaskResultStatus  # noqa: E402
from django_tasks_db.models import DBTaskResult, get_date_max  # noqa: E402

TASK_STATUS = {
    TaskResultStatus.READY: "Đang chờ",
    TaskResultStatus.RUNNING: "Đang chạy",
    TaskResultStatus.FAILED: "Thất bại",
    TaskResultStatus.SUCCESSFUL: "Thành công",
}


class TaskStatusFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "trang_thai"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(status.value), label) for status, label in TASK_STATUS.items()]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value in {str(s.value) for s in TASK_STATUS}:
            return queryset.filter(status=value)
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(queue_admin.DBTaskResultAdmin):
    """The queue's tasks, read-only as the library has them, with Vietnamese labels: each
    column and each field of the detail page is a display of ours."""

    FIELDS = [
        ("id", "mã tác vụ"),
        ("task_name", "tác vụ"),
        ("status_label", "trạng thái"),
        ("enqueued_at", "xếp hàng lúc"),
        ("started_at", "bắt đầu lúc"),
        ("finished_at", "kết thúc lúc"),
        ("args_kwargs", "tham số"),
        ("priority", "độ ưu tiên"),
        ("task_path", "đường dẫn tác vụ"),
        ("worker_ids", "tiến trình nền đã nhận"),
        ("queue_name", "hàng đợi"),
        ("backend_name", "kiểu hàng đợi"),
        ("run_after", "chạy sau lúc"),
        ("return_value", "kết quả trả về"),
        ("exception_class_path", "loại lỗi"),
        ("traceback", "chi tiết lỗi"),
    ]

    list_display = (
        "task_id",
        "task",
        "status_label",
        "enqueued",
        "started",
        "finished",
        "queue",
    )
    list_filter = (TaskStatusFilter,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f"show_{name}" for name, _ in self.FIELDS]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self.get_readonly_fields(request, obj)

    def _value(self, obj: DBTaskResult, field: str) -> Any:
        if field == "status_label":
            return self.status_label(obj)
        if field == "traceback":
            return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "-"
        if field == "run_after" and obj.run_after == get_date_max():
            return self.get_empty_value_display()
        return getattr(obj, field)

    @admin.display(description="mã tác vụ", ordering="id")
    def task_id(self, obj: DBTaskResult) -> str:
        return str(obj.id)

    @admin.display(description="tác vụ", ordering="task_path")
    def task(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, obj: DBTaskResult) -> str:
        return TASK_STATUS.get(TaskResultStatus(obj.status), obj.status)

    @admin.display(description="xếp hàng lúc", ordering="enqueued_at")
    def enqueued(self, obj: DBTaskResult) -> Any:
        return obj.enqueued_at

    @admin.display(description="bắt đầu lúc", ordering="started_at")
    def started(self, obj: DBTaskResult) -> Any:
        return obj.started_at

    @admin.display(description="kết thúc lúc", ordering="finished_at")
    def finished(self, obj: DBTaskResult) -> Any:
        return obj.finished_at

    @admin.display(description="hàng đợi", ordering="queue_name")
    def queue(self, obj: DBTaskResult) -> str:
        return obj.queue_name


def _shown(field: str, label: str) -> Any:
    """The detail page's display of `field` under its Vietnamese label."""

    @admin.display(description=label)
    def show(self: TaskResultAdmin, obj: DBTaskResult) -> Any:
        return self._value(obj, field)

    return show


for _field, _label in TaskResultAdmin.FIELDS:
    setattr(TaskResultAdmin, f"show_{_field}", _shown(_field, _label))
