from django.contrib import admin
from django.utils.html import format_html_join

from dangvu.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail can be read here, never changed.

    The raw before/after values are not shown: identity and phone numbers in them stay
    masked here as everywhere (revealing one is its own audited act on the member's page).
    """

    list_display = ["at", "username", "ip", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_repr", "note", "object_id"]
    date_hierarchy = "at"
    fields = [
        "at",
        "user",
        "username",
        "ip",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "note",
    ]
    readonly_fields = fields

    @admin.display(description="thay đổi")
    def changes(self, obj: AuditEvent) -> str:
        return format_html_join("\n", "<div>{}: {} → {}</div>", obj.display_changes()) or "—"

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
