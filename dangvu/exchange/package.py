"""The transfer package, format "dangvu.transfer" version 1 (docs/exchange.md).

Building reads a member's record and ledger into plain JSON with no internal ids; signing
is Ed25519 over the canonical bytes of the package without its `signature` member (keys
sorted, no whitespace, UTF-8 as is, no floats); `read_package` checks a file in the order
a clerk can act on: is it a package at all, of a version we read, signed, by a key we
trust, unaltered, and well formed. Pure of writes: the actions decide what to record.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from dangvu.core.errors import DomainError
from dangvu.exchange import keys
from dangvu.exchange.models import TrustedInstallation
from dangvu.lib.vnformat import fmt_date
from dangvu.members import photos
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at
from dangvu.papers.models import Paper
from dangvu.transit.actions import arrival_deadline
from dangvu.vocab.models import AdminUnit, VocabularyValue

FORMAT = "dangvu.transfer"
VERSION = 1
ALGORITHM = "Ed25519"
# The one rule of the 30 working days to present the introduction paper, shared with the
# lists of members in transit so a package and those lists never give two deadlines.
RULE = "transit.arrival_working_days"
# A package is one member's file with at most one photo (2 MB, a third more in base64);
# anything near this size is not a package.
MAX_BYTES = 4 * 1024 * 1024

# The record's vocabulary fields and places, in the order of the party member form.
VOCABULARY_FIELDS = (
    "ethnicity",
    "religion",
    "qualification",
    "theory_level",
    "state_management",
    "academic_title",
    "occupation",
)
PLACE_FIELDS = ("birthplace", "hometown", "residence")
TEXT_FIELDS = (
    "identity_number",
    "phone",
    "education",
    "expertise",
    "foreign_languages",
    "it_skill",
    "job",
    "post",
)
FILE_DATES = (
    "admission_decision_date",
    "ceremony_date",
    "full_member_date",
    "card_date",
    "earlier_left_date",
    "readmission_date",
)
# Event details that name rows of the sender's database: meaningless anywhere else.
INTERNAL_DETAILS = frozenset({"displaced_moves"})


class PackageError(DomainError):
    """A package refused: the message says what is wrong and what to do."""


# --- canonical bytes and the signature -------------------------------------------------


def canonical(package: dict[str, Any]) -> bytes:
    """The bytes that are signed: the package without `signature`, keys sorted, no spaces."""
    body = {k: v for k, v in package.items() if k != "signature"}
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sign(package: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The package with its signature member (any earlier one replaced)."""
    public = key.public_key()
    signed = {k: v for k, v in package.items() if k != "signature"}
    signed["signature"] = {
        "algorithm": ALGORITHM,
        "key_fingerprint": keys.fingerprint(public),
        "value": base64.b64encode(key.sign(canonical(signed))).decode("ascii"),
    }
    return signed


def dump(package: dict[str, Any]) -> bytes:
    """The file as written: readable, UTF-8. Any layout verifies; only content is signed."""
    return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- building a package ------------------------------------------------------------------


def last_event(member: Member) -> MemberEvent | None:
    return member.events.filter(voided_at__isnull=True).order_by("-date", "-id").first()


def transfer_out_of(member: Member) -> MemberEvent:
    """The official transfer out that the package accompanies, or a refusal saying why not."""
    event = last_event(member)
    if event is None or event.kind != EventKind.TRANSFER_OUT:
        raise PackageError(
            f"Chỉ cấp gói hồ sơ cho đảng viên đã chuyển sinh hoạt chính thức đi; biến động "
            f"cuối cùng của đồng chí {member.full_name} không phải «Chuyển sinh hoạt đi». Hãy "
            "ghi biến động «Chuyển sinh hoạt đi» (số, ngày quyết định, đảng bộ nơi đến) trước."
        )
    return event


def paper_date(event: MemberEvent) -> dt.date:
    """The date of the introduction paper: the decision's date, else the transfer's."""
    return event.decision_date or event.date


def expiry(event: MemberEvent) -> dt.date:
    """The last day the member may present the paper: the transit deadline (rule RULE,
    dated by the paper), so the package and the list of transfers out agree."""
    return arrival_deadline(paper_date(event))


def _value(value: VocabularyValue | None) -> dict[str, str] | None:
    return {"code": value.code, "name": value.name} if value is not None else None


def _unit(unit: AdminUnit | None) -> dict[str, str] | None:
    if unit is None:
        return None
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "valid_from": unit.valid_from.isoformat(),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def photo_part(member: Member) -> dict[str, str] | None:
    """The member's photo by value (type, checksum, base64), or None when there is none.

    Read through the storage API, like every stored file; a photo whose file is missing
    or is not a JPEG or PNG (it never should be: the member form checks it) is left out
    rather than holding up the package of someone leaving.
    """
    if not member.photo.name:
        return None
    try:
        with member.photo.storage.open(member.photo.name, "rb") as handle:
            content = handle.read(photos.MAX_BYTES + 1)
    except OSError:
        return None
    found = photos.sniff(content[:16])
    if found is None or not content or len(content) > photos.MAX_BYTES:
        return None
    return {
        "media_type": found[1],
        "sha256": sha256(content),
        "data": base64.b64encode(content).decode("ascii"),
    }


def member_part(member: Member) -> dict[str, Any]:
    """The record and the party file, by value: codes and names, never our row ids."""
    part: dict[str, Any] = {
        "full_name": member.full_name,
        "birth_date": member.birth_date.isoformat(),
        "sex": member.sex,
    }
    for name in TEXT_FIELDS:
        part[name] = getattr(member, name)
    for name in VOCABULARY_FIELDS:
        part[name] = _value(getattr(member, name))
    for place in PLACE_FIELDS:
        part[place] = {
            "province": _unit(getattr(member, f"{place}_province")),
            "local": _unit(getattr(member, f"{place}_local")),
            "detail": getattr(member, place),
        }
    party_file: dict[str, Any] = {name: _iso(getattr(member, name)) for name in FILE_DATES}
    party_file["card_number"] = member.card_number
    party_file["national_id"] = member.national_id
    part["party_file"] = party_file
    # Optional (docs/exchange.md): absent when there is no photo, so a package without one
    # is byte for byte what it was before the field existed.
    photo = photo_part(member)
    if photo is not None:
        part["photo"] = photo
    return part


def _org_name(org: Organisation | None, day: dt.date) -> str:
    """The organisation's name on the day, as the sender's tree then named it."""
    if org is None:
        return ""
    version = version_at(org, day)
    return version.name if version is not None else org.name


def history_part(member: Member) -> list[dict[str, Any]]:
    """Every event standing on the member's ledger, oldest first (voided ones left out)."""
    rows = []
    events = member.events.filter(voided_at__isnull=True).select_related(
        "organisation", "from_organisation"
    )
    for event in events.order_by("date", "id"):
        details = {k: v for k, v in (event.details or {}).items() if k not in INTERNAL_DETAILS}
        rows.append(
            {
                "kind": event.kind,
                "kind_label": event.summary,
                "date": event.date.isoformat(),
                "organisation": _org_name(event.organisation, event.date),
                "from_organisation": _org_name(event.from_organisation, event.date),
                "external_party": event.external_party,
                "decision_number": event.decision_number,
                "decision_date": _iso(event.decision_date),
                "details": details,
                "note": event.note,
            }
        )
    return rows


def papers_for(member: Member) -> list[dict[str, Any]]:
    """The papers issued for the member, oldest first, as {kind, number, date, title}.

    Read from the papers app, which records each paper with its member and the register
    entry that numbered it. The title is the kind's name, never the register's summary:
    a list's summary names other members, who have no business in this file. A paper
    whose register entry or documented event was voided is left out, as voided events
    are left out of the history; the .docx itself never travels.
    """
    rows = []
    papers = (
        Paper.objects.filter(member=member)
        .exclude(document__voided_at__isnull=False)
        .exclude(event__voided_at__isnull=False)
        .select_related("issue", "document")
        .order_by("issue__date", "issue_id", "position")
    )
    for paper in papers:
        document = paper.document
        rows.append(
            {
                "kind": paper.issue.kind,
                "number": document.full_number if document is not None else "",
                "date": (document.date if document is not None else paper.issue.date).isoformat(),
                "title": paper.issue.kind_name,
            }
        )
    return rows


def build(member: Member, *, issued_at: dt.datetime | None = None) -> dict[str, Any]:
    """The unsigned package for a member whose last event is an official transfer out."""
    event = transfer_out_of(member)
    key = keys.private_key()
    issued_at = issued_at or timezone.localtime()
    org = event.organisation
    return {
        "format": FORMAT,
        "version": VERSION,
        "package_id": str(uuid.uuid4()),
        "issued_at": issued_at.isoformat(timespec="seconds"),
        "expires_at": expiry(event).isoformat(),
        "sender": {
            "installation": keys.installation_name(),
            "organisation": _org_name(org, event.date),
            "key_fingerprint": keys.fingerprint(key.public_key()),
        },
        "destination": event.external_party,
        "introduction": {
            "decision_number": event.decision_number,
            "decision_date": _iso(event.decision_date),
            "transfer_date": event.date.isoformat(),
        },
        "member": member_part(member),
        "history": history_part(member),
        "papers": papers_for(member),
    }


# --- reading a package -------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    """A package whose signature checked out with a trusted key, its content typed."""

    data: dict[str, Any]
    content: bytes
    sha256: str
    package_id: uuid.UUID
    expires_on: dt.date
    trusted: TrustedInstallation

    @property
    def sender(self) -> dict[str, str]:
        return self.data["sender"]

    @property
    def member(self) -> dict[str, Any]:
        return self.data["member"]

    @property
    def history(self) -> list[dict[str, Any]]:
        return self.data["history"]

    @property
    def introduction(self) -> dict[str, Any]:
        return self.data["introduction"]

    @property
    def introduction_date(self) -> dt.date:
        intro = self.introduction
        return _date(intro.get("decision_date") or intro["transfer_date"], "introduction")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two values for one key would let two readers see two different packages.
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key}")
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(name)


NOT_A_PACKAGE = (
    "Tệp này không phải gói hồ sơ chuyển sinh hoạt của Đảng vụ (định dạng «dangvu.transfer»)"
)


def _malformed(what: str) -> PackageError:
    return PackageError(
        f"Gói hồ sơ có chữ ký hợp lệ nhưng sai cấu trúc ({what}); phần mềm của đảng bộ nơi đi "
        "đã tạo gói không đúng định dạng. Hãy đề nghị nơi đi cấp lại gói, hoặc tiếp nhận "
        "bằng trang «Tiếp nhận chuyển đến» theo giấy giới thiệu.",
        field="package",
    )


def _date(value: Any, what: str) -> dt.date:
    if not isinstance(value, str):
        raise _malformed(f"ngày ở mục «{what}»")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _malformed(f"ngày «{value[:40]}» ở mục «{what}»") from None


def _optional_date(value: Any, what: str) -> dt.date | None:
    return None if value is None else _date(value, what)


def _text(container: dict[str, Any], key: str, what: str, limit: int = 255) -> str:
    value = container.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise _malformed(f"«{what}»")
    return value


def _check_shape(data: dict[str, Any]) -> None:
    """Every field the reader relies on is there with its type (after the signature check:
    a signed package badly formed is the sender software's fault, said as such)."""
    for key, kind in (
        ("sender", dict),
        ("introduction", dict),
        ("member", dict),
        ("history", list),
        ("papers", list),
        ("destination", str),
        ("package_id", str),
        ("issued_at", str),
        ("expires_at", str),
    ):
        if not isinstance(data.get(key), kind):
            raise _malformed(f"mục «{key}»")
    for key in ("installation", "organisation", "key_fingerprint"):
        _text(data["sender"], key, f"sender.{key}")
    intro = data["introduction"]
    _text(intro, "decision_number", "introduction.decision_number", 60)
    _optional_date(intro.get("decision_date"), "introduction.decision_date")
    _date(intro.get("transfer_date"), "introduction.transfer_date")
    member = data["member"]
    if not _text(member, "full_name", "member.full_name", 120).strip():
        raise _malformed("họ và tên trống")
    _date(member.get("birth_date"), "member.birth_date")
    if member.get("sex") not in Member.Sex.values:
        raise _malformed("member.sex")
    for name in TEXT_FIELDS:
        _text(member, name, f"member.{name}")
    for name in VOCABULARY_FIELDS:
        value = member.get(name)
        if value is not None and not (
            isinstance(value, dict) and isinstance(value.get("code"), str)
        ):
            raise _malformed(f"member.{name}")
    for place in PLACE_FIELDS:
        value = member.get(place)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise _malformed(f"member.{place}")
        _text(value, "detail", f"member.{place}.detail")
        for part in ("province", "local"):
            unit = value.get(part)
            if unit is not None and not (
                isinstance(unit, dict) and isinstance(unit.get("code"), str)
            ):
                raise _malformed(f"member.{place}.{part}")
    party_file = member.get("party_file")
    if not isinstance(party_file, dict):
        raise _malformed("member.party_file")
    _date(party_file.get("admission_decision_date"), "party_file.admission_decision_date")
    for name in FILE_DATES[1:]:
        _optional_date(party_file.get(name), f"party_file.{name}")
    _text(party_file, "card_number", "party_file.card_number", 20)
    _text(party_file, "national_id", "party_file.national_id", 20)
    photo = member.get("photo")
    if photo is not None and not (
        isinstance(photo, dict)
        and all(isinstance(photo.get(key), str) for key in ("media_type", "sha256", "data"))
    ):
        raise _malformed("member.photo")
    for i, row in enumerate(data["history"], start=1):
        if not isinstance(row, dict):
            raise _malformed(f"history, dòng {i}")
        _text(row, "kind", f"history[{i}].kind", 32)
        _date(row.get("date"), f"history[{i}].date")
        _optional_date(row.get("decision_date"), f"history[{i}].decision_date")
        for key in ("kind_label", "organisation", "from_organisation", "external_party"):
            _text(row, key, f"history[{i}].{key}")
        _text(row, "decision_number", f"history[{i}].decision_number", 60)
        _text(row, "note", f"history[{i}].note", 10_000)
        if not isinstance(row.get("details", {}), dict):
            raise _malformed(f"history[{i}].details")


def photo_of(package: Package) -> tuple[bytes, str] | None:
    """The package's photo (bytes, extension), checked as the member form checks an
    upload, or None when the package carries none; a `PackageError` for a bad one.

    The photo is inside the signed bytes, so a bad one is what the sender wrote: the
    package is refused whole rather than the arrival recorded without it unnoticed.
    """
    photo = package.member.get("photo")
    if photo is None:
        return None
    limit = f"{photos.MAX_BYTES // 1024 // 1024} MB"

    def refuse(why: str) -> PackageError:
        return PackageError(
            f"Ảnh chân dung trong gói hồ sơ không dùng được: {why}. Không tiếp nhận gói "
            "này; hãy đề nghị đảng bộ nơi đi sửa ảnh trên hồ sơ (ảnh JPEG hoặc PNG, đến "
            f"{limit}) rồi cấp lại gói.",
            field="package",
        )

    allowed = {content_type: ext for ext, content_type in photos.CONTENT_TYPES.items()}
    media_type = photo["media_type"].strip().lower()
    if media_type not in allowed:
        raise refuse(f"định dạng «{photo['media_type'][:40]}» không phải JPEG hoặc PNG")
    # A base64 text longer than this cannot decode to an allowed photo.
    if len(photo["data"]) > (photos.MAX_BYTES // 3 + 1) * 4:
        raise refuse(f"ảnh lớn hơn {limit}")
    try:
        content = base64.b64decode(photo["data"], validate=True)
    except ValueError:
        raise refuse("dữ liệu ảnh không đúng base64") from None
    if not content:
        raise refuse("ảnh rỗng")
    if len(content) > photos.MAX_BYTES:
        raise refuse(f"ảnh lớn hơn {limit}")
    if sha256(content) != photo["sha256"].strip().lower():
        raise refuse("mã kiểm tra SHA-256 của ảnh không khớp với dữ liệu ảnh")
    found = photos.sniff(content[:16])
    if found is None or found[1] != media_type:
        raise refuse(f"nội dung ảnh không phải ảnh {media_type} như gói ghi")
    return content, found[0]


def read_package(content: bytes) -> Package:
    """The package in `content`, checked, or a `PackageError` saying what to do."""
    if len(content) > MAX_BYTES:
        raise PackageError(
            f"{NOT_A_PACKAGE}: tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB. Hãy chọn đúng tệp "
            "gói hồ sơ (.json) đảng bộ nơi đi gửi.",
            field="package",
        )
    try:
        data = json.loads(
            content.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackageError(
            f"{NOT_A_PACKAGE}. Hãy chọn đúng tệp .json đảng bộ nơi đi gửi kèm giấy giới thiệu "
            "sinh hoạt đảng, không sửa, không lưu lại bằng phần mềm khác.",
            field="package",
        )
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        shown = str(version)[:20] if version is not None else "không ghi"
        raise PackageError(
            f"Gói hồ sơ thuộc phiên bản định dạng {shown}; hệ thống này chỉ đọc được phiên "
            f"bản {VERSION}. Hãy đề nghị đảng bộ nơi đi xuất gói theo phiên bản {VERSION}, hoặc "
            "nâng cấp Đảng vụ.",
            field="package",
        )
    signature = data.get("signature")
    if (
        not isinstance(signature, dict)
        or signature.get("algorithm") != ALGORITHM
        or not isinstance(signature.get("key_fingerprint"), str)
        or not isinstance(signature.get("value"), str)
    ):
        raise PackageError(
            "Gói hồ sơ không có chữ ký số (Ed25519) của đảng bộ nơi đi, nên không biết ai đã "
            "lập và có bị sửa hay không. Hãy đề nghị nơi đi xuất lại gói từ hệ thống của họ.",
            field="package",
        )
    fingerprint = signature["key_fingerprint"].strip().lower()[:64]
    trusted = TrustedInstallation.objects.filter(
        fingerprint=fingerprint, revoked_at__isnull=True
    ).first()
    if trusted is None:
        revoked = TrustedInstallation.objects.filter(fingerprint=fingerprint).first()
        if revoked is not None:
            raise PackageError(
                f"Gói được ký bằng khóa của «{revoked.name}» (dấu vân tay "
                f"{keys.grouped(fingerprint)}), khóa này đã bị thu hồi ngày "
                f"{fmt_date(timezone.localtime(revoked.revoked_at).date())}. Hãy liên hệ nơi đi "
                "để biết khóa mới và nhờ quản trị viên thêm khóa đó sau khi đối chiếu.",
                field="package",
            )
        raise PackageError(
            f"Gói được ký bằng khóa chưa có trong danh sách tin cậy (dấu vân tay "
            f"{keys.grouped(fingerprint)}). Quản trị viên hãy gọi điện hoặc đối chiếu văn "
            "bản với đảng bộ nơi đi để xác nhận đúng dấu vân tay này, rồi thêm khóa vào "
            "«Hệ thống gửi hồ sơ tin cậy»; sau đó tải gói lên lại.",
            field="package",
        )
    try:
        raw = base64.b64decode(signature["value"], validate=True)
        keys.parse_public_key(trusted.public_key).verify(raw, canonical(data))
    except (ValueError, InvalidSignature, DomainError):
        raise PackageError(
            "Chữ ký số của gói hồ sơ không khớp với nội dung: gói đã bị sửa sau khi đảng bộ "
            f"nơi đi («{trusted.name}») ký, hoặc bị hỏng khi chép. Không tiếp nhận gói này; "
            "hãy đề nghị nơi đi gửi lại tệp gốc.",
            field="package",
        ) from None
    _check_shape(data)
    if data["sender"]["key_fingerprint"].lower() != fingerprint:
        raise _malformed("dấu vân tay ở mục sender khác với chữ ký")
    try:
        package_id = uuid.UUID(data["package_id"])
    except ValueError:
        raise _malformed("package_id") from None
    expires_on = _date(data["expires_at"], "expires_at")
    return Package(data, content, sha256(content), package_id, expires_on, trusted)
