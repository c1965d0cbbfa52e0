from django.contrib import admin

from dangvu.audit import log as audit
from dangvu.core.models import RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ["key", "effective_from", "note", "created_at"]
    list_filter = ["key"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        before = audit.snapshot(RuleVersion.objects.get(pk=obj.pk)) if change else None
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit.record(
            audit.UPDATE if change else audit.CREATE,
            request=request,
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
            note="Quy định theo thời gian",
        )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        audit.record(
            audit.VOID,
            request=request,
            obj=obj,
            before=audit.snapshot(obj),
            note="Xóa phiên bản quy định",
        )
        super().delete_model(request, obj)
