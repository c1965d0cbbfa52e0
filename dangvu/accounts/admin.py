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
    unchanged save would rewrite both (and the trail would record a change nobody made).

    Users are never deleted (the trail keeps who did what): no delete page, no bulk delete,
    a deactivate action instead. Only a superuser grants admin rights: for other staff
    holding `change_user`, the flags and permissions are read only, or they could make
    themselves superusers. Every change is audited by `dangvu.audit.signals`.
    """

    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields

    @admin.action(description="Khóa các tài khoản đã chọn", permissions=["change"])
    def deactivate(self, request, queryset):  # type: ignore[no-untyped-def]
        # One save per user, so each deactivation is its own audited act; never oneself.
        done = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            done += 1
        self.message_user(request, f"Đã khóa {done} tài khoản.")
