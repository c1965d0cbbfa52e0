from django.apps import AppConfig


class VocabConfig(AppConfig):
    name = "dangvu.vocab"
    verbose_name = "Danh mục"
