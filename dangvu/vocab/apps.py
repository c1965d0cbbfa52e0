from django.apps import AppConfig


class VocabConfig(AppConfig):
    name = "dangvu.vocab"
    verbose_name = "Danh mục"

    def ready(self) -> None:
        from dangvu.vocab import imports  # noqa: F401  (registers the import kind)
