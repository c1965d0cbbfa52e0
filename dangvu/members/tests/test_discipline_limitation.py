"""The statute of limitations applies to every way of recording a member's discipline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.core.models import RuleVersion
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db
DECIDED = Decision(dt.date(2024, 6, 1), "15-QĐ/UBKT", dt.date(2024, 6, 1))


def test_a_reprimand_is_refused_after_five_years_a_warning_allowed_until_ten(
    tree: dict[str, Any],
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    with pytest.raises(DomainError, match="Đã hết thời hiệu xử lý kỷ luật"):
        actions.do_discipline_member(
            member,
            form="REPRIMAND",
            issuing_level="COMMISSION",
            violation_date=dt.date(2019, 5, 31),
            decision=DECIDED,
            acting_user=None,
        )
    assert not MemberEvent.objects.filter(kind=EventKind.DISCIPLINED).exists()
    actions.do_discipline_member(
        member,
        form="WARNING",
        issuing_level="COMMISSION",
        violation_date=dt.date(2019, 5, 31),
        decision=DECIDED,
        acting_user=None,
    )
    actions.do_discipline_member(
        member,
        form="EXPULSION",
        issuing_level="COMMISSION",
        violation_date=dt.date(2001, 6, 1),
        decision=DECIDED,
        acting_user=None,
    )
    member.refresh_from_db()
    assert member.status == ""


def test_the_limitation_is_dated_rule_data(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    RuleVersion.objects.create(
        key="discipline.limitation_years.members",
        effective_from=dt.date(2024, 1, 1),
        value={"REPRIMAND": 3, "WARNING": 10, "DISMISSAL": 10, "EXPULSION": None},
        note="Thử nghiệm",
    )
    with pytest.raises(DomainError, match="trong 3 năm"):
        actions.do_discipline_member(
            member,
            form="REPRIMAND",
            issuing_level="COMMISSION",
            violation_date=dt.date(2021, 1, 1),
            decision=DECIDED,
            acting_user=None,
        )


def test_the_member_event_form_enforces_it(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:event", args=[member.pk, "DISCIPLINED"]),
        {
            "date": "2024-06-01",
            "form": "REPRIMAND",
            "issuing_level": "CELL",
            "violation_date": "2018-01-01",
        },
    )
    assert "Đã hết thời hiệu xử lý kỷ luật" in response.content.decode()
    assert not MemberEvent.objects.filter(kind=EventKind.DISCIPLINED).exists()
