from django.apps import AppConfig


class TransitConfig(AppConfig):
    name = "dangvu.transit"
    verbose_name = "Chuyển sinh hoạt, sinh hoạt tạm thời"

    def ready(self) -> None:
        from dangvu.transit import rules  # noqa: F401  (registry)
