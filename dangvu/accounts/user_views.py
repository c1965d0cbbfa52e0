"""Administrators manage users and their roles on organisations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.accounts import roles
from dangvu.accounts.models import Role
from dangvu.audit.log import history
from dangvu.core.errors import DomainError
from dangvu.orgs.forms import DomainForm, OrgCodeField


class UserForm(DomainForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput,
        help_text="Ít nhất 10 ký tự; người dùng nên đổi sau lần đăng nhập đầu.",
    )


class RoleForm(DomainForm):
    organisation = OrgCodeField(label="Tổ chức (mã hoặc tên)")
    kind = forms.ChoiceField(label="Vai trò", choices=Role.Kind.choices)


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise Http404("Chỉ quản trị viên")


def _user_or_404(pk: int):  # type: ignore[no-untyped-def]
    try:
        return get_user_model().objects.get(pk=pk)
    except get_user_model().DoesNotExist:
        raise Http404("Không tìm thấy người dùng") from None


@login_required
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = UserForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = roles.do_create_user(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tạo người dùng {created.username}.")
            return redirect("accounts:user", pk=created.pk)
    q = request.GET.get("q", "").strip()
    qs = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.select_related("organisation")))
    )
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q))
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(request, "accounts/users.html", {"page": page, "form": form, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    target = _user_or_404(pk)
    form = RoleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            roles.do_grant_role(
                target,
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã giao vai trò.")
            return redirect("accounts:user", pk=pk)
    return render(
        request,
        "accounts/user.html",
        {
            "target": target,
            "form": form,
            "roles": target.roles.select_related("organisation").order_by("organisation__path"),
            # Every administrative act on this user (created, roles, locked, rights,
            # password reset), whichever path made it: users are never deleted, so this
            # history stays whole.
            "history": history(target)[:100],
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    try:
        role = Role.objects.select_related("user", "organisation").get(pk=pk)
    except Role.DoesNotExist:
        raise Http404("Không tìm thấy vai trò") from None
    roles.do_revoke_role(role, acting_user=request.user)
    messages.success(request, "Đã thu hồi vai trò.")
    return redirect("accounts:user", pk=role.user_id)


@login_required
@require_POST
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    target = _user_or_404(pk)
    try:
        roles.do_set_active(
            target, active=request.POST.get("active") == "1", acting_user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:user", pk=pk)
