from django.apps import AppConfig


class PapersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dangvu.papers"
    verbose_name = "Giấy tờ đảng viên"
