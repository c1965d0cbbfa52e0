"""Each office figure links to the list of the records it counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from dangvu.office import actions
from dangvu.office.models import MassOrganisation, Rating
from dangvu.office.tests.helpers import commend
from dangvu.reports.registry import Period, indicators, records_url, value

pytestmark = pytest.mark.django_db
Y2023 = Period.year(2023)


def test_every_office_indicator_declares_its_records() -> None:
    office = [i for i in indicators() if i.owner == "office"]
    assert {"emulation.commended_collectives", "members.admitted.pct_plan"} <= {
        i.code for i in office
    }
    assert all(i.records is not None for i in office)


def test_the_link_lists_what_the_figure_counts(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    commend(dt.date(2023, 5, 19), org=tree["C11"])
    commend(dt.date(2024, 5, 19), org=tree["C12"])
    commend(dt.date(2023, 5, 19), name="Trần Thị Bình", org=tree["C12"])
    commend(dt.date(2023, 5, 19), org=tree["C21"])
    unit = actions.do_create_mass_organisation(
        kind=MassOrganisation.Kind.TRADE_UNION,
        name="Công đoàn Sở Y tế",
        organisation=tree["GK1"],
        acting_user=None,
    )
    actions.do_record_congress(unit, term="2023 - 2028", date=dt.date(2023, 6, 1), acting_user=None)
    actions.do_rate_mass_organisation(unit, year=2023, rating=Rating.EXCELLENT, acting_user=None)
    client.force_login(cast["viewer"])
    url = records_url("emulation.commended_collectives", tree["GK1"], Y2023)
    assert url is not None and "to_chuc=GK1" in url and "loai=COLLECTIVE" in url
    body = client.get(url).content.decode()
    assert value("emulation.commended_collectives", tree["GK1"], Y2023).value == 1
    assert "Chi bộ Văn phòng Sở Y tế" in body
    assert "Chi bộ Thanh tra Sở Y tế" not in body  # 2024, and the individual
    assert "Sở Tài chính" not in body
    url = records_url("emulation.commended_individuals", tree["GK1"], Y2023)
    assert url is not None and "Trần Thị Bình" in client.get(url).content.decode()
    for code in ("massorgs.congresses", "massorgs.ratings"):
        url = records_url(code, tree["GK1"], Y2023)
        assert url is not None and "Công đoàn Sở Y tế" in client.get(url).content.decode()
        other = records_url(code, tree["GK1"], Period.year(2022))
        assert other is not None and "Công đoàn Sở Y tế" not in client.get(other).content.decode()
    url = records_url("members.admitted.pct_plan", tree["GK1"], Y2023)
    assert url is not None and "nam=2023" in url
    assert "Thực hiện chỉ tiêu năm 2023" in client.get(url).content.decode()
