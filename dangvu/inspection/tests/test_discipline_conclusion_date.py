"""The limitation runs to the day the competent body concludes that the violation warrants
discipline, not to the decision that follows it (Quy định 69-QĐ/TW ngày 06/7/2022, Điều 4:
"từ thời điểm xảy ra hành vi vi phạm đến khi tổ chức đảng có thẩm quyền kết luận vi phạm
đến mức phải thi hành kỷ luật"; Hướng dẫn 02-HD/TW 2021 in the same words). The
conclusion lies between the violation and the decision; left blank, it is the decision
date. Every way of recording a discipline takes it: the discipline page and its import,
the member page's discipline event and the events import."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind, run_import
from dangvu.inspection.limitation import check_limitation
from dangvu.inspection.models import MEMBER_FORMS, ORGANISATION_FORMS, DisciplineDecision
from dangvu.lib import sheets
from dangvu.lib.vnformat import fmt_date
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

# Years by form as Quy định 102-QĐ/TW (Điều 3), 07-QĐi/TW (Điều 5) and 69-QĐ/TW (Điều 4)
# state them, for the forms that have a limitation at all.
LIMITED = [
    ("members", "REPRIMAND", 5),
    ("members", "WARNING", 10),
    ("members", "DISMISSAL", 10),
    ("organisations", "REPRIMAND", 5),
    ("organisations", "WARNING", 10),
]
ALL_FORMS = [("members", f) for f in MEMBER_FORMS] + [
    ("organisations", f) for f in ORGANISATION_FORMS
]
VIOLATED = dt.date(2014, 3, 15)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


@pytest.mark.parametrize(("target", "form", "years"), LIMITED)
def test_the_period_is_counted_to_the_conclusion_to_its_last_day(
    target: str, form: str, years: int
) -> None:
    """A decision taken after the period is lawful when the violation was concluded within
    it, up to the last day; a day later, or with no conclusion date (the decision date
    counts), it is time-barred."""
    end = VIOLATED.replace(year=VIOLATED.year + years)
    decided = end + dt.timedelta(days=400)
    check_limitation(target, form, VIOLATED, decided, conclusion_date=end)
    with pytest.raises(DomainError, match="ngày kết luận vi phạm là") as late:
        check_limitation(target, form, VIOLATED, decided, conclusion_date=end + dt.timedelta(1))
    assert fmt_date(end) in late.value.message
    with pytest.raises(DomainError, match="Đã hết thời hiệu"):
        check_limitation(target, form, VIOLATED, decided)


@pytest.mark.parametrize(("target", "form"), ALL_FORMS)
def test_the_conclusion_lies_between_the_violation_and_the_decision(target: str, form: str) -> None:
    """Every form, with or without a limitation: a conclusion after the decision or
    before the violation is refused naming both dates; on either day it is accepted."""
    decided = dt.date(2024, 6, 1)
    violated = dt.date(2024, 1, 10)
    check_limitation(target, form, violated, decided, conclusion_date=decided)
    check_limitation(target, form, violated, decided, conclusion_date=violated)
    with pytest.raises(DomainError) as after:
        check_limitation(target, form, violated, decided, conclusion_date=dt.date(2024, 6, 2))
    assert after.value.field == "conclusion_date"
    assert "02/06/2024" in after.value.message and "01/06/2024" in after.value.message
    with pytest.raises(DomainError) as before:
        check_limitation(target, form, violated, decided, conclusion_date=dt.date(2024, 1, 9))
    assert before.value.field == "conclusion_date"
    assert "09/01/2024" in before.value.message and "10/01/2024" in before.value.message


# A reprimand for a violation of 31/05/2019 decided on 20/02/2025: time-barred since
# 31/05/2024 if counted to the decision, lawful when concluded on 30/05/2024.
PAST = {"violation_date": "31/05/2019", "decision_date": "20/02/2025"}
CONCLUDED_IN_TIME = dt.date(2024, 5, 30)


def _member(tree: dict[str, Any]) -> Any:
    return existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(1995, 5, 1),
        name="Lê Văn Kết",
        birth=dt.date(1970, 3, 2),
        identity_number="052070001234",
    )


def test_the_member_page_takes_the_conclusion_date(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    member = _member(tree)
    client.force_login(admin_user)
    url = reverse("members:event", args=[member.pk, "DISCIPLINED"])
    data = {
        "date": PAST["decision_date"],
        "form": "REPRIMAND",
        "issuing_level": "CELL",
        "violation_date": PAST["violation_date"],
    }
    assert "Đã hết thời hiệu" in client.post(url, data).content.decode()
    late = client.post(url, data | {"conclusion_date": "21/02/2025"}).content.decode()
    assert "21/02/2025" in late and "20/02/2025" in late
    assert client.post(url, data | {"conclusion_date": "30/05/2024"}).status_code == 302
    event = member.events.get(kind=EventKind.DISCIPLINED)
    assert event.details["conclusion_date"] == CONCLUDED_IN_TIME.isoformat()


def test_the_events_import_takes_the_conclusion_date(tree: dict[str, Any], admin_user: Any) -> None:
    member = _member(tree)
    kind = get_kind("events")
    row = {
        "kind": "Kỷ luật",
        "date": PAST["decision_date"],
        "full_name": member.full_name,
        "birth_date": "02/03/1970",
        "sex": "Nam",
        "identity_number": member.identity_number,
        "form": "Khiển trách",
        "issuing_level": "Chi bộ",
        "violation_date": PAST["violation_date"],
    }

    def run(**cells: str) -> Any:
        values = [[(row | cells).get(c.field, "") for c in kind.columns]]
        data = sheets.write_csv([c.header for c in kind.columns], values)
        scope = member_editable_organisations(admin_user)
        return run_import(kind, data, "x.csv", user=admin_user, scope=scope, commit=True)

    assert not run().ok
    late = run(conclusion_date="21/02/2025")
    assert not late.ok and "21/02/2025" in " ".join(late.lines())
    report = run(conclusion_date="30/05/2024")
    assert report.ok and report.created == 1, report.lines()
    event = member.events.get(kind=EventKind.DISCIPLINED)
    assert event.details["conclusion_date"] == CONCLUDED_IN_TIME.isoformat()


def test_the_discipline_page_takes_the_conclusion_date(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    member = _member(tree)
    client.force_login(admin_user)
    data = {
        "target": "MEMBER",
        "member": "052070001234",
        "form": "REPRIMAND",
        "issuing_organisation": "C11",
        "issuing_level": "CELL",
        "violation": "Vi phạm",
        "violation_category": "OTHER",
        **PAST,
    }
    url = reverse("inspection:discipline_create")
    assert "Đã hết thời hiệu" in client.post(url, data).content.decode()
    late = client.post(url, data | {"conclusion_date": "21/02/2025"}).content.decode()
    assert "21/02/2025" in late and not DisciplineDecision.objects.exists()
    assert client.post(url, data | {"conclusion_date": "30/05/2024"}).status_code == 302
    decision = DisciplineDecision.objects.get()
    assert decision.conclusion_date == CONCLUDED_IN_TIME
    assert decision.member_event.details["conclusion_date"] == CONCLUDED_IN_TIME.isoformat()
    assert member.events.filter(kind=EventKind.DISCIPLINED).count() == 1


def test_the_decisions_import_takes_the_conclusion_date(
    tree: dict[str, Any], admin_user: Any
) -> None:
    _member(tree)
    kind = get_kind("discipline")
    row = {
        "target": "Đảng viên",
        "identity_number": "052070001234",
        "form": "Khiển trách",
        "issuing_organisation": "C11",
        "issuing_level": "Chi bộ",
        "violation": "Vi phạm",
        **PAST,
    }

    def run(**cells: str) -> Any:
        values = [[(row | cells).get(c.field, "") for c in kind.columns]]
        data = sheets.write_csv([c.header for c in kind.columns], values)
        scope = member_editable_organisations(admin_user)
        return run_import(kind, data, "x.csv", user=admin_user, scope=scope, commit=True)

    assert not run().ok
    assert not run(conclusion_date="21/02/2025").ok
    report = run(conclusion_date="30/05/2024")
    assert report.ok and report.created == 1, report.lines()
    assert DisciplineDecision.objects.get().conclusion_date == CONCLUDED_IN_TIME
