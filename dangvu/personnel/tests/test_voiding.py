"""A mistaken personnel record is voided with a reason: kept, marked, and left out of
every list and figure; the seats a voided decision touched are put back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.personnel import actions, queries
from dangvu.personnel.models import ActingAssignment, CellAttendance, CommitteeMember
from dangvu.personnel.tests.helpers import committee, member, seat
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db


def test_void_records_leave_lists_and_figures(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    body = committee(tree["GK1"])
    an = member(tree["C11"], "Nguyễn Văn An")
    secretary = seat(body, an, "SECRETARY")
    attendance = actions.do_assign_cell_attendance(
        member=an, cell=tree["C12"], start_date=dt.date(2023, 1, 2), acting_user=None
    )
    acting = actions.do_assign_acting(
        organisation=tree["C12"],
        member=member(tree["C12"], "Trần Văn Quyền"),
        kind=ActingAssignment.Kind.IN_CHARGE,
        post="Bí thư",
        start_date=dt.date(2023, 2, 1),
        decision_date=dt.date(2023, 2, 1),
        acting_user=None,
    )
    y2023 = Period.year(2023)
    assert value("personnel.cell_attendance_assignments", tree["GK1"], y2023).value == 1
    assert value("personnel.orgs_with_acting_assignment", tree["GK1"], y2023).value == 1
    with pytest.raises(DomainError, match="phân công dự sinh hoạt"):
        actions.do_void_seat(secretary, reason="Nhầm", acting_user=None)
    do_void(attendance, reason="Ghi nhầm chi bộ", acting_user=cast["officer"])
    do_void(acting, reason="Ghi nhầm người", acting_user=cast["officer"])
    with pytest.raises(DomainError, match="đã bị hủy"):
        do_void(acting, reason="Lần nữa", acting_user=None)
    assert value("personnel.cell_attendance_assignments", tree["GK1"], y2023).value == 0
    assert value("personnel.orgs_with_acting_assignment", tree["GK1"], y2023).value == 0
    client.force_login(cast["officer"])
    assert "Trần Văn Quyền" not in client.get(reverse("personnel:acting")).content.decode()
    page = client.get(reverse("personnel:record", args=["acting", acting.pk])).content.decode()
    assert 'data-testid="void-note"' in page and "Ghi nhầm người" in page
    assert 'data-testid="void-form"' not in page

    actions.do_void_seat(secretary, reason="Nhập trùng", acting_user=None)
    assert queries.secretary_of(tree["GK1"], dt.date(2023, 6, 1)) is None
    assert CellAttendance.objects.get().is_void and CommitteeMember.objects.get().is_void
    actions.do_void_committee(body, reason="Nhiệm kỳ ghi sai", acting_user=None)
    committee(tree["GK1"])  # the term can be recorded again
