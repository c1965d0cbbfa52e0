from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "dangvu.personnel"
    verbose_name = "Công tác cán bộ"

    def ready(self) -> None:
        from dangvu.personnel import imports, indicators, rules  # noqa: F401  (registries)
