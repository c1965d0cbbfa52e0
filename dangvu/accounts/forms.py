"""Sign-in, two-step code and password forms, in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import security
from dangvu.accounts.models import DigestPreference

INPUT_CLASS = "form-control form-control-lg"


class LoginForm(AuthenticationForm):
    """The password step, refused without looking at the password while a lock holds.

    A wrong password reaches django-axes through Django's user_login_failed signal.
    """

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra và nhập lại.",
        "inactive": "Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        for f in self.fields.values():
            f.widget.attrs["class"] = INPUT_CLASS

    @sensitive_variables()
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        # The lock is checked first and the password not at all while it holds: the
        # answer takes the same time whether the password was right or wrong.
        lock = security.active_lock(self.request, username)
        if lock is not None:
            raise ValidationError(lock.message, code="locked")
        try:
            return super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) != "invalid_login":
                raise
            if getattr(self.request, "axes_locked_out", False):
                new_lock = security.active_lock(self.request, username)
                if new_lock is not None:
                    raise ValidationError(new_lock.message, code="locked") from None
            raise


def normalise_code(code: str) -> str:
    """The digits as typed, without spaces or dashes; full-width digits become ASCII."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", code))


class TotpCodeForm(forms.Form):
    """A six-digit code from the user's authenticator, checked against `device`.

    A wrong code counts as a failed sign-in of the device's user, and no code is checked
    while that user (or the client's address) is locked.
    """

    code = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": INPUT_CLASS,
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args: Any, request: HttpRequest, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = device
        # Whether this submission was counted as a failed sign-in (a wrong code).
        self.counted_failure = False

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        digits = self.device.digits
        if not (len(code) == digits and code.isascii() and code.isdigit()):
            raise ValidationError(f"Mã xác thực gồm {digits} chữ số.", code="format")
        return code

    def clean(self) -> dict[str, Any]:
        code = self.cleaned_data.get("code")
        if code is None:
            return self.cleaned_data
        username = self.device.user.get_username()
        lock = security.active_lock(self.request, username)
        if lock is not None:
            raise ValidationError(lock.message, code="locked")
        if not security.verify_code(self.device, code):
            self.counted_failure = True
            new_lock = security.record_failure(self.request, username)
            if new_lock is not None:
                raise ValidationError(new_lock.message, code="locked")
            raise ValidationError(
                "Mã xác thực không đúng hoặc đã được dùng. "
                "Hãy nhập mã đang hiện trên ứng dụng xác thực.",
                code="invalid_code",
            )
        return self.cleaned_data


# Django's messages for the password validators in settings, by code. The Vietnamese
# translation shipped with Django misses the "too short" one; all are given here.
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_similar": "Mật khẩu quá giống {verbose_name}.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán ra.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
}


def vietnamese_password_errors(error: ValidationError) -> list[ValidationError]:
    """The validators' errors, each reworded in Vietnamese when its code is known."""
    out = []
    for item in error.error_list:
        template = PASSWORD_MESSAGES.get(item.code or "")
        if template is None:
            out.append(item)
            continue
        params = {k: str(v).lower() for k, v in (item.params or {}).items()}
        out.append(ValidationError(template.format_map(params), code=item.code))
    return out


class PasswordChangeVnForm(PasswordChangeForm):
    """Change one's own password: Vietnamese labels and messages.

    A wrong current password counts as a failed sign-in, so a stolen session cannot be used
    to guess the password.
    """

    error_messages = {
        "password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau.",
        "password_incorrect": "Mật khẩu hiện tại không đúng. Hãy nhập lại.",
    }

    def __init__(
        self, user: Any, *args: Any, request: HttpRequest | None = None, **kw: Any
    ) -> None:
        super().__init__(user, *args, **kw)
        self.request = request
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password1"].help_text = ""
        self.fields["new_password2"].help_text = "Nhập lại đúng mật khẩu mới để kiểm tra."
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    @staticmethod
    def policy() -> list[str]:
        """What a new password must be, in Vietnamese (from the configured validators)."""
        return list(password_validation.password_validators_help_texts())

    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        username = self.user.get_username()
        lock = security.active_lock(self.request, username)
        if lock is not None:
            raise ValidationError(lock.message, code="locked")
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            new_lock = security.record_failure(self.request, username)
            if new_lock is not None:
                raise ValidationError(new_lock.message, code="locked")
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    @sensitive_variables("password")
    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                for item in vietnamese_password_errors(error):
                    self.add_error(password_field_name, item)


class DigestForm(forms.Form):
    """How often the user receives the digest of what falls due, and at which address."""

    frequency = forms.ChoiceField(
        label="Nhận thư nhắc việc",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Hãy chọn có nhận thư nhắc việc hay không, và bao lâu một lần.",
            "invalid_choice": "Hãy chọn một trong các cách nhận thư đã nêu.",
        },
    )
    email = forms.EmailField(
        label="Địa chỉ thư điện tử",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
        error_messages={
            "invalid": "Địa chỉ thư điện tử không hợp lệ; hãy nhập theo dạng ten@coquan.gov.vn.",
            "max_length": "Địa chỉ thư điện tử dài quá 254 ký tự.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = DigestPreference.Frequency.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        frequency = data.get("frequency")
        wants = frequency and frequency != DigestPreference.Frequency.NEVER
        if wants and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                "Muốn nhận thư nhắc việc, hãy nhập địa chỉ thư điện tử (hoặc chọn «Không nhận»).",
            )
        return data
