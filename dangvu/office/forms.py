"""Forms of office work: they type the input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dates import today
from dangvu.office.models import MassOrganisation, Rating, Reason
from dangvu.office.scoping import office_editable_organisations
from dangvu.orgs.forms import DateInput, DomainForm, OrgCodeField

LEVEL_DEFAULT = "Ban Thường vụ Đảng ủy Khối"


class OfficeForm(DomainForm):
    """Resolves organisation fields within the organisations the user may record for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = office_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


class CommendationForm(OfficeForm):
    organisation = OrgCodeField(
        label="Tập thể được khen, hoặc tổ chức nơi cá nhân công tác (mã hoặc tên)",
        required=False,
    )
    person_name = forms.CharField(
        label="Họ và tên cá nhân (người ngoài Đảng; để trống nếu khen tập thể)",
        required=False,
        max_length=120,
    )
    reason = forms.ChoiceField(label="Phong trào, lý do", choices=Reason.choices)
    level = forms.CharField(
        label="Cấp khen thưởng", max_length=255, initial=LEVEL_DEFAULT, help_text="Ví dụ: Tỉnh ủy"
    )
    decision_number = forms.CharField(
        label="Số quyết định", required=False, max_length=60, help_text="Ví dụ: 125-QĐ/ĐUK"
    )
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput())
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = today()


class MassOrganisationForm(OfficeForm):
    kind = forms.ChoiceField(label="Loại đoàn thể", choices=MassOrganisation.Kind.choices)
    name = forms.CharField(label="Tên tổ chức đoàn thể", max_length=255)
    organisation = OrgCodeField(label="Tổ chức đảng lãnh đạo (mã hoặc tên)")
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CongressForm(OfficeForm):
    term = forms.CharField(label="Nhiệm kỳ", max_length=20, help_text="Ví dụ: 2023 - 2028")
    date = forms.DateField(label="Ngày đại hội", widget=DateInput())
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(OfficeForm):
    year = forms.IntegerField(label="Năm", min_value=1930)
    rating = forms.ChoiceField(label="Xếp loại", choices=Rating.choices)
    rated_by = forms.CharField(label="Cấp đánh giá", required=False, max_length=255)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = today().year - 1
