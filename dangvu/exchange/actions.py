"""Every write of the exchange: issuing a package, holding an upload, recording an arrival,
trusting and revoking another installation's key.

Each checks everything first and writes in one transaction with its audit row; a refusal
raises `DomainError` (a `PackageError` for the package itself) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.exchange import keys
from dangvu.exchange.models import (
    IssuedPackage,
    ReceivedEvent,
    ReceivedPackage,
    StagedPackage,
    TrustedInstallation,
)
from dangvu.exchange.package import (
    FILE_DATES,
    PLACE_FIELDS,
    TEXT_FIELDS,
    VOCABULARY_FIELDS,
    Package,
    PackageError,
    build,
    dump,
    last_event,
    photo_of,
    read_package,
    sha256,
    sign,
)
from dangvu.lib.text import clean
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.actions import (
    PERSON_VOCABULARIES,
    Decision,
    PartyFile,
    Person,
    do_set_member_photo,
    do_transfer_in,
)
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.vocab.models import AdminUnit, VocabularyValue

# --- issuing -------------------------------------------------------------------------------


@transaction.atomic
def do_issue_package(member: Member, *, acting_user: Any) -> IssuedPackage:
    """Sign and keep a package for a member whose last event is an official transfer out."""
    package = build(member)
    expires_on = dt.date.fromisoformat(package["expires_at"])
    if expires_on < today():
        raise PackageError(
            f"Giấy giới thiệu chuyển sinh hoạt của đồng chí {member.full_name} đã quá hạn "
            f"xuất trình (đến hết ngày {fmt_date(expires_on)}), nên nơi đến sẽ không nhận gói "
            "này. Hãy ghi quyết định giới thiệu mới (hủy biến động chuyển đi cũ và ghi lại) "
            "rồi tải gói."
        )
    content = dump(sign(package, keys.private_key()))
    issued = IssuedPackage.objects.create(
        package_id=package["package_id"],
        member=member,
        issued_at=timezone.now(),
        issued_by=acting_user if getattr(acting_user, "pk", None) else None,
        expires_on=expires_on,
        sha256=sha256(content),
        content=content,
    )
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=issued,
        after={
            "member_id": member.pk,
            "đảng bộ nơi đến": package["destination"],
            "expires_on": expires_on.isoformat(),
            "sha256": issued.sha256,
        },
        note=f"Cấp gói hồ sơ chuyển sinh hoạt {issued.package_id}",
    )
    return issued


# --- reading the member of a package into this installation's terms --------------------


@dataclass
class Arrival:
    """The package's member as this installation would record them."""

    person: Person
    party_file: PartyFile
    # The record's values this installation's vocabularies and units do not hold: the
    # record leaves them «Chưa có thông tin»; the package keeps the sender's words.
    unmatched: list[str] = field(default_factory=list)
    # The photo the package carries, checked (bytes, extension), or None.
    photo: tuple[bytes, str] | None = None
    # A person who left us by an official transfer out and now comes back: their record
    # here, the date they left, and where the package's record differs from ours.
    returning: Member | None = None
    left_on: dt.date | None = None
    differences: list[Difference] = field(default_factory=list)


@dataclass(frozen=True)
class Difference:
    """One field of the record that the package gives otherwise than our record: ours is kept."""

    label: str
    ours: str
    theirs: str


def _vocabulary_value(field_name: str, given: dict[str, Any] | None, on: dt.date) -> Any:
    if not given:
        return None
    in_force = {
        "vocabulary": PERSON_VOCABULARIES[field_name],
        "valid_from__lte": on,
        "valid_to__gt": on,
    }
    found = VocabularyValue.objects.filter(code=given.get("code", ""), **in_force).first()
    if found is None and isinstance(given.get("name"), str):
        found = VocabularyValue.objects.filter(name=given["name"], **in_force).first()
    return found


def _admin_unit(given: dict[str, Any] | None) -> AdminUnit | None:
    if not given:
        return None
    units = AdminUnit.objects.filter(code=given.get("code", ""))
    if isinstance(given.get("level"), str):
        units = units.filter(level=given["level"])
    exact = units.filter(valid_from=given.get("valid_from") or dt.date.min).first()
    if exact is not None:
        return exact
    named = AdminUnit.objects.filter(
        pk__in=units.values("pk"), name=given.get("name", "")
    ).order_by("-valid_from")
    return named.first()


def arrival_of(package: Package) -> Arrival:
    member = package.member
    on = today()
    values: dict[str, Any] = {
        "full_name": member["full_name"],
        "birth_date": dt.date.fromisoformat(member["birth_date"]),
        "sex": member["sex"],
    }
    unmatched: list[str] = []
    for name in TEXT_FIELDS:
        values[name] = member.get(name) or ""
    for name in VOCABULARY_FIELDS:
        given = member.get(name)
        values[name] = _vocabulary_value(name, given, on)
        if given and values[name] is None:
            unmatched.append(f"{Member._meta.get_field(name).verbose_name}: {given.get('name')}")
    for place in PLACE_FIELDS:
        given = member.get(place) or {}
        values[place] = given.get("detail") or ""
        for part in ("province", "local"):
            unit = given.get(part)
            values[f"{place}_{part}"] = _admin_unit(unit)
            if unit and values[f"{place}_{part}"] is None:
                label = Member._meta.get_field(f"{place}_{part}").verbose_name
                unmatched.append(f"{label}: {unit.get('name')}")
    pf = member["party_file"]
    dates = {name: dt.date.fromisoformat(pf[name]) if pf.get(name) else None for name in FILE_DATES}
    party_file = PartyFile(
        admission_decision_date=dates["admission_decision_date"],  # type: ignore[arg-type]
        ceremony_date=dates["ceremony_date"],
        full_member_date=dates["full_member_date"],
        card_number=pf.get("card_number") or "",
        card_date=dates["card_date"],
        earlier_left_date=dates["earlier_left_date"],
        readmission_date=dates["readmission_date"],
        national_id=clean(pf.get("national_id") or "").replace(" ", ""),
    )
    return Arrival(Person(**values), party_file, unmatched, photo_of(package))


# --- the checks of an arrival ------------------------------------------------------------


def _check_unused(package: Package, acting_user: Any) -> None:
    used = ReceivedPackage.objects.select_related("member__organisation").filter(
        package_id=package.package_id
    )
    earlier = used.first()
    if earlier is None:
        return
    holder = numbers.member_holder(earlier.member)
    when = fmt_date(timezone.localtime(earlier.received_at).date())
    raise PackageError(
        f"Gói hồ sơ {package.package_id} đã được dùng để tiếp nhận "
        f"{numbers.describe(holder, numbers.can_see(acting_user, holder))} ngày {when}; mỗi "
        "gói chỉ dùng một lần. Không cần tiếp nhận lại; nếu cần sửa, hãy mở hồ sơ đã có.",
        field="package",
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return fmt_date(value)
    name = getattr(value, "name", None)
    return str(name) if name is not None else str(value)


# Our value of a field, when our record lies outside the receiving clerk's subtree (the
# member left from another organisation of the committee): the field is named, not shown.
NOT_IN_SCOPE = "(hồ sơ ngoài phạm vi quản lý của bạn)"
# Fields shown masked as everywhere on screen (`audit.models.mask`).
PERSONAL_NUMBERS = ("identity_number", "phone")


def differences(member: Member, arrival: Arrival, *, visible: bool = True) -> list[Difference]:
    """The record's fields where the package says something other than our record.

    Compared as shown to the clerk (names, dd/mm/yyyy), so a vocabulary value matched by
    code to the same entry is no difference; both empty is none either. Our values are
    shown only to a clerk who may read our record (`visible`), personal numbers masked.
    """
    rows = []
    given: list[tuple[str, Any]] = [
        (name, getattr(arrival.person, name)) for name in arrival.person.__dataclass_fields__
    ]
    given += [
        (name, getattr(arrival.party_file, name))
        for name in arrival.party_file.__dataclass_fields__
    ]
    for name, theirs in given:
        ours = getattr(member, name)
        if name == "sex":
            ours, theirs = member.get_sex_display(), Member.Sex(theirs).label
        if _shown(ours) != _shown(theirs):
            label = str(Member._meta.get_field(name).verbose_name)
            shown = _shown(ours)
            if not visible:
                shown = NOT_IN_SCOPE
            elif name in PERSONAL_NUMBERS:
                shown = mask(shown)
            rows.append(Difference(label[:1].upper() + label[1:], shown, _shown(theirs)))
    return rows


def _match_here(arrival: Arrival, acting_user: Any) -> Member | None:
    """A person who left us by an official transfer out and comes back, or None; refuse a
    person on our rolls (or off them for another reason) as "already on our rolls".

    Only the numbers the member forms check count as the same person (identity, card,
    national identifier): a name and birth date are shared by different people.
    """
    person, pf = arrival.person, arrival.party_file
    found: list[tuple[str, numbers.Holder | None]] = [
        (f"số CCCD {person.identity_number}", numbers.holder_of_identity(person.identity_number)),
        (f"số thẻ đảng viên {pf.card_number}", numbers.holder_of_card(pf.card_number)),
        (f"mã đảng viên {pf.national_id}", numbers.holder_of_national_id(pf.national_id)),
    ]
    held = [(what, holder) for what, holder in found if holder is not None]
    if not held:
        return None
    holders = {holder.pk for _, holder in held}
    what, holder = held[0]
    member = (
        Member.objects.filter(pk=holder.pk).first()
        if len(holders) == 1 and holder.pk is not None
        else None
    )
    last = last_event(member) if member is not None else None
    if (
        member is not None
        and not member.is_member
        and last is not None
        and last.kind == EventKind.TRANSFER_OUT
    ):
        return member
    if len(holders) > 1:
        named = "; ".join(
            f"{w} là của {numbers.describe(h, numbers.can_see(acting_user, h))}" for w, h in held
        )
        raise PackageError(
            f"Các số trong gói hồ sơ của đồng chí {person.full_name} thuộc những hồ sơ khác "
            f"nhau ở đây ({named}). Không tiếp nhận bằng gói này; hãy đối chiếu các hồ sơ đó "
            "với đảng bộ nơi đi trước.",
            field="package",
        )
    who = numbers.describe(holder, numbers.can_see(acting_user, holder))
    if member is not None and member.is_member:
        advice = (
            "hồ sơ đó đang sinh hoạt ở đây, nên gói này không thể là của đồng chí chuyển đến; "
            "hãy đối chiếu với đảng bộ nơi đi."
        )
    else:
        advice = (
            "hồ sơ đó đã ra khỏi danh sách không phải do chuyển sinh hoạt đi; hãy xem trang "
            "hồ sơ đã có và đối chiếu với đảng bộ nơi đi."
        )
    raise PackageError(
        f"Đồng chí {person.full_name} đã có trong danh sách đảng viên ở đây: {what} là của "
        f"{who}. Không tiếp nhận bằng gói này để khỏi có hai hồ sơ của một người: {advice}",
        field="package",
    )


def _check_dates(package: Package, arrival_date: dt.date) -> None:
    introduced = package.introduction_date
    if arrival_date > package.expires_on:
        raise PackageError(
            f"Gói hồ sơ đã hết hạn: giấy giới thiệu ngày {fmt_date(introduced)} phải được xuất "
            f"trình đến hết ngày {fmt_date(package.expires_on)}, còn ngày tiếp nhận là "
            f"{fmt_date(arrival_date)}. Hãy đề nghị đảng bộ nơi đi xem xét, cấp giấy giới thiệu "
            "và gói hồ sơ mới.",
            field="decision_date",
        )
    if arrival_date < introduced:
        raise PackageError(
            f"Ngày tiếp nhận ({fmt_date(arrival_date)}) trước ngày giấy giới thiệu "
            f"({fmt_date(introduced)}); hãy kiểm tra lại ngày quyết định tiếp nhận.",
            field="decision_date",
        )


def check_package(content: bytes, *, acting_user: Any) -> tuple[Package, Arrival]:
    """What can be checked before the receiving decision is known; no writes."""
    package = read_package(content)
    _check_unused(package, acting_user)
    arrival = arrival_of(package)
    returning = _match_here(arrival, acting_user)
    if returning is not None:
        left = last_event(returning)
        arrival.returning = returning
        arrival.left_on = left.date if left is not None else None
        visible = numbers.can_see(acting_user, numbers.member_holder(returning))
        arrival.differences = differences(returning, arrival, visible=visible)
    return package, arrival


# --- holding an upload for its confirmation ------------------------------------------------


@transaction.atomic
def do_stage_package(
    content: bytes, *, organisation: Organisation, acting_user: Any
) -> StagedPackage:
    """Keep a checked upload server-side, named by its checksum, until it is confirmed.

    The confirmation reads these bytes, not anything sent back by the browser, and checks
    them again in full: a key revoked or a package used meanwhile is refused then.
    """
    check_package(content, acting_user=acting_user)
    digest = sha256(content)
    staged, created = StagedPackage.objects.get_or_create(
        uploaded_by=acting_user,
        sha256=digest,
        defaults={"content": content, "organisation": organisation},
    )
    if not created and staged.organisation_id != organisation.pk:
        staged.organisation = organisation
        staged.save(update_fields=["organisation"])
    audit.record(
        AuditEvent.Action.IMPORT,
        user=acting_user,
        obj=staged,
        after={"tổ chức": organisation.code, "sha256": digest},
        note="Tải lên gói hồ sơ chuyển sinh hoạt, chờ xác nhận tiếp nhận",
    )
    return staged


@dataclass(frozen=True)
class HeldUpload:
    """An upload held for confirmation, as the purge reports it."""

    sha256: str
    uploaded_by: str
    organisation: str
    uploaded_at: dt.datetime


def held_uploads_older_than(days: int) -> list[HeldUpload]:
    """The uploads still waiting for a confirmation after `days` days, oldest first."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    rows = (
        StagedPackage.objects.filter(uploaded_at__lt=cutoff)
        .select_related("uploaded_by", "organisation")
        .order_by("uploaded_at", "id")
    )
    return [
        HeldUpload(
            row.sha256,
            row.uploaded_by.get_username(),
            row.organisation.name,
            row.uploaded_at,
        )
        for row in rows
    ]


@transaction.atomic
def do_purge_held_uploads(days: int, *, acting_user: Any) -> list[HeldUpload]:
    """Remove the uploads never confirmed within `days` days, with one audit row each.

    A held upload is a person's whole file waiting for a clerk who went away; past the
    retention it is deleted, so the installation keeps only the packages it issued or
    received. Running it again removes nothing more (idempotent); an upload removed
    this way is simply uploaded again.
    """
    cutoff = timezone.now() - dt.timedelta(days=days)
    rows = list(
        StagedPackage.objects.select_for_update()
        .filter(uploaded_at__lt=cutoff)
        .select_related("uploaded_by", "organisation")
        .order_by("uploaded_at", "id")
    )
    removed = [
        HeldUpload(
            row.sha256, row.uploaded_by.get_username(), row.organisation.name, row.uploaded_at
        )
        for row in rows
    ]
    for row in rows:
        audit.record(
            AuditEvent.Action.VOID,
            user=acting_user,
            obj=row,
            before={
                "sha256": row.sha256,
                "người tải lên": row.uploaded_by.get_username(),
                "tổ chức": row.organisation.code,
                "uploaded_at": row.uploaded_at.isoformat(),
            },
            note=f"Xóa gói hồ sơ tải lên không được xác nhận sau {days} ngày",
        )
    StagedPackage.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return removed


# --- recording the arrival -----------------------------------------------------------------


@transaction.atomic
def do_receive_package(
    content: bytes,
    *,
    organisation: Organisation,
    decision_number: str,
    decision_date: dt.date,
    acting_user: Any,
) -> Member:
    """Record the member's arrival (TRANSFER_IN) from a package, keeping its history.

    The history the sender recorded is kept as `ReceivedEvent` rows of the package, apart
    from this committee's ledger, so that it shows on the member's page without changing
    any figure here.
    """
    if not clean(decision_number):
        raise DomainError(
            "Hãy ghi số quyết định tiếp nhận của cấp ủy nơi đến.", field="decision_number"
        )
    package, arrival = check_package(content, acting_user=acting_user)
    _check_dates(package, decision_date)
    sender = package.sender
    national_id = arrival.party_file.national_id
    # A returning member's arrival is written on the record they left: the members' own
    # action rebuilds their ledger, and our fields stay as they are (the preview listed
    # where the package differs); the package's history is kept beside it as for anyone.
    member = do_transfer_in(
        None if arrival.returning is not None else arrival.person,
        organisation=organisation,
        external_party=sender["organisation"] or sender["installation"],
        decision=Decision(
            decision_date,
            decision_number,
            decision_date,
            f"Tiếp nhận bằng gói hồ sơ {package.package_id} của «{sender['installation']}».",
        ),
        acting_user=acting_user,
        party_file=None if arrival.returning is not None else arrival.party_file,
        member=arrival.returning,
    )
    if national_id and arrival.returning is None:
        member.national_id = national_id
        try:
            with transaction.atomic():
                member.save(update_fields=["national_id"])
        except IntegrityError:
            holder = numbers.holder_of_national_id(national_id, exclude_member=member.pk)
            if holder is None:
                raise
            raise numbers.national_id_error(
                national_id, holder, acting_user, member.full_name
            ) from None
    try:
        with transaction.atomic():
            received = ReceivedPackage.objects.create(
                package_id=package.package_id,
                sha256=package.sha256,
                content=package.content,
                member=member,
                organisation=organisation,
                sender_installation=sender["installation"],
                sender_organisation=sender["organisation"],
                key_fingerprint=package.trusted.fingerprint,
                trusted=package.trusted,
                received_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
    except IntegrityError:
        # Two clerks confirming the same package at once: the second finds it used.
        raise PackageError(
            f"Gói hồ sơ {package.package_id} vừa được dùng để tiếp nhận; mỗi gói chỉ dùng một "
            "lần. Hãy tìm đồng chí trong danh sách đảng viên.",
            field="package",
        ) from None
    ReceivedEvent.objects.bulk_create(
        ReceivedEvent(
            package=received,
            position=i,
            kind=row["kind"],
            kind_label=row.get("kind_label") or "",
            date=dt.date.fromisoformat(row["date"]),
            organisation=row.get("organisation") or "",
            from_organisation=row.get("from_organisation") or "",
            external_party=row.get("external_party") or "",
            decision_number=row.get("decision_number") or "",
            decision_date=dt.date.fromisoformat(row["decision_date"])
            if row.get("decision_date")
            else None,
            details=row.get("details") or {},
            note=row.get("note") or "",
        )
        for i, row in enumerate(package.history, start=1)
    )
    audit.record(
        AuditEvent.Action.IMPORT,
        user=acting_user,
        obj=received,
        after={
            "member_id": member.pk,
            "tổ chức": organisation.code,
            "đảng bộ nơi đi": sender["organisation"],
            "hệ thống gửi": sender["installation"],
            "số biến động do nơi đi ghi": len(package.history),
            "trở lại hồ sơ đã có": arrival.returning is not None,
            "sha256": package.sha256,
        },
        note=f"Nhận gói hồ sơ chuyển sinh hoạt {package.package_id}",
    )
    if arrival.photo is not None and not member.photo.name:
        # Never in place of a photo a returning member's record already has. Last, so
        # that no file is stored for an arrival refused on the way; through the members'
        # own action, which checks the photo again and audits it.
        content, ext = arrival.photo
        member = do_set_member_photo(
            member, ContentFile(content, name=f"photo.{ext}"), acting_user=acting_user
        )
    # Every user's held copy of this file is spent: the package is used.
    StagedPackage.objects.filter(sha256=package.sha256).delete()
    return member


# --- trusted installations -------------------------------------------------------------------


def _require_administrator(acting_user: Any) -> None:
    # None: the operator at the server's console (a management command).
    if acting_user is not None and not getattr(acting_user, "is_superuser", False):
        raise DomainError("Chỉ quản trị viên mới được thay đổi danh sách khóa tin cậy.")


@transaction.atomic
def do_trust_installation(name: str, public_key: str, *, acting_user: Any) -> TrustedInstallation:
    """Trust another installation's key, after the administrator checked its fingerprint."""
    _require_administrator(acting_user)
    name = clean(name)
    if not name:
        raise DomainError(
            "Hãy ghi tên hệ thống, đảng bộ gửi hồ sơ (như họ tự giới thiệu).", field="name"
        )
    key = keys.parse_public_key(public_key)
    fingerprint = keys.fingerprint(key)
    existing = TrustedInstallation.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        state = (
            "đã bị thu hồi; khóa đã thu hồi không được tin lại, nơi gửi phải tạo khóa mới"
            if existing.is_revoked
            else "đang được tin cậy, không cần thêm lại"
        )
        raise DomainError(
            f"Khóa có dấu vân tay {keys.grouped(fingerprint)} đã có trong danh sách với tên "
            f"«{existing.name}» và {state}.",
            field="public_key",
        )
    trusted = TrustedInstallation.objects.create(
        name=name,
        public_key=keys.public_key_b64(key),
        fingerprint=fingerprint,
        added_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit.record(
        AuditEvent.Action.SECURITY,
        user=acting_user,
        obj=trusted,
        after={"name": trusted.name, "fingerprint": fingerprint},
        note=f"Tin cậy khóa ký gói hồ sơ của «{trusted.name}»",
    )
    return trusted


@transaction.atomic
def do_revoke_installation(trusted: TrustedInstallation, *, acting_user: Any) -> None:
    """Stop accepting packages signed by this key from now on (those received stay)."""
    _require_administrator(acting_user)
    trusted = TrustedInstallation.objects.select_for_update().get(pk=trusted.pk)
    if trusted.is_revoked:
        raise DomainError(f"Khóa của «{trusted.name}» đã được thu hồi trước đó.")
    trusted.revoked_at = timezone.now()
    trusted.revoked_by = acting_user if getattr(acting_user, "pk", None) else None
    trusted.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        AuditEvent.Action.SECURITY,
        user=acting_user,
        obj=trusted,
        before={"revoked_at": None},
        after={"revoked_at": trusted.revoked_at.isoformat()},
        note=f"Thu hồi khóa ký gói hồ sơ của «{trusted.name}»",
    )
