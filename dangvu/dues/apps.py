from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "dangvu.dues"
    verbose_name = "Đảng phí"

    def ready(self) -> None:
        from dangvu.dues import rules  # noqa: F401  (registry)
        from dangvu.dues import indicators  # noqa: F401  (indicator registry)
