"""Every list page exports what it shows (its filters applied) to .xlsx or .csv.

Identity and phone numbers leave masked, exactly as the screen shows them (`PersonNumbers`),
unless a role that may read them in full asks for it explicitly (`?day_du=1`); then each
person whose numbers went out in full is recorded as one reveal.

An .xlsx is a document people print and file: a title block (the list's `title`, then the
`subtitle` lines, e.g. from `export_subtitle`: which organisation, as of which date or for
which period, and always the export date last), an "STT" column, widths fitted, the header
repeated on each A4 landscape page (`dangvu.lib.sheets.write_table`). A .csv is for
machines: the header and the rows only, no title block and no STT. Organisations are named
(`org_columns`, under `ORG_HEADERS`), the code in a column of its own; lists of people come
in the Party's order (`in_party_order`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.dates import today
from dangvu.lib import sheets
from dangvu.lib.text import clean, vietnamese_sort_key
from dangvu.lib.vnformat import fmt_date

if TYPE_CHECKING:
    from dangvu.orgs.models import Organisation

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

    The .xlsx carries `title` and the `subtitle` lines (and the export date) above the
    table and numbers its rows; the .csv holds the header and the rows only.

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
        data = sheets.write_table(
            headers,
            rows,
            title=title,
            subtitle=_title_lines(subtitle),
            text_columns=text_columns,
        )
        response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    note = f"{filename}: {title or name}"
    if full:
        note += " (đầy đủ số CCCD, điện thoại)"
    audit.record(audit.AuditEvent.Action.EXPORT, note=note)
    if numbers is not None:
        numbers.record_reveals(title or name)
    return response


# --- what the office documents need ----------------------------------------------------------

# The two columns of an organisation in a list: its name for people, its code for machines.
ORG_HEADERS = ["Tổ chức", "Mã tổ chức"]
_EXPORTED_ON = "Ngày xuất"


def org_columns(org: Organisation | None, name: str = "") -> tuple[str, str]:
    """(name, code) of `org` for the columns `ORG_HEADERS`; ("", "") for none.

    `name` overrides the current name, e.g. the organisation's name on a past as-of date.
    """
    if org is None:
        return "", ""
    return name or org.name, org.code


def export_subtitle(
    org: Organisation | None,
    *,
    user: Any = None,
    day: dt.date | None = None,
    period: str = "",
) -> list[str]:
    """The lines under an export's title: which organisation, and as of when.

    "Tổ chức: <name>" (its name on `day` when given), or without an organisation the user's
    scope ("Phạm vi: <the top organisations they reach>"); then `period` when the list
    covers one ("Năm 2025", "Từ ngày 01/01/2025 đến ngày 30/06/2025"), else "Tính đến ngày
    dd/mm/yyyy" for an as-of `day`. `export_response` adds the export date.
    """
    lines: list[str] = []
    if org is not None:
        lines.append(f"Tổ chức: {_name_on(org, day)}")
    elif user is not None:
        from dangvu.accounts.scoping import top_organisations

        names = [o.name for o in top_organisations(user)]
        if names:
            lines.append("Phạm vi: " + "; ".join(names))
    if period:
        lines.append(period)
    elif day is not None:
        lines.append(f"Tính đến ngày {fmt_date(day)}")
    return lines


def _name_on(org: Organisation, day: dt.date | None) -> str:
    if day is None:
        return org.name
    from dangvu.orgs.queries import version_at

    version = version_at(org, day)
    return version.name if version is not None else org.name


def _title_lines(subtitle: Sequence[str]) -> list[str]:
    """The subtitle as the sheet shows it: each line capitalised, as many as fit above the
    header (extra ones joined into the last), then the export date."""
    lines = [line[:1].upper() + line[1:] for line in (clean(s) for s in subtitle) if line]
    lines = [line for line in lines if not line.startswith(_EXPORTED_ON)]
    room = sheets.MAX_SUBTITLE_LINES - 1
    if len(lines) > room:
        lines = [*lines[: room - 1], "; ".join(lines[room - 1 :])]
    return [*lines, f"{_EXPORTED_ON} {fmt_date(today())}"]


# One sort over the whole list up to this many rows (a bloc); above it, one sort per
# organisation, so that no more than one organisation's names are held at a time.
SORT_IN_ONE = 50_000
_FETCH = 2000


def in_party_order(
    rows: QuerySet[Any],
    *,
    name: str = "full_name",
    group: str = "organisation",
    descending: bool = False,
    per_group: bool = False,
) -> Iterator[Any]:
    """The records of `rows` in the Party's order of people (`vietnamese_sort_key`: given
    name, middle name, family name, Vietnamese collation), `descending` reversed.

    Only (pk, name) pairs are sorted in Python; the records are then fetched in batches
    of 2000 in that order, keeping the queryset's select_related and annotations. A list
    longer than `SORT_IN_ONE`, or any list with `per_group`, is sorted per `group` (a
    foreign key to an organisation), the organisations in tree order, those without one
    last; memory then holds one organisation's names at a time.
    """
    if not per_group and rows.count() <= SORT_IN_ONE:
        yield from _sorted_chunk(rows, name, descending)
        return
    # `group` may run through a relation ("member__organisation").
    model: Any = rows.model
    for part in group.split("__"):
        model = model._meta.get_field(part).related_model
    ids = model._default_manager.filter(pk__in=rows.order_by().values(group)).order_by("path")
    for group_id in list(ids.values_list("pk", flat=True)):
        yield from _sorted_chunk(rows.filter(**{group: group_id}), name, descending)
    yield from _sorted_chunk(rows.filter(**{f"{group}__isnull": True}), name, descending)


def _sorted_chunk(rows: QuerySet[Any], name: str, descending: bool) -> Iterator[Any]:
    pairs = sorted(
        rows.order_by().values_list("pk", name),
        key=lambda pair: (vietnamese_sort_key(pair[1]), pair[0]),
        reverse=descending,
    )
    for batch in _batched((pk for pk, _ in pairs), _FETCH):
        found = rows.order_by().in_bulk(batch)
        yield from (found[pk] for pk in batch if pk in found)


def _batched(items: Iterable[Any], size: int) -> Iterator[tuple[Any, ...]]:
    """`itertools.batched` of Python 3.12, for 3.11."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch
