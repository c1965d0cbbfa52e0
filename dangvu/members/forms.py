"""Forms of member work: they type the input, the actions judge it."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.models import model_to_dict

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.dateinput import VNDateField, VNDateInput
from dangvu.core.fields import limit_fields
from dangvu.members.actions import Decision, PartyFile, Person
from dangvu.members.badges import BadgeCase
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.forms import DomainForm, OrgCodeField

PERSON_FIELDS = [f.name for f in fields(Person)]
# The fields of `Person` that hold a vocabulary value or an administrative unit.
OBJECT_FIELDS = {f.name for f in fields(Person) if "None" in str(f.type)}


class MemberOrgField(OrgCodeField):
    """An organisation where the user may record members."""


class EditorForm(DomainForm):
    """Resolves organisation fields within the organisations the user may record in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = member_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


class PersonForm(forms.Form):
    """The record (lý lịch) as typed: the model's fields, with no model validation.

    A plain form, not a ModelForm: a ModelForm validates the model's constraints against
    the instance it builds, and an edit page would then find the member's own identity
    number "already taken" by the member. Whether a number belongs to someone else is
    judged by the action, which names that person within the user's scope.
    """

    def __init__(
        self, *args: Any, instance: Member | AdmissionCandidate | None = None, **kwargs: Any
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=PERSON_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Member,
                fields=PERSON_FIELDS,
                widgets={"birth_date": VNDateInput()},
                field_classes={"birth_date": VNDateField},
            )
        )
        limit_fields(self)  # birth dates from 1900, texts of bounded length
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)
        # Room for the spaces people type between groups of digits; the action checks the
        # twelve digits and says so in its own words.
        ident = self.fields["identity_number"]
        ident.max_length = 20
        ident.validators = [v for v in ident.validators if not isinstance(v, MaxLengthValidator)]
        ident.validators.append(MaxLengthValidator(20))
        ident.widget.attrs.update(
            {"inputmode": "numeric", "maxlength": "20", "autocomplete": "off"}
        )

    def person(self) -> Person:
        return Person(
            **{
                name: self.cleaned_data.get(name) or (None if name in OBJECT_FIELDS else "")
                for name in PERSON_FIELDS
                if name != "birth_date"
            },
            birth_date=self.cleaned_data["birth_date"],
        )


class EventForm(EditorForm):
    date = VNDateField(label="Ngày")
    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=60)
    decision_date = VNDateField(label="Ngày quyết định", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(
            d["date"], d.get("decision_number") or "", d.get("decision_date"), d.get("note") or ""
        )


CONSIDERED_HELP = (
    "Ngày chi bộ họp xét, ra nghị quyết đề nghị kết nạp: tuổi người vào Đảng (đủ 18 đến đủ "
    "60, tính theo tháng) tính vào ngày này. Để trống thì tính vào ngày quyết định."
)


def education_exception_field() -> forms.ChoiceField:
    """The grounds the guidance allows for waiving the education rule (rule data)."""
    from dangvu.core.dates import today
    from dangvu.core.rules import rule

    exceptions = rule("members.admission_education", today())["exceptions"]
    return forms.ChoiceField(
        label="Trường hợp ngoại lệ về học vấn",
        required=False,
        choices=[("", "Không (phải tốt nghiệp trung học cơ sở trở lên)"), *exceptions.items()],
        help_text="Chỉ chọn khi hồ sơ thuộc trường hợp hướng dẫn cho phép học vấn thấp hơn.",
    )


class AdmitForm(EventForm):
    organisation = MemberOrgField(label="Chi bộ kết nạp (mã hoặc tên)")
    considered_on = VNDateField(
        label="Ngày chi bộ xét kết nạp",
        required=False,
        help_text=CONSIDERED_HELP,
    )
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False)
    field_order = ["organisation", "considered_on", "date", "ceremony_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Ngày quyết định kết nạp"
        self.fields["education_exception"] = education_exception_field()


FIRST_ADMISSION_HELP = "Đảng viên đã được kết nạp lại: ngày vào Đảng lần đầu."
READMISSION_HELP = (
    "Chỉ ghi khi hồ sơ có ngày vào Đảng lần thứ hai (kết nạp lại). Tuổi Đảng trừ khoảng "
    "thời gian từ ngày ra khỏi Đảng đến ngày kết nạp lại; ngày lễ kết nạp và ngày chính "
    "thức là của lần kết nạp lại."
)


def earlier_left_field() -> forms.DateField:
    return VNDateField(
        label="Ngày ra khỏi Đảng (trước khi kết nạp lại)",
        required=False,
        help_text=READMISSION_HELP,
    )


def readmission_field() -> forms.DateField:
    return VNDateField(label="Ngày vào Đảng lần thứ hai (kết nạp lại)", required=False)


class EarlierInterruptionForm(DomainForm):
    """The earlier interruption on a member's party file, on the record edit page: for a
    member already on the books whose file shows it (loaded before it could be entered, or
    the paper file found later). Checked as on the roll and the transfer-in."""

    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()

    def __init__(self, *args: Any, instance: Member, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "earlier_left_date": instance.earlier_left_date,
                "readmission_date": instance.readmission_date,
            },
        )
        super().__init__(*args, **kwargs)

    def interruption(self) -> tuple[dt.date | None, dt.date | None]:
        d = self.cleaned_data
        return d.get("earlier_left_date"), d.get("readmission_date")


# A probationary member brought in with their file: probation is dated from the ceremony.
CEREMONY_HELP = (
    "Bắt buộc với đảng viên dự bị: thời gian dự bị 12 tháng tính từ ngày lễ kết nạp, kể cả "
    "khi lễ tổ chức ở đảng bộ khác."
)


class ExistingForm(EditorForm):
    organisation = MemberOrgField(label="Chi bộ đang sinh hoạt (mã hoặc tên)")
    on = VNDateField(label="Ghi nhận từ ngày")
    admission_decision_date = VNDateField(
        label="Ngày quyết định kết nạp", help_text=FIRST_ADMISSION_HELP
    )
    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False, help_text=CEREMONY_HELP)
    full_member_date = VNDateField(label="Ngày chính thức", required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", required=False, max_length=20)
    card_date = VNDateField(label="Ngày cấp thẻ", required=False)


class TransferInForm(EventForm):
    organisation = MemberOrgField(label="Chi bộ tiếp nhận (mã hoặc tên)")
    external_party = forms.CharField(label="Đảng bộ nơi chuyển đi", max_length=255)
    admission_decision_date = VNDateField(
        label="Ngày quyết định kết nạp (theo hồ sơ)",
        help_text=FIRST_ADMISSION_HELP,
    )
    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False, help_text=CEREMONY_HELP)
    full_member_date = VNDateField(label="Ngày chính thức (để trống nếu còn dự bị)", required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", required=False, max_length=20)
    card_date = VNDateField(label="Ngày cấp thẻ", required=False)
    field_order = ["organisation", "external_party", "date"]

    def party_file(self) -> PartyFile:
        d = self.cleaned_data
        return PartyFile(
            d["admission_decision_date"],
            d["ceremony_date"],
            d["full_member_date"],
            d["card_number"] or "",
            d["card_date"],
            d.get("earlier_left_date"),
            d.get("readmission_date"),
        )


class VoidForm(DomainForm):
    reason = forms.CharField(label="Lý do hủy", widget=forms.Textarea(attrs={"rows": 2}))


BADGE_CHOICES = [(str(n), f"{n} năm") for n in (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)]
END_CAUSE_HELP = "Ví dụ: bỏ sinh hoạt 3 tháng trong năm không có lý do chính đáng"


CLASS_REASON_HELP = (
    "Chỉ ghi khi chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng lý luận chính trị cho "
    "đảng viên mới (mục Giáo dục) mà chi bộ vẫn xét chuyển chính thức."
)


def event_form_class(kind: str) -> type[EventForm]:
    """The form for one kind of event, with the fields that kind needs."""
    extra: dict[str, forms.Field] = {}
    if kind == EventKind.CARD_ISSUED:
        extra["card_number"] = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    elif kind in (EventKind.TRANSFER_OUT,):
        extra["external_party"] = forms.CharField(label="Đảng bộ nơi chuyển đến", max_length=255)
    elif kind == EventKind.MOVED:
        extra["to"] = MemberOrgField(label="Chuyển đến chi bộ (mã hoặc tên)")
    elif kind in (EventKind.TEMP_IN, EventKind.TEMP_OUT):
        place = (
            "Tổ chức nơi sinh hoạt tạm thời (trong Đảng bộ)"
            if kind == EventKind.TEMP_IN
            else "Đảng bộ nơi sinh hoạt tạm thời"
        )
        extra["place"] = forms.CharField(label=place, max_length=255)
        extra["until"] = VNDateField(label="Đến ngày", required=False)
    elif kind == EventKind.EXEMPTED:
        extra["ended"] = forms.BooleanField(label="Kết thúc miễn sinh hoạt", required=False)
    elif kind == EventKind.DISCIPLINED:
        extra["form"] = forms.ChoiceField(label="Hình thức kỷ luật", choices=DisciplineForm.choices)
        extra["violation_date"] = VNDateField(label="Ngày vi phạm", required=False)
        # Who decided, for the authority by issuing body (inspection.authority), and what
        # the limitation depends on besides the dates (inspection.limitation).
        from dangvu.inspection.authority import MEMBER_LEVEL_CHOICES
        from dangvu.inspection.limitation import CONCLUSION_DATE_HELP, ViolationCategory

        extra["issuing_level"] = forms.ChoiceField(
            label="Cơ quan quyết định",
            choices=[("", "— chọn —"), *MEMBER_LEVEL_CHOICES],
            help_text="Chi bộ của đồng chí, đảng ủy cơ sở cấp trên, hoặc Ban Thường vụ, Ủy ban "
            "Kiểm tra của Đảng ủy cấp trên cơ sở; chỉ nhận hình thức mà cơ quan đó có thẩm "
            "quyền quyết định.",
        )
        extra["delegation"] = forms.CharField(
            label="Quyết định ủy quyền kết nạp, khai trừ",
            max_length=120,
            required=False,
            help_text="Chỉ khi đảng ủy cơ sở quyết định khai trừ: số, ngày quyết định của cấp "
            "ủy cấp trên ủy quyền (ví dụ: 125-QĐ/ĐUK ngày 10/3/2021).",
        )
        extra["conclusion_date"] = VNDateField(
            label="Ngày kết luận vi phạm",
            required=False,
            help_text=CONCLUSION_DATE_HELP,
        )

        extra["violation_category"] = forms.ChoiceField(
            label="Loại vi phạm",
            choices=ViolationCategory.choices,
            initial=ViolationCategory.OTHER,
            required=False,
            help_text="Vi phạm về chính trị nội bộ; quốc phòng, an ninh, đối ngoại; văn bằng, "
            "chứng chỉ không hợp pháp: không áp dụng thời hiệu.",
        )
        extra["expulsion_level"] = forms.BooleanField(
            label="Vi phạm đến mức phải khai trừ", required=False
        )
        extra["later_violation_date"] = VNDateField(
            label="Ngày vi phạm mới trong thời hiệu",
            required=False,
            help_text="Nếu có: thời hiệu của vi phạm cũ tính lại từ ngày này.",
        )
    elif kind in (EventKind.DIED, EventKind.RESIGNED):
        pass
    elif kind == EventKind.REMOVED:
        extra["cause"] = forms.CharField(
            label="Lý do xóa tên", max_length=255, help_text=END_CAUSE_HELP
        )
    elif kind in (EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED):
        extra["milestone"] = forms.TypedChoiceField(
            label="Huy hiệu", choices=BADGE_CHOICES, coerce=int
        )
        # The ground the texts allow besides the milestone reached (members.badges).
        cases = list(BadgeCase.choices)
        if kind == EventKind.BADGE_AWARDED:
            cases.insert(0, ("", "Như khi đề nghị"))
        extra["case"] = forms.ChoiceField(
            label="Trường hợp",
            choices=cases,
            required=False,
            help_text="Xét tặng sớm: ghi tình trạng bệnh nặng vào ô ghi chú.",
        )
    elif kind == EventKind.CONFIRMED:
        extra["class_reason"] = forms.CharField(
            label="Lý do chưa học lớp bồi dưỡng cho đảng viên mới",
            required=False,
            max_length=255,
            help_text=CLASS_REASON_HELP,
        )
    elif kind == EventKind.READMITTED:
        from dangvu.members.rules import READMISSION_GROUNDS

        extra["organisation"] = MemberOrgField(label="Chi bộ sinh hoạt (mã hoặc tên)")
        extra["left_for"] = forms.ChoiceField(
            label="Lý do đã ra khỏi Đảng (theo hồ sơ)",
            choices=[("", "— chọn —"), *READMISSION_GROUNDS.items()],
        )
        extra["consent_number"] = forms.CharField(
            label="Số văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy", max_length=60
        )
        extra["consent_date"] = VNDateField(label="Ngày văn bản đồng ý")
        extra["ceremony_date"] = VNDateField(
            label="Ngày lễ kết nạp lại",
            required=False,
            help_text="Dự bị 12 tháng tính từ ngày lễ, như người vào Đảng lần đầu.",
        )
    elif kind == EventKind.RESTORED:
        extra["organisation"] = MemberOrgField(label="Chi bộ sinh hoạt (mã hoặc tên)")
    return type(f"{kind.title()}Form", (EventForm,), {**extra, "field_order": list(extra)})


SPONSORS_HELP = (
    "Hai người giới thiệu, tên cách nhau bằng dấu phẩy (hai đảng viên chính thức, hoặc ban "
    "chấp hành đoàn cơ sở và một đảng viên chính thức)."
)


class CandidateForm(EditorForm):
    organisation = MemberOrgField(label="Chi bộ (mã hoặc tên)")
    registered_on = VNDateField(label="Ngày đưa vào danh sách")
    sponsors = forms.CharField(
        label="Người giới thiệu", required=False, max_length=255, help_text=SPONSORS_HELP
    )


class CandidateProgressForm(DomainForm):
    class_completed_on = VNDateField(label="Ngày hoàn thành lớp bồi dưỡng", required=False)
    certificate_number = forms.CharField(label="Số giấy chứng nhận", required=False, max_length=40)
    checked_on = VNDateField(label="Ngày thẩm tra lý lịch xong", required=False)
    proposed_on = VNDateField(
        label="Ngày chi bộ họp xét, ra nghị quyết đề nghị kết nạp",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education_exception"] = education_exception_field()


class CandidateWithdrawForm(DomainForm):
    on = VNDateField(label="Ngày dừng xem xét")
    reason = forms.CharField(label="Lý do", max_length=255)


class CandidateAdmitForm(EventForm):
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False)
    field_order = ["date", "ceremony_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Ngày quyết định kết nạp"
