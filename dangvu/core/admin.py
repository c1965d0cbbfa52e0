from django.contrib import admin

from dangvu.core.models import RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ["key", "effective_from", "note", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
