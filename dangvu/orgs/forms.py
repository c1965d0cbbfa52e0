"""Forms of the organisation board. They parse and type the input; actions judge it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy

from dangvu.accounts.scoping import visible_organisations
from dangvu.core.dateinput import VNDateField, VNDateInput
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.fields import limit_fields
from dangvu.lib.text import clean
from dangvu.orgs.actions import Decision
from dangvu.orgs.kinds import OrgKind, UnitType
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import resolve_organisation

# The date widget every form used to import from here: now the shared day-first one.
DateInput = VNDateInput


class OrgCodeField(forms.CharField):
    """An organisation typed by code or exact name, resolved within the user's scope.

    A name that several organisations bear is resolved by the record's date (the form's
    `date_field`, or its first required date field) when exactly one of them existed
    then; otherwise refused with the candidates (see `dangvu.orgs.resolve`).
    """

    def __init__(
        self,
        *,
        queryset: QuerySet[Organisation] | None = None,
        date_field: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.queryset = queryset
        self.date_field = date_field
        # Set by DomainForm: reads the record's date from the same submission.
        self.record_date: Callable[[], dt.date | None] = lambda: None
        # Suggestions follow what is typed: the lookup fills the page's shared datalist.
        self.widget.attrs.update(
            {
                "list": "org-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("orgs:lookup"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#org-options",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
            }
        )

    def clean(self, value: Any) -> Organisation | None:  # type: ignore[override]
        text = clean(super().clean(value))
        if not text:
            return None
        qs = self.queryset if self.queryset is not None else Organisation.objects.none()
        try:
            return resolve_organisation(qs, text, on=self.record_date())
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class DomainForm(forms.Form):
    """A form that shows a `DomainError` beside the field it names."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        limit_fields(self)
        scope = visible_organisations(user) if user is not None else Organisation.objects.none()
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope
                f.record_date = lambda f=f: self._record_date(f)
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def _record_date(self, field: OrgCodeField) -> dt.date | None:
        """The date of the record being entered, from the submitted data, if valid."""
        name = field.date_field or next(
            (
                n
                for n, f in self.fields.items()
                if isinstance(f, forms.DateField) and f.required and n != "birth_date"
            ),
            None,
        )
        if name is None or name not in self.fields or not self.is_bound:
            return None
        try:
            value = self.fields[name].clean(self[name].data)
        except forms.ValidationError:
            return None
        return value if isinstance(value, dt.date) else None

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class DecisionForm(DomainForm):
    effective_date = VNDateField(label="Ngày hiệu lực")
    decision_number = forms.CharField(
        label="Số quyết định",
        required=False,
        max_length=60,
        help_text="Ví dụ: 125-QĐ/ĐUK",
    )
    decision_date = VNDateField(label="Ngày quyết định", required=False)
    reason = forms.CharField(
        label="Lý do, căn cứ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].initial = today()

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_date=data["effective_date"],
            number=data.get("decision_number") or "",
            date=data.get("decision_date"),
            reason=data.get("reason") or "",
        )


KIND_CHOICES = [("", "— chọn loại tổ chức —"), *OrgKind.choices]
UNIT_TYPE_CHOICES = [("", "— chưa ghi —"), *UnitType.choices]
UNIT_TYPE_HELP = "Với tổ chức cơ sở đảng: tỷ lệ đảng phí được trích giữ lại tùy loại hình đơn vị."


class CreateForm(DecisionForm):
    code = forms.CharField(label="Mã tổ chức", max_length=40, help_text="Ví dụ: DBK.CB01")
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    kind = forms.ChoiceField(label="Loại tổ chức", choices=KIND_CHOICES)
    parent = OrgCodeField(label="Trực thuộc (mã hoặc tên tổ chức cấp trên)", required=False)
    unit_type = forms.ChoiceField(
        label="Loại hình đơn vị",
        choices=UNIT_TYPE_CHOICES,
        required=False,
        help_text=UNIT_TYPE_HELP,
    )
    field_order = ["code", "name", "kind", "parent", "unit_type"]


class UnitTypeForm(DomainForm):
    unit_type = forms.ChoiceField(
        label="Loại hình đơn vị",
        choices=UNIT_TYPE_CHOICES,
        required=False,
        help_text=UNIT_TYPE_HELP,
    )


class RenameForm(DecisionForm):
    new_name = forms.CharField(label="Tên mới", max_length=255)
    field_order = ["new_name"]


class MoveForm(DecisionForm):
    new_parent = OrgCodeField(label="Chuyển về trực thuộc (mã hoặc tên)")
    field_order = ["new_parent"]


class ConvertForm(DecisionForm):
    new_kind = forms.ChoiceField(label="Loại tổ chức mới", choices=KIND_CHOICES)
    new_parent = OrgCodeField(
        label="Trực thuộc tổ chức mới (để trống nếu giữ nguyên)", required=False
    )
    absorb_children = forms.BooleanField(
        label="Nhập các tổ chức trực thuộc không còn phù hợp vào tổ chức này",
        required=False,
    )
    field_order = ["new_kind", "new_parent", "absorb_children"]


class MergeForm(DecisionForm):
    other_sources = forms.CharField(
        label="Các tổ chức khác cùng sáp nhập (mã, cách nhau bởi dấu phẩy)", required=False
    )
    target = OrgCodeField(label="Sáp nhập vào tổ chức đã có (mã hoặc tên)", required=False)
    new_code = forms.CharField(label="Hoặc thành lập tổ chức mới: mã", required=False)
    new_name = forms.CharField(label="Tên tổ chức mới", required=False)
    new_kind = forms.ChoiceField(label="Loại tổ chức mới", choices=KIND_CHOICES, required=False)
    field_order = ["other_sources", "target", "new_code", "new_name", "new_kind"]

    def clean_other_sources(self) -> list[Organisation]:
        raw = self.cleaned_data.get("other_sources") or ""
        codes = [c.strip().upper() for c in raw.replace(";", ",").split(",") if c.strip()]
        scope = visible_organisations(self.user)
        found = {o.code: o for o in scope.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError("Không tìm thấy tổ chức có mã: " + ", ".join(missing) + ".")
        return [found[c] for c in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_target = bool(data.get("target"))
        has_new = any(data.get(f) for f in ("new_code", "new_name", "new_kind"))
        if has_target and has_new:
            raise forms.ValidationError(
                "Chọn tổ chức tiếp nhận đã có hoặc khai báo tổ chức mới, không chọn cả hai."
            )
        if not has_target and not has_new:
            raise forms.ValidationError("Hãy chọn tổ chức tiếp nhận hoặc khai báo tổ chức mới.")
        if has_new:
            for f, label in (("new_code", "mã"), ("new_name", "tên"), ("new_kind", "loại")):
                if not data.get(f):
                    self.add_error(f, f"Hãy nhập {label} của tổ chức mới.")
        return data


class SplitPartForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=40, required=False)
    name = forms.CharField(label="Tên", max_length=255, required=False)
    kind = forms.ChoiceField(label="Loại", choices=KIND_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self)
        self.fields["code"].widget.attrs["class"] = "form-control"
        self.fields["name"].widget.attrs["class"] = "form-control"
        self.fields["kind"].widget.attrs["class"] = "form-select"


SplitPartFormSet = forms.formset_factory(SplitPartForm, extra=0, min_num=2, max_num=10)


class SplitForm(DecisionForm):
    """The decision of a split; the new parts and child assignment come alongside."""

    def __init__(
        self, *args: Any, children: list[Any] | None = None, parts: int = 2, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = children or []
        choices = [(str(i), f"Tổ chức mới thứ {i + 1}") for i in range(parts)]
        for child in self.children:
            self.fields[f"child_{child.organisation_id}"] = forms.ChoiceField(
                label=f"«{child.name}» chuyển về",
                choices=choices,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def child_fields(self) -> list[forms.BoundField]:
        return [self[f"child_{c.organisation_id}"] for c in self.children]


class DissolveForm(DecisionForm):
    members_to = OrgCodeField(
        label="Tổ chức tiếp nhận đảng viên (nếu còn đảng viên)", required=False
    )
    field_order = ["members_to"]


class AsOfForm(forms.Form):
    ngay = VNDateField(label="Xem theo ngày", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self)
