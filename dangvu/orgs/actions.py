"""Restructuring of the organisation tree: one `do_*` function per kind of decision.

Every action validates everything before it writes, then writes inside one transaction:
it records the `Restructuring`, closes the versions in force on the effective date and
opens new ones (cascading new paths to descendants when a parent changes), moves members
through the registered hooks, and refreshes the denormalised fields of `Organisation`.
A refused change raises `DomainError` with a Vietnamese message and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import FOREVER, today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.lib.text import clean, clean_paragraphs, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs import hooks
from dangvu.orgs.kinds import OrgKind, UnitType
from dangvu.orgs.models import (
    Organisation,
    OrganisationVersion,
    Restructuring,
    RestructuringOrganisation,
    subtree_range,
)
from dangvu.orgs.queries import children_at, valid_on, version_at
from dangvu.orgs.rules import allowed_parent_kinds

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
Role = RestructuringOrganisation.Role


@dataclass(frozen=True)
class Decision:
    """The decision behind a restructuring."""

    effective_date: dt.date
    number: str = ""
    date: dt.date | None = None
    reason: str = ""


@dataclass
class NewOrganisation:
    """An organisation that a merge or split creates."""

    code: str
    name: str
    kind: str
    parent: Organisation | None = None
    children: list[Organisation] = field(default_factory=list)
    member_ids: list[int] | None = None


# --- validation helpers -------------------------------------------------------------


def normalise_code(code: str) -> str:
    value = clean(code).upper()
    if not CODE_RE.match(value):
        raise DomainError(
            "Mã tổ chức chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (tối đa 40 ký tự), "
            f"ví dụ «DBK.CB01»; «{clean(code)}» không hợp lệ.",
            field="code",
        )
    return value


def _check_code_free(code: str) -> None:
    if Organisation.objects.filter(code=code).exists():
        raise DomainError(f"Mã tổ chức «{code}» đã được dùng; hãy chọn mã khác.", field="code")


def _check_name(name: str) -> str:
    value = clean(name)
    if not value:
        raise DomainError("Hãy nhập tên tổ chức.", field="name")
    if len(value) > 255:
        raise DomainError("Tên tổ chức dài quá 255 ký tự.", field="name")
    return value


def _check_decision(decision: Decision) -> None:
    if decision.effective_date > today():
        raise DomainError(
            f"Ngày hiệu lực {fmt_date(decision.effective_date)} là ngày trong tương lai; "
            "chỉ ghi những thay đổi đã có hiệu lực.",
            field="effective_date",
        )
    if decision.date is not None and decision.date > today():
        raise DomainError(
            f"Ngày quyết định {fmt_date(decision.date)} là ngày trong tương lai.",
            field="decision_date",
        )
    if len(clean(decision.number)) > 60:
        raise DomainError("Số quyết định dài quá 60 ký tự.", field="decision_number")


def _current(org: Organisation, day: dt.date, what: str = "field") -> OrganisationVersion:
    """The version of `org` in force on `day`, or a message saying why there is none."""
    version = version_at(org, day)
    if version is not None:
        return version
    if day < org.founded_on:
        raise DomainError(
            f"«{org.name}» chưa được thành lập vào ngày {fmt_date(day)} "
            f"(thành lập ngày {fmt_date(org.founded_on)}).",
            field="effective_date",
        )
    ended = fmt_date(org.ended_on) if org.ended_on else ""
    raise DomainError(
        f"«{org.name}» đã kết thúc hoạt động từ ngày {ended}; không thể thay đổi tổ chức này.",
        field=what,
    )


def _check_not_before_last_change(versions: list[OrganisationVersion], day: dt.date) -> None:
    """History is appended, never rewritten: no change may precede a later recorded one."""
    ids = [v.organisation_id for v in versions]
    later = (
        OrganisationVersion.objects.filter(organisation_id__in=ids, valid_from__gt=day)
        .select_related("organisation")
        .order_by("-valid_from")
        .first()
    )
    if later is not None:
        raise DomainError(
            f"«{later.organisation.name}» đã có thay đổi ngày {fmt_date(later.valid_from)}, "
            f"sau ngày hiệu lực {fmt_date(day)}. Chỉ ghi được thay đổi từ ngày "
            f"{fmt_date(later.valid_from)} trở đi.",
            field="effective_date",
        )


def _check_parent(kind: str, parent: OrganisationVersion | None, day: dt.date) -> None:
    allowed = allowed_parent_kinds(kind, day)
    label = OrgKind(kind).label.lower()
    if parent is None:
        if "" not in allowed:
            raise DomainError(f"Một {label} phải trực thuộc một tổ chức cấp trên.", field="parent")
        return
    if parent.kind not in allowed:
        names = ", ".join(OrgKind(k).label.lower() for k in allowed if k) or "không có"
        raise DomainError(
            f"{OrgKind(kind).label} không thể trực thuộc «{parent.name}» "
            f"({parent.kind_label.lower()}); cấp trên được phép: {names}.",
            field="parent",
        )


def _subtree_versions(version: OrganisationVersion, day: dt.date) -> list[OrganisationVersion]:
    low, high = subtree_range(version.path)
    return list(
        OrganisationVersion.objects.filter(path__gte=low, path__lt=high, **valid_on(day))
        .select_related("organisation")
        .order_by("path")
    )


def _lock(*orgs: Organisation | None) -> None:
    """Serialise concurrent restructurings of the same organisations (PostgreSQL)."""
    ids = sorted({o.pk for o in orgs if o is not None and o.pk})
    if ids:
        list(Organisation.objects.select_for_update().filter(pk__in=ids).values_list("pk"))


# --- what a decision page showed -----------------------------------------------------

# The organisation's own fields a decision page shows, stamped with its latest version so
# that a decision recorded by someone else after the page was opened is refused.
ORG_STAMPED = ["name", "parent", "unit_type", "ended_on"]


def _latest_version(org: Organisation) -> OrganisationVersion | None:
    """The version recorded last (a decision opens one, or closes the last one)."""
    return (
        OrganisationVersion.objects.filter(organisation=org)
        .select_related("opened_by__recorded_by", "closed_by__recorded_by")
        .order_by("-id")
        .first()
    )


def version_seen(org: Organisation) -> dict[str, Any]:
    """The state of `org`'s history a page stamps: its latest version and what closed it."""
    version = _latest_version(org)
    return {
        "version": version.pk if version is not None else None,
        "closed_by": version.closed_by_id if version is not None else None,
    }


def check_seen(org: Organisation, seen: str | concurrency.Stamp) -> None:
    """Lock `org` and refuse with `EditConflict` if anything was recorded about it since the
    page stamped `seen`: a decision names what the other clerk recorded (its kind, number,
    dates, who and when) against what this clerk saw; any other change, field by field.

    Call it inside the transaction that then records the decision.
    """
    _lock(org)
    org.refresh_from_db()
    stamp = concurrency.read(seen, org, ORG_STAMPED)
    if stamp.extra == version_seen(org):
        concurrency.check(org, stamp, ORG_STAMPED)
        return
    version = _latest_version(org)
    assert version is not None  # an organisation is created with its first version
    decision = version.closed_by if version.closed_by_id else version.opened_by
    parts, moment, by = _recorded(decision)
    parent_id = stamp.values.get("parent")
    parent = Organisation.objects.filter(pk=parent_id).first() if parent_id else None
    saw = f"tên «{stamp.values.get('name')}»" + (
        f", trực thuộc «{parent.name}»" if parent is not None else ""
    )
    now = f"tên «{org.name}»" + (f", trực thuộc «{org.parent.name}»" if org.parent else "")
    if org.ended_on:
        now += f", kết thúc hoạt động từ {fmt_date(org.ended_on)}"
    raise EditConflict(
        f"«{org.name}» đã có quyết định được ghi sau khi bạn mở trang "
        f"(lúc {moment:%H:%M %d/%m/%Y}{by}): {', '.join(parts)}. "
        f"Lúc bạn mở trang: {saw}; nay: {now}. Hãy xem lại: nếu quyết định của bạn vẫn "
        "đúng với tình trạng mới, bấm Ghi lần nữa.",
        fields=["version"],
    )


def _recorded(decision: Restructuring) -> tuple[list[str], dt.datetime, str]:
    """A decision as a refusal names it: its words, number, dates; when and by whom."""
    # The summary says the change in words («Đổi tên X thành Y»); the kind when it has none.
    parts = [decision.summary or decision.get_kind_display()]
    if decision.decision_number:
        parts.append(f"quyết định số {decision.decision_number}")
    if decision.decision_date:
        parts.append(f"ngày {fmt_date(decision.decision_date)}")
    parts.append(f"hiệu lực từ {fmt_date(decision.effective_date)}")
    moment = timezone.localtime(decision.recorded_at, concurrency.LOCAL)
    who = decision.recorded_by
    by = f", bởi {who.get_full_name() or who.get_username()}" if who is not None else ""
    return parts, moment, by


def check_others_unchanged(orgs: Iterable[Organisation | None], since: dt.datetime) -> None:
    """Lock the other organisations a decision names (a merge's other sources, the one that
    takes them in) and refuse with `EditConflict` when a decision about one of them was
    recorded after `since`, the moment the page was shown.

    The page stamps only its own organisation (`check_seen`): the others are chosen on it,
    so what the clerk knew of them is what stood when the page was opened. Call it inside
    the transaction that then records the decision.
    """
    others = [org for org in orgs if org is not None]
    if not others:
        return
    _lock(*others)
    for org in others:
        org.refresh_from_db()
        version = _latest_version(org)
        decision = None
        if version is not None:
            decision = version.closed_by if version.closed_by_id else version.opened_by
        if decision is None or decision.recorded_at <= since:
            continue
        parts, moment, by = _recorded(decision)
        raise EditConflict(
            f"«{org.name}», tổ chức bạn chọn trong quyết định này, đã có quyết định được ghi "
            f"sau khi bạn mở trang (lúc {moment:%H:%M %d/%m/%Y}{by}): {', '.join(parts)}. "
            "Hãy xem lại: nếu quyết định của bạn vẫn đúng với tình trạng mới, bấm Ghi lần nữa.",
            fields=["version"],
        )


# --- writing helpers ----------------------------------------------------------------


def _new_restructuring(kind: str, decision: Decision, summary: str, user: Any) -> Restructuring:
    return Restructuring.objects.create(
        kind=kind,
        effective_date=decision.effective_date,
        decision_number=clean(decision.number),
        decision_date=decision.date,
        reason=clean_paragraphs(decision.reason),
        summary=summary[:500],
        recorded_by=user if getattr(user, "pk", None) else None,
    )


def _sync_org(org: Organisation, version: OrganisationVersion) -> None:
    org.name = version.name
    org.search_key = search_key(version.name)
    org.kind = version.kind
    org.parent_id = version.parent_id
    org.path = version.path
    org.save(update_fields=["name", "search_key", "kind", "parent", "path"])


def _reopen(
    version: OrganisationVersion,
    day: dt.date,
    restructuring: Restructuring,
    **changes: Any,
) -> OrganisationVersion:
    """Close `version` on `day` and open its successor with `changes`."""
    version.valid_to = day
    version.closed_by = restructuring
    version.save(update_fields=["valid_to", "closed_by"])
    successor = OrganisationVersion(
        organisation_id=version.organisation_id,
        name=version.name,
        kind=version.kind,
        parent_id=version.parent_id,
        parent_kind=version.parent_kind,
        path=version.path,
        depth=version.depth,
        valid_from=day,
        valid_to=FOREVER,
        opened_by=restructuring,
    )
    for key, value in changes.items():
        setattr(successor, key, value)
    successor.save()
    return successor


def _relocate(
    version: OrganisationVersion,
    new_parent: OrganisationVersion | None,
    day: dt.date,
    restructuring: Restructuring,
    acting_user: Any,
    **changes: Any,
) -> OrganisationVersion:
    """Re-open `version` under `new_parent` and re-path every descendant on `day`."""
    old_path = version.path
    org_id = version.organisation_id
    new_path = f"{new_parent.path if new_parent else '/'}{org_id}/"
    descendants = [v for v in _subtree_versions(version, day) if v.pk != version.pk]
    moved = _reopen(
        version,
        day,
        restructuring,
        parent_id=new_parent.organisation_id if new_parent else None,
        parent_kind=new_parent.kind if new_parent else "",
        path=new_path,
        depth=new_path.count("/") - 1,
        **changes,
    )
    for child in descendants:
        child_path = new_path + child.path[len(old_path) :]
        extra = {"parent_kind": moved.kind} if child.parent_id == org_id else {}
        reopened = _reopen(
            child, day, restructuring, path=child_path, depth=child_path.count("/") - 1, **extra
        )
        _sync_org(child.organisation, reopened)
    # The members of the whole subtree now stand elsewhere in the tree: record their moves.
    orgs = [version.organisation, *(child.organisation for child in descendants)]
    hooks.relocate_members(orgs, day, restructuring, acting_user)
    return moved


def _close(
    version: OrganisationVersion, day: dt.date, restructuring: Restructuring, end_kind: str
) -> None:
    version.valid_to = day
    version.closed_by = restructuring
    version.save(update_fields=["valid_to", "closed_by"])
    org = version.organisation
    org.ended_on = day
    org.end_kind = end_kind
    org.save(update_fields=["ended_on", "end_kind"])


def _part(
    restructuring: Restructuring,
    org: Organisation,
    role: str,
    before: OrganisationVersion | None,
    after: OrganisationVersion | None,
) -> None:
    RestructuringOrganisation.objects.create(
        restructuring=restructuring,
        organisation=org,
        role=role,
        kind_before=before.kind if before else "",
        kind_after=after.kind if after else "",
        path_before=before.path if before else "",
        path_after=after.path if after else "",
    )
    audit.record(
        audit.CREATE if role == Role.CREATED else audit.UPDATE,
        user=restructuring.recorded_by,
        obj=org,
        before=_version_data(before),
        after=_version_data(after),
        note=f"{restructuring.get_kind_display()}: {restructuring.summary}",
    )


def _version_data(version: OrganisationVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "tên": version.name,
        "loại": version.kind_label,
        "trực thuộc": version.parent.code if version.parent_id else None,
    }


def _create(
    spec: NewOrganisation, day: dt.date, restructuring: Restructuring, *, unit_type: str = ""
) -> tuple[Organisation, OrganisationVersion]:
    parent_version = _current(spec.parent, day, "parent") if spec.parent else None
    org = Organisation.objects.create(
        code=spec.code,
        name=spec.name,
        search_key=search_key(spec.name),
        kind=spec.kind,
        parent=spec.parent,
        path="",
        founded_on=day,
        unit_type=unit_type,
    )
    path = f"{parent_version.path if parent_version else '/'}{org.pk}/"
    version = OrganisationVersion.objects.create(
        organisation=org,
        name=spec.name,
        kind=spec.kind,
        parent=spec.parent,
        parent_kind=parent_version.kind if parent_version else "",
        path=path,
        depth=path.count("/") - 1,
        valid_from=day,
        opened_by=restructuring,
    )
    org.path = path
    org.save(update_fields=["path"])
    return org, version


def _validate_new(spec: NewOrganisation, day: dt.date, codes_taken: set[str]) -> NewOrganisation:
    code = normalise_code(spec.code)
    if code in codes_taken:
        raise DomainError(f"Mã tổ chức «{code}» bị trùng trong cùng quyết định.", field="code")
    _check_code_free(code)
    codes_taken.add(code)
    try:
        kind = OrgKind(spec.kind)
    except ValueError:
        raise DomainError(
            f"Loại tổ chức «{spec.kind}» không có trong danh mục.", field="kind"
        ) from None
    parent_version = _current(spec.parent, day, "parent") if spec.parent else None
    _check_parent(kind, parent_version, day)
    return NewOrganisation(
        code=code,
        name=_check_name(spec.name),
        kind=kind,
        parent=spec.parent,
        children=spec.children,
        member_ids=spec.member_ids,
    )


# --- the actions --------------------------------------------------------------------


@transaction.atomic
def do_create_organisation(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None,
    decision: Decision,
    acting_user: Any,
    unit_type: str = "",
) -> Organisation:
    """Found a new organisation under `parent` (or a new root) on the effective date."""
    _check_decision(decision)
    day = decision.effective_date
    _lock(parent)
    spec = _validate_new(NewOrganisation(code, name, kind, parent), day, set())
    unit_type = check_unit_type(unit_type)
    restructuring = _new_restructuring(
        Restructuring.Kind.CREATE, decision, f"Thành lập {spec.name}", acting_user
    )
    org, version = _create(spec, day, restructuring, unit_type=unit_type)
    _part(restructuring, org, Role.CREATED, None, version)
    return org


def check_unit_type(unit_type: str) -> str:
    """`unit_type` if it is one of `UnitType` (or blank), else a refusal naming the list."""
    unit_type = (unit_type or "").strip()
    if unit_type and unit_type not in UnitType.values:
        allowed = "; ".join(UnitType.labels)
        raise DomainError(
            f"Loại hình đơn vị «{unit_type}» không có trong danh mục ({allowed}).",
            field="unit_type",
        )
    return unit_type


@transaction.atomic
def do_set_unit_type(org: Organisation, *, unit_type: str, acting_user: Any) -> Organisation:
    """Record or correct the kind of unit the organisation stands in (audited; the same
    kind again writes nothing)."""
    unit_type = check_unit_type(unit_type)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        raise DomainError(
            f"{org.name} đã kết thúc hoạt động từ {org.ended_on:%d/%m/%Y}; "
            "không sửa loại hình đơn vị.",
            field="unit_type",
        )
    if unit_type == org.unit_type:
        return org  # the form sent back as shown: nothing to record
    before = org.get_unit_type_display() or "(chưa ghi)"
    org.unit_type = unit_type
    org.save(update_fields=["unit_type"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=org,
        before={"loại hình đơn vị": before},
        after={"loại hình đơn vị": org.get_unit_type_display() or "(chưa ghi)"},
        note="Ghi loại hình đơn vị",
    )
    return org


@transaction.atomic
def do_rename_organisation(
    org: Organisation, *, new_name: str, decision: Decision, acting_user: Any
) -> Organisation:
    _check_decision(decision)
    day = decision.effective_date
    _lock(org)
    name = _check_name(new_name)
    version = _current(org, day)
    if name == version.name:
        raise DomainError("Tên mới trùng với tên hiện tại.", field="new_name")
    _check_not_before_last_change([version], day)
    restructuring = _new_restructuring(
        Restructuring.Kind.RENAME, decision, f"Đổi tên {version.name} thành {name}", acting_user
    )
    successor = _reopen(version, day, restructuring, name=name)
    _part(restructuring, org, Role.SUBJECT, version, successor)
    _sync_org(org, successor)
    return org


@transaction.atomic
def do_move_organisation(
    org: Organisation, *, new_parent: Organisation, decision: Decision, acting_user: Any
) -> Organisation:
    """Put `org` (with its whole subtree and members) under another parent."""
    _check_decision(decision)
    day = decision.effective_date
    _lock(org, new_parent)
    version = _current(org, day)
    parent_version = _current(new_parent, day, "new_parent")
    if new_parent.pk == org.pk or parent_version.path.startswith(version.path):
        raise DomainError(
            f"Không thể chuyển «{version.name}» vào chính nó hoặc một tổ chức trực thuộc nó.",
            field="new_parent",
        )
    if version.parent_id == new_parent.pk:
        raise DomainError(
            f"«{version.name}» đã trực thuộc «{parent_version.name}».", field="new_parent"
        )
    _check_parent(version.kind, parent_version, day)
    subtree = _subtree_versions(version, day)
    _check_not_before_last_change([*subtree, parent_version], day)
    restructuring = _new_restructuring(
        Restructuring.Kind.MOVE,
        decision,
        f"Chuyển {version.name} về trực thuộc {parent_version.name}",
        acting_user,
    )
    moved = _relocate(version, parent_version, day, restructuring, acting_user)
    _part(restructuring, org, Role.SUBJECT, version, moved)
    _part(restructuring, new_parent, Role.TARGET, parent_version, parent_version)
    _sync_org(org, moved)
    return org


@transaction.atomic
def do_convert_organisation(
    org: Organisation,
    *,
    new_kind: str,
    decision: Decision,
    acting_user: Any,
    new_parent: Organisation | None = None,
    absorb_children: bool = False,
) -> Organisation:
    """Change an organisation's kind (e.g. a grassroots cell becomes a grassroots committee).

    With a new parent the organisation also moves (a cell of a grassroots committee that
    becomes a grassroots committee of the bloc). Children that the new kind may not hold
    are refused, unless `absorb_children`: then they end on the same day and their members
    join the converted organisation.
    """
    _check_decision(decision)
    day = decision.effective_date
    _lock(org, new_parent)
    version = _current(org, day)
    try:
        kind = OrgKind(new_kind)
    except ValueError:
        raise DomainError(
            f"Loại tổ chức «{new_kind}» không có trong danh mục.", field="new_kind"
        ) from None
    if kind == version.kind:
        raise DomainError(f"«{version.name}» đã là {version.kind_label.lower()}.", field="new_kind")
    if new_parent is not None and new_parent.pk != version.parent_id:
        parent_version: OrganisationVersion | None = _current(new_parent, day, "new_parent")
        assert parent_version is not None
        if new_parent.pk == org.pk or parent_version.path.startswith(version.path):
            raise DomainError(
                "Không thể đặt tổ chức trực thuộc chính nó hoặc một tổ chức trực thuộc nó.",
                field="new_parent",
            )
    else:
        parent_version = _current(version.parent, day, "new_parent") if version.parent_id else None
    _check_parent(kind, parent_version, day)
    children = list(children_at(org, day))
    misfits = [c for c in children if kind not in allowed_parent_kinds(c.kind, day)]
    if misfits and not absorb_children:
        names = ", ".join(f"«{c.name}»" for c in misfits[:5])
        raise DomainError(
            f"{kind.label} không thể có {misfits[0].kind_label.lower()} trực thuộc ({names}"
            f"{'…' if len(misfits) > 5 else ''}). Hãy chuyển hoặc giải thể các tổ chức này "
            "trước, hoặc chọn «nhập các tổ chức trực thuộc vào tổ chức này».",
            field="new_kind",
        )
    absorbed_subtrees = [_subtree_versions(c, day) for c in misfits]
    for sub in absorbed_subtrees:
        if len(sub) > 1:
            raise DomainError(
                f"«{sub[0].name}» còn tổ chức trực thuộc; hãy xử lý các tổ chức đó trước.",
                field="new_kind",
            )
    subtree = _subtree_versions(version, day)
    _check_not_before_last_change([*subtree, *([parent_version] if parent_version else [])], day)
    restructuring = _new_restructuring(
        Restructuring.Kind.CONVERT,
        decision,
        f"Chuyển {version.name} từ {version.kind_label.lower()} thành {kind.label.lower()}",
        acting_user,
    )
    for sub in absorbed_subtrees:
        child = sub[0]
        hooks.move_all_members(child.organisation, org, day, restructuring, acting_user)
        _part(restructuring, child.organisation, Role.SOURCE, child, None)
        _close(child, day, restructuring, Organisation.EndKind.MERGED)
    if parent_version is not None and parent_version.organisation_id != version.parent_id:
        converted = _relocate(version, parent_version, day, restructuring, acting_user, kind=kind)
    else:
        converted = _reopen(version, day, restructuring, kind=kind)
        for child in children_at(org, day):
            if child.valid_from == day and child.opened_by_id == restructuring.pk:
                continue
            _reopen(child, day, restructuring, parent_kind=kind)
    _part(restructuring, org, Role.SUBJECT, version, converted)
    _sync_org(org, converted)
    return org


@transaction.atomic
def do_merge_organisations(
    sources: list[Organisation],
    *,
    decision: Decision,
    acting_user: Any,
    target: Organisation | None = None,
    new: NewOrganisation | None = None,
) -> Organisation:
    """Merge `sources` into an existing `target` or into a `new` organisation.

    Children of the sources move under the target, their members join it, and the
    sources end on the effective date.
    """
    _check_decision(decision)
    day = decision.effective_date
    if (target is None) == (new is None):
        raise DomainError("Hãy chọn tổ chức tiếp nhận hoặc khai báo tổ chức mới.", field="target")
    unique_sources = {s.pk: s for s in sources}
    if not unique_sources:
        raise DomainError("Hãy chọn ít nhất một tổ chức được sáp nhập.", field="sources")
    if len(unique_sources) != len(sources):
        raise DomainError("Một tổ chức được chọn hai lần.", field="sources")
    _lock(*sources, target)
    source_versions = [_current(s, day, "sources") for s in sources]
    if target is not None:
        if target.pk in unique_sources:
            raise DomainError(f"Không thể sáp nhập «{target.name}» vào chính nó.", field="target")
        target_version: OrganisationVersion | None = _current(target, day, "target")
        assert target_version is not None
        for sv in source_versions:
            if target_version.path.startswith(sv.path):
                raise DomainError(
                    f"«{target_version.name}» trực thuộc «{sv.name}», nên không thể tiếp nhận "
                    "tổ chức này.",
                    field="target",
                )
        target_kind = target_version.kind
        spec = None
    else:
        assert new is not None
        if new.parent is not None and new.parent.pk in unique_sources:
            raise DomainError(
                "Tổ chức mới không thể trực thuộc một tổ chức bị sáp nhập.", field="parent"
            )
        spec = _validate_new(new, day, set())
        target_version = None
        target_kind = spec.kind
    for sv in source_versions:
        others = [o for o in source_versions if o.pk != sv.pk]
        for other in others:
            if sv.path.startswith(other.path):
                raise DomainError(
                    f"«{sv.name}» trực thuộc «{other.name}»; chỉ chọn tổ chức cấp cao hơn.",
                    field="sources",
                )
    children = [c for s in sources for c in children_at(s, day)]
    for child in children:
        if target_kind not in allowed_parent_kinds(child.kind, day):
            raise DomainError(
                f"«{child.name}» ({child.kind_label.lower()}) không thể trực thuộc "
                f"{OrgKind(target_kind).label.lower()}; hãy chuyển tổ chức này trước.",
                field="target",
            )
    subtrees = [v for sv in source_versions for v in _subtree_versions(sv, day)]
    _check_not_before_last_change([*subtrees, *([target_version] if target_version else [])], day)
    names = ", ".join(sv.name for sv in source_versions)
    into = target_version.name if target_version else spec.name  # type: ignore[union-attr]
    restructuring = _new_restructuring(
        Restructuring.Kind.MERGE, decision, f"Sáp nhập {names} vào {into}", acting_user
    )
    if target_version is None:
        assert spec is not None
        target, target_version = _create(spec, day, restructuring)
        _part(restructuring, target, Role.CREATED, None, target_version)
    else:
        _part(restructuring, target, Role.TARGET, target_version, target_version)
    assert target is not None
    for sv in source_versions:
        for child in children_at(sv.organisation, day):
            moved = _relocate(child, target_version, day, restructuring, acting_user)
            _sync_org(child.organisation, moved)
        hooks.move_all_members(sv.organisation, target, day, restructuring, acting_user)
        _part(restructuring, sv.organisation, Role.SOURCE, sv, None)
        _close(sv, day, restructuring, Organisation.EndKind.MERGED)
    return target


@transaction.atomic
def do_split_organisation(
    source: Organisation,
    *,
    parts: list[NewOrganisation],
    decision: Decision,
    acting_user: Any,
) -> list[Organisation]:
    """Split `source` into new organisations; it ends on the effective date.

    Each part names the children it takes and, optionally, the ids of the members it
    takes; members not named go to the first part. Every child must go to one part.
    """
    _check_decision(decision)
    day = decision.effective_date
    _lock(source)
    version = _current(source, day, "source")
    if len(parts) < 2:
        raise DomainError("Chia tách phải tạo ra ít nhất hai tổ chức mới.", field="parts")
    codes: set[str] = set()
    specs = []
    for part in parts:
        if part.parent is None and version.parent_id:
            part.parent = version.parent
        if part.parent is not None and part.parent.pk == source.pk:
            raise DomainError(
                "Tổ chức mới không thể trực thuộc tổ chức bị chia tách.", field="parts"
            )
        specs.append(_validate_new(part, day, codes))
    children = list(children_at(source, day))
    assigned: dict[int, int] = {}
    for index, spec in enumerate(specs):
        for child in spec.children:
            if child.pk in assigned:
                raise DomainError(f"«{child.name}» được giao cho hai tổ chức mới.", field="parts")
            assigned[child.pk] = index
    child_ids = {c.organisation_id for c in children}
    strangers = set(assigned) - child_ids
    if strangers:
        raise DomainError(
            "Có tổ chức được giao không trực thuộc tổ chức bị chia tách.", field="parts"
        )
    for child in children:
        index = assigned.get(child.organisation_id)
        if index is None:
            raise DomainError(f"Hãy chọn tổ chức mới tiếp nhận «{child.name}».", field="parts")
        if specs[index].kind not in allowed_parent_kinds(child.kind, day):
            raise DomainError(
                f"«{child.name}» không thể trực thuộc {OrgKind(specs[index].kind).label.lower()} "
                f"«{specs[index].name}».",
                field="parts",
            )
    _check_not_before_last_change(_subtree_versions(version, day), day)
    restructuring = _new_restructuring(
        Restructuring.Kind.SPLIT,
        decision,
        f"Chia tách {version.name} thành " + ", ".join(s.name for s in specs),
        acting_user,
    )
    created: list[tuple[Organisation, OrganisationVersion]] = []
    for spec in specs:
        org, new_version = _create(spec, day, restructuring)
        _part(restructuring, org, Role.CREATED, None, new_version)
        created.append((org, new_version))
    for child in children:
        _, parent_version = created[assigned[child.organisation_id]]
        moved = _relocate(child, parent_version, day, restructuring, acting_user)
        _sync_org(child.organisation, moved)
    named: set[int] = set()
    for spec, (org, _) in zip(specs, created, strict=True):
        if spec.member_ids:
            named.update(spec.member_ids)
            hooks.move_all_members(
                source, org, day, restructuring, acting_user, only_ids=spec.member_ids
            )
    hooks.move_all_members(source, created[0][0], day, restructuring, acting_user)
    _part(restructuring, source, Role.SOURCE, version, None)
    _close(version, day, restructuring, Organisation.EndKind.SPLIT)
    return [org for org, _ in created]


@transaction.atomic
def do_dissolve_organisation(
    org: Organisation,
    *,
    decision: Decision,
    acting_user: Any,
    members_to: Organisation | None = None,
) -> Organisation:
    """End an organisation's activity. It stays readable (it can still be inspected).

    It may not have children in force; its members, if any, go to `members_to`.
    """
    _check_decision(decision)
    day = decision.effective_date
    _lock(org, members_to)
    version = _current(org, day)
    children = list(children_at(org, day))
    if children:
        raise DomainError(
            f"«{version.name}» còn {len(children)} tổ chức trực thuộc đang hoạt động; hãy "
            "chuyển, sáp nhập hoặc giải thể các tổ chức này trước.",
            field="effective_date",
        )
    attached = hooks.members_attached(org, day)
    target_version = None
    if members_to is not None:
        target_version = _current(members_to, day, "members_to")
        if members_to.pk == org.pk:
            raise DomainError(
                "Hãy chọn một tổ chức khác để tiếp nhận đảng viên.", field="members_to"
            )
    elif attached:
        raise DomainError(
            f"«{version.name}» còn {attached} đảng viên; hãy chọn tổ chức tiếp nhận họ.",
            field="members_to",
        )
    _check_not_before_last_change([version], day)
    restructuring = _new_restructuring(
        Restructuring.Kind.DISSOLVE,
        decision,
        f"Kết thúc hoạt động {version.name}",
        acting_user,
    )
    if members_to is not None and target_version is not None:
        hooks.move_all_members(org, members_to, day, restructuring, acting_user)
        _part(restructuring, members_to, Role.TARGET, target_version, target_version)
    _part(restructuring, org, Role.SUBJECT, version, None)
    _close(version, day, restructuring, Organisation.EndKind.DISSOLVED)
    return org
