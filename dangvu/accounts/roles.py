"""Users and their roles: the administrator's write path.

Each change is audited by the receivers in `dangvu.audit.signals`, which see every path
(these actions, Django's admin, management commands) alike; the actions name the acting
administrator for them with `acting_as`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dangvu.accounts.models import Role
from dangvu.audit.log import acting_as
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean
from dangvu.orgs.models import Organisation


def _require_admin(acting_user: Any) -> None:
    if not getattr(acting_user, "is_superuser", False):
        raise DomainError("Chỉ quản trị viên được quản lý người dùng và vai trò.")


@transaction.atomic
def do_create_user(*, username: str, full_name: str, password: str, acting_user: Any) -> Any:
    _require_admin(acting_user)
    users = get_user_model()
    name = clean(username).lower()
    if not name or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise DomainError("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và . _ -.", field="username")
    if users.objects.filter(username__iexact=name).exists():
        raise DomainError(f"Tên đăng nhập «{name}» đã có.", field="username")
    user = users(username=name, first_name=clean(full_name)[:150])
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    user.set_password(password)
    try:
        with acting_as(acting_user), transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(f"Tên đăng nhập «{name}» đã có.", field="username") from None
    return user


@transaction.atomic
def do_grant_role(user: Any, *, organisation: Organisation, kind: str, acting_user: Any) -> Role:
    _require_admin(acting_user)
    if kind not in Role.Kind.values:
        raise DomainError("Vai trò không có trong danh mục.", field="kind")
    if not organisation.is_active:
        raise DomainError(f"«{organisation.name}» đã kết thúc hoạt động.", field="organisation")
    with acting_as(acting_user):
        role, created = Role.objects.get_or_create(user=user, organisation=organisation, kind=kind)
    if not created:
        raise DomainError("Người dùng đã có vai trò này trên tổ chức này.", field="kind")
    return role


@transaction.atomic
def do_revoke_role(role: Role, *, acting_user: Any) -> None:
    _require_admin(acting_user)
    with acting_as(acting_user):
        role.delete()


@transaction.atomic
def do_set_active(user: Any, *, active: bool, acting_user: Any) -> Any:
    _require_admin(acting_user)
    if user.pk == acting_user.pk and not active:
        raise DomainError("Không thể tự khóa tài khoản của mình.", field="active")
    user.is_active = active
    with acting_as(acting_user):
        user.save(update_fields=["is_active"])
    return user
