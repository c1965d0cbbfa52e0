from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dangvu.stats"
    verbose_name = "Biểu thống kê"
