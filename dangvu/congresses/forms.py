"""Forms of party congresses: they type the input, the actions judge it.

A congress's delegates and its results are tables, one row a person with a field for each
part (the member chosen from the organisation's list on the congress day); a blank row is
ignored and a refusal is shown on the row and field it names. The delegates table shows
the list recorded, so what it shows posts again unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dangvu.congresses.actions import DelegateLine, ElectionLine
from dangvu.congresses.models import (
    Congress,
    CongressForm,
    CongressKind,
    Delegate,
    DelegateKind,
    DocumentRole,
    ElectedBody,
)
from dangvu.congresses.scoping import congress_editable_organisations
from dangvu.core.dateinput import VNDateField
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, search_key
from dangvu.members.models import Member
from dangvu.members.queries import intervals_at
from dangvu.office.models import Document
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.personnel.models import POSITIONS, Position

NOTE = {"required": False, "widget": forms.Textarea(attrs={"rows": 2}), "label": "Ghi chú"}

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


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", search_key(text)).strip()


class CongressBaseForm(DomainForm):
    """Resolves organisations within those the user may record congresses for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = congress_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


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


# --- the row forms of delegates and results -------------------------------------------

# The rows a page shows: at least MIN_ROWS, the people recorded and ROOM more, at most
# MAX_ROWS (a request for more, or junk, is bounded).
MIN_ROWS = 15
ROOM = 10
MAX_ROWS = 500


def row_count(asked: Any, recorded: int = 0) -> int:
    """How many rows a page shows: `asked` (the «dong» parameter) bounded, never fewer than
    the rows recorded plus room for more."""
    least = min(MAX_ROWS, max(MIN_ROWS, recorded + ROOM))
    text = str(asked or "").strip()
    wanted = int(text) if text.isdigit() and len(text) <= 4 else 0
    return max(least, min(MAX_ROWS, wanted))


class RowFormSet(forms.BaseFormSet):
    """A table of rows; a blank row is ignored, Django's own messages are in Vietnamese."""

    default_error_messages = {
        "missing_management_form": (
            "Bảng dòng gửi lên không đủ thông tin; hãy mở lại trang và ghi lại."
        ),
        "too_many_forms": f"Mỗi lần ghi tối đa {MAX_ROWS} dòng.",
        "too_few_forms": "Hãy ghi ít nhất một dòng.",
    }

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def errors_named(self) -> list[str]:
        """Every row error as «Dòng N, field: message», for the summary above the table."""
        named = [str(e) for e in self.non_form_errors()]
        if not self.is_bound or self.management_form.errors:
            return named
        for form in self.forms:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    named.append(f"Dòng {form.number}{f', {label}' if label else ''}: {e}")
        return named[:30]

    def put_domain_error(self, error: DomainError, rows: dict[int, int] | None = None) -> bool:
        """Show an action's refusal on the row and field it names; False when it names no
        row. `rows` maps the action's line numbers to the table's rows."""
        message = error.message
        if rows:
            message = re.sub(
                r"([Dd]òng) (\d+)",
                lambda m: f"{m.group(1)} {rows.get(int(m.group(2)), int(m.group(2)))}",
                message,
            )
        field = re.sub(r"_\d+$", "", error.field or "")
        found = re.search(r"[Dd]òng (\d+)", message)
        found_row = int(found.group(1)) if found else None
        numbered = re.search(r"_(\d+)$", error.field or "")
        if numbered and rows and int(numbered.group(1)) in rows:
            # The action names the line's own field: that row, whatever else it mentions.
            found_row = rows[int(numbered.group(1))]
            if found is None:
                message = f"Dòng {found_row}: {message}"
        if found_row is None or not 1 <= found_row <= len(self.forms):
            error.message = message
            return False
        form = self.forms[found_row - 1]
        form.add_error(field if field in form.fields else None, message)
        return True


class MemberSelect(forms.Select):
    """A select of many members, rendered without a template per option (a congress of
    a large committee lists thousands of members on every row)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        chosen = "" if value is None else str(value)
        final = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{escape(name)}"{flatatt(final)}>']
        for key, label in self.choices:
            selected = " selected" if str(key) == chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece is escaped above


class MemberRowField(forms.Field):
    """A member chosen from the congress's list (`members`, by primary key)."""

    widget = MemberSelect

    def __init__(self, *, members: dict[int, Member], choices: list[tuple[str, str]], **kw: Any):
        super().__init__(required=False, **kw)
        self.members = members
        self.widget.choices = [("", "— chọn đảng viên —"), *choices]

    def clean(self, value: Any) -> Member | None:
        text = str(value or "").strip()
        if not text:
            return None
        if not text.isdigit() or len(text) > 12 or int(text) not in self.members:
            raise forms.ValidationError("Hãy chọn một đảng viên trong danh sách.")
        return self.members[int(text)]


@dataclass
class CongressMembers:
    """The members of the congress's organisation's subtree on its day, as the rows offer
    them: by name, labelled «name — birth year — cell»."""

    members: dict[int, Member]
    choices: list[tuple[str, str]]


def congress_members(congress: Congress, also: Iterable[int] = ()) -> CongressMembers:
    """The members one may choose on the congress's rows, read in one query; `also` adds
    members already recorded who are no longer on that list (so the form shows them)."""
    rows = (
        intervals_at(congress.organisation, congress.opens_on)
        .select_related("member", "organisation")
        .order_by("member__search_key", "member_id")
    )
    members: dict[int, Member] = {}
    choices: list[tuple[str, str]] = []

    def add(member: Member, cell: str) -> None:
        if member.pk in members:
            return
        members[member.pk] = member
        born = member.birth_date.year if member.birth_date else "?"
        choices.append((str(member.pk), f"{member.full_name} — {born} — {cell}"))

    for interval in rows:
        add(interval.member, interval.organisation.name)
    missing = set(also) - set(members)
    if missing:
        for member in Member.objects.filter(pk__in=missing).select_related("organisation"):
            add(member, member.organisation.name if member.organisation_id else "")
    return CongressMembers(members, choices)


class RowForm(DomainForm):
    """One row of a table: numbered, blank when nothing is typed in it."""

    def __init__(self, *args: Any, number: int = 1, people: CongressMembers, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["member"] = MemberRowField(
            members=people.members, choices=people.choices, label="Đảng viên"
        )
        self.fields["member"].widget.attrs["class"] = "form-select form-select-sm"
        for name, f in self.fields.items():
            if name != "member" and isinstance(f.widget, forms.Select):
                f.widget.attrs["class"] = "form-select form-select-sm"
            elif isinstance(f.widget, forms.TextInput | forms.NumberInput):
                f.widget.attrs["class"] = "form-control form-control-sm"

    def is_blank(self) -> bool:
        raise NotImplementedError


class DelegateRowForm(RowForm):
    name = forms.CharField(
        label="Hoặc họ tên (người ngoài danh sách)", max_length=120, required=False
    )
    kind = forms.ChoiceField(label="Loại đại biểu", choices=DelegateKind.choices)
    attended = forms.BooleanField(label="Có mặt", required=False, initial=True)
    absence_reason = forms.CharField(label="Lý do vắng", max_length=255, required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], default_kind: str, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["kind"].choices = kinds
        self.fields["kind"].initial = default_kind
        self.fields["kind"].required = False
        order = ["member", "name", "kind", "attended", "absence_reason"]
        self.order_fields(order)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("member") or clean(d.get("name")) or clean(d.get("absence_reason")))

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        if self.is_blank() or self.errors:
            return d
        if d.get("member") and clean(d.get("name")):
            self.add_error(
                "name",
                "Đã chọn đảng viên thì để trống họ tên; họ tên chỉ ghi cho người ngoài danh sách.",
            )
        if not d.get("kind"):
            self.add_error("kind", "Hãy chọn loại đại biểu.")
        if d.get("attended") and clean(d.get("absence_reason")):
            self.add_error(
                "absence_reason",
                "Đại biểu có mặt không ghi lý do vắng: bỏ dấu «Có mặt» hoặc xóa lý do.",
            )
        return d

    def line(self) -> DelegateLine | None:
        if self.is_blank():
            return None
        d = self.cleaned_data
        member = d.get("member")
        return DelegateLine(
            d["kind"],
            member,
            "" if member else clean(d.get("name")),
            bool(d.get("attended")),
            "" if d.get("attended") else clean(d.get("absence_reason")),
        )

    @staticmethod
    def initial_of(delegate: Delegate) -> dict[str, Any]:
        return {
            "member": str(delegate.member_id) if delegate.member_id else "",
            "name": "" if delegate.member_id else delegate.name,
            "kind": delegate.kind,
            "attended": delegate.attended,
            "absence_reason": delegate.absence_reason,
        }


# Positions a results row offers: those of the committees, each once.
ROW_POSITIONS = list(dict.fromkeys(p for body in POSITIONS.values() for p in body))


class ElectionRowForm(RowForm):
    body = forms.ChoiceField(
        label="Cơ quan", required=False, choices=[("", "— chọn —"), *ElectedBody.choices]
    )
    position = forms.ChoiceField(
        label="Chức vụ",
        required=False,
        choices=[("", "Ủy viên (để trống)")] + [(p, Position(p).label) for p in ROW_POSITIONS],
    )
    votes = forms.IntegerField(
        label="Số phiếu",
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={"invalid": "Số phiếu phải là số nguyên."},
    )
    vote_share = forms.CharField(
        label="Tỷ lệ %", required=False, max_length=10, help_text="Để trống: tính từ số phiếu."
    )
    is_alternate = forms.BooleanField(label="Dự khuyết", required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.order_fields(["body", "member", "position", "votes", "vote_share", "is_alternate"])

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not any(
            (
                d.get("body"),
                d.get("member"),
                d.get("position"),
                d.get("votes") is not None,
                clean(d.get("vote_share")),
                d.get("is_alternate"),
            )
        )

    def clean_vote_share(self) -> Decimal | None:
        text = clean(self.cleaned_data.get("vote_share"))
        if not text:
            return None
        try:
            share = Decimal(text.rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(f"Tỷ lệ «{text}» phải là số, ví dụ 85,5.") from None
        if not share.is_finite() or not Decimal(0) <= share <= Decimal(100):
            raise forms.ValidationError("Tỷ lệ phiếu là số từ 0 đến 100.")
        return share.quantize(Decimal("0.01"))

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        if self.is_blank() or self.errors:
            return d
        body = d.get("body")
        if not body:
            self.add_error("body", "Hãy chọn cơ quan được bầu.")
        if not d.get("member"):
            self.add_error("member", "Hãy chọn người trúng cử.")
        if not body:
            return d
        position = d.get("position") or DEFAULT_POSITION[body]
        if position and position not in POSITIONS.get(body, ()):
            self.add_error(
                "position",
                f"{ElectedBody(body).label} không có chức vụ «{Position(position).label}».",
            )
        if d.get("is_alternate") and body != ElectedBody.SUPERIOR_DELEGATE:
            self.add_error("is_alternate", "Chỉ đại biểu dự đại hội cấp trên mới có dự khuyết.")
        d["position"] = position
        return d

    def line(self) -> ElectionLine | None:
        if self.is_blank():
            return None
        d = self.cleaned_data
        return ElectionLine(
            d["body"],
            d["member"],
            d["position"],
            d.get("votes"),
            d.get("vote_share"),
            bool(d.get("is_alternate")),
            label=f"Dòng {self.number}",
        )


def row_formset(form: type[RowForm], rows: int) -> type[RowFormSet]:
    """A formset class of `form` showing `rows` rows when unbound."""
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=rows,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


def lines_of(formset: RowFormSet) -> tuple[list[Any], dict[int, int]]:
    """The lines of the filled rows, and which row each line is (line number → row)."""
    lines: list[Any] = []
    rows: dict[int, int] = {}
    for form in formset.forms:
        line = form.line()
        if line is not None:
            lines.append(line)
            rows[len(lines)] = form.number
    return lines, rows


class DelegatesForm(CongressBaseForm):
    """The page's own part of the delegates table: its refusals that name no row."""


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
    note = forms.CharField(**NOTE)


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
