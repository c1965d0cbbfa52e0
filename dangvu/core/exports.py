"""Every list page exports what it shows (its filters applied) to .xlsx or .csv.

Identity and phone numbers leave masked, exactly as the screen shows them (`PersonNumbers`),
unless a role that may read them in full asks for it explicitly (`?day_du=1`); then each
person whose numbers went out in full is recorded as one reveal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.dates import today
from dangvu.lib import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
# The query parameter of the explicit, audited choice of full numbers.
FULL_NUMBERS = "day_du"
FULL_NUMBERS_REFUSED = (
    "Vai trò của đồng chí không được xuất đầy đủ số CCCD và số điện thoại: chỉ Ban Tổ chức "
    "(trong phạm vi của mình) và quản trị viên được xuất. Hãy dùng nút Xuất Excel hoặc CSV "
    "thường (số được che như trên màn hình)."
)


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("xuat", "")
    return fmt if fmt in FORMATS else None


def wants_full_numbers(request: HttpRequest) -> bool:
    return request.GET.get(FULL_NUMBERS) == "1"


class PersonNumbers:
    """Identity and phone numbers as one export shows them.

    Masked like the screen for every row, except the rows in `full_pks` (the user asked
    for full numbers and may read this person's); each of those shown is remembered, once,
    and `record_reveals` writes one reveal per person in one statement.
    """

    def __init__(self, full_pks: Collection[Any] = (), *, asked: bool = False) -> None:
        self.full_pks = frozenset(full_pks)
        self.asked = asked
        self._revealed: dict[Any, Model] = {}

    def show(self, obj: Model, value: str) -> str:
        if value and obj.pk in self.full_pks:
            self._revealed.setdefault(obj.pk, obj)
            return value
        return mask(value)

    def record_reveals(self, title: str) -> None:
        audit.record_many(
            [
                audit.entry(
                    AuditEvent.Action.REVEAL,
                    obj=obj,
                    note=f"Xuất đầy đủ số CCCD, điện thoại: {title}",
                )
                for obj in self._revealed.values()
            ]
        )


def person_numbers(
    request: HttpRequest, listed: QuerySet[Any], readable: QuerySet[Any]
) -> PersonNumbers:
    """How the export of `listed` shows numbers for this request.

    `readable` holds the records whose numbers the user may read in full. Asking for full
    numbers without any right to them is refused (403, recorded as a denied access).
    """
    from dangvu.accounts.scoping import may_read_full_numbers

    if not wants_full_numbers(request):
        return PersonNumbers()
    if not may_read_full_numbers(request.user):
        audit.record(
            AuditEvent.Action.DENIED,
            request=request,
            note=f"Xuất đầy đủ số CCCD, điện thoại bị từ chối: {request.get_full_path()}"[:2000],
        )
        raise PermissionDenied(FULL_NUMBERS_REFUSED)
    pks = readable.filter(pk__in=listed.values("pk")).values_list("pk", flat=True)
    return PersonNumbers(pks, asked=True)


def export_response(
    fmt: str,
    name: str,
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "",
    subtitle: Sequence[str] = (),
    text_columns: frozenset[int] = frozenset(),
    numbers: PersonNumbers | None = None,
) -> HttpResponse:
    """A download of `rows` under Vietnamese `headers`, formula-safe, named by date.

    With `numbers` asked in full, the file is named and recorded as such, and the reveals
    of the rows written are recorded after the rows (they are known once written).
    """
    full = numbers is not None and numbers.asked
    filename = f"{name}{'-day-du-so' if full else ''}-{today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            sheets.write_csv(headers, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        heading = " · ".join([title, *subtitle]) if title else ""
        data = sheets.write_table(headers, rows, title=heading, text_columns=text_columns)
        response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    note = f"{filename}: {title or name}"
    if full:
        note += " (đầy đủ số CCCD, điện thoại)"
    audit.record(audit.AuditEvent.Action.EXPORT, note=note)
    if numbers is not None:
        numbers.record_reveals(title or name)
    return response
