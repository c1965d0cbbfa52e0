from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangvu.meetings"
    verbose_name = "Sinh hoạt chi bộ"
