"""Forms of the transit records: they parse and type the input; the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.dues.forms import MoneyField, MonthField
from dangvu.dues.scoping import dues_editable_organisations
from dangvu.lib.vnformat import fmt_number
from dangvu.members.forms import EditorForm, MemberOrgField
from dangvu.orgs.forms import DomainForm
from dangvu.transit.models import DUES_MAX, Sex, TemporaryAttendee

NOTE = forms.Textarea(attrs={"rows": 2})


class ConfirmationForm(EditorForm):
    learned_on = VNDateField(label="Ngày nhận được thông báo đã đến nơi mới")
    notice_number = forms.CharField(
        label="Số giấy báo, thông báo của nơi nhận",
        max_length=60,
        help_text="Ví dụ: phiếu báo đã tiếp nhận sinh hoạt đảng, số 15-TB/ĐU",
    )
    receiving_organisation = forms.CharField(label="Tổ chức đảng nơi nhận", max_length=255)
    note = forms.CharField(label="Ghi chú", required=False, widget=NOTE)


class AnnouncementForm(EditorForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = VNDateField(label="Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    from_party = forms.CharField(label="Đảng bộ nơi chuyển đi", max_length=255)
    paper_number = forms.CharField(label="Số giấy giới thiệu sinh hoạt đảng", max_length=60)
    paper_date = VNDateField(label="Ngày giấy giới thiệu")
    organisation = MemberOrgField(label="Chi bộ tiếp nhận (mã hoặc tên)", date_field="paper_date")
    note = forms.CharField(label="Ghi chú", required=False, widget=NOTE)


class NotComingForm(EditorForm):
    closed_on = VNDateField(label="Ngày kết thúc theo dõi")
    reason = forms.CharField(label="Lý do không đến", widget=NOTE)


class EndForm(EditorForm):
    actual_end = VNDateField(label="Ngày thôi sinh hoạt tạm thời")


class AttendeeForm(EditorForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = VNDateField(label="Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    home_party = forms.CharField(label="Tổ chức đảng nơi sinh hoạt chính thức", max_length=255)
    paper_number = forms.CharField(label="Số giấy giới thiệu sinh hoạt tạm thời", max_length=60)
    paper_date = VNDateField(label="Ngày giấy giới thiệu")
    organisation = MemberOrgField(label="Chi bộ nơi đến (mã hoặc tên)", date_field="start_date")
    purpose = forms.ChoiceField(label="Lý do", choices=TemporaryAttendee.Purpose.choices)
    start_date = VNDateField(label="Từ ngày")
    planned_end = VNDateField(
        label="Đến hết ngày (dự kiến)",
        help_text="Từ 3 tháng đến dưới 12 tháng; người đi học đến 2 năm.",
    )
    pays_dues_here = forms.ChoiceField(
        label="Đóng đảng phí",
        choices=[
            ("", "Theo quy định"),
            ("1", "Đóng tại chi bộ nơi đến"),
            ("0", "Đóng tại nơi sinh hoạt chính thức"),
        ],
        required=False,
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=NOTE)

    def clean_pays_dues_here(self) -> bool | None:
        value = self.cleaned_data.get("pays_dues_here")
        return None if value in ("", None) else value == "1"


class TemporaryDuesForm(DomainForm):
    """A temporary attendee's dues for one month, chosen among the attendees who pay at a
    cell whose dues the user records."""

    attendee = forms.TypedChoiceField(label="Đảng viên sinh hoạt tạm thời", coerce=int)
    month = MonthField(label="Nộp cho tháng", help_text="Tháng/năm, ví dụ 03/2025")
    amount = MoneyField(label="Số tiền nộp (đồng)")
    paid_on = VNDateField(label="Ngày nộp")
    receipt = forms.CharField(label="Số phiếu thu", max_length=40, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendees = {
            a.pk: a
            for a in TemporaryAttendee.objects.filter(
                voided_at__isnull=True,
                pays_dues_here=True,
                organisation__in=dues_editable_organisations(self.user),
            )
            .select_related("organisation")
            .order_by("full_name", "pk")
        }
        self.fields["attendee"].choices = [("", "— Chọn đồng chí —")] + [
            (a.pk, f"{a.full_name} ({a.organisation.name})") for a in self.attendees.values()
        ]
        if self.fields["paid_on"].initial is None:
            self.fields["paid_on"].initial = today()

    def clean_attendee(self) -> TemporaryAttendee:
        return self.attendees[self.cleaned_data["attendee"]]

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount is None:
            raise forms.ValidationError("Hãy ghi số tiền nộp, ví dụ 30.000.")
        if not 0 < amount <= DUES_MAX:
            raise forms.ValidationError(
                f"Số tiền phải lớn hơn 0 và không quá {fmt_number(DUES_MAX)} đồng."
            )
        return int(amount)
