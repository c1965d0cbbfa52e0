from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "dangvu.exchange"
    verbose_name = "Trao đổi hồ sơ chuyển sinh hoạt"

    def ready(self) -> None:
        from dangvu.exchange import rules  # noqa: F401  (registers the dated rule)
