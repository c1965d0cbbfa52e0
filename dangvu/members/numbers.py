"""Who already holds an identity (CCCD) or party card number, said the way a clerk needs it.

One person has one identity number, and one card number is issued once. When a form or
an import row brings a number that another record holds, the refusal names that record
(name and organisation) if the user may see it, and otherwise says only that it belongs to
someone outside their scope: the message must not become a way to probe other subtrees.

The database also refuses a duplicate (partial unique constraints), for the race of two
saves at once; `holder_of_identity` and `holder_of_card` are then asked again, so the user
reads the same sentence, never the database's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dangvu.core.errors import DomainError
from dangvu.lib.text import clean


@dataclass(frozen=True)
class Holder:
    """A record that holds a number: enough to name it to someone who may see it."""

    full_name: str
    birth_date: dt.date | None
    organisation_id: int | None
    organisation_name: str
    candidate: bool = False  # an admission candidate's record, not a member's
    pk: int | None = None


def member_holder(member: Any) -> Holder:
    org = member.organisation if member.organisation_id else None
    return Holder(
        member.full_name,
        member.birth_date,
        member.organisation_id,
        org.name if org is not None else "",
        pk=member.pk,
    )


def candidate_holder(candidate: Any) -> Holder:
    return Holder(
        candidate.full_name,
        candidate.birth_date,
        candidate.organisation_id,
        candidate.organisation.name,
        candidate=True,
        pk=candidate.pk,
    )


def holder_of_identity(ident: str, *, exclude_member: int | None = None) -> Holder | None:
    """The member record (other than `exclude_member`) whose identity number is `ident`."""
    from dangvu.members.models import Member

    if not ident:
        return None
    member = (
        Member.objects.select_related("organisation")
        .filter(identity_number=ident)
        .exclude(pk=exclude_member)
        .first()
    )
    return member_holder(member) if member is not None else None


def holder_of_card(number: str, *, exclude_member: int | None = None) -> Holder | None:
    from dangvu.members.models import Member

    if not number:
        return None
    member = (
        Member.objects.select_related("organisation")
        .filter(card_number=number)
        .exclude(pk=exclude_member)
        .first()
    )
    return member_holder(member) if member is not None else None


def holder_of_national_id(number: str, *, exclude_member: int | None = None) -> Holder | None:
    """The member record (other than `exclude_member`) whose national identifier is `number`."""
    from dangvu.members.models import Member

    if not number:
        return None
    member = (
        Member.objects.select_related("organisation")
        .filter(national_id=number)
        .exclude(pk=exclude_member)
        .first()
    )
    return member_holder(member) if member is not None else None


def can_see(user: Any, holder: Holder) -> bool:
    """Whether `user` may read the holder's record (no user: a command run by the operator)."""
    from dangvu.accounts.scoping import visible_organisations

    if user is None or getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False) or holder.organisation_id is None:
        return False
    return visible_organisations(user).filter(pk=holder.organisation_id).exists()


def describe(holder: Holder, visible: bool) -> str:
    """«đồng chí X (Chi bộ Y)», or who it is without a name when out of the user's scope."""
    if not visible:
        if holder.candidate:
            return "một quần chúng ưu tú ngoài phạm vi quản lý của bạn"
        return "một đảng viên ngoài phạm vi quản lý của bạn"
    born = f"sinh {holder.birth_date:%d/%m/%Y}" if holder.birth_date else ""
    where = ", ".join(part for part in (born, holder.organisation_name) if part)
    who = "quần chúng ưu tú" if holder.candidate else "đồng chí"
    return f"{who} {holder.full_name}" + (f" ({where})" if where else "")


def identity_message(ident: str, holder: Holder, visible: bool) -> str:
    if not visible:
        return f"Số CCCD {ident} thuộc {describe(holder, False)}; mỗi người chỉ có một số CCCD."
    return (
        f"Số CCCD {ident} đã có trong hồ sơ của {describe(holder, True)}; mỗi người chỉ có "
        "một số CCCD. Hãy kiểm tra lại số đã nhập, hoặc mở hồ sơ đã có thay vì tạo hồ sơ mới."
    )


def card_message(number: str, holder: Holder, visible: bool) -> str:
    return (
        f"Số thẻ đảng viên {number} đã cấp cho {describe(holder, visible)}; mỗi số thẻ chỉ "
        "cấp cho một người. Hãy kiểm tra lại số đã nhập."
    )


def national_id_message(number: str, holder: Holder, visible: bool, this_name: str = "") -> str:
    """A national identifier (mã đảng viên) already on another record: name both."""
    this = f"; hồ sơ của đồng chí {clean(this_name)} không thể mang cùng mã" if this_name else ""
    return (
        f"Mã đảng viên (số lý lịch) {number} đã có trong hồ sơ của {describe(holder, visible)}"
        f"{this}: mỗi đảng viên chỉ có một mã. Hãy kiểm tra lại mã đã nhập."
    )


def national_id_error(number: str, holder: Holder, user: Any, this_name: str = "") -> DomainError:
    return DomainError(
        national_id_message(number, holder, can_see(user, holder), this_name), "national_id"
    )


def identity_error(ident: str, holder: Holder, user: Any) -> DomainError:
    return DomainError(identity_message(ident, holder, can_see(user, holder)), "identity_number")


def card_error(number: str, holder: Holder, user: Any) -> DomainError:
    return DomainError(card_message(number, holder, can_see(user, holder)), "card_number")


def same_name(a: str, b: str) -> bool:
    """The same name as written: case, Unicode form and spacing aside, accents count.

    «Nguyễn Văn An» and «Nguyễn Văn Ân» are two people; «NGUYỄN VĂN AN» is the same one.
    """
    return clean(a).casefold() == clean(b).casefold()


# The card's constraint, to tell which number a refused save collided on.
CARD_CONSTRAINTS = ("member_card_unique_when_present",)


def collided_on(error: Exception) -> str:
    """'card' or 'identity': which unique number an IntegrityError speaks of.

    PostgreSQL names the constraint; SQLite names the column. Identity is the default: it
    is the number most often typed twice.
    """
    text = str(error)
    if any(name in text for name in CARD_CONSTRAINTS) or "card_number" in text:
        return "card"
    if "national_id" in text:
        return "national_id"
    return "identity"


def differs(holder: Holder, full_name: str, birth_date: dt.date | None) -> bool:
    """Whether a row's name or birth date disagrees with the record holding its number."""
    if not same_name(holder.full_name, full_name):
        return True
    return (
        birth_date is not None
        and holder.birth_date is not None
        and (holder.birth_date != birth_date)
    )


def mismatch_message(
    ident: str, holder: Holder, visible: bool, full_name: str, birth_date: dt.date | None
) -> str:
    """A row whose identity number is on another person's record: name both people."""
    born = f", sinh {birth_date:%d/%m/%Y}" if birth_date else ""
    this_row = f"dòng này ghi {clean(full_name)}{born}"
    if not visible:
        return (
            f"Số CCCD {ident} thuộc {describe(holder, False)}, còn {this_row}. "
            "Hãy kiểm tra lại số CCCD."
        )
    return (
        f"Số CCCD {ident} là của {describe(holder, True)}, còn {this_row}: hai người khác "
        "nhau không thể cùng một số CCCD. Hãy sửa số CCCD, hoặc họ tên và ngày sinh cho "
        "đúng với hồ sơ."
    )


def row_mismatch(
    ident: str, member: Any, full_name: str, birth_date: dt.date | None, user: Any
) -> str | None:
    """For an import row that finds `member` by identity number: the refusal if the row's
    name or birth date is another person's, else None."""
    holder = member_holder(member)
    if not differs(holder, full_name, birth_date):
        return None
    return mismatch_message(ident, holder, can_see(user, holder), full_name, birth_date)
