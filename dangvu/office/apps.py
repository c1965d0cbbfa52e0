from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "dangvu.office"
    verbose_name = "Văn phòng, thi đua khen thưởng và đoàn thể"

    def ready(self) -> None:
        # Registries: import kinds, indicators, the term rule, the plan and task sources.
        from dangvu.office import documents, imports, indicators, plans  # noqa: F401
