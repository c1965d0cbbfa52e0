"""A mistaken record is voided with a reason: it stays readable and leaves every figure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.core.errors import DomainError
from dangvu.inspection import actions
from dangvu.inspection.models import DisciplineDecision, Kind, Level
from dangvu.inspection.tests.helpers import inspect
from dangvu.members import actions as member_actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
Y2024 = Period.year(2024)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def secretary(cast: dict[str, Any]) -> Any:
    return cast["grassroots"]  # secretary of GK1


def test_voided_records_leave_the_figures_and_stay_readable(
    client: Client, tree: dict[str, Any], secretary: Any
) -> None:
    record = inspect(
        tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, dt.date(2024, 5, 1), orgs=[tree["C11"]]
    )
    programme = actions.do_create_programme(
        organisation=tree["GK1"],
        level=Level.GRASSROOTS,
        year=2024,
        title="Chương trình",
        acting_user=None,
    )
    item = actions.do_add_programme_item(
        programme, kind=Kind.THEMATIC, title="Giám sát", acting_user=None
    )
    complaint = actions.do_receive_complaint(
        kind="COMPLAINT",
        received_date=dt.date(2024, 2, 1),
        sender="Trần Văn Bảo",
        subject="Khiếu nại",
        handling_organisation=tree["GK1"],
        handling_level=Level.GRASSROOTS,
        against_organisation=tree["C12"],
        acting_user=None,
    )
    assert value("inspection.cells_inspected_by_grassroots", tree["GK1"], Y2024).value == 1
    client.force_login(secretary)
    for kind, obj in (
        ("inspection", record),
        ("item", item),
        ("complaint", complaint),
        ("programme", programme),
    ):
        response = client.post(
            reverse("inspection:void", args=[kind, obj.pk]), {"reason": "Ghi nhầm"}
        )
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.is_void, kind
    assert value("inspection.cells_inspected_by_grassroots", tree["GK1"], Y2024).value == 0
    assert value("inspection.programme_items", tree["GK1"], Y2024).value == 0
    assert value("complaints.received", tree["GK1"], Y2024).value == 0
    body = client.get(reverse("inspection:inspection", args=[record.pk])).content.decode()
    assert "Bản ghi đã hủy" in body and "Ghi nhầm" in body
    assert "Sở Y tế" not in client.get(reverse("inspection:inspections")).content.decode()
    again = client.post(
        reverse("inspection:void", args=["inspection", record.pk]), {"reason": "Lần nữa"}
    )
    assert again.status_code == 302
    # Someone who only sees the record may not void it.
    client.force_login(Role.objects.filter(kind=Role.Kind.VIEWER).get().user)
    assert (
        client.post(
            reverse("inspection:void", args=["complaint", complaint.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_a_void_that_would_break_the_ledger_writes_nothing(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    decision = actions.do_discipline(
        target="MEMBER",
        form="EXPULSION",
        member=member,
        issuing_organisation=tree["BLOC"],
        issuing_level=Level.STANDING,
        violation_date=dt.date(2024, 1, 1),
        decision_date=dt.date(2024, 3, 1),
        violation="Vi phạm nghiêm trọng",
        acting_user=None,
    )
    # Restored after the expulsion: without the expulsion the restoration is impossible.
    member_actions.do_restore_member(
        member, organisation=tree["C11"], decision=Decision(dt.date(2024, 10, 1)), acting_user=None
    )
    with pytest.raises(DomainError, match="Không thể hủy"):
        actions.do_void_discipline(decision, reason="Ghi nhầm", acting_user=None)
    decision.refresh_from_db()
    assert not decision.is_void and decision.member_event.voided_at is None
    assert DisciplineDecision.objects.filter(voided_at__isnull=True).count() == 1


def test_the_ledger_event_of_a_decision_is_voided_with_the_decision_only(
    tree: dict[str, Any],
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    decision = actions.do_discipline(
        target="MEMBER",
        form="REPRIMAND",
        member=member,
        issuing_organisation=tree["BLOC"],
        issuing_level=Level.STANDING,
        violation_date=dt.date(2024, 1, 1),
        decision_date=dt.date(2024, 3, 1),
        decision_number="12-QĐ/ĐUK",
        violation="Vi phạm quy định về sinh hoạt",
        acting_user=None,
    )
    event = decision.member_event
    with pytest.raises(DomainError, match="quyết định kỷ luật số 12-QĐ/ĐUK"):
        member_actions.do_void_event(event, reason="Ghi nhầm", acting_user=None)
    event.refresh_from_db()
    assert event.voided_at is None
    assert value("discipline.members", tree["BLOC"], Y2024).value == 1
    actions.do_void_discipline(decision, reason="Ghi nhầm", acting_user=None)
    event.refresh_from_db()
    assert event.voided_at is not None
    assert value("discipline.members", tree["BLOC"], Y2024).value == 0
