from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangvu.accounts"
    verbose_name = "Người dùng và phân quyền"
