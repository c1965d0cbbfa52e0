from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangvu.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from dangvu.reports import jobs, rules  # noqa: F401  (registry)

        jobs.register_all()
