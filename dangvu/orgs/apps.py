from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangvu.orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from dangvu.orgs import imports, indicators, rules  # noqa: F401  (registries)
