from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangvu.orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dangvu.orgs import imports, indicators, rules  # noqa: F401  (registries)
        from dangvu.orgs.models import OrganisationVersion
        from dangvu.orgs.queries import forget_versions

        # A written version makes `queries.versions_cached` read the tree again.
        post_save.connect(forget_versions, sender=OrganisationVersion, dispatch_uid="versions_save")
        post_delete.connect(
            forget_versions, sender=OrganisationVersion, dispatch_uid="versions_delete"
        )
