"""Exports of member work in the columns of the matching import, so files go back in.

Identity and phone numbers are masked as on screen; the full numbers come only on the
explicit `day_du=1` choice of a role allowed to read them (`core.exports.person_numbers`),
and only for the people in that role's subtree, each recorded as a reveal. A masked file
cannot go back in as is: the import refuses masked numbers.

Organisations are named in the import's column ("Chi bộ", "Tổ chức"), which reads a name
as well as a code, and their code follows in "Mã tổ chức" (ignored by the import). The
roll and the candidates come in the Party's order of people (given name, middle name,
family name) unless the list was sorted by something else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from dangvu.accounts.scoping import full_number_members, full_number_organisations
from dangvu.core.exports import (
    PersonNumbers,
    export_response,
    export_subtitle,
    in_party_order,
    org_columns,
    person_numbers,
)
from dangvu.inspection.authority import MEMBER_LEVEL_CHOICES
from dangvu.members import imports
from dangvu.members.kinds import DisciplineForm, EventKind, Status
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.orgs.models import Organisation
from dangvu.vocab.models import AdminUnit, VocabularyValue

CODE = "Mã tổ chức"

SEX = dict(imports.SEX)


class _Names:
    """The names a file writes for values and units, read once per export (the values in
    one statement, each unit the first time a record names it), never one read per row."""

    def __init__(self) -> None:
        self.values = dict(VocabularyValue.objects.values_list("pk", "name"))
        self.units: dict[int, str] = {}

    def value(self, pk: int | None) -> str:
        return self.values.get(pk, "") if pk is not None else ""

    def unit(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in self.units:
            unit = AdminUnit.objects.filter(pk=pk).first()
            self.units[pk] = unit.name if unit is not None else ""
        return self.units[pk]


def _person(m: Member | AdmissionCandidate, numbers: PersonNumbers, names: _Names) -> list[object]:
    """The record in the import's columns (`imports.PERSON`), names for values and units."""
    cells: list[object] = []
    for column in imports.PERSON:
        field = column.field
        if field in ("identity_number", "phone"):
            cells.append(numbers.show(m, getattr(m, field)))
        elif field == "sex":
            cells.append(SEX.get(m.sex, ""))
        elif field.endswith(("_province", "_local")):
            cells.append(names.unit(getattr(m, f"{field}_id")))
        elif field in imports.PERSON_VOCABULARIES:
            cells.append(names.value(getattr(m, f"{field}_id")))
        else:
            cells.append(getattr(m, field))
    return cells


def _text_columns(headers: Sequence[str]) -> frozenset[int]:
    codes = {
        "Số CCCD",
        "Số thẻ đảng viên",
        imports.NATIONAL_ID,
        "Điện thoại",
        "Số giấy chứng nhận",
        "Chi bộ",
        "Tổ chức",
        "Mã tổ chức",
    }
    return frozenset(i for i, h in enumerate(headers) if h in codes)


def _with_code(headers: list[str], column: str) -> list[str]:
    """The import's headers with "Mã tổ chức" right after the organisation's column."""
    at = headers.index(column) + 1
    return [*headers[:at], CODE, *headers[at:]]


def _subtitle(request: HttpRequest, org: Organisation | None, day: dt.date | None) -> list[str]:
    """Which organisation, as of when, and the list's other filters in words."""
    status = request.GET.get("tu_cach", "")
    q = request.GET.get("q", "").strip()
    lines = export_subtitle(org, user=request.user, day=day)
    if status == "former":
        lines.append("Đảng viên đã ra khỏi danh sách")
    elif status == "ever":
        lines.append("Tất cả đảng viên, kể cả đã ra khỏi danh sách")
    elif status in Status.values:
        lines.append(f"Loại đảng viên: {Status(status).label}")
    if q:
        lines.append(f"Tìm theo tên: «{q[:60]}»")
    return lines


def roll_export(
    request: HttpRequest,
    fmt: str,
    members: QuerySet[Member],
    *,
    org: Organisation | None = None,
    day: dt.date | None = None,
    by_name: bool = True,
    descending: bool = False,
) -> HttpResponse:
    """The listed members in the roll import's columns.

    `by_name`: in the Party's order of people (`in_party_order`), `descending` reversed;
    otherwise in the order of `members`. `org` and `day` (the as-of date, None for a list of
    former members) head the sheet.
    """
    numbers = person_numbers(request, members, full_number_members(request.user))
    names = _Names()
    headers = [c.header for c in imports.PERSON] + [
        "Chi bộ",
        CODE,
        "Loại đảng viên",
        "Ngày kết nạp",
        "Ngày ra khỏi Đảng",
        "Ngày vào Đảng lần thứ hai",
        "Ngày lễ kết nạp",
        "Ngày chính thức",
        "Số thẻ đảng viên",
        "Ngày cấp thẻ",
        imports.NATIONAL_ID,
    ]

    listed: Iterable[Member] = (
        in_party_order(members, descending=descending)
        if by_name
        else members.iterator(chunk_size=2000)
    )

    def rows() -> Iterator[list[object]]:
        for m in listed:
            status = m.get_status_display() if m.status else "Không còn sinh hoạt"
            yield [
                *_person(m, numbers, names),
                *org_columns(m.organisation),
                status,
                m.admission_decision_date,
                m.earlier_left_date,
                m.readmission_date,
                m.ceremony_date,
                m.full_member_date,
                m.card_number,
                m.card_date,
                m.national_id,
            ]

    return export_response(
        fmt,
        "dang-vien",
        headers,
        rows(),
        title="Danh sách đảng viên",
        subtitle=_subtitle(request, org, day),
        text_columns=_text_columns(headers),
        numbers=numbers,
    )


def events_export(
    request: HttpRequest,
    fmt: str,
    members: QuerySet[Member],
    *,
    org: Organisation | None = None,
) -> HttpResponse:
    """The ledger of the listed members, in the columns of the events import.

    A move that only followed an organisation to a new place in the tree (same
    organisation before and after) is left out: it belongs to the restructuring.
    """
    numbers = person_numbers(request, members, full_number_members(request.user))
    names = _Names()
    headers = _with_code([c.header for c in imports.EVENTS], "Tổ chức")
    labels = dict(EventKind.choices)
    forms = dict(DisciplineForm.choices)
    levels = dict(MEMBER_LEVEL_CHOICES)
    events = (
        MemberEvent.objects.filter(member__in=members.values("pk"), voided_at__isnull=True)
        .select_related("member", "organisation")
        .order_by("date", "id")
    )

    def rows() -> Iterator[list[object]]:
        for e in events.iterator(chunk_size=2000):
            if e.kind == EventKind.MOVED and e.from_organisation_id == e.organisation_id:
                continue
            m = e.member
            d = e.details or {}
            joining = e.kind in (EventKind.ADMITTED, EventKind.TRANSFER_IN, EventKind.OPENING)
            # The member file's dates travel with the event that brings the member onto the
            # books; an admission carries its own ceremony date and card.
            file = (
                {
                    "admission_decision_date": m.admission_decision_date,
                    "earlier_left_date": m.earlier_left_date,
                    "readmission_date": m.readmission_date,
                    "ceremony_date": m.ceremony_date,
                    "full_member_date": m.full_member_date,
                    "card_number": m.card_number,
                    "card_date": m.card_date,
                    "national_id": m.national_id,
                }
                if joining and e.kind != EventKind.ADMITTED
                else {
                    "ceremony_date": _iso(d.get("ceremony_date")),
                    "card_number": d.get("card_number", ""),
                    "national_id": m.national_id if joining else "",
                }
            )
            head = [
                labels[e.kind],
                e.date,
                *_person(m, numbers, names),
                *org_columns(e.organisation),
                e.external_party,
                e.decision_number,
                e.decision_date,
                e.note,
            ]
            # The member file's and the kind-specific columns by name, as the import lists
            # them after these (a column added to the import cannot shift the others).
            tail = {
                **file,
                "form": forms.get(d.get("form", ""), ""),
                "issuing_level": levels.get(d.get("issuing_level", ""), ""),
                "delegation": d.get("delegation", ""),
                "violation_date": _iso(d.get("violation_date")),
                "conclusion_date": _iso(d.get("conclusion_date")),
                "milestone": d.get("milestone"),
                "cause": d.get("cause", ""),
                "until": _iso(d.get("until")),
            }
            yield head + [tail.get(c.field) for c in imports.EVENTS[len(head) - 1 :]]

    return export_response(
        fmt,
        "bien-dong-dang-vien",
        headers,
        rows(),
        title="Biến động đảng viên",
        subtitle=_subtitle(request, org, None),
        text_columns=_text_columns(headers),
        numbers=numbers,
    )


def candidates_export(
    request: HttpRequest, fmt: str, qs: QuerySet[AdmissionCandidate]
) -> HttpResponse:
    readable = AdmissionCandidate.objects.filter(
        organisation__in=full_number_organisations(request.user)
    )
    numbers = person_numbers(request, qs, readable)
    names = _Names()
    headers = [*_with_code([c.header for c in imports.CANDIDATES], "Chi bộ"), "Tiến độ"]

    def rows() -> Iterator[list[object]]:
        # As on the page: by organisation, then each organisation's people by name.
        for c in in_party_order(qs, per_group=True):
            yield [
                *_person(c, numbers, names),
                *org_columns(c.organisation),
                c.registered_on,
                c.sponsors,
                c.class_completed_on,
                c.certificate_number,
                c.checked_on,
                c.proposed_on,
                c.stage_label,
            ]

    return export_response(
        fmt,
        "quan-chung-uu-tu",
        headers,
        rows(),
        title="Quần chúng ưu tú",
        subtitle=export_subtitle(None, user=request.user),
        text_columns=_text_columns(headers),
        numbers=numbers,
    )


def _iso(value: str | None) -> object:
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None
