"""The document register: numbering by series and committee term, and registering.

A series is the documents of one kind issued by one body (an organisation and the symbol
it signs with) in one committee term; numbers run from 01 in each series. The committee
term of a date is dated rule data (`office.committee_term`), so that an administrator can
move the start of a term to the day the congress was actually held; a user may also give
the term of a document on the form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.rules import register_rule, rule
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.office.models import DOCUMENT_KIND_CODES, DOCUMENT_KINDS, Document
from dangvu.office.scoping import plan_editable_organisations
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

TERM_RULE = "office.committee_term"
# Each term is in force from the congresses that open it; an administrator may record the
# actual day of the congress as a rule version with the same term (see docs/architecture).
register_rule(
    TERM_RULE,
    "Nhiệm kỳ đại hội đảng bộ (đánh số văn bản lại từ 01 mỗi nhiệm kỳ)",
    (dt.date(2010, 7, 1), "2010 - 2015", "Đại hội đảng bộ các cấp tiến tới Đại hội XI"),
    (dt.date(2015, 7, 1), "2015 - 2020", "Chỉ thị 36-CT/TW ngày 30/5/2014 (đại hội tiến tới XII)"),
    (dt.date(2020, 7, 1), "2020 - 2025", "Chỉ thị 35-CT/TW ngày 30/5/2019 (đại hội tiến tới XIII)"),
    (dt.date(2025, 7, 1), "2025 - 2030", "Chỉ thị 45-CT/TW ngày 14/4/2025 (đại hội tiến tới XIV)"),
    use=(
        "Số văn bản của mỗi tổ chức được đánh lại từ 01 khi sang nhiệm kỳ mới; nhiệm kỳ của "
        "một văn bản là nhiệm kỳ có hiệu lực vào ngày ký. Quản trị viên ghi ngày đại hội "
        "thực tế bằng một phiên bản quy định mới với cùng nhiệm kỳ."
    ),
)

TERM_RE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
# A symbol is one word of letters and digits (ĐU, ĐUK, BTCĐU, UBKTĐU, CB).
SYMBOL_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
NUMBER_RE = re.compile(r"^\s*(\d{1,4})\s*-\s*([^\W\d_]+)\s*/\s*(\S+)\s*$")
MAX_NUMBER = 9999

# The symbol an organisation signs with when its register has none yet.
DEFAULT_SYMBOLS = {
    OrgKind.BLOC: "ĐUK",
    OrgKind.GRASSROOTS_COMMITTEE: "ĐU",
    OrgKind.SUB_COMMITTEE: "ĐU",
    OrgKind.GRASSROOTS_CELL: "CB",
    OrgKind.CELL: "CB",
    OrgKind.GROUP: "TĐ",
}
KIND_LABELS = dict(DOCUMENT_KINDS)


def term_of(day: dt.date) -> str:
    """The committee term ("2020 - 2025") in force on `day`, by the dated rule."""
    try:
        term: str = rule(TERM_RULE, day)
    except LookupError:
        raise DomainError(
            f"Chưa có nhiệm kỳ nào bắt đầu trước ngày {fmt_date(day)}; hãy ghi nhiệm kỳ.",
            field="term",
        ) from None
    return term


def parse_term(text: str) -> str:
    """A committee term written "2020 - 2025" (any dash), normalised; DomainError otherwise."""
    match = TERM_RE.match(clean(text))
    if match is None:
        raise DomainError("Nhiệm kỳ ghi dạng «2025 - 2030».", field="term")
    first, last = int(match.group(1)), int(match.group(2))
    if not 2 <= last - first <= 5:
        raise DomainError(
            f"Nhiệm kỳ {first} - {last} dài {last - first} năm; nhiệm kỳ cấp ủy dài từ 2 "
            "đến 5 năm.",
            field="term",
        )
    return f"{first} - {last}"


def default_symbol(org: Organisation) -> str:
    """The symbol `org` signs most of its registered documents with (its committee's, as a
    rule, beside the few of its boards), or the usual one of its kind."""
    usual = (
        Document.objects.filter(issuer=org, voided_at__isnull=True)
        .values("symbol")
        .annotate(n=Count("id"), last=Max("date"))
        .order_by("-n", "-last")
        .values_list("symbol", flat=True)
        .first()
    )
    return usual or DEFAULT_SYMBOLS.get(OrgKind(org.kind), "ĐU")


def clean_symbol(text: str) -> str:
    symbol = clean(text).replace(" ", "")
    if not symbol:
        raise DomainError("Hãy nhập ký hiệu cơ quan ban hành (ví dụ: ĐU).", field="symbol")
    if not SYMBOL_RE.match(symbol) or len(symbol) > 20:
        raise DomainError(
            f"Ký hiệu «{symbol}» chỉ gồm chữ và số, không dấu «/» (ví dụ: ĐU, BTCĐU).",
            field="symbol",
        )
    return symbol.upper()


def _series(issuer: Organisation, symbol: str, kind: str, term: str) -> Any:
    return Document.objects.filter(
        issuer=issuer, symbol=symbol, kind=kind, term=term, voided_at__isnull=True
    )


def next_number(
    org: Organisation,
    kind: str,
    on_date: dt.date,
    *,
    symbol: str | None = None,
    term: str | None = None,
) -> int:
    """The number to give the next document of `kind` that `org` issues on `on_date`.

    Numbers restart from 01 in each committee term: the term is that of `on_date` unless
    given. The symbol is the organisation's usual one unless given.
    """
    if kind not in DOCUMENT_KIND_CODES:
        raise DomainError("Loại văn bản không có trong danh mục.", field="kind")
    symbol = clean_symbol(symbol) if symbol else default_symbol(org)
    term = parse_term(term) if term else term_of(on_date)
    highest = _series(org, symbol, kind, term).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def parse_full_number(text: str) -> tuple[int, str, str]:
    """(number, kind, symbol) of a full number written "15-BC/ĐU"; DomainError otherwise."""
    match = NUMBER_RE.match(clean(text))
    kinds = {code.upper(): code for code in DOCUMENT_KIND_CODES}
    if match is None or match.group(2).upper() not in kinds:
        raise DomainError(
            f"Số văn bản «{clean(text)}» không đúng dạng «15-BC/ĐU» (số-loại/ký hiệu).",
            field="document",
        )
    return int(match.group(1)), kinds[match.group(2).upper()], clean_symbol(match.group(3))


def find_document(issuer: Organisation, text: str, years: range) -> Document:
    """The live document of `issuer` numbered `text` ("01-CTr/ĐU") dated in `years`."""
    number, kind, symbol = parse_full_number(text)
    found = (
        Document.objects.filter(
            issuer=issuer,
            number=number,
            kind=kind,
            symbol=symbol,
            date__year__gte=years.start,
            date__year__lt=years.stop,
            voided_at__isnull=True,
        )
        .order_by("-date")
        .first()
    )
    if found is None:
        raise DomainError(
            f"Sổ đăng ký văn bản của «{issuer.name}» không có văn bản số {clean(text)} trong "
            f"năm {years.start}–{years.stop - 1}; hãy vào sổ văn bản trước.",
            field="document",
        )
    return found


@transaction.atomic
def do_register_document(
    *,
    issuer: Organisation,
    kind: str,
    date: dt.date,
    summary: str,
    number: int | None = None,
    symbol: str = "",
    term: str = "",
    signer: str = "",
    note: str = "",
    acting_user: Any,
) -> Document:
    """Enter a document in the register; without a number, the next of its series."""
    if kind not in DOCUMENT_KIND_CODES:
        raise DomainError("Loại văn bản không có trong danh mục.", field="kind")
    summary = clean_paragraphs(summary)
    if not summary:
        raise DomainError("Hãy nhập trích yếu nội dung văn bản.", field="summary")
    if date > today():
        raise DomainError(
            f"Ngày {fmt_date(date)} là ngày trong tương lai; chỉ vào sổ văn bản đã ban hành.",
            field="date",
        )
    if getattr(acting_user, "pk", None) is not None and (
        not plan_editable_organisations(acting_user).filter(pk=issuer.pk).exists()
    ):
        raise DomainError(f"«{issuer.name}» nằm ngoài phạm vi bạn được ghi.", field="issuer")
    if issuer.ended_on is not None and date >= issuer.ended_on:
        raise DomainError(
            f"«{issuer.name}» đã kết thúc hoạt động từ ngày {fmt_date(issuer.ended_on)}; "
            f"không thể ban hành văn bản ngày {fmt_date(date)}.",
            field="date",
        )
    if version_at(issuer, date) is None:
        raise DomainError(f"«{issuer.name}» chưa thành lập vào ngày {fmt_date(date)}.", "date")
    symbol = clean_symbol(symbol) if clean(symbol) else default_symbol(issuer)
    if clean(term):
        term = parse_term(term)
        first, last = (int(y) for y in term.split(" - "))
        if not first <= date.year <= last:
            raise DomainError(
                f"Văn bản ngày {fmt_date(date)} không thuộc nhiệm kỳ {term}.", field="term"
            )
    else:
        term = term_of(date)
    series = _series(issuer, symbol, kind, term)
    if number is None:
        number = (series.aggregate(n=Max("number"))["n"] or 0) + 1
    if not 1 <= number <= MAX_NUMBER:
        raise DomainError(f"Số văn bản là số nguyên từ 1 đến {MAX_NUMBER}.", field="number")
    taken = series.filter(number=number).first()
    if taken is not None:
        following = (series.aggregate(n=Max("number"))["n"] or 0) + 1
        raise DomainError(
            f"Số {taken.full_number} nhiệm kỳ {term} đã dùng cho văn bản ngày "
            f"{fmt_date(taken.date)} («{taken.summary[:80]}»); số tiếp theo của "
            f"{KIND_LABELS[kind].lower()} là {following:02d}.",
            field="number",
        )
    try:
        # A savepoint: the number may be taken between the check and the write by another
        # user entering the same series; the unique index then refuses it.
        with transaction.atomic():
            document = Document.objects.create(
                issuer=issuer,
                symbol=symbol,
                kind=kind,
                term=term,
                number=number,
                date=date,
                summary=summary,
                signer=clean(signer),
                note=clean_paragraphs(note),
                recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
    except IntegrityError:
        raise DomainError(
            f"Số {number:02d}-{kind}/{symbol} vừa được vào sổ; hãy ghi lại để nhận số mới.",
            field="number",
        ) from None
    audit.record(audit.CREATE, user=acting_user, obj=document, after=audit.snapshot(document))
    return document


def check_voidable(document: Document) -> None:
    """A document that issued a live plan is voided only after the plan (or never)."""
    issued = document.plans.filter(voided_at__isnull=True).first()
    if issued is not None:
        raise DomainError(
            f"Văn bản {document.full_number} ban hành «{issued.title}»; hãy hủy kế hoạch đó "
            "trước nếu văn bản vào sổ nhầm.",
            field="reason",
        )
