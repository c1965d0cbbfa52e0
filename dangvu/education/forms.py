"""Forms of the board's work: they type the input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.education.models import Conference, Contest, PoliticalClass
from dangvu.education.scoping import editable_organisations
from dangvu.orgs.forms import DomainForm, OrgCodeField


class EditorForm(DomainForm):
    """Resolves organisation fields within the organisations the user may record for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


def _kinds(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "— chọn loại —"), *choices]


class ClassForm(EditorForm):
    kind = forms.ChoiceField(label="Loại lớp", choices=_kinds(PoliticalClass.Kind.choices))
    name = forms.CharField(label="Tên lớp", max_length=255)
    organiser = OrgCodeField(label="Đơn vị tổ chức (mã hoặc tên)")
    start_date = VNDateField(label="Ngày khai giảng")
    end_date = VNDateField(label="Ngày bế giảng")
    venue = forms.CharField(label="Địa điểm", max_length=255, required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The candidate class as the committee names it.
        from dangvu.education.rules import candidate_class_title

        self.fields["kind"].choices = _kinds(
            [
                (
                    value,
                    candidate_class_title() if value == PoliticalClass.Kind.CANDIDATE else label,
                )
                for value, label in PoliticalClass.Kind.choices
            ]
        )


class LearnerForm(EditorForm):
    person = forms.CharField(
        label="Học viên",
        max_length=120,
        help_text="Số CCCD, hoặc họ và tên đầy đủ đúng như trong hồ sơ.",
    )
    completed = forms.BooleanField(label="Đã hoàn thành", required=False)
    certificate_number = forms.CharField(label="Số giấy chứng nhận", max_length=40, required=False)


class CompletionForm(EditorForm):
    certificate_number = forms.CharField(label="Số giấy chứng nhận", max_length=40, required=False)


class ConferenceForm(EditorForm):
    kind = forms.ChoiceField(label="Loại", choices=_kinds(Conference.Kind.choices))
    title = forms.CharField(label="Tên hội nghị, hoạt động", max_length=255)
    organiser = OrgCodeField(label="Đơn vị tổ chức (mã hoặc tên)")
    date = VNDateField(label="Ngày tổ chức")
    attendance = forms.IntegerField(label="Số lượt tham dự", help_text="Tính theo lượt người.")
    venue = forms.CharField(label="Địa điểm", max_length=255, required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolutionForm(EditorForm):
    number = forms.CharField(label="Số hiệu", max_length=40, help_text="Ví dụ: 01-KL/TW")
    name = forms.CharField(label="Tên văn bản", max_length=500)
    issuing_body = forms.CharField(
        label="Cơ quan ban hành", max_length=255, help_text="Ví dụ: Ban Chấp hành Trung ương"
    )
    term = forms.CharField(
        label="Khóa", max_length=40, required=False, help_text="Ví dụ: khóa XIII"
    )
    issued_on = VNDateField(label="Ngày ban hành")


class StudyReturnForm(EditorForm):
    organisation = OrgCodeField(label="Tổ chức báo cáo (mã hoặc tên)")
    date = VNDateField(label="Ngày học tập, quán triệt")
    members_studied = forms.IntegerField(label="Số đảng viên tham gia")
    members_total = forms.IntegerField(
        label="Tổng số đảng viên",
        required=False,
        help_text="Để trống: lấy số đảng viên của tổ chức vào ngày học tập.",
    )
    nonmembers_studied = forms.IntegerField(label="Số quần chúng tham gia", initial=0)
    nonmembers_total = forms.IntegerField(label="Tổng số quần chúng", initial=0)


class ContestForm(EditorForm):
    name = forms.CharField(
        label="Tên hội thi, cuộc thi", max_length=255, help_text="Ví dụ: Hội thi Bí thư chi bộ giỏi"
    )
    organiser = OrgCodeField(label="Đơn vị tổ chức (mã hoặc tên)")
    entrants = forms.ChoiceField(
        label="Hình thức dự thi",
        choices=Contest.Entrants.choices,
        initial=Contest.Entrants.INDIVIDUAL,
        help_text="Cá nhân: mỗi lượt dự thi là một bài dự thi; đội: mỗi lượt là một đội thi.",
    )
    start_date = VNDateField(label="Ngày bắt đầu")
    end_date = VNDateField(label="Ngày kết thúc (tổng kết)")
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EntryForm(DomainForm):
    """An entry of a contest, its fields named as the contest is (bài dự thi or đội thi)."""

    organisation = OrgCodeField(label="Tổ chức dự thi (mã hoặc tên)", required=False)
    entrant_name = forms.CharField(label="Tác giả", max_length=255, required=False)
    title = forms.CharField(label="Tên bài dự thi", max_length=500, required=False)
    result = forms.CharField(label="Kết quả, giải", max_length=255, required=False)
    sent_up = forms.BooleanField(label="Gửi dự thi cấp trên", required=False)

    def __init__(self, *args: Any, contest: Contest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contest is not None and contest.is_team:
            self.fields["organisation"].label = "Tổ chức có đội thi (mã hoặc tên)"
            self.fields["entrant_name"].label = "Tên đội thi"
            self.fields["title"].label = "Phần thi, tiết mục của đội"
            self.fields["sent_up"].label = "Đội được chọn dự thi cấp trên"
