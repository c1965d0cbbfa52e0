from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dangvu.audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from dangvu.audit import checks, signals  # noqa: F401  (registers them)
