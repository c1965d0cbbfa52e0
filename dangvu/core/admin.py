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
