"""The audit trail in the clerk's words.

A recorded change is `(object type, key, stored value)`: the key is a field's attribute name
as `log.snapshot` wrote it (`organisation_id`, `status`, `birth_date`) or a phrase an action
wrote in Vietnamese (`"biến động"`, `"ngày"`). Everything shown is derived from the model's
declaration, so that a field added tomorrow is shown with its `verbose_name`, its choices'
labels and its type's format, never with its stored value:

- the label is the field's `verbose_name`;
- choices (also a list of them) by their labels, ticks as «Có»/«Không»;
- dates as dd/mm/yyyy, times in Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM; a date field that
  holds a month (named in the model's `MONTH_FIELDS`, as a dues month) as mm/yyyy;
- organisations and members by name, linked to their page when the viewer may read them;
  any other record by `str()`;
- empty values as «—»; a dict as «nhãn: giá trị» pairs under the same rules;
- internal fields (ids, paths, search keys, depths, who and when a row was written, file
  contents, hashes) are not shown at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dangvu.lib.vnformat import fmt_number

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
EMPTY = "—"
YES, NO = "Có", "Không"

# Keys never shown, whatever the model: they mean something to the program, not to a clerk.
INTERNAL = frozenset(
    {
        "id",
        "pk",
        "event_id",
        "search_key",
        "path",
        "depth",
        "org_path",
        "prev_path",
        "next_path",
        "path_before",
        "path_after",
        "created_at",
        "created_by",
        "recorded_at",
        "recorded_by",
        "uploaded_at",
        "uploaded_by",
        "content",
        "data",
        "rederived_from",
        "displaced_moves",
    }
)
_HASHY = re.compile(r"(^|_)(hash|sha\d*|digest|checksum|token)$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
ISO_DATETIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
# Phrases actions record whose value is an organisation's code.
ORGANISATION_CODE_KEYS = frozenset({"tổ chức", "trực thuộc"})
# Labels of Django's own models' fields in the words the user pages use (its translation
# leaves some half English: «trạng thái superuser»).
OWN_LABELS = {
    "auth.User.is_superuser": "quản trị viên",
    "auth.User.is_staff": "vào trang quản trị Django",
    "auth.User.is_active": "tài khoản đang mở",
    "auth.User.groups": "nhóm quyền",
    "auth.User.user_permissions": "quyền riêng",
    "auth.Group.name": "tên nhóm",
    "auth.Group.permissions": "quyền của nhóm",
}


@functools.cache
def model_for(object_type: str) -> type[models.Model] | None:
    """The model an audit row's `object_type` (a model name) stands for."""
    if not object_type:
        return None
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return model
    return None


def kind_label(object_type: str) -> str:
    """What kind of record a row is about, as a clerk names it («đảng viên»)."""
    model = model_for(object_type)
    if model is None:
        return ""
    return str(model._meta.verbose_name)


def field_for(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    """The field `key` names on `model`; for a key the model no longer has (an older row),
    the field of that name on another of the project's models, so it still reads in words."""
    found = _own_field(model, key) if model is not None else None
    if found is not None or not _IDENT.match(key) or key in INTERNAL:
        return found
    for other in apps.get_models():
        if other is not model and other.__module__.startswith("dangvu."):
            found = _own_field(other, key)
            if found is not None:
                return found
    return None


def _own_field(model: type[models.Model], key: str) -> models.Field[Any, Any] | None:
    for field in model._meta.get_fields():
        if not isinstance(field, models.Field):
            continue
        if key in (field.name, field.attname):
            return field
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def is_internal(key: str, field: models.Field[Any, Any] | None = None) -> bool:
    """Whether a recorded key is the program's business only (never shown)."""
    if key in INTERNAL or _HASHY.search(key):
        return True
    if field is None:
        # A phrase written in Vietnamese is for people; an unknown identifier is not.
        return bool(_IDENT.match(key))
    if field.primary_key or field.name in INTERNAL or isinstance(field, models.BinaryField):
        return True
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def label(model: type[models.Model] | None, key: str) -> str | None:
    """The label of `key` on `model`'s records, or None when it is not shown."""
    field = field_for(model, key)
    if is_internal(key, field):
        return None
    if field is None:
        return key
    own = OWN_LABELS.get(f"{field.model._meta.label}.{field.name}")
    return own or str(field.verbose_name)


def value(
    model: type[models.Model] | None, key: str, stored: Any, viewer: Any = None
) -> SafeString:
    """A stored value of `key` as a clerk reads it (escaped HTML, links where allowed)."""
    field = field_for(model, key)
    if _empty(stored):
        return mark_safe(EMPTY)
    if field is not None:
        shown = _by_field(model, field, stored, viewer)
        if shown is not None:
            return shown
    if field is None and key in ORGANISATION_CODE_KEYS and isinstance(stored, str):
        from dangvu.orgs.models import Organisation

        return _record(Organisation, stored, viewer)
    return plain(stored, viewer)


def describe(
    model: type[models.Model] | None, key: str, stored: Any, viewer: Any = None
) -> tuple[str, SafeString] | None:
    """(label, value) of one recorded key, or None when the key is internal."""
    name = label(model, key)
    if name is None:
        return None
    return name, value(model, key, stored, viewer)


def plain(stored: Any, viewer: Any = None) -> SafeString:
    """A value with no field to go by (a phrase an action wrote, an item of a dict)."""
    if _empty(stored):
        return mark_safe(EMPTY)
    if isinstance(stored, bool):
        return mark_safe(YES if stored else NO)
    if isinstance(stored, dt.datetime):
        return conditional_escape(local_datetime(stored))
    if isinstance(stored, dt.date):
        return conditional_escape(f"{stored:%d/%m/%Y}")
    if isinstance(stored, int | float | Decimal):
        return conditional_escape(fmt_number(stored, _decimals(stored)))
    if isinstance(stored, list | tuple | set):
        return _join([plain(v, viewer) for v in stored])
    if isinstance(stored, dict):
        return pairs(None, stored, viewer)
    return conditional_escape(words(str(stored)))


def pairs(model: type[models.Model] | None, data: dict[str, Any], viewer: Any = None) -> SafeString:
    """A dict as «nhãn: giá trị; …», leaving out internal keys."""
    shown = [d for k, v in data.items() if (d := describe(model, str(k), v, viewer))]
    if not shown:
        return mark_safe(EMPTY)
    return mark_safe("; ".join(format_html("{}: {}", k, v) for k, v in shown))


def words(text: str) -> str:
    """ISO dates and times inside a text (a note) as a clerk writes them."""

    def when(match: re.Match[str]) -> str:
        try:
            moment = dt.datetime.fromisoformat(match.group(0).replace(" ", "T"))
        except ValueError:
            return match.group(0)
        return local_datetime(moment)

    text = ISO_DATETIME.sub(when, text)
    return ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)


def local_datetime(moment: dt.datetime) -> str:
    """A moment in Asia/Ho_Chi_Minh, dd/mm/yyyy HH:MM (a naive one is taken as UTC)."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return f"{timezone.localtime(moment, LOCAL):%d/%m/%Y %H:%M}"


def _by_field(
    model: type[models.Model] | None,
    field: models.Field[Any, Any],
    stored: Any,
    viewer: Any,
) -> SafeString | None:
    if model is not None and model._meta.label == "core.RuleVersion" and field.name == "key":
        return conditional_escape(_rule_label(str(stored)))
    if field.is_relation and field.related_model is not None:
        related = field.related_model
        if isinstance(related, str):
            return None
        if isinstance(stored, list | tuple):
            return _join([_record(related, v, viewer) for v in stored])
        return _record(related, stored, viewer)
    choices = _choices(field)
    if choices:
        if isinstance(stored, list | tuple):
            return _join([conditional_escape(choices.get(str(v), str(v))) for v in stored])
        return conditional_escape(choices.get(str(stored), plain(stored, viewer)))
    if isinstance(field, models.BooleanField):
        return mark_safe(YES if stored else NO)
    if isinstance(field, models.DateTimeField):
        moment = _parse(dt.datetime.fromisoformat, stored)
        return conditional_escape(local_datetime(moment)) if moment else None
    if isinstance(field, models.DateField):
        day = _parse(dt.date.fromisoformat, stored)
        if day is None:
            return None
        if field.name in getattr(field.model, "MONTH_FIELDS", ()):
            return conditional_escape(f"{day:%m/%Y}")
        return conditional_escape(f"{day:%d/%m/%Y}")
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            number = Decimal(str(stored))
        except InvalidOperation:
            return None
        return conditional_escape(fmt_number(number, _decimals(number)))
    if isinstance(field, models.JSONField) and isinstance(stored, dict):
        return pairs(None, stored, viewer)
    return None


def _choices(field: models.Field[Any, Any]) -> dict[str, str]:
    choices = field.choices or getattr(getattr(field, "base_field", None), "choices", None)
    flat: dict[str, str] = {}
    for code, name in choices or []:
        if isinstance(name, list | tuple):  # grouped choices
            flat.update({str(c): str(n) for c, n in name})
        else:
            flat[str(code)] = str(name)
    return flat


def _record(related: type[models.Model], stored: Any, viewer: Any) -> SafeString:
    """A related record by its name; an organisation or member linked if the viewer may."""
    from dangvu.members.models import Member
    from dangvu.orgs.models import Organisation

    lookup: dict[str, Any]
    if isinstance(stored, int) or (isinstance(stored, str) and stored.isdigit()):
        lookup = {"pk": int(stored)}
    elif related is Organisation and isinstance(stored, str):
        lookup = {"code": stored}
    elif isinstance(stored, str):
        return conditional_escape(words(stored))  # already a name, as some actions write
    else:
        return mark_safe(EMPTY)
    obj = related._default_manager.filter(**lookup).first()
    if obj is None:
        return mark_safe("(không còn trong hệ thống)")
    name = str(obj)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        from dangvu.accounts import scoping

        visible = None
        if related is Organisation:
            visible = scoping.visible_organisations(viewer)
        elif related is Member:
            visible = scoping.visible_members(viewer)
        if visible is not None and visible.filter(pk=obj.pk).exists():
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), name)
    return conditional_escape(name)


def _rule_label(key: str) -> str:
    from dangvu.core.rules import registered_rules

    for rule in registered_rules():
        if rule.key == key:
            return rule.label
    return words(key)


def _parse(parse: Any, stored: Any) -> Any:
    if isinstance(stored, dt.date):
        return stored
    try:
        return parse(str(stored))
    except ValueError:
        return None


def _decimals(number: Any) -> int:
    if isinstance(number, int):
        return 0
    exponent = Decimal(str(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _join(items: list[SafeString]) -> SafeString:
    return mark_safe(", ".join(items)) if items else mark_safe(EMPTY)


def _empty(stored: Any) -> bool:
    return stored is None or (isinstance(stored, str | list | tuple | dict | set) and not stored)
