"""Party badges (Huy hiệu Đảng) as the texts set them: deferral after discipline enforced by
the proposal and the award, posthumous and early awards within their limits, and the
backlog kept on the due list until dealt with.

Texts: Quy định 29-QĐ/TW ngày 25/7/2016, điểm 27.3 a; Quy định 24-QĐ/TW ngày 30/7/2021,
điểm 27.3 a; Hướng dẫn 01-HD/TW ngày 28/9/2021, điểm 18.1 và 18.2; Quy định 294-QĐ/TW ngày
26/5/2025 (hiệu lực 01/7/2025). The tree of the tests starts on 01/01/2020, so the 2016
text is tried from 2020 to its end on 29/07/2021.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.core.dates import add_months, add_years
from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_date
from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

ON_BOOKS = dt.date(2020, 1, 1)

# Months of deferral by form, as each text states them, and a day inside its span.
DEFERRAL = {
    "29-QĐ/TW": (dt.date(2020, 3, 2), {"REPRIMAND": 0, "WARNING": 6, "DISMISSAL": 12}),
    "24-QĐ/TW": (dt.date(2021, 8, 2), {"REPRIMAND": 6, "WARNING": 9, "DISMISSAL": 12}),
    "294-QĐ/TW": (dt.date(2025, 7, 15), {"REPRIMAND": 6, "WARNING": 9, "DISMISSAL": 12}),
}
FORMS = ["REPRIMAND", "WARNING", "DISMISSAL"]
LABEL = {"REPRIMAND": "khiển trách", "WARNING": "cảnh cáo", "DISMISSAL": "cách chức"}


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        yield


def _member(tree: dict[str, Any], reached: dt.date, milestone: int = 30, name: str = "") -> Member:
    """A full member on the books since 2020 who reaches `milestone` years on `reached`."""
    admitted = add_years(reached, -milestone)
    return existing(
        tree["C11"],
        ON_BOOKS,
        admitted,
        name,
        birth=add_years(admitted, -25),
        post="Phó Trưởng phòng",
    )


def _discipline(member: Member, form: str, day: dt.date, number: str = "07-QĐ/ĐU") -> None:
    actions.do_discipline_member(
        member,
        form=form,
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(day, number, day),
        acting_user=None,
    )


def _propose(member: Member, day: dt.date, milestone: int = 30, **kw: Any) -> Any:
    note = kw.pop("note", "")
    return actions.do_propose_badge(
        member,
        milestone=milestone,
        decision=Decision(day, "12-TTr/ĐU", day, note),
        acting_user=None,
        **kw,
    )


def _award(member: Member, day: dt.date, milestone: int = 30, **kw: Any) -> Any:
    return actions.do_award_badge(
        member, milestone=milestone, decision=Decision(day, "88-QĐ/TU", day), acting_user=None, **kw
    )


# --- point 8: deferral after discipline -------------------------------------------------


@pytest.mark.parametrize("text", list(DEFERRAL))
@pytest.mark.parametrize("form", FORMS)
def test_a_proposal_within_the_deferral_is_refused_naming_the_decision_and_the_date(
    tree: dict[str, Any], form: str, text: str
) -> None:
    """Quy định 29-QĐ/TW (2016) điểm 27.3 a: cảnh cáo 6 tháng, cách chức 1 năm; Quy định
    24-QĐ/TW (2021) điểm 27.3 a and 294-QĐ/TW (2025): khiển trách 6, cảnh cáo 9, cách chức
    12 tháng kể từ quyết định kỷ luật. Every form under every text."""
    decided, months_by_form = DEFERRAL[text]
    months = months_by_form[form]
    member = _member(tree, add_months(decided, -2))
    _discipline(member, form, decided)
    if months == 0:
        assert _propose(member, decided + dt.timedelta(days=1)).kind == EventKind.BADGE_PROPOSED
        return
    until = add_months(decided, months)
    with pytest.raises(DomainError) as refused:
        _propose(member, until - dt.timedelta(days=1))
    message = refused.value.message
    assert f"kỷ luật {LABEL[form]} theo Quyết định số 07-QĐ/ĐU ngày {fmt_date(decided)}" in message
    assert f"có thể đề nghị xét tặng từ ngày {fmt_date(until)}" in message
    assert f"Quy định {text}" in message and f"{months} tháng" in message
    assert _propose(member, until).kind == EventKind.BADGE_PROPOSED


@pytest.mark.parametrize("text", list(DEFERRAL))
@pytest.mark.parametrize("form", FORMS)
def test_an_award_within_the_deferral_is_refused(
    tree: dict[str, Any], form: str, text: str
) -> None:
    """The same texts: "tại thời điểm xét tặng" a disciplined member is not awarded, even
    when the proposal was made before the discipline."""
    decided, months_by_form = DEFERRAL[text]
    months = months_by_form[form]
    member = _member(tree, add_months(decided, -2))
    _propose(member, decided - dt.timedelta(days=20))
    _discipline(member, form, decided)
    until = add_months(decided, months)
    if months:
        with pytest.raises(DomainError, match=f"từ ngày {fmt_date(until)}"):
            _award(member, until - dt.timedelta(days=1))
    assert _award(member, max(until, decided + dt.timedelta(days=1))).kind == "BADGE_AWARDED"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("before", "after", "old", "new"),
    [
        (dt.date(2021, 7, 29), dt.date(2021, 7, 30), "29-QĐ/TW", "24-QĐ/TW"),
        (dt.date(2025, 6, 30), dt.date(2025, 7, 1), "24-QĐ/TW", "294-QĐ/TW"),
    ],
)
def test_the_text_in_force_on_the_day_of_consideration_decides(
    tree: dict[str, Any], form: str, before: dt.date, after: dt.date, old: str, new: str
) -> None:
    """Quy định 24-QĐ/TW took effect on 30/7/2021 and 294-QĐ/TW on 01/7/2025: a proposal
    made the day before follows the old text, the day after the new one, for a discipline
    decided under the old text."""
    decided = add_months(before, -2)
    first, second = (_member(tree, add_months(decided, -1), name=n) for n in ("Một", "Hai"))
    for member in (first, second):
        _discipline(member, form, decided)
    for member, day, text in ((first, before, old), (second, after, new)):
        months = DEFERRAL[text][1][form]
        until = add_months(decided, months)
        if until <= day:
            assert _propose(member, day).kind == EventKind.BADGE_PROPOSED
        else:
            with pytest.raises(DomainError) as refused:
                _propose(member, day)
            assert f"Quy định {text}" in refused.value.message
            assert f"từ ngày {fmt_date(until)}" in refused.value.message


def test_a_member_warned_three_months_ago_is_not_accepted_today(tree: dict[str, Any]) -> None:
    """Quy định 294-QĐ/TW (as 24-QĐ/TW điểm 27.3 a): a warning defers the badge 9 months."""
    today = dt.date(2026, 11, 30)
    member = _member(tree, dt.date(2026, 3, 1))
    _discipline(member, "WARNING", add_months(today, -3))
    with pytest.raises(DomainError, match="cảnh cáo"):
        _propose(member, today)
    items = queries.badges_due(tree["BLOC"], today)
    assert "chưa xét do kỷ luật cảnh cáo" in items[0].note


def test_a_voided_discipline_decision_does_not_defer(tree: dict[str, Any]) -> None:
    """Only a standing decision defers (a voided one was a mistake); the refusal names the
    body that decided it, as recorded by the inspection board."""
    from dangvu.inspection import actions as inspection
    from dangvu.inspection.models import Level

    member = _member(tree, dt.date(2024, 1, 1))
    decided = dt.date(2024, 6, 3)
    decision = inspection.do_discipline(
        target="MEMBER",
        form="WARNING",
        issuing_organisation=tree["BLOC"],
        issuing_level=Level.COMMISSION,
        violation_date=dt.date(2024, 3, 10),
        decision_date=decided,
        decision_number="15-QĐ/UBKT",
        violation="Vi phạm quy định về những điều đảng viên không được làm",
        member=member,
        acting_user=None,
    )
    with pytest.raises(DomainError, match="của Ủy ban Kiểm tra — Đảng bộ Khối các cơ quan tỉnh"):
        _propose(member, dt.date(2024, 8, 1))
    inspection.do_void_discipline(decision, reason="Ghi nhầm đảng viên", acting_user=None)
    assert _propose(member, dt.date(2024, 8, 1)).kind == EventKind.BADGE_PROPOSED


# --- point 9: posthumous awards ----------------------------------------------------------


def _die(member: Member, day: dt.date) -> None:
    actions.do_end_membership(member, kind=EventKind.DIED, decision=Decision(day), acting_user=None)
    member.refresh_from_db()


def test_a_member_who_died_with_the_party_age_is_listed_and_awarded_posthumously(
    tree: dict[str, Any],
) -> None:
    """Quy định 29-QĐ/TW điểm 27.3 a: đảng viên đã từ trần, nếu có đủ tuổi đảng thì được
    truy tặng Huy hiệu Đảng."""
    member = _member(tree, dt.date(2020, 5, 1))
    _die(member, dt.date(2020, 6, 1))
    rows = queries.badges_due(tree["GK1"], dt.date(2020, 7, 1))
    assert [(r.member.pk, r.milestone, r.label) for r in rows] == [(member.pk, 30, "Truy tặng")]
    with pytest.raises(DomainError, match="hãy chọn trường hợp «Truy tặng»"):
        _propose(member, dt.date(2020, 8, 1))
    proposal = _propose(member, dt.date(2020, 8, 1), case="POSTHUMOUS")
    assert proposal.organisation == tree["C11"] and "(truy tặng)" in proposal.summary
    assert queries.badges_due(tree["GK1"], dt.date(2020, 8, 2)) == []
    award = _award(member, dt.date(2020, 9, 2))
    assert award.details == {"milestone": 30, "case": "POSTHUMOUS"}
    member.refresh_from_db()
    assert member.status == "" and member.intervals.get().end_kind == EventKind.DIED


@pytest.mark.parametrize(
    ("died", "months_short", "proposed", "accepted", "text"),
    [
        (dt.date(2020, 6, 1), 6, dt.date(2021, 3, 1), False, "29-QĐ/TW"),
        (dt.date(2021, 9, 1), 6, dt.date(2021, 10, 1), True, "24-QĐ/TW"),
        (dt.date(2021, 9, 1), 13, dt.date(2021, 10, 1), False, "24-QĐ/TW"),
        (dt.date(2025, 8, 1), 12, dt.date(2025, 9, 1), True, "294-QĐ/TW"),
        (dt.date(2025, 8, 1), 13, dt.date(2025, 9, 1), False, "294-QĐ/TW"),
    ],
)
def test_a_posthumous_award_short_of_the_party_age_follows_the_text(
    tree: dict[str, Any],
    died: dt.date,
    months_short: int,
    proposed: dt.date,
    accepted: bool,
    text: str,
) -> None:
    """Quy định 29-QĐ/TW: truy tặng only with the full party age at death; Quy định
    24-QĐ/TW điểm 27.3 a and Hướng dẫn 01-HD/TW 2021 điểm 18.2: truy tặng sớm không quá
    12 tháng (kept by 294-QĐ/TW)."""
    member = _member(tree, add_months(died, months_short))
    _die(member, died)
    if accepted:
        assert _propose(member, proposed, case="POSTHUMOUS").details["case"] == "POSTHUMOUS"
        return
    with pytest.raises(DomainError) as refused:
        _propose(member, proposed, case="POSTHUMOUS")
    assert f"từ trần ngày {fmt_date(died)}" in refused.value.message
    assert f"Quy định {text}" in refused.value.message


def test_a_living_member_is_not_awarded_posthumously(tree: dict[str, Any]) -> None:
    member = _member(tree, dt.date(2021, 1, 1))
    with pytest.raises(DomainError, match="đã từ trần"):
        _propose(member, dt.date(2022, 1, 5), case="POSTHUMOUS")


# --- point 9: early awards to seriously ill members -------------------------------------


@pytest.mark.parametrize(
    ("milestone", "occasion", "months_early", "accepted", "text"),
    [
        (30, dt.date(2021, 2, 3), 11, True, "29-QĐ/TW"),
        (30, dt.date(2021, 2, 3), 13, False, "29-QĐ/TW"),
        (70, dt.date(2021, 2, 3), 13, False, "29-QĐ/TW"),
        (40, dt.date(2022, 2, 3), 12, True, "24-QĐ/TW"),
        (65, dt.date(2022, 2, 3), 13, False, "24-QĐ/TW"),
        (70, dt.date(2022, 2, 3), 23, True, "24-QĐ/TW"),
        (90, dt.date(2022, 2, 3), 25, False, "24-QĐ/TW"),
        (75, dt.date(2025, 9, 2), 24, True, "294-QĐ/TW"),
        (50, dt.date(2025, 9, 2), 13, False, "294-QĐ/TW"),
    ],
)
def test_an_early_award_to_a_seriously_ill_member_stays_within_the_limit(
    tree: dict[str, Any],
    milestone: int,
    occasion: dt.date,
    months_early: int,
    accepted: bool,
    text: str,
) -> None:
    """Quy định 29-QĐ/TW điểm 27.3 a: sớm không quá một năm; Quy định 24-QĐ/TW điểm 27.3 a,
    Hướng dẫn 01-HD/TW 2021 điểm 18.1: Huy hiệu 30 đến 65 năm sớm không quá 12 tháng, 70 đến
    90 năm không quá 24 tháng (kept by 294-QĐ/TW). Each milestone group under each text."""
    member = _member(tree, add_months(occasion, months_early), milestone)
    proposed = occasion - dt.timedelta(days=20)
    ill = {"case": "EARLY", "note": "Bệnh nặng, điều trị dài ngày tại Bệnh viện tỉnh"}
    if not accepted:
        with pytest.raises(DomainError) as refused:
            _propose(member, proposed, milestone, **ill)
        assert f"Quy định {text}" in refused.value.message
        assert "sớm không quá" in refused.value.message
        return
    _propose(member, proposed, milestone, **ill)
    award = _award(member, occasion, milestone)
    assert award.details["case"] == "EARLY" and "(xét tặng sớm)" in award.summary


def test_an_early_proposal_must_state_the_illness(tree: dict[str, Any]) -> None:
    member = _member(tree, dt.date(2022, 10, 1))
    with pytest.raises(DomainError, match="bệnh nặng"):
        _propose(member, dt.date(2022, 1, 10), case="EARLY")


def test_an_ordinary_award_waits_for_the_party_age(tree: dict[str, Any]) -> None:
    """Quy định 24-QĐ/TW điểm 27.3 a: the badge goes to members "có đủ" the party age;
    before that only the seriously ill are awarded early."""
    member = _member(tree, dt.date(2022, 6, 1))
    _propose(member, dt.date(2022, 3, 1))
    with pytest.raises(DomainError, match="xét tặng sớm"):
        _award(member, dt.date(2022, 5, 19))
    assert _award(member, dt.date(2022, 9, 2)).kind == EventKind.BADGE_AWARDED


# --- point 9: the backlog and the cases of the due list ----------------------------------


def test_a_milestone_reached_years_ago_stays_on_the_due_list_until_proposed(
    tree: dict[str, Any],
) -> None:
    """Hướng dẫn 01-HD/TW 2021 điểm 18: the badge is awarded to every member with the party
    age; a milestone missed stays due (tồn đọng), year after year, until proposed."""
    late = _member(tree, dt.date(2018, 3, 10), name="Tồn Đọng")
    for day in (
        dt.date(2020, 1, 2),
        dt.date(2022, 6, 1),
        dt.date(2024, 10, 1),
        dt.date(2026, 11, 30),
    ):
        rows = {r.member.pk: r for r in queries.badges_due(tree["BLOC"], day)}
        assert rows[late.pk].case == "BACKLOG", day
        assert rows[late.pk].label == "Tồn đọng từ năm 2018"
    _propose(late, dt.date(2022, 6, 2))
    assert late.pk not in {
        r.member.pk for r in queries.badges_due(tree["BLOC"], dt.date(2024, 1, 5))
    }


def test_the_due_list_says_which_case_each_row_is(tree: dict[str, Any]) -> None:
    day = dt.date(2022, 4, 20)  # next occasion 19/05/2022
    due = _member(tree, dt.date(2022, 5, 1), name="Đến Hạn")
    both = _member(tree, dt.date(2020, 12, 1), 40, name="Hai Mốc")  # 30 years in 2010 too
    soon = _member(tree, dt.date(2023, 3, 1), name="Sắp Đủ")
    dead = _member(tree, dt.date(2021, 11, 1), name="Đã Mất")
    _die(dead, dt.date(2021, 12, 1))
    rows = {r.member.pk: r for r in queries.badges_due(tree["BLOC"], day)}
    assert (rows[due.pk].case, rows[due.pk].label) == ("DUE", "Đến hạn")
    assert (rows[both.pk].milestone, rows[both.pk].label) == (40, "Tồn đọng từ năm 2020")
    assert (rows[dead.pk].case, rows[dead.pk].label) == ("POSTHUMOUS", "Truy tặng")
    assert soon.pk not in rows
    early = {r.member.pk: r for r in queries.badges_due(tree["BLOC"], day, early=True)}
    assert (early[soon.pk].case, early[soon.pk].label) == ("EARLY", "Xét tặng sớm")


def test_the_due_page_and_the_form_for_a_deceased_member(
    tree: dict[str, Any], admin_user: Any
) -> None:
    member = _member(tree, dt.date(2025, 1, 1), name="Trần Văn Truy")
    _die(member, dt.date(2025, 3, 1))
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("members:due"), {"to_chuc": "BLOC"})
    assert "Truy tặng" in page.content.decode() and "Trần Văn Truy" in page.content.decode()
    assert actions.allowed_event_kinds(member) == [
        EventKind.BADGE_PROPOSED,
        EventKind.BADGE_AWARDED,
    ]
    url = reverse("members:event", args=[member.pk, EventKind.BADGE_PROPOSED])
    assert '<option value="POSTHUMOUS" selected>' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "milestone": "30",
            "case": "POSTHUMOUS",
            "date": "05/11/2026",
            "decision_number": "09-TTr/ĐU",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert member.events.get(kind=EventKind.BADGE_PROPOSED).details["case"] == "POSTHUMOUS"


def test_a_posthumous_proposal_counts_where_the_member_died(tree: dict[str, Any]) -> None:
    """A posthumous badge (truy tặng, Quy định 24-QĐ/TW điểm 27.3 a) is a badge proposed
    like any other: the report's count places it in the organisation the member died in,
    one by one and in bulk alike."""
    from dangvu.reports import registry
    from dangvu.reports.registry import Period

    member = _member(tree, dt.date(2023, 1, 10))
    _die(member, dt.date(2023, 3, 1))
    _propose(member, dt.date(2023, 4, 20), case="POSTHUMOUS")
    year = Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    orgs = [tree[c] for c in ("BLOC", "GK1", "C11", "C12", "GK2")]
    single = {o.pk: registry.value("members.badges_proposed", o, year) for o in orgs}
    assert [single[tree[c].pk].value for c in ("BLOC", "GK1", "C11", "C12", "GK2")] == [
        1,
        1,
        1,
        0,
        0,
    ]
    assert single[tree["C11"].pk].breakdown == {"30 năm": 1}
    assert registry.values_by_org("members.badges_proposed", orgs, year) == single
