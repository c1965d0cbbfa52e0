"""The office indicators: period edges, subtree sums and position on the decision date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members import actions as member_actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import existing
from dangvu.office import actions
from dangvu.office.models import MassOrganisation, Rating, Reason
from dangvu.office.tests.helpers import commend
from dangvu.orgs.actions import do_move_organisation
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)


def test_collectives_by_reason_with_period_edges_and_subtree_sums(tree: dict[str, Any]) -> None:
    commend(dt.date(2023, 1, 1), org=tree["C11"])
    commend(dt.date(2023, 12, 31), org=tree["SUB1"], reason=Reason.CONTEST)
    commend(dt.date(2022, 12, 31), org=tree["C12"])
    commend(dt.date(2024, 1, 1), org=tree["C12"])
    commend(dt.date(2023, 6, 1), org=tree["C21"])
    bloc = value("emulation.commended_collectives", tree["BLOC"], Y2023)
    assert bloc.value == 3
    assert bloc.breakdown == {Reason.HCM.label: 2, Reason.CONTEST.label: 1}
    gk1 = value("emulation.commended_collectives", tree["GK1"], Y2023).value
    gk2 = value("emulation.commended_collectives", tree["GK2"], Y2023).value
    assert (gk1, gk2) == (2, 1)
    assert value("emulation.commended_collectives", tree["C11"], Y2023).value == 1


def test_collectives_follow_the_organisations_position_on_the_date(
    tree: dict[str, Any], decision: Any
) -> None:
    commend(dt.date(2023, 3, 1), org=tree["C12"])
    do_move_organisation(
        tree["C12"],
        new_parent=tree["GK2"],
        decision=decision(dt.date(2023, 6, 1)),
        acting_user=None,
    )
    commend(dt.date(2023, 9, 1), org=tree["C12"])
    assert value("emulation.commended_collectives", tree["GK1"], Y2023).value == 1
    assert value("emulation.commended_collectives", tree["GK2"], Y2023).value == 1
    assert value("emulation.commended_collectives", tree["BLOC"], Y2023).value == 2


def test_individuals_count_members_where_they_were_on_the_date(tree: dict[str, Any]) -> None:
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Nguyễn Văn An")
    commend(dt.date(2023, 2, 1), member=an)
    member_actions.do_move_member(
        an, to=tree["C21"], decision=Decision(dt.date(2023, 4, 1)), acting_user=None
    )
    commend(dt.date(2023, 5, 1), member=an, reason=Reason.CONTEST)
    commend(dt.date(2023, 5, 2), name="Trần Thị Bình", org=tree["GC1"])
    bloc = value("emulation.commended_individuals", tree["BLOC"], Y2023)
    assert bloc.value == 3
    assert bloc.breakdown == {Reason.HCM.label: 2, Reason.CONTEST.label: 1}
    assert value("emulation.commended_individuals", tree["GC1"], Y2023).value == 1
    gk1 = value("emulation.commended_individuals", tree["GK1"], Y2023).value
    gk2 = value("emulation.commended_individuals", tree["GK2"], Y2023).value
    assert (gk1, gk2) == (1, 1)


def test_congresses_and_ratings(tree: dict[str, Any]) -> None:
    def unit(org: str, kind: str, name: str) -> MassOrganisation:
        return actions.do_create_mass_organisation(
            kind=kind, name=name, organisation=tree[org], acting_user=None
        )

    tu1 = unit("GK1", MassOrganisation.Kind.TRADE_UNION, "Công đoàn Sở Y tế")
    tu2 = unit("GK2", MassOrganisation.Kind.TRADE_UNION, "Công đoàn Sở Tài chính")
    youth = unit("BLOC", MassOrganisation.Kind.YOUTH_UNION, "Đoàn Khối các cơ quan tỉnh")
    actions.do_record_congress(tu1, term="2023 - 2028", date=dt.date(2023, 1, 1), acting_user=None)
    actions.do_record_congress(
        tu2, term="2023 - 2028", date=dt.date(2022, 12, 31), acting_user=None
    )
    actions.do_record_congress(
        youth, term="2022 - 2027", date=dt.date(2022, 10, 1), acting_user=None
    )
    figure = value("massorgs.congresses", tree["BLOC"], Y2023)
    assert (figure.value, figure.breakdown) == (1, {"Công đoàn": 1})
    figure = value("massorgs.congresses", tree["BLOC"], Period.year(2022))
    assert (figure.value, figure.breakdown) == (2, {"Công đoàn": 1, "Đoàn Thanh niên": 1})
    assert value("massorgs.congresses", tree["GK2"], Y2023).value == 0
    for u, rating in ((tu1, Rating.EXCELLENT), (tu2, Rating.GOOD), (youth, Rating.EXCELLENT)):
        actions.do_rate_mass_organisation(u, year=2023, rating=rating, acting_user=None)
    figure = value("massorgs.ratings", tree["BLOC"], Y2023)
    assert figure.value == 2
    assert figure.breakdown == {
        Rating.EXCELLENT.label: 2,
        Rating.GOOD.label: 1,
        Rating.COMPLETED.label: 0,
        Rating.NOT_COMPLETED.label: 0,
    }
    assert value("massorgs.ratings", tree["GK1"], Y2023).value == 1
    assert value("massorgs.ratings", tree["GK2"], Y2023).value == 0
    assert (
        value(
            "massorgs.ratings", tree["BLOC"], Period(dt.date(2023, 1, 1), dt.date(2023, 12, 30))
        ).value
        == 0
    )
