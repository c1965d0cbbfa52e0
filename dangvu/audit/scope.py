"""Which audit rows concern the records of an organisation's subtree.

An audit row names its record by model name and id (`object_type`, `object_id`); the
organisation a record belongs to is a field of the record (an inspection's conducting
organisation, a committee member's committee's organisation). `events_in_scope` reads the
newest rows, then, for each model present, the organisations and dates of all its records
in one query, and keeps the rows about records of the organisations asked.

Where a record's organisation is declared:
- the record layer's kinds (`dangvu.core.records.kinds()`): their filter set's `org_field`
  and `date_field` (a `date_field` that is not a date field of the model gives no date);
- `RESOLVERS` below for the models outside the record layer and the parts of records;
- any other model of the project with an `organisation` foreign key: that organisation;
- an organisation is its own organisation; a restructuring belongs to every organisation
  it changed (the row is kept when one of them lies in the subtree);
- `LEFT_OUT`: rows about users, roles, sign-ins, rules, imports and the vocabularies concern
  no organisation's records and are never in an organisation's scope, nor are rows with no
  record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from dangvu.audit import display
from dangvu.audit.models import AuditEvent
from dangvu.orgs.models import Organisation, Restructuring, RestructuringOrganisation, subtree_range


@dataclass(frozen=True)
class ScopedEvent:
    """An audit row with the organisation and the date of the record it is about.

    `path` is the organisation's path today (`Organisation.path`): a record of an
    organisation that has since moved belongs to the subtree the organisation is in now, as
    every access check of the site reads it. `record_date` is the record's own date (an
    inspection's end, a member event's date; for a row of a member's ledger recorded on
    the member, that event's date), None for a kind without one.
    """

    event: AuditEvent
    organisation_id: int | None
    path: str
    record_date: dt.date | None
    app_label: str
    model: type[models.Model] | None


@dataclass(frozen=True)
class Resolver:
    """How to read a model's organisation and date: lookups from the model (`org`: to a
    foreign key to Organisation; `date`: to a date or date-time field, "" for none)."""

    org: str
    date: str = ""


# Models outside the record layer, and the parts of records the layer declares without a
# filter set of their own. Keyed by `app_label.ModelName`.
RESOLVERS: dict[str, Resolver] = {
    "members.Member": Resolver("organisation", "admission_decision_date"),
    "members.MemberEvent": Resolver("organisation", "date"),
    "members.AdmissionCandidate": Resolver("organisation", "registered_on"),
    "members.MembershipInterval": Resolver("organisation", "valid_from"),
    "orgs.OrganisationVersion": Resolver("organisation", "valid_from"),
    "orgs.RestructuringOrganisation": Resolver("organisation", "restructuring__effective_date"),
    "reports.ReportTemplate": Resolver("organisation", "uploaded_at"),
    "reports.ReportHeading": Resolver("organisation"),
    "reports.IssuedReport": Resolver("organisation", "issued_at"),
    "reports.IssuedFile": Resolver("report__organisation", "report__issued_at"),
    "education.StudyReturn": Resolver("organisation", "date"),
    "education.ContestEntry": Resolver("organisation", "contest__end_date"),
    "education.ClassLearner": Resolver("political_class__organiser", "political_class__end_date"),
    "office.PlanTarget": Resolver("plan__organisation"),
    "office.PlanTask": Resolver("plan__organisation"),
    "inspection.ProgrammeItem": Resolver("programme__organisation"),
    "inspection.Subject": Resolver("inspection__organisation", "inspection__end_date"),
    "dues.DuesBasis": Resolver("member__organisation", "valid_from"),
    "dues.DuesPayment": Resolver("organisation", "month"),
    "dues.DuesRemittance": Resolver("organisation", "period_end"),
    "rating.RatingRound": Resolver("organisation", "opened_on"),
    "rating.MemberRating": Resolver("organisation", "as_of"),
    "rating.OrgRating": Resolver("organisation", "as_of"),
    "meetings.Meeting": Resolver("organisation", "date"),
    "meetings.Attendance": Resolver("meeting__organisation", "meeting__date"),
    "congresses.Delegate": Resolver("congress__organisation", "congress__opens_on"),
    "congresses.Election": Resolver("congress__organisation", "congress__opens_on"),
    "congresses.CongressDocument": Resolver("congress__organisation", "date"),
    "papers.PaperIssue": Resolver("issuer", "date"),
    "papers.Paper": Resolver("issue__issuer", "issue__date"),
    "exchange.IssuedPackage": Resolver("member__organisation", "issued_at"),
    "exchange.ReceivedPackage": Resolver("organisation", "received_at"),
    "exchange.ReceivedEvent": Resolver("package__organisation", "date"),
    "exchange.StagedPackage": Resolver("organisation", "uploaded_at"),
}

# Models whose rows concern no organisation's records (see the module's docstring).
LEFT_OUT = frozenset(
    {
        "accounts.Role",
        "accounts.DigestPreference",
        "auth.User",
        "auth.Group",
        "audit.AuditEvent",
        "core.ImportJob",
        # A report made in the background: its download is the asker's export, as an import
        # is the asker's; the organisation it covers is in the row's note.
        "core.OutputJob",
        "core.RuleVersion",
        # The vocabularies' values and the administrative units are shared by everyone.
        "vocab.VocabularyValue",
        "vocab.AdminUnit",
        # Never audited itself: fixing one audits the member's or candidate's record.
        "members.UnresolvedValue",
        # Another installation's key: the whole installation trusts it, no organisation.
        "exchange.TrustedInstallation",
    }
)

# Special cases resolved by their own functions below.
OWN = frozenset({"orgs.Organisation", "orgs.Restructuring"})


def resolvers() -> dict[str, Resolver]:
    """Every model's resolver: the record layer's kinds, then `RESOLVERS`."""
    from dangvu.core import records

    found: dict[str, Resolver] = {}
    for kind in records.kinds():
        label = kind.model._meta.label
        if kind.filters is None or label in found:
            continue
        date = kind.filters.date_field if _is_date(kind.model, kind.filters.date_field) else ""
        found[label] = Resolver(kind.filters.org_field, date)
    for label, resolver in RESOLVERS.items():
        found.setdefault(label, resolver)
    # A model declared nowhere that has an `organisation` belongs to it (a new model of a
    # board is then in scope before anyone declares it here).
    for model in apps.get_models():
        label = model._meta.label
        if label in found or label in LEFT_OUT or label in OWN:
            continue
        field = _target(model, "organisation")
        if field is not None and field.is_relation and field.related_model is Organisation:
            found[label] = Resolver("organisation")
    return found


def _target(model: type[models.Model], lookup: str) -> models.Field[Any, Any] | None:
    """The field a `a__b__c` lookup ends on, or None when the model has no such path."""
    field: Any = None
    for part in lookup.split("__"):
        if field is not None:
            if not field.is_relation or field.related_model is None:
                return None
            model = field.related_model
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
    return field


def _is_date(model: type[models.Model], lookup: str) -> bool:
    return bool(lookup) and isinstance(_target(model, lookup), models.DateField)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def _pks(model: type[models.Model], ids: Iterable[str]) -> dict[Any, str]:
    """The model's primary key values for the rows' `object_id`s (junk ids left out)."""
    found = {}
    for raw in ids:
        try:
            found[model._meta.pk.to_python(raw)] = raw
        except (ValidationError, TypeError, ValueError):
            continue
    return found


# (organisation id, path, date) of each record, by its `object_id`; a restructuring has one
# per organisation it changed.
Placed = dict[str, list[tuple[int, str, dt.date | None]]]


def _resolve(model: type[models.Model], resolver: Resolver, ids: set[str]) -> Placed:
    pks = _pks(model, ids)
    if not pks:
        return {}
    if _target(model, resolver.org) is None:
        return {}
    date = resolver.date if _is_date(model, resolver.date) else ""
    fields = ["pk", resolver.org, f"{resolver.org}__path"] + ([date] if date else [])
    placed: Placed = defaultdict(list)
    # The base manager: a voided record (hidden by a kind's own manager, if any) resolves.
    rows = model._base_manager.filter(pk__in=list(pks)).values_list(*fields)
    for pk, org_id, path, *day in rows:
        if org_id is not None:
            placed[pks[pk]].append((org_id, path, _as_date(day[0]) if day else None))
    return placed


def _resolve_organisations(ids: set[str]) -> Placed:
    pks = _pks(Organisation, ids)
    rows = Organisation.objects.filter(pk__in=list(pks)).values_list("pk", "path", "founded_on")
    return {pks[pk]: [(pk, path, day)] for pk, path, day in rows}


def _resolve_restructurings(ids: set[str]) -> Placed:
    pks = _pks(Restructuring, ids)
    rows = (
        RestructuringOrganisation.objects.filter(restructuring_id__in=list(pks))
        .order_by("restructuring_id", "id")
        .values_list(
            "restructuring_id",
            "organisation_id",
            "organisation__path",
            "restructuring__effective_date",
        )
    )
    placed: Placed = defaultdict(list)
    for pk, org_id, path, day in rows:
        placed[pks[pk]].append((org_id, path, day))
    return placed


def _ledger_day(event: AuditEvent, model: type[models.Model]) -> dt.date | None:
    """A member's ledger event is recorded on the member, with its date under «ngày»: that
    date, not the member's admission, is what the row is about."""
    if model._meta.label != "members.Member" or not isinstance(event.after, dict):
        return None
    raw = event.after.get("ngày")
    try:
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def events_in_scope(
    events: QuerySet[AuditEvent],
    orgs: Sequence[Organisation],
    *,
    scan: int = 2000,
    limit: int | None = None,
) -> list[ScopedEvent]:
    """The rows among the newest `scan` of `events` about records of an organisation in
    the subtree of one of `orgs`, newest first, at most `limit`.

    One query for what names the rows' records, one per model they name (never one per
    row), then one for the whole rows found in scope (a cell's home page scans 2,000 rows
    and shows a few: the others are never built as objects). A voided record still
    resolves; a row whose record no longer exists, or that concerns no organisation's
    records (users, roles, sign-ins, imports), is left out.
    """
    ranges = [subtree_range(org.path) for org in orgs if org.path]
    if not ranges or scan <= 0 or limit == 0:
        return []
    heads = list(events.order_by("-at", "-id").values_list("id", "object_type", "object_id")[:scan])

    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for _, object_type, object_id in heads:
        model = display.model_for(object_type)
        if model is not None and object_id and model._meta.label not in LEFT_OUT:
            wanted[model].add(object_id)

    table = resolvers()
    placed: dict[type[models.Model], Placed] = {}
    for model, ids in wanted.items():
        label = model._meta.label
        if label == "orgs.Organisation":
            placed[model] = _resolve_organisations(ids)
        elif label == "orgs.Restructuring":
            placed[model] = _resolve_restructurings(ids)
        elif label in table:
            placed[model] = _resolve(model, table[label], ids)

    def inside(path: str) -> bool:
        return any(low <= path < high for low, high in ranges)

    matched: list[tuple[int, type[models.Model], tuple[int, str, dt.date | None]]] = []
    for event_id, object_type, object_id in heads:
        model = display.model_for(object_type)
        if model is None or model not in placed:
            continue
        places = placed[model].get(object_id, [])
        place = next((p for p in places if p[1] and inside(p[1])), None)
        if place is None:
            continue
        matched.append((event_id, model, place))
        if limit is not None and len(matched) >= limit:
            break
    whole = events.select_related("user").in_bulk([event_id for event_id, _, _ in matched])

    found: list[ScopedEvent] = []
    for event_id, model, place in matched:
        event = whole.get(event_id)
        if event is None:
            continue
        org_id, path, day = place
        day = _ledger_day(event, model) or day
        found.append(
            ScopedEvent(
                event=event,
                organisation_id=org_id,
                path=path,
                record_date=day,
                app_label=model._meta.app_label,
                model=model,
            )
        )
        if limit is not None and len(found) >= limit:
            break
    return found
