from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "dangvu.exchange"
    verbose_name = "Trao đổi hồ sơ chuyển sinh hoạt"
