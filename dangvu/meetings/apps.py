from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangvu.meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from dangvu.meetings import imports, indicators, rules  # noqa: F401  (registries)
