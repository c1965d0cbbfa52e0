"""The app configurations of django-axes and django-otp's TOTP plugin, under Vietnamese
headings in the admin (settings.INSTALLED_APPS names these classes)."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class SignInLocksConfig(AxesAppConfig):
    """django-axes. Its models' and fields' names go through gettext and are translated in
    the project's catalogue (dangvu/locale)."""

    verbose_name = "Khóa đăng nhập"


class TwoStepCodesConfig(TOTPAppConfig):
    """django-otp's TOTP devices.

    django-otp does not mark its names for translation, so the model's name is set here:
    migrations read `_meta.original_attrs`, not `_meta.verbose_name`, so no migration of the
    third-party app follows. Field labels are given by the admin class,
    `dangvu.accounts.admin.TwoStepDeviceAdmin`.
    """

    verbose_name = "Xác thực hai bước"

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice._meta.verbose_name = "thiết bị mã xác thực"
        TOTPDevice._meta.verbose_name_plural = "Thiết bị mã xác thực"
