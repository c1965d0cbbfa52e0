"""Record values the upgrade could not match to a vocabulary value or a province, and
their fixing in bulk: one choice fixes every record in scope that carries the same text.

An `UnresolvedValue` row stands for a record whose field is empty because its old text
matched nothing (see members/migrations/0015_map_free_text.py). Resolving a (field, text)
sets the field of each such record that is still empty, audits each record as the record's
edit does, and deletes the rows; a record corrected meanwhile keeps its value and loses
its stale row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from dangvu.accounts.scoping import editable_members, member_editable_organisations
from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.members.models import AdmissionCandidate, Member, UnresolvedValue
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.vocab import lookup
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue


@dataclass(frozen=True)
class Field:
    label: str
    # The vocabulary of the field's values; "" for a place (a province).
    vocabulary: str = ""


FIELDS: dict[str, Field] = {
    "ethnicity": Field("Dân tộc", Vocabulary.ETHNICITY),
    "religion": Field("Tôn giáo", Vocabulary.RELIGION),
    "theory_level": Field("Lý luận chính trị", Vocabulary.THEORY),
    "occupation": Field("Nghề nghiệp", Vocabulary.OCCUPATION),
    "hometown_province": Field("Quê quán: tỉnh, thành phố"),
    "residence_province": Field("Nơi cư trú: tỉnh, thành phố"),
}


@dataclass(frozen=True)
class Group:
    field: str
    text: str
    count: int

    @property
    def label(self) -> str:
        return FIELDS[self.field].label if self.field in FIELDS else self.field


def default_organisation(user: Any) -> Organisation | None:
    """The highest organisation in which the user may correct member records."""
    orgs = list(member_editable_organisations(user).order_by("path")[:1])
    if user.is_superuser:
        orgs = list(Organisation.objects.filter(parent__isnull=True, ended_on__isnull=True)[:1])
    return orgs[0] if orgs else None


def _still_empty() -> Q:
    """Rows whose record still has no value in the field (a record corrected through its
    own form meanwhile keeps a stale row until its group is resolved)."""
    q = Q()
    for name in FIELDS:
        q |= Q(field=name) & (
            Q(member__isnull=False, **{f"member__{name}__isnull": True})
            | Q(candidate__isnull=False, **{f"candidate__{name}__isnull": True})
        )
    return q


def in_scope(org: Organisation, user: Any, *, stale: bool = False) -> QuerySet[UnresolvedValue]:
    """The unresolved values of `org`'s subtree the user may fix: those of members whose
    organisation (the last one, for former members) lies in it and of its candidates;
    with `stale`, also those of records that have a value since."""
    low, high = subtree_range(org.path)
    members = editable_members(user).filter(org_path__gte=low, org_path__lt=high)
    candidates = AdmissionCandidate.objects.filter(
        organisation__in=member_editable_organisations(user),
        organisation__path__gte=low,
        organisation__path__lt=high,
    )
    rows = UnresolvedValue.objects.filter(
        Q(member__in=members.values("pk")) | Q(candidate__in=candidates.values("pk"))
    )
    return rows if stale else rows.filter(_still_empty())


def groups(org: Organisation, user: Any, field: str = "") -> list[Group]:
    """The (field, text) groups of the scope with their number of records."""
    rows = in_scope(org, user)
    if field:
        rows = rows.filter(field=field)
    counted = rows.values("field", "text").annotate(n=Count("id")).order_by("field", "text")
    order = list(FIELDS)
    found = [Group(r["field"], r["text"], r["n"]) for r in counted]
    return sorted(found, key=lambda g: (order.index(g.field) if g.field in order else 99, g.text))


def records(
    org: Organisation, user: Any, field: str, text: str
) -> list[Member | AdmissionCandidate]:
    """The members and candidates of the scope whose `field` holds the unresolved `text`."""
    rows = in_scope(org, user).filter(field=field, text=text)
    rows = rows.select_related("member", "candidate").order_by("member_id", "candidate_id")
    return [r.member or r.candidate for r in rows if (r.member or r.candidate) is not None]


def choices(field: str, day: dt.date | None = None) -> list[tuple[int, str]]:
    """What a clerk may choose for `field`: the values in force, or every province (an old
    text names the province of its day; an ended one shows what it is now)."""
    spec = FIELDS[field]
    if spec.vocabulary:
        return [(v.pk, v.name) for v in lookup.values_on(spec.vocabulary, day)]
    provinces = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).select_related("successor")
    labelled = [(u.pk, lookup.label(u, day)) for u in provinces]
    return sorted(labelled, key=lambda c: (lookup.fold(c[1]), c[0]))


def target(field: str, pk: int) -> VocabularyValue | AdminUnit | None:
    """The value or province `pk` if it is one of `choices(field)` today; None otherwise."""
    if pk not in {c[0] for c in choices(field, today())}:
        return None
    if FIELDS[field].vocabulary:
        return VocabularyValue.objects.get(pk=pk)
    return AdminUnit.objects.get(pk=pk)


def do_resolve(
    org: Organisation,
    user: Any,
    field: str,
    text: str,
    value: VocabularyValue | AdminUnit,
    *,
    acting_user: Any,
) -> int:
    """Set `field` to `value` on every record of the scope still unresolved with `text`.

    Returns the number of records fixed. Each change is audited as the record's edit
    audits it; the unresolved rows go, also those of records corrected meanwhile (their
    value is kept).
    """
    with transaction.atomic():
        rows = list(
            in_scope(org, user, stale=True)
            .filter(field=field, text=text)
            .select_related("member", "candidate")
            .select_for_update(of=("self",))
        )
        note = f"Khớp giá trị chưa khớp danh mục «{text}»"
        events = []
        fixed: dict[type, list[int]] = {Member: [], AdmissionCandidate: []}
        for row in rows:
            record = row.member or row.candidate
            if record is None or getattr(record, f"{field}_id") is not None:
                continue
            before = audit.snapshot(record, [field])
            setattr(record, field, value)
            events.append(
                audit.entry(
                    audit.UPDATE,
                    user=acting_user,
                    obj=record,
                    before=before,
                    after=audit.snapshot(record, [field]),
                    note=note,
                )
            )
            fixed[type(record)].append(record.pk)
        for model, pks in fixed.items():
            for start in range(0, len(pks), 500):
                model.objects.filter(
                    pk__in=pks[start : start + 500], **{f"{field}__isnull": True}
                ).update(**{field: value})
        audit.record_many(events)
        UnresolvedValue.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(events)
