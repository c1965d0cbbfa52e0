from django.contrib import admin

from dangvu.accounts.models import LoginLock, Role, TotpDevice


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


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Deleting a device lets a user who lost their phone enrol again; secrets stay hidden."""

    list_display = ["user", "confirmed_at"]
    fields = ["user", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Deleting a lock lifts it early."""

    list_display = ["scope", "key", "until"]
