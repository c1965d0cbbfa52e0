from django.contrib import admin

from dangvu.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """Read only: roles are granted and revoked on the users page, where each change is
    audited."""

    list_display = ["user", "kind", "organisation", "granted_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organisation__name", "organisation__code"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
