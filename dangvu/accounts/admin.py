from django.contrib import admin

from dangvu.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organisation", "granted_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
