"""Members of other committees attending a cell temporarily: the register and its rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.members.tests.factories import existing
from dangvu.reports.registry import Period, indicators, values
from dangvu.transit import actions, queries
from dangvu.transit.models import TemporaryAttendee
from dangvu.transit.tests.helpers import attendee

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 20)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False):
        yield


def test_a_stay_must_last_three_to_under_twelve_months(tree: dict[str, Any]) -> None:
    start = dt.date(2025, 1, 15)
    with pytest.raises(DomainError, match="từ 3 tháng đến dưới 12 tháng") as caught:
        attendee(tree["C11"], start, dt.date(2025, 4, 14))
    assert "15/04/2025" in caught.value.message and "14/01/2026" in caught.value.message
    with pytest.raises(DomainError, match="dưới 12 tháng"):
        attendee(tree["C11"], start, dt.date(2026, 1, 15))
    assert attendee(tree["C11"], start, dt.date(2025, 4, 15)).planned_end == dt.date(2025, 4, 15)
    assert attendee(tree["C11"], start, dt.date(2026, 1, 14), "Hai").pk


def test_a_student_may_stay_up_to_two_years(tree: dict[str, Any]) -> None:
    start = dt.date(2024, 9, 1)
    kept = attendee(tree["C11"], start, dt.date(2026, 9, 1), purpose="STUDY")
    assert kept.purpose == "STUDY"
    with pytest.raises(DomainError, match="đến 24 tháng"):
        attendee(tree["C11"], start, dt.date(2026, 9, 2), purpose="STUDY")


def test_dues_follow_the_rule_unless_the_paper_says_otherwise(tree: dict[str, Any]) -> None:
    assert attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30)).pays_dues_here
    other = attendee(
        tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30), "Ba", pays_dues_here=False
    )
    assert not other.pays_dues_here


def test_a_stay_is_open_until_its_end_and_ends_once(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    stay = attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert list(queries.attendees_at(tree["C11"], DAY)) == [stay]
    assert list(queries.attendees_open(tree["GK1"], DAY)) == [stay]
    assert list(queries.attendees_open(tree["GK2"], DAY)) == []
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        actions.do_end_attendance(stay, actual_end=dt.date(2024, 12, 1), acting_user=None)
    actions.do_end_attendance(stay, actual_end=dt.date(2025, 3, 10), acting_user=cast["grassroots"])
    assert queries.attendees_at(tree["C11"], DAY) == []
    assert queries.attendees_at(tree["C11"], dt.date(2025, 3, 10)) == [stay]
    with pytest.raises(DomainError, match="Đã ghi"):
        actions.do_end_attendance(stay, actual_end=dt.date(2025, 3, 12), acting_user=None)


def test_the_due_list_shows_stays_ending_within_the_window_overdue_first(
    tree: dict[str, Any],
) -> None:
    soon = attendee(tree["C11"], dt.date(2024, 12, 20), dt.date(2025, 4, 1), "Sắp Hết")
    past = attendee(tree["C12"], dt.date(2024, 11, 1), dt.date(2025, 3, 15), "Đã Qua")
    attendee(tree["C13"], dt.date(2025, 1, 1), dt.date(2025, 9, 1), "Còn Lâu")
    lines = queries.attendees_ending(tree["GK1"], DAY, 30)
    assert [e.attendee for e in lines] == [past, soon]
    assert lines[0].overdue and lines[0].late == 5
    assert not lines[1].overdue and lines[1].days == 12
    client = Client()
    client.force_login(_secretary(tree))
    page = client.get(reverse("transit:due") + "?to_chuc=GK1&trong=30").content.decode()
    assert "Sắp Hết" in page and "Đã Qua" in page and "Còn Lâu" not in page
    junk = client.get(reverse("transit:due") + "?to_chuc=GK1&trong=abc")
    assert junk.status_code == 200 and "không hợp lệ" in junk.content.decode()


def _secretary(tree: dict[str, Any]) -> Any:
    from django.contrib.auth import get_user_model

    from dangvu.accounts.models import Role

    user = get_user_model().objects.create_user("bithu_gk1_tt")
    Role.objects.create(user=user, organisation=tree["GK1"], kind=Role.Kind.GRASSROOTS_SECRETARY)
    return user


def test_attendees_are_never_counted_as_members(tree: dict[str, Any]) -> None:
    """Every member indicator of the year is the same with and without attendees."""
    for cell in ("C11", "C12", "C21"):
        existing(tree[cell], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    period = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 19))
    codes = [i.code for i in indicators() if i.code.startswith("members.")]
    assert "members.end" in codes

    def figures() -> dict[str, Any]:
        return {
            (org, code): figure.value
            for org in ("BLOC", "GK1", "C11")
            for code, figure in values(codes, tree[org], period).items()
        }

    before = figures()
    attendee(tree["C11"], dt.date(2024, 12, 1), dt.date(2025, 6, 30))
    attendee(tree["C11"], dt.date(2025, 2, 1), dt.date(2025, 7, 30), "Người Thứ Hai")
    attendee(
        tree["GC1"], dt.date(2025, 1, 10), dt.date(2026, 1, 9), "Người Thứ Ba", purpose="STUDY"
    )
    assert figures() == before
    assert before[("BLOC", "members.end")] == 3


def test_the_register_form_records_and_refuses_in_words(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("transit:attendee_create")
    data = {
        "full_name": "Vũ Thị Khách",
        "birth_date": "09/01/1980",
        "sex": "F",
        "home_party": "Chi bộ Phòng Khám, Đảng bộ Bệnh viện Bạch Mai",
        "paper_number": "3-GGT/CB",
        "paper_date": "01/03/2025",
        "organisation": "C11",
        "purpose": "WORK",
        "start_date": "03/03/2025",
        "planned_end": "03/04/2025",
        "pays_dues_here": "",
        "note": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "từ 3 tháng đến dưới 12 tháng" in refused.content.decode()
    assert 'value="Vũ Thị Khách"' in refused.content.decode()
    done = client.post(url, data | {"planned_end": "02/12/2025"})
    stay = TemporaryAttendee.objects.get()
    assert done.status_code == 302 and stay.pays_dues_here
    end_url = reverse("transit:end", args=[stay.pk])
    assert client.post(end_url, {"actual_end": "15/03/2025"}).status_code == 302
    stay.refresh_from_db()
    assert stay.actual_end == dt.date(2025, 3, 15)
    # Another subtree reaches none of it.
    client = Client()
    client.force_login(cast["cell"])
    assert client.get(stay.get_absolute_url()).status_code == 404
    assert client.get(end_url).status_code == 404
    assert (
        client.post(
            reverse("transit:void", args=["attendee", stay.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert "Vũ Thị Khách" not in client.get(reverse("transit:attendees")).content.decode()


def test_the_cells_dues_page_lists_attendees_who_pay_there_apart(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Đảng Viên Chi Bộ")
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("dues:month", args=["C11"])
    before = client.get(url).context
    attendee(tree["C11"], dt.date(2025, 1, 1), dt.date(2025, 6, 30), "Người Đóng Ở Đây")
    attendee(
        tree["C11"],
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
        "Người Đóng Nơi Khác",
        pays_dues_here=False,
    )
    after = client.get(url)
    page = after.content.decode()
    block = page[page.index('data-testid="temporary-attendees"') :]
    assert "Người Đóng Ở Đây" in block and "Người Đóng Nơi Khác" not in page
    for figure in ("expected", "collected", "outstanding", "owing_count"):
        assert after.context[figure] == before[figure], figure
    assert len(after.context["rows"]) == len(before["rows"]) == 1
