"""The indicator registry: definitions, derived indicators, and sums over grassroots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import admit, existing, full_member
from dangvu.orgs import actions as org_actions
from dangvu.orgs.kinds import OrgKind
from dangvu.reports.registry import Period, indicators, value

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)


@pytest.fixture
def year(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    for code in ("C11", "C12", "C13", "C21", "GC1", "GC2"):
        for _ in range(5):
            existing(tree[code], dt.date(2021, 1, 1), dt.date(2005, 3, 1))
    for code in ("C11", "C21", "GC1"):
        admit(tree[code], dt.date(2023, 4, 3))
    confirmed = full_member(tree["C13"], dt.date(2022, 3, 1))
    actions.do_issue_card(
        confirmed, card_number="0011", decision=Decision(dt.date(2023, 9, 2)), acting_user=None
    )
    org_actions.do_dissolve_organisation(
        tree["C12"],
        members_to=tree["C11"],
        decision=decision(dt.date(2023, 6, 1)),
        acting_user=None,
    )
    org_actions.do_convert_organisation(
        tree["GC2"],
        new_kind=OrgKind.GRASSROOTS_COMMITTEE,
        decision=decision(dt.date(2023, 8, 1)),
        acting_user=None,
    )
    return tree


def test_every_indicator_has_a_vietnamese_label_unit_and_definition() -> None:
    for ind in indicators():
        assert ind.label and ind.unit and ind.definition, ind.code
        assert ind.code.split(".")[0] in {
            "members",
            "orgs",
            "discipline",
            "complaints",
            "education",
            "emulation",
            "massorgs",
            "inspection",
            "personnel",
            "plans",
            "dues",
            "rating",
            "meetings",
            "congresses",
        }


def test_member_figures_of_a_year(year: dict[str, Any]) -> None:
    bloc = year["BLOC"]
    assert value("members.start", bloc, Y2023).value == 31
    assert value("members.admitted", bloc, Y2023).value == 3
    assert value("members.end", bloc, Y2023).value == 34
    assert value("members.confirmed", bloc, Y2023).value == 1
    assert value("members.cards_issued", bloc, Y2023).value == 1
    pct = value("members.admitted.pct_start", bloc, Y2023).value
    assert pct == pytest.approx(100 * 3 / 31)


def test_organisation_figures_of_a_year(year: dict[str, Any]) -> None:
    bloc = year["BLOC"]
    assert value("orgs.dissolved", bloc, Y2023).value == 1
    converted = value("orgs.converted", bloc, Y2023)
    assert converted.value == 1
    assert converted.breakdown == {"Chi bộ cơ sở → Đảng bộ cơ sở": 1}
    assert value("orgs.grassroots", bloc, Y2023).value == 4
    assert value("orgs.grassroots_cells", bloc, Y2023).value == 1
    assert value("orgs.grassroots_committees", bloc, Y2023).value == 3
    assert value("orgs.cells_under_grassroots_committees", bloc, Y2023).value == 2
    assert value("orgs.cells_under_sub_committees", bloc, Y2023).value == 1


def test_additive_indicators_sum_over_the_grassroots(year: dict[str, Any]) -> None:
    bloc = year["BLOC"]
    grassroots = [year[c] for c in ("GC1", "GC2", "GK1", "GK2")]
    for ind in indicators():
        if not ind.additive or not ind.code.startswith("members."):
            continue
        whole = value(ind.code, bloc, Y2023).value or 0
        parts = sum(value(ind.code, g, Y2023).value or 0 for g in grassroots)
        assert parts == whole, ind.code


def test_previous_period_of_a_year_is_the_year_before() -> None:
    assert Y2023.previous() == Period.year(2022)


def test_the_figures_page_shows_each_indicator(
    client: Any, cast: dict[str, Any], year: dict[str, Any]
) -> None:
    from django.urls import reverse

    client.force_login(cast["officer"])
    body = client.get(reverse("reports:figures"), {"nam": "2023"}).content.decode()
    assert 'data-code="members.admitted"' in body
    assert "Chi bộ cơ sở → Đảng bộ cơ sở: 1" in body
    outside = client.get(reverse("reports:figures"), {"to_chuc": "GK2", "nam": "2023"})
    assert outside.status_code == 200
    client.force_login(cast["cell"])
    assert client.get(reverse("reports:figures"), {"to_chuc": "GK1"}).status_code == 404
    bad = client.get(reverse("reports:figures"), {"nam": "3000"}).content.decode()
    assert "không hợp lệ" in bad
