"""Forms of office work: they type the input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.office.models import DOCUMENT_KINDS, MassOrganisation, Plan, Rating, Reason
from dangvu.office.plans import targetable_indicators
from dangvu.office.scoping import office_editable_organisations, plan_editable_organisations
from dangvu.orgs.forms import DomainForm, OrgCodeField

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
    decision_date = VNDateField(label="Ngày quyết định")
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
    date = VNDateField(label="Ngày đại hội")
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


# --- plans and documents --------------------------------------------------------------


class PlanEditorForm(DomainForm):
    """Resolves organisation fields within the organisations the user may plan for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = plan_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


class PlanForm(PlanEditorForm):
    organisation = OrgCodeField(label="Tổ chức (mã hoặc tên)")
    kind = forms.ChoiceField(label="Loại", choices=Plan.Kind.choices)
    year = forms.IntegerField(label="Năm", min_value=1930, max_value=2200)
    end_year = forms.IntegerField(
        label="Đến năm (chương trình nhiều năm; để trống nếu một năm)",
        required=False,
        min_value=1930,
        max_value=2200,
    )
    title = forms.CharField(label="Tên chương trình, kế hoạch", max_length=255)
    document = forms.CharField(
        label="Văn bản ban hành (số trong sổ văn bản; để trống nếu còn dự thảo)",
        required=False,
        max_length=40,
        help_text="Ví dụ: 01-CTr/ĐU",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = today().year + 1 if today().month >= 10 else today().year


class IssuePlanForm(DomainForm):
    document = forms.CharField(
        label="Số văn bản ban hành", max_length=40, help_text="Ví dụ: 01-CTr/ĐU"
    )


def indicator_choices() -> list[tuple[str, str]]:
    return [("", "— chọn chỉ tiêu —")] + [
        (i.code, f"{i.label} ({i.unit})") for i in targetable_indicators()
    ]


class TargetForm(DomainForm):
    # Free text against the registry (not a ChoiceField): an unknown or percent code gets
    # the action's message naming what to choose instead.
    indicator = forms.CharField(label="Chỉ tiêu", max_length=100)
    target = forms.IntegerField(label="Chỉ tiêu (số)", min_value=0, max_value=10**9)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].widget = forms.Select(
            choices=indicator_choices(), attrs={"class": "form-select"}
        )


class TaskForm(DomainForm):
    title = forms.CharField(label="Nhiệm vụ", max_length=500)
    detail = forms.CharField(
        label="Nội dung, giải pháp", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(PlanEditorForm):
    issuer = OrgCodeField(label="Tổ chức ban hành (mã hoặc tên)")
    kind = forms.ChoiceField(label="Loại văn bản", choices=[("", "— chọn loại —"), *DOCUMENT_KINDS])
    date = VNDateField(label="Ngày văn bản")
    number = forms.IntegerField(
        label="Số (để trống: số tiếp theo của loại văn bản trong nhiệm kỳ)",
        required=False,
        min_value=1,
        max_value=9999,
    )
    symbol = forms.CharField(
        label="Ký hiệu cơ quan ban hành (để trống: ký hiệu thường dùng)",
        required=False,
        max_length=20,
        help_text="Ví dụ: ĐU, BTCĐU",
    )
    term = forms.CharField(
        label="Nhiệm kỳ (để trống: theo ngày văn bản)",
        required=False,
        max_length=20,
        help_text="Ví dụ: 2025 - 2030",
    )
    summary = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label="Người ký", required=False, max_length=120)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = today()
