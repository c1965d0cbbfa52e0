"""Who may see and who may record party congresses and terms.

Everyone sees the congresses and terms of the organisations they reach
(`visible_organisations`, viewers included). They are recorded by those who record the
committee's personnel (the organisation board in its subtree, a grassroots secretary in
their organisation): recording a congress's results changes the committee.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dangvu.accounts.scoping import visible_organisations
from dangvu.congresses.models import Congress, CongressDocument, Term
from dangvu.orgs.models import Organisation
from dangvu.personnel.scoping import personnel_editable_organisations


def congress_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which `user` may record congresses and terms."""
    return personnel_editable_organisations(user)


def can_record_congresses(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record congresses for `org` (anywhere, when `org` is None)."""
    qs = congress_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


def visible_terms(user: Any) -> QuerySet[Term]:
    return Term.objects.filter(organisation__in=visible_organisations(user))


def visible_congresses(user: Any) -> QuerySet[Congress]:
    return Congress.objects.filter(organisation__in=visible_organisations(user))


def visible_congress_documents(user: Any) -> QuerySet[CongressDocument]:
    return CongressDocument.objects.filter(congress__organisation__in=visible_organisations(user))
