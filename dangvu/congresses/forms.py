"""Forms of party congresses: they type the input, the actions judge it.

A congress's delegates and its results are lists: typed one person a line, fields
separated by «;», as a clerk copies them from the minutes (the page shows the same format
back, so what it shows posts again unchanged).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from dangvu.accounts.scoping import visible_members
from dangvu.congresses.actions import DelegateLine, ElectionLine
from dangvu.congresses.models import (
    CongressForm,
    CongressKind,
    Delegate,
    DelegateKind,
    DocumentRole,
    ElectedBody,
)
from dangvu.congresses.scoping import congress_editable_organisations
from dangvu.core.dateinput import VNDateField
from dangvu.lib.text import clean, search_key
from dangvu.members.models import Member
from dangvu.office.models import Document
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.personnel.models import POSITIONS, Position

NOTE = {"required": False, "widget": forms.Textarea(attrs={"rows": 2}), "label": "Ghi chú"}
MAX_LINES = 2000

DELEGATE_WORDS = {
    "bau": DelegateKind.ELECTED,
    "duoc bau": DelegateKind.ELECTED,
    "duong nhien": DelegateKind.EX_OFFICIO,
    "chi dinh": DelegateKind.APPOINTED,
    "dang vien": DelegateKind.MEMBER,
}
DELEGATE_SHOWN = {
    DelegateKind.ELECTED: "bầu",
    DelegateKind.EX_OFFICIO: "đương nhiên",
    DelegateKind.APPOINTED: "chỉ định",
    DelegateKind.MEMBER: "đảng viên",
}
BODY_WORDS = {
    "bch": ElectedBody.EXECUTIVE,
    "ban chap hanh": ElectedBody.EXECUTIVE,
    "cap uy": ElectedBody.EXECUTIVE,
    "btv": ElectedBody.STANDING,
    "ban thuong vu": ElectedBody.STANDING,
    "ubkt": ElectedBody.INSPECTION,
    "uy ban kiem tra": ElectedBody.INSPECTION,
    "db": ElectedBody.SUPERIOR_DELEGATE,
    "dai bieu": ElectedBody.SUPERIOR_DELEGATE,
    "dai bieu cap tren": ElectedBody.SUPERIOR_DELEGATE,
}
BODY_SHOWN = {
    ElectedBody.EXECUTIVE: "BCH",
    ElectedBody.STANDING: "BTV",
    ElectedBody.INSPECTION: "UBKT",
    ElectedBody.SUPERIOR_DELEGATE: "Đại biểu",
}
# The position a line without one takes in each body.
DEFAULT_POSITION = {
    ElectedBody.EXECUTIVE: Position.COMMITTEE_MEMBER,
    ElectedBody.STANDING: Position.STANDING_MEMBER,
    ElectedBody.INSPECTION: Position.INSPECTION_MEMBER,
    ElectedBody.SUPERIOR_DELEGATE: "",
}
POSITION_WORDS = {search_key(label): code for code, label in Position.choices} | {
    search_key(code): code for code in Position.values
}
ALTERNATE_WORDS = {"du khuyet", "dk"}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", search_key(text)).strip()


def person_text(member: Member) -> str:
    """A member as a line names them: the name, with the card number when there is one."""
    return f"{member.full_name} ({member.card_number})" if member.card_number else member.full_name


def resolve_person(text: str, qs: QuerySet[Member]) -> Member:
    """The member a line names (name, "name (card number)", card or identity number)."""
    match = re.match(r"^(.*?)\s*\((\d{1,20})\)$", text)
    number = match.group(2) if match else (text if text.isdigit() else "")
    if number:
        found = list(qs.filter(Q(card_number=number) | Q(identity_number=number))[:2])
    else:
        found = list(qs.filter(search_key=search_key(text))[:2])
    if not found:
        raise forms.ValidationError(f"không tìm thấy đảng viên «{text}» trong phạm vi của bạn")
    if len(found) > 1:
        raise forms.ValidationError(
            f"có nhiều người tên «{text}»; hãy ghi kèm số thẻ đảng viên trong ngoặc"
        )
    return found[0]


def _lines(text: str) -> list[tuple[int, list[str]]]:
    rows = [(i, line) for i, line in enumerate(text.splitlines(), start=1) if clean(line)]
    if len(rows) > MAX_LINES:
        raise forms.ValidationError(f"Mỗi lần ghi tối đa {MAX_LINES} dòng.")
    return [(i, [clean(part) for part in line.split(";")]) for i, line in rows]


class CongressBaseForm(DomainForm):
    """Resolves organisations within those the user may record congresses for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = congress_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope

    def _members(self) -> QuerySet[Member]:
        return visible_members(self.user) if self.user is not None else Member.objects.none()


class PlanForm(CongressBaseForm):
    organisation = OrgCodeField(label="Tổ chức đảng (mã hoặc tên)", date_field="opens_on")
    kind = forms.ChoiceField(label="Loại đại hội", choices=CongressKind.choices)
    form = forms.ChoiceField(label="Hình thức", choices=CongressForm.choices)
    term_label = forms.CharField(label="Nhiệm kỳ", max_length=20, help_text="Ví dụ: 2025–2030")
    opens_on = VNDateField(label="Ngày khai mạc (dự kiến)")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    ordinal = forms.IntegerField(label="Lần thứ", required=False, min_value=1, max_value=50)
    note = forms.CharField(**NOTE)


class TermForm(CongressBaseForm):
    organisation = OrgCodeField(label="Tổ chức đảng (mã hoặc tên)", date_field="began_on")
    label = forms.CharField(label="Nhiệm kỳ", max_length=20, help_text="Ví dụ: 2020–2025")
    began_on = VNDateField(label="Bắt đầu từ ngày (ngày đại hội)")
    ended_on = VNDateField(label="Kết thúc ngày", required=False)
    note = forms.CharField(**NOTE)


class RescheduleForm(CongressBaseForm):
    opens_on = VNDateField(label="Ngày khai mạc mới")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    note = forms.CharField(**NOTE)


class DelegatesForm(CongressBaseForm):
    delegates = forms.CharField(
        label="Đại biểu (mỗi dòng một người)",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        help_text=(
            "Mỗi dòng: họ và tên (số thẻ đảng viên); loại (bầu, đương nhiên, chỉ định, đảng "
            "viên); có mặt hoặc «vắng: lý do». Người không có trong danh sách đảng viên: ghi "
            "dấu * trước họ tên."
        ),
    )

    def __init__(self, *args: Any, default_kind: str = DelegateKind.MEMBER, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.default_kind = default_kind

    @staticmethod
    def shown(delegates: list[Delegate]) -> str:
        lines = []
        for d in delegates:
            who = person_text(d.member) if d.member_id else f"*{d.name}"
            presence = "có mặt" if d.attended else "vắng"
            if not d.attended and d.absence_reason:
                presence += f": {d.absence_reason}"
            lines.append(f"{who}; {DELEGATE_SHOWN[DelegateKind(d.kind)]}; {presence}")
        return "\n".join(lines)

    def clean_delegates(self) -> list[DelegateLine]:
        members = self._members()
        result = []
        errors = []
        for i, parts in _lines(self.cleaned_data["delegates"]):
            who, kind_text, presence = [*parts, "", ""][:3]
            if len(parts) > 3:
                errors.append(f"Dòng {i}: quá 3 phần (họ tên; loại; có mặt/vắng).")
                continue
            kind = DELEGATE_WORDS.get(_key(kind_text)) if kind_text else self.default_kind
            if kind is None:
                errors.append(
                    f"Dòng {i}: loại «{kind_text}» không có (bầu, đương nhiên, chỉ định, đảng "
                    "viên)."
                )
                continue
            attended, reason = True, ""
            key = _key(presence.split(":", 1)[0])
            if key.startswith("vang"):
                attended = False
                reason = clean(presence.split(":", 1)[1]) if ":" in presence else ""
            elif presence and key != "co mat":
                errors.append(f"Dòng {i}: ghi «có mặt» hoặc «vắng: lý do», không «{presence}».")
                continue
            if who.startswith("*"):
                name = clean(who[1:])
                if not name:
                    errors.append(f"Dòng {i}: hãy ghi họ tên sau dấu *.")
                    continue
                result.append(DelegateLine(kind, None, name[:120], attended, reason[:255]))
                continue
            if not who:
                errors.append(f"Dòng {i}: hãy ghi họ tên đại biểu.")
                continue
            try:
                member = resolve_person(who, members)
            except forms.ValidationError as error:
                errors.append(f"Dòng {i}: {error.messages[0]}.")
                continue
            result.append(DelegateLine(kind, member, "", attended, reason[:255]))
        if errors:
            raise forms.ValidationError(errors[:20])
        return result


class ResultsForm(CongressBaseForm):
    opens_on = VNDateField(label="Ngày khai mạc")
    closes_on = VNDateField(label="Ngày bế mạc", required=False)
    seats_from = VNDateField(
        label="Ngày phiên họp thứ nhất của cấp ủy mới",
        required=False,
        help_text="Để trống: cấp ủy mới nhận nhiệm vụ từ ngày khai mạc.",
    )
    members_total = forms.IntegerField(
        label="Số đại biểu (đảng viên) được triệu tập",
        min_value=1,
        max_value=100_000,
        help_text="Đã trừ những người Quy chế bầu cử cho trừ (vắng mặt có lý do…).",
    )
    attended_total = forms.IntegerField(label="Số có mặt", min_value=1, max_value=100_000)
    elections = forms.CharField(
        label="Kết quả bầu cử (mỗi dòng một người)",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=200_000,
        help_text=(
            "Mỗi dòng: cơ quan (BCH, BTV, UBKT, Đại biểu); họ và tên (số thẻ đảng viên); "
            "chức vụ (Bí thư, Phó Bí thư, Chủ nhiệm Ủy ban Kiểm tra…; để trống là ủy viên); "
            "số phiếu; tỷ lệ % (để trống thì tính từ số phiếu); «dự khuyết» cho đại biểu dự "
            "khuyết. Phiếu của BCH và đại biểu tính trên số được triệu tập, của BTV và UBKT "
            "trên số ủy viên BCH."
        ),
    )
    note = forms.CharField(**NOTE)

    def clean_elections(self) -> list[ElectionLine]:
        members = self._members()
        result = []
        errors = []
        for i, parts in _lines(self.cleaned_data["elections"]):
            body_text, who, position_text, votes_text, share_text, extra = [
                *parts,
                "",
                "",
                "",
                "",
                "",
            ][:6]
            if len(parts) > 6:
                errors.append(f"Dòng {i}: quá 6 phần.")
                continue
            body = BODY_WORDS.get(_key(body_text))
            if body is None:
                errors.append(
                    f"Dòng {i}: cơ quan «{body_text}» không có (BCH, BTV, UBKT, Đại biểu)."
                )
                continue
            if position_text:
                position = POSITION_WORDS.get(_key(position_text))
                if position is None:
                    errors.append(f"Dòng {i}: chức vụ «{position_text}» không có.")
                    continue
            else:
                position = DEFAULT_POSITION[body]
            if position and position not in POSITIONS.get(body, ()):
                errors.append(
                    f"Dòng {i}: {ElectedBody(body).label} không có chức vụ "
                    f"«{Position(position).label}»."
                )
                continue
            votes = None
            if votes_text:
                if not votes_text.isdigit() or len(votes_text) > 6:
                    errors.append(f"Dòng {i}: số phiếu «{votes_text}» phải là số nguyên.")
                    continue
                votes = int(votes_text)
            share = None
            if share_text:
                try:
                    share = Decimal(share_text.rstrip("%").strip().replace(",", "."))
                except InvalidOperation:
                    errors.append(f"Dòng {i}: tỷ lệ «{share_text}» phải là số, ví dụ 85,5.")
                    continue
                if not share.is_finite() or not Decimal(0) <= share <= Decimal(100):
                    errors.append(f"Dòng {i}: tỷ lệ phiếu là số từ 0 đến 100.")
                    continue
                share = share.quantize(Decimal("0.01"))
            alternate = _key(extra) in ALTERNATE_WORDS
            if extra and not alternate:
                errors.append(f"Dòng {i}: phần cuối chỉ ghi «dự khuyết», không «{extra}».")
                continue
            if not who:
                errors.append(f"Dòng {i}: hãy ghi họ tên người trúng cử.")
                continue
            try:
                member = resolve_person(who, members)
            except forms.ValidationError as error:
                errors.append(f"Dòng {i}: {error.messages[0]}.")
                continue
            result.append(ElectionLine(body, member, position, votes, share, alternate))
        if errors:
            raise forms.ValidationError(errors[:20])
        return result


class DocumentForm(CongressBaseForm):
    role = forms.ChoiceField(label="Loại văn bản", choices=DocumentRole.choices)
    register = forms.CharField(
        label="Văn bản trong sổ (số đầy đủ, ví dụ 15-NQ/ĐU)",
        max_length=60,
        required=False,
        help_text="Để trống nếu là văn bản của cấp trên, ghi số và ngày ở dưới.",
    )
    number = forms.CharField(label="Số, ký hiệu văn bản ngoài sổ", max_length=60, required=False)
    date = VNDateField(label="Ngày văn bản", required=False)
    issued_by = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    summary = forms.CharField(label="Trích yếu", max_length=255, required=False)

    def __init__(self, *args: Any, documents: QuerySet[Document] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.documents = documents if documents is not None else Document.objects.none()

    def clean_register(self) -> Document | None:
        text = clean(self.cleaned_data.get("register"))
        if not text:
            return None
        match = re.match(r"^0*(\d{1,6})\s*-\s*([^/\s]+)\s*/\s*(\S+)$", text)
        if match is None:
            raise forms.ValidationError("Ghi số đầy đủ của văn bản trong sổ, ví dụ 15-NQ/ĐU.")
        number, kind, symbol = int(match.group(1)), match.group(2), match.group(3)
        found = list(
            self.documents.filter(
                number=number, kind__iexact=kind, symbol__iexact=symbol, voided_at__isnull=True
            ).order_by("-date")[:2]
        )
        if not found:
            raise forms.ValidationError(f"Không tìm thấy văn bản «{text}» trong sổ của bạn.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Sổ có hai văn bản «{text}» (các nhiệm kỳ khác nhau); hãy ghi như văn bản "
                "ngoài sổ, kèm ngày."
            )
        return found[0]
