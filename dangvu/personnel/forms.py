"""Forms of personnel work: they type the input, the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from dangvu.accounts.scoping import visible_members, visible_organisations
from dangvu.core.dateinput import VNDateField, VNDateInput
from dangvu.core.dates import today
from dangvu.lib.text import clean, search_key
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.personnel.models import (
    POSITIONS,
    ActingAssignment,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)
from dangvu.personnel.scoping import personnel_editable_organisations

ISSUED_BY_DEFAULT = "Ban Thường vụ Đảng ủy Khối"
NOTE = {"required": False, "widget": forms.Textarea(attrs={"rows": 2}), "label": "Ghi chú"}


class PersonField(forms.CharField):
    """A person typed by identity number, party-card number or full name, resolved within
    a queryset set by the form (the people the user may see)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "Số CCCD, số thẻ đảng viên hoặc họ và tên")
        super().__init__(**kwargs)
        self.queryset: QuerySet[Any] | None = None

    def clean(self, value: Any) -> Any:  # type: ignore[override]
        text = clean(super().clean(value))
        if not text:
            return None
        qs = self.queryset if self.queryset is not None else Member.objects.none()
        if text.isdigit():
            key = Q(identity_number=text)
            if qs.model is Member:
                key |= Q(card_number=text)
        else:
            key = Q(search_key=search_key(text))
        found = list(qs.filter(key)[:2])
        if not found:
            raise forms.ValidationError(f"Không tìm thấy «{text}» trong phạm vi của bạn.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Có nhiều người tên «{text}»; hãy nhập số CCCD hoặc số thẻ đảng viên."
            )
        return found[0]


class PersonnelForm(DomainForm):
    """Resolves organisations within those the user may record for, and people within
    those the user may see."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = personnel_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope
            elif isinstance(f, PersonField) and f.queryset is None:
                f.queryset = visible_members(self.user) if self.user is not None else None
        for f in self.fields.values():
            if isinstance(f.widget, VNDateInput) and f.required and f.initial is None:
                f.initial = today()


class CommitteeForm(PersonnelForm):
    organisation = OrgCodeField(label="Tổ chức đảng (mã hoặc tên)")
    kind = forms.ChoiceField(label="Cơ quan", choices=CommitteeKind.choices)
    term = forms.CharField(label="Nhiệm kỳ", max_length=20, help_text="Ví dụ: 2020–2025")
    note = forms.CharField(**NOTE)


class SeatForm(PersonnelForm):
    """A seat elected by the congress (no completion decision)."""

    member = PersonField(label="Đảng viên")
    position = forms.ChoiceField(label="Chức vụ")
    start_date = VNDateField(label="Từ ngày")
    basis = forms.CharField(label="Căn cứ", max_length=255, initial="Đại hội bầu", required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [(p, Position(p).label) for p in POSITIONS[kind]]


class CompletionForm(PersonnelForm):
    kind = forms.ChoiceField(label="Loại quyết định", choices=CommitteeDecision.Kind.choices)
    number = forms.CharField(
        label="Số quyết định", max_length=60, required=False, help_text="Ví dụ: 125-QĐ/ĐUK"
    )
    decision_date = VNDateField(label="Ngày quyết định")
    issued_by = forms.CharField(label="Cấp quyết định", max_length=255, initial=ISSUED_BY_DEFAULT)
    member = PersonField(label="Đồng chí thứ nhất", required=False)
    position = forms.ChoiceField(label="Chức vụ", required=False)
    member_2 = PersonField(label="Đồng chí thứ hai", required=False)
    position_2 = forms.ChoiceField(label="Chức vụ", required=False)
    member_3 = PersonField(label="Đồng chí thứ ba", required=False)
    position_3 = forms.ChoiceField(label="Chức vụ", required=False)
    endings = forms.MultipleChoiceField(
        label="Cho thôi (các đồng chí đang giữ chức vụ)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    end_reason = forms.CharField(label="Lý do cho thôi", max_length=255, required=False)
    note = forms.CharField(**NOTE)

    def __init__(self, *args: Any, kind: str, seats: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(p, Position(p).label) for p in POSITIONS[kind]]]
        for name in ("position", "position_2", "position_3"):
            self.fields[name].choices = choices
        self.seats = {str(s.pk): s for s in seats}
        self.fields["endings"].choices = [
            (str(s.pk), f"{s.member.full_name} — {s.get_position_display()}") for s in seats
        ]
        self.fields["endings"].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for m, p in (
            ("member", "position"),
            ("member_2", "position_2"),
            ("member_3", "position_3"),
        ):
            if data.get(m) is not None and not data.get(p):
                self.add_error(p, "Hãy chọn chức vụ của đồng chí này.")
        return data

    def appointments(self) -> list[tuple[Member, str]]:
        d = self.cleaned_data
        return [
            (d[m], d[p])
            for m, p in (
                ("member", "position"),
                ("member_2", "position_2"),
                ("member_3", "position_3"),
            )
            if d.get(m) is not None and d.get(p)
        ]

    def ended_seats(self) -> list[CommitteeMember]:
        return [self.seats[pk] for pk in self.cleaned_data.get("endings") or []]


class EndSeatForm(PersonnelForm):
    ended_on = VNDateField(label="Thôi từ ngày")
    reason = forms.CharField(
        label="Lý do", max_length=255, help_text="Ví dụ: chuyển công tác, nghỉ hưu"
    )


class EndAssignmentForm(PersonnelForm):
    end_date = VNDateField(label="Đến hết ngày")


class ActingForm(PersonnelForm):
    organisation = OrgCodeField(label="Tổ chức đảng (mã hoặc tên)")
    member = PersonField(label="Đảng viên được giao")
    kind = forms.ChoiceField(label="Hình thức", choices=ActingAssignment.Kind.choices)
    post = forms.CharField(label="Chức danh", max_length=120, initial="Bí thư")
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    decision_date = VNDateField(label="Ngày quyết định")
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(label="Đến hết ngày", required=False)
    note = forms.CharField(**NOTE)


class EvaluationForm(PersonnelForm):
    member = PersonField(label="Đảng viên (nếu có hồ sơ trong Đảng vụ)", required=False)
    person_name = forms.CharField(
        label="Họ và tên (nếu không chọn đảng viên)", max_length=120, required=False
    )
    organisation = OrgCodeField(
        label="Tổ chức đảng nơi sinh hoạt (để trống nếu chọn đảng viên)", required=False
    )
    position = forms.CharField(label="Chức vụ", max_length=255, help_text="Ví dụ: Giám đốc Sở")
    unit = forms.CharField(label="Cơ quan, đơn vị", max_length=255, required=False)
    reason = forms.ChoiceField(label="Lý do", choices=LeaderEvaluation.Reason.choices)
    requested_by = forms.CharField(
        label="Cơ quan đề nghị",
        max_length=255,
        required=False,
        help_text="Ví dụ: Ban Tổ chức Tỉnh ủy",
    )
    date = VNDateField(label="Ngày có ý kiến")
    document_number = forms.CharField(label="Số văn bản", max_length=60, required=False)
    note = forms.CharField(**NOTE)


class ConclusionForm(PersonnelForm):
    member = PersonField(label="Đảng viên (nếu là đảng viên)", required=False)
    candidate = PersonField(label="Quần chúng ưu tú (nếu kết luận để kết nạp)", required=False)
    person_name = forms.CharField(label="Họ và tên (người khác)", max_length=120, required=False)
    birth_date = VNDateField(label="Ngày sinh", required=False)
    unit = forms.CharField(label="Cơ quan, đơn vị công tác", max_length=255, required=False)
    organisation = OrgCodeField(
        label="Tổ chức đảng đề nghị (để trống nếu chọn đảng viên, quần chúng)", required=False
    )
    purpose = forms.ChoiceField(label="Mục đích", choices=PoliticalConclusion.Purpose.choices)
    outcome = forms.ChoiceField(label="Kết luận", choices=PoliticalConclusion.Outcome.choices)
    date = VNDateField(label="Ngày kết luận")
    document_number = forms.CharField(label="Số văn bản", max_length=60, required=False)
    note = forms.CharField(**NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = (  # type: ignore[attr-defined]
            AdmissionCandidate.objects.filter(organisation__in=visible_organisations(self.user))
            if self.user is not None
            else AdmissionCandidate.objects.none()
        )


class AttendanceForm(PersonnelForm):
    member = PersonField(label="Cấp ủy viên")
    cell = OrgCodeField(label="Chi bộ (mã hoặc tên)")
    start_date = VNDateField(label="Từ ngày")
    end_date = VNDateField(label="Đến hết ngày", required=False)
    decision_number = forms.CharField(label="Số văn bản phân công", max_length=60, required=False)
    note = forms.CharField(**NOTE)
