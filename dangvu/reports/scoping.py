"""Who may change an organisation's report template and place name.

Everyone who sees an organisation may read its reports and download its template. Only
the committee's office (`TEMPLATE_EDITORS`: a BOARD_OFFICE role on the organisation or
above it) and administrators may upload a template, go back to the default, or set the
place written before the date: a template is code the server runs, so the read-only
roles (LEADERSHIP, VIEWER), the secretaries and the other boards may not supply one.
"""

from __future__ import annotations

from typing import Any

from dangvu.accounts.models import TEMPLATE_EDITORS, Role
from dangvu.orgs.models import Organisation


def can_edit_template(user: Any, org: Organisation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    ids = [int(i) for i in org.path.strip("/").split("/") if i]
    return Role.objects.filter(
        organisation_id__in=ids, user=user, kind__in=TEMPLATE_EDITORS
    ).exists()
