"""Who may change an organisation's report template.

Everyone who sees an organisation may read its reports and download its template. Its
office, its leadership and its secretaries (a role on it or above it) may upload a template
of their own or go back to the default.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from dangvu.accounts.models import Role
from dangvu.orgs.models import Organisation

TEMPLATE_EDITORS = {
    Role.Kind.LEADERSHIP,
    Role.Kind.BOARD_OFFICE,
    Role.Kind.GRASSROOTS_SECRETARY,
    Role.Kind.CELL_SECRETARY,
}


def can_edit_template(user: Any, org: Organisation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    ids = [int(i) for i in org.path.strip("/").split("/") if i]
    return Role.objects.filter(
        Q(organisation_id__in=ids), user=user, kind__in=TEMPLATE_EDITORS
    ).exists()
