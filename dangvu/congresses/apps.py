from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "dangvu.congresses"
    verbose_name = "Đại hội đảng"
