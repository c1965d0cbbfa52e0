from django.contrib import admin

from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by actions only; the admin may look, not touch."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "parent", "founded_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_key"]


@admin.register(OrganisationVersion)
class OrganisationVersionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["organisation__code", "name"]


@admin.register(Restructuring)
class RestructuringAdmin(ReadOnlyAdmin):
    list_display = ["effective_date", "kind", "summary", "decision_number", "recorded_by"]
    list_filter = ["kind"]
    date_hierarchy = "effective_date"
