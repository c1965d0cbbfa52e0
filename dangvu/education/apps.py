from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "dangvu.education"
    verbose_name = "Tuyên giáo"

    def ready(self) -> None:
        from dangvu.education import imports, indicators, rules  # noqa: F401  (registries)
