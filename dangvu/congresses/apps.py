from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "dangvu.congresses"
    verbose_name = "Đại hội đảng"

    def ready(self) -> None:
        from dangvu.congresses import imports, indicators, rules  # noqa: F401  (registries)
