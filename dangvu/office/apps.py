from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "dangvu.office"
    verbose_name = "Văn phòng, thi đua khen thưởng và đoàn thể"

    def ready(self) -> None:
        from dangvu.office import imports, indicators  # noqa: F401  (registries)
