from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dangvu.stats"
    verbose_name = "Biểu thống kê"

    def ready(self) -> None:
        from dangvu.stats import jobs

        jobs.register_all()
