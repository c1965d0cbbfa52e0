"""Forms of inspection work: they type the input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.inspection.limitation import CONCLUSION_DATE_HELP, ViolationCategory
from dangvu.inspection.models import Complaint, Form, Kind, Level, Status, Target
from dangvu.inspection.scoping import editable_organisations
from dangvu.lib.text import clean
from dangvu.orgs.forms import DomainForm, OrgCodeField


def _blank(choices: list[tuple[str, str]], label: str = "— chọn —") -> list[tuple[str, str]]:
    return [("", label), *choices]


def _lines(text: str) -> list[str]:
    """Non-empty lines (or comma/semicolon separated items) of a textarea."""
    items: list[str] = []
    for line in (text or "").replace(";", "\n").splitlines():
        value = clean(line)
        if value:
            items.append(value)
    return items


class InspectionEditorForm(DomainForm):
    """Resolves the body's organisation among those the user may record for."""

    body_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = editable_organisations(self.user)
        for name in self.body_fields:
            field = self.fields[name]
            if isinstance(field, OrgCodeField):
                field.queryset = scope


class ProgrammeForm(InspectionEditorForm):
    body_fields = ("organisation",)
    organisation = OrgCodeField(label="Tổ chức đảng (mã hoặc tên)")
    level = forms.ChoiceField(label="Cơ quan thực hiện", choices=_blank(Level.choices))
    board_name = forms.CharField(
        label="Tên ban (nếu là ban của cấp ủy)",
        required=False,
        max_length=120,
        help_text="Ví dụ: Ban Tổ chức",
    )
    year = forms.IntegerField(label="Năm", min_value=2000)  # up to ten years ahead (limit_fields)
    title = forms.CharField(
        label="Tên chương trình",
        max_length=255,
        initial="Chương trình kiểm tra, giám sát",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = today().year


class ProgrammeItemForm(DomainForm):
    kind = forms.ChoiceField(label="Loại", choices=_blank(Kind.choices))
    title = forms.CharField(label="Nội dung kiểm tra, giám sát", max_length=500)
    planned_subjects = forms.CharField(label="Đối tượng dự kiến", required=False, max_length=500)
    planned_quarter = forms.IntegerField(
        label="Quý dự kiến", required=False, min_value=1, max_value=4
    )


class InspectionForm(InspectionEditorForm):
    body_fields = ("organisation",)
    organisation = OrgCodeField(label="Tổ chức đảng tiến hành (mã hoặc tên)")
    level = forms.ChoiceField(label="Cơ quan tiến hành", choices=_blank(Level.choices))
    board_name = forms.CharField(
        label="Tên ban (nếu là ban của cấp ủy)",
        required=False,
        max_length=120,
        help_text="Ví dụ: Ban Tuyên giáo",
    )
    kind = forms.ChoiceField(label="Loại", choices=_blank(Kind.choices))
    title = forms.CharField(label="Nội dung", max_length=500)
    subject_orgs = forms.CharField(
        label="Tổ chức được kiểm tra, giám sát",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một mã hoặc tên tổ chức (trong phạm vi tổ chức tiến hành).",
    )
    subject_members = forms.CharField(
        label="Đảng viên được kiểm tra, giám sát",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một số CCCD hoặc họ và tên đầy đủ đúng như trong hồ sơ.",
    )
    members_checked = forms.IntegerField(
        label="Số đảng viên được kiểm tra (nếu không liệt kê)",
        required=False,
        min_value=0,
        help_text="Chỉ dùng khi chi bộ kiểm tra đảng viên chấp hành.",
    )
    in_programme = forms.BooleanField(
        label="Theo chương trình kiểm tra, giám sát năm", required=False
    )
    programme_item = forms.IntegerField(
        label="Số thứ tự nội dung trong chương trình",
        required=False,
        min_value=1,
        help_text="Nội dung của chương trình năm của chính cơ quan tiến hành.",
    )
    decision_number = forms.CharField(
        label="Số quyết định, kế hoạch", required=False, max_length=60
    )
    start_date = VNDateField(label="Ngày bắt đầu")
    status = forms.ChoiceField(label="Tình trạng", choices=Status.choices, initial=Status.DONE)
    end_date = VNDateField(label="Ngày kết thúc", required=False)
    conclusion = forms.CharField(
        label="Kết luận", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusion_date = VNDateField(label="Ngày kết luận", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_subject_orgs(self) -> list[str]:
        return _lines(self.cleaned_data.get("subject_orgs") or "")

    def clean_subject_members(self) -> list[str]:
        return _lines(self.cleaned_data.get("subject_members") or "")


class StatusForm(DomainForm):
    status = forms.ChoiceField(
        label="Chuyển sang",
        choices=[(s, label) for s, label in Status.choices if s != Status.PLANNED],
    )
    end_date = VNDateField(label="Ngày kết thúc", required=False)


class ConclusionForm(DomainForm):
    conclusion = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 3}))
    conclusion_date = VNDateField(label="Ngày kết luận")


class DisciplineForm(InspectionEditorForm):
    body_fields = ("issuing_organisation",)
    target = forms.ChoiceField(label="Đối tượng", choices=Target.choices, initial=Target.MEMBER)
    member = forms.CharField(
        label="Đảng viên bị kỷ luật",
        required=False,
        max_length=120,
        help_text="Số CCCD, hoặc họ và tên đầy đủ đúng như trong hồ sơ.",
    )
    organisation = OrgCodeField(label="Tổ chức đảng bị kỷ luật (mã hoặc tên)", required=False)
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=_blank(Form.choices))
    issuing_organisation = OrgCodeField(label="Tổ chức đảng quyết định (mã hoặc tên)")
    issuing_level = forms.ChoiceField(
        label="Cơ quan quyết định",
        choices=_blank([(k, v) for k, v in Level.choices if k != Level.BOARD]),
    )
    delegation = forms.CharField(
        label="Quyết định ủy quyền kết nạp, khai trừ (số, ngày)",
        required=False,
        max_length=120,
        help_text="Chỉ khi đảng ủy cơ sở được cấp ủy cấp trên ủy quyền quyết định khai trừ; "
        "ví dụ: 125-QĐ/ĐUK ngày 10/3/2021.",
    )
    violation_date = VNDateField(label="Ngày vi phạm")
    violation_category = forms.ChoiceField(
        label="Loại vi phạm",
        choices=ViolationCategory.choices,
        initial=ViolationCategory.OTHER,
        required=False,  # not sent: an ordinary violation
        help_text="Vi phạm về chính trị nội bộ; quốc phòng, an ninh, đối ngoại; văn bằng, "
        "chứng chỉ không hợp pháp: không áp dụng thời hiệu.",
    )
    expulsion_level = forms.BooleanField(
        label="Vi phạm đến mức phải khai trừ (tổ chức: giải tán)",
        required=False,
        help_text="Theo đánh giá của cơ quan quyết định, kể cả khi quyết định hình thức nhẹ "
        "hơn; không áp dụng thời hiệu.",
    )
    later_violation_date = VNDateField(
        label="Ngày vi phạm mới trong thời hiệu",
        required=False,
        help_text="Nếu có: thời hiệu của vi phạm cũ tính lại từ ngày này.",
    )
    conclusion_date = VNDateField(
        label="Ngày kết luận vi phạm",
        required=False,
        help_text=CONCLUSION_DATE_HELP,
    )
    decision_number = forms.CharField(
        label="Số quyết định", required=False, max_length=60, help_text="Ví dụ: 15-QĐ/UBKT"
    )
    decision_date = VNDateField(label="Ngày quyết định")
    violation = forms.CharField(
        label="Tóm tắt nội dung vi phạm", widget=forms.Textarea(attrs={"rows": 3})
    )


class ComplaintForm(InspectionEditorForm):
    body_fields = ("handling_organisation",)
    kind = forms.ChoiceField(label="Loại đơn", choices=_blank(Complaint.Kind.choices))
    received_date = VNDateField(label="Ngày nhận")
    sender = forms.CharField(label="Người gửi", max_length=255)
    against_organisation = OrgCodeField(
        label="Tổ chức đảng bị khiếu nại, tố cáo (mã hoặc tên)", required=False
    )
    against_member = forms.CharField(
        label="Đảng viên bị khiếu nại, tố cáo",
        required=False,
        max_length=120,
        help_text="Số CCCD, hoặc họ và tên đầy đủ đúng như trong hồ sơ.",
    )
    subject = forms.CharField(label="Nội dung đơn", widget=forms.Textarea(attrs={"rows": 3}))
    handling_organisation = OrgCodeField(label="Tổ chức đảng giải quyết (mã hoặc tên)")
    handling_level = forms.ChoiceField(
        label="Cơ quan giải quyết",
        choices=_blank([(k, v) for k, v in Level.choices if k != Level.BOARD]),
    )
    deadline = VNDateField(
        label="Hạn giải quyết",
        required=False,
        help_text="Để trống: theo thời hạn quy định cho loại đơn và cấp giải quyết, "
        "tính từ ngày nhận (ngày làm việc).",
    )


class ComplaintUpdateForm(DomainForm):
    status = forms.ChoiceField(
        label="Tình trạng",
        choices=[
            (s, label) for s, label in Complaint.State.choices if s != Complaint.State.RECEIVED
        ],
    )
    outcome = forms.CharField(
        label="Kết quả giải quyết", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closed_date = VNDateField(label="Ngày kết thúc", required=False)
