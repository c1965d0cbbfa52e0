from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.http import HttpRequest

# Imported first so that its registration can be replaced below (autodiscovery reaches
# django-otp's admin module after this one).
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.models import Role

# Django names the four default permissions in English when it creates them ("Can add
# user"); these rows are data, not translated. They are shown by action and model name.
PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission: Permission) -> str:
    """ "Tổ chức đảng | Xem tổ chức đảng": the app's and the model's Vietnamese names; a
    permission the project declared keeps its own (Vietnamese) name."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is None:
        return permission.name
    meta = model._meta
    name = permission.name
    if action in PERMISSION_ACTIONS and model_name == meta.model_name:
        name = f"{PERMISSION_ACTIONS[action]} {meta.verbose_name}"
    return f"{meta.app_config.verbose_name} | {name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:  # type: ignore[override]
        return permission_label(obj)


class VietnamesePermissionsMixin:
    """The permission pickers of the user and group pages, labelled in Vietnamese."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """Read only: roles are granted and revoked on the users page, where each change is
    audited."""

    list_display = ["user", "kind", "organisation", "granted_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organisation__name", "organisation__code"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(VietnamesePermissionsMixin, DjangoUserAdmin):
    """Django's user pages, with the times of the last sign-in and of joining shown, not
    edited: the system records them, and the admin's time widgets drop microseconds, so an
    unchanged save would rewrite both (and the trail would record a change nobody made).

    Users are never deleted (the trail keeps who did what): no delete page, no bulk delete,
    a deactivate action instead. Only a superuser grants admin rights: for other staff
    holding `change_user`, the flags and permissions are read only, or they could make
    themselves superusers. Every change is audited by `dangvu.audit.signals`.
    """

    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields

    @admin.action(description="Khóa các tài khoản đã chọn", permissions=["change"])
    def deactivate(self, request, queryset):  # type: ignore[no-untyped-def]
        # One save per user, so each deactivation is its own audited act; never oneself.
        done = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            done += 1
        self.message_user(request, f"Đã khóa {done} tài khoản.")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(VietnamesePermissionsMixin, DjangoGroupAdmin):
    pass


admin.site.unregister(TOTPDevice)


def _titled(base: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A list filter of `base` kind under a Vietnamese title."""

    class Titled(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


@admin.register(TOTPDevice)
class TwoStepDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    """django-otp's page for the devices that make two-step codes, in Vietnamese: the
    package does not mark its labels for translation, so they are given here."""

    LABELS = {
        "user": ("Người dùng", "Người dùng có thiết bị này."),
        "name": ("Tên thiết bị", "Tên gọi để người dùng nhận ra thiết bị."),
        "confirmed": ("Đã xác nhận", "Thiết bị đã sẵn sàng dùng chưa."),
        "created_at": ("Tạo lúc", "Thời điểm thiết bị được thêm vào hệ thống."),
        "last_used_at": ("Dùng lần cuối lúc", "Lần gần nhất thiết bị được dùng."),
        "key": ("Khóa bí mật", "Khóa bí mật dạng hex, tối đa 40 byte."),
        "step": ("Bước thời gian (giây)", "Mỗi mã có hiệu lực trong số giây này."),
        "t0": ("Mốc thời gian T0", "Thời điểm Unix bắt đầu đếm bước."),
        "digits": ("Số chữ số", "Số chữ số của mỗi mã."),
        "tolerance": ("Độ lệch cho phép", "Số bước trước hoặc sau được chấp nhận."),
        "drift": ("Độ lệch đồng hồ", "Số bước đồng hồ của thiết bị lệch so với máy chủ."),
        "throttling_failure_timestamp": (
            "Lần nhập sai gần nhất",
            "Thời điểm nhập sai mã gần nhất; để trống nếu lần gần nhất đúng.",
        ),
        "throttling_failure_count": ("Số lần nhập sai liên tiếp", ""),
    }
    FIELDSETS = {
        "Identity": "Thiết bị",
        "Timestamps": "Thời điểm",
        "Configuration": "Cấu hình",
        "State": "Trạng thái",
        "Throttling": "Hạn chế nhập sai",
    }

    list_display = ["user", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = [
        ("created_at", _titled(admin.DateFieldListFilter, "tạo lúc")),
        ("last_used_at", _titled(admin.DateFieldListFilter, "dùng lần cuối")),
        ("confirmed", _titled(admin.BooleanFieldListFilter, "đã xác nhận")),
    ]
    search_help_text = "Tìm theo tên đăng nhập hoặc địa chỉ email của người dùng."

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["labels"] = {name: label for name, (label, _) in self.LABELS.items()}
        kwargs["help_texts"] = {name: text for name, (_, text) in self.LABELS.items()}
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (self.FIELDSETS.get(title, title) if title else None, options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description="tên thiết bị", ordering="name")
    def device_name(self, obj: TOTPDevice) -> str:
        return obj.name

    @admin.display(description="tạo lúc", ordering="created_at")
    def created(self, obj: TOTPDevice) -> Any:
        return obj.created_at

    @admin.display(description="dùng lần cuối", ordering="last_used_at")
    def last_used(self, obj: TOTPDevice) -> Any:
        return obj.last_used_at

    @admin.display(description="đã xác nhận", boolean=True, ordering="confirmed")
    def is_confirmed(self, obj: TOTPDevice) -> bool:
        return obj.confirmed
