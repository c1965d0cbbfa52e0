from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(DjangoUserAdmin):
    """Django's user pages, with the times of the last sign-in and of joining shown, not
    edited: the system records them, and the admin's time widgets drop microseconds, so an
    unchanged save would rewrite both (and the trail would record a change nobody made)."""

    readonly_fields = ["last_login", "date_joined"]
