from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "dangvu.dues"
    verbose_name = "Đảng phí"

    def ready(self) -> None:
        from dangvu.dues import imports, indicators, rules  # noqa: F401  (registries)
