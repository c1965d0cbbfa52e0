from django.contrib import admin
from django.db import models

from dangvu.core.forms import MultilineField
from dangvu.core.models import RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    """Each addition, change and deletion is audited, with before and after, by the
    receivers in `dangvu.audit.signals` (which also see changes made outside the admin)."""

    list_display = ["key", "effective_from", "note", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["created_at", "created_by"]
    formfield_overrides = {models.TextField: {"form_class": MultilineField}}

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
