"""Signing in and out, the two-step code, account security and password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import security
from dangvu.accounts.forms import LoginForm, PasswordChangeVnForm, TotpCodeForm

__all__ = [
    "LoginForm",
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "account_security",
    "admin_login",
    "login_code",
]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        next_url = self.get_success_url()
        if security.has_confirmed_device(user):
            # Not signed in yet: the code page finishes the sign-in.
            security.start_pending_login(self.request, user, next_url)
            return redirect("accounts:login_code")
        auth_login(self.request, user)
        security.clear_failures(user.get_username())
        return HttpResponseRedirect(security.after_login_url(user, next_url))


class LogoutView(auth_views.LogoutView):
    pass


@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the user's authenticator."""
    if request.user.is_authenticated:
        return redirect("core:home")
    pending = security.pending_login(request)
    device = security.confirmed_device(pending.user) if pending else None
    if pending is None or device is None:
        security.clear_pending_login(request)
        messages.warning(request, "Bước nhập mã xác thực đã hết hạn. Hãy đăng nhập lại.")
        return redirect("accounts:login")
    form = TotpCodeForm(request.POST or None, request=request, device=device)
    if request.method == "POST":
        if form.is_valid():
            security.clear_pending_login(request)
            auth_login(request, pending.user, backend=pending.backend)
            security.clear_failures(pending.user.get_username())
            return HttpResponseRedirect(security.after_login_url(pending.user, pending.next_url))
        if form.counted_failure:
            security.audit(
                "login_failed",
                request=request,
                note=f"Mã xác thực hai bước sai — tên đăng nhập: {pending.user.get_username()}",
            )
    return render(request, "accounts/login_code.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on (enrol an authenticator, confirm with a code) or off.

    The authenticator is a django-otp TOTP device: created unconfirmed when the page first
    shows its key, confirmed by a code from the application.
    """
    user = request.user
    device = security.confirmed_device(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    required = security.two_factor_required_for_admins() and user.is_superuser

    if device is not None:
        form = TotpCodeForm(
            request.POST if action == "disable" else None, request=request, device=device
        )
        if action == "disable":
            if required:
                messages.error(
                    request, "Quản trị viên bắt buộc dùng xác thực hai bước; không thể tắt."
                )
                return redirect("accounts:security")
            if form.is_valid():
                TOTPDevice.objects.filter(user=user).delete()
                security.audit("security", request=request, user=user, note="Tắt xác thực hai bước")
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("accounts:security")
        return render(
            request,
            "accounts/security.html",
            {"device": device, "form": form, "enrolled": True, "required": required},
        )

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()
    if device is None or action == "new_secret":
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            # The key is django-otp's default: 20 random bytes.
            device = TOTPDevice.objects.create(
                user=user, name=security.DEVICE_NAME, confirmed=False
            )
        if action == "new_secret":
            messages.info(request, "Đã tạo khóa bí mật mới; hãy thêm lại vào ứng dụng.")
            return redirect("accounts:security")

    form = TotpCodeForm(
        request.POST if action == "confirm" else None, request=request, device=device
    )
    if action == "confirm" and form.is_valid():
        # created_at is when the device came into use ("Đang bật từ" on this page): the
        # unconfirmed key before was only offered.
        device.confirmed = True
        device.created_at = timezone.now()
        device.save(update_fields=["confirmed", "created_at"])
        security.audit("security", request=request, user=user, note="Bật xác thực hai bước")
        messages.success(
            request, "Đã bật xác thực hai bước: từ nay mỗi lần đăng nhập cần thêm mã xác thực."
        )
        return redirect("core:home")
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "form": form,
            "enrolled": False,
            "required": required,
            "secret_grouped": security.secret_for_typing(device),
            "otpauth_uri": device.config_url,
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeVnForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")
    title = "Đổi mật khẩu"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def form_valid(self, form: PasswordChangeVnForm) -> HttpResponse:
        response = super().form_valid(form)
        security.audit("security", request=self.request, user=form.user, note="Đổi mật khẩu")
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đóng.")
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """Stands in for the admin's own sign-in page, which would skip the locks and the code."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied("Bạn không có quyền vào trang quản trị.")
        return HttpResponseRedirect(next_url or reverse("admin:index"))
    query = QueryDict(mutable=True)
    query["next"] = next_url or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{query.urlencode(safe='/')}")
