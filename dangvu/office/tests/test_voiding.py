"""Voiding office records: never deleted, no longer counted, and the correction can follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.log import VOID, history
from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.office import actions
from dangvu.office.models import MassOrganisation, MassRating, Rating
from dangvu.office.tests.helpers import commend
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
D = dt.date(2023, 5, 19)
Y2023 = Period.year(2023)


@pytest.fixture
def unit(tree: dict[str, Any]) -> MassOrganisation:
    return actions.do_create_mass_organisation(
        kind=MassOrganisation.Kind.TRADE_UNION,
        name="Công đoàn Sở Y tế",
        organisation=tree["GK1"],
        acting_user=None,
    )


def test_voiding_needs_a_reason(tree: dict[str, Any]) -> None:
    c = commend(D, org=tree["C11"])
    with pytest.raises(DomainError) as error:
        do_void(c, reason="  ", acting_user=None)
    assert error.value.field == "reason"
    c.refresh_from_db()
    assert not c.is_void


def test_a_void_record_no_longer_counts(tree: dict[str, Any], unit: MassOrganisation) -> None:
    c = commend(D, org=tree["C11"])
    assert value("emulation.commended_collectives", tree["BLOC"], Y2023).value == 1
    do_void(c, reason="Nhầm quyết định", acting_user=None)
    assert value("emulation.commended_collectives", tree["BLOC"], Y2023).value == 0
    congress = actions.do_record_congress(unit, term="2023 - 2028", date=D, acting_user=None)
    assert value("massorgs.congresses", tree["BLOC"], Y2023).value == 1
    do_void(congress, reason="Sai ngày", acting_user=None)
    assert value("massorgs.congresses", tree["BLOC"], Y2023).value == 0
    # The corrected congress of the same term can now be entered.
    actions.do_record_congress(unit, term="2023 - 2028", date=D.replace(day=20), acting_user=None)
    assert value("massorgs.congresses", tree["BLOC"], Y2023).value == 1


def test_after_voiding_a_rating_a_corrected_one_can_be_entered(
    tree: dict[str, Any], unit: MassOrganisation
) -> None:
    wrong = actions.do_rate_mass_organisation(unit, year=2023, rating=Rating.GOOD, acting_user=None)
    with pytest.raises(DomainError, match="đã được xếp loại"):
        actions.do_rate_mass_organisation(
            unit, year=2023, rating=Rating.EXCELLENT, acting_user=None
        )
    assert value("massorgs.ratings", tree["BLOC"], Y2023).value == 0
    do_void(wrong, reason="Nhầm mức xếp loại", acting_user=None)
    actions.do_rate_mass_organisation(unit, year=2023, rating=Rating.EXCELLENT, acting_user=None)
    assert MassRating.objects.filter(unit=unit).count() == 2
    assert value("massorgs.ratings", tree["BLOC"], Y2023).value == 1
    assert history(wrong).filter(action=VOID, note="Lý do hủy: Nhầm mức xếp loại").exists()


def _void_url(kind: str, pk: int) -> str:
    return reverse("office:void", args=[kind, pk])


def test_the_void_view(
    client: Client, tree: dict[str, Any], cast: dict[str, Any], unit: MassOrganisation
) -> None:
    mine = commend(D, org=tree["C11"])
    theirs = commend(D, org=tree["C21"])
    rating = actions.do_rate_mass_organisation(
        unit, year=2023, rating=Rating.GOOD, acting_user=None
    )
    client.force_login(cast["viewer"])
    assert "Hủy bản ghi ghi nhầm" not in client.get(mine.get_absolute_url()).content.decode()
    assert client.post(_void_url("commendation", mine.pk), {"reason": "x"}).status_code == 404
    client.force_login(cast["grassroots_editor"])
    assert client.post(_void_url("commendation", theirs.pk), {"reason": "x"}).status_code == 404
    assert client.post(_void_url("nothing", mine.pk), {"reason": "x"}).status_code == 404
    assert "Hủy bản ghi ghi nhầm" in client.get(mine.get_absolute_url()).content.decode()
    client.post(_void_url("commendation", mine.pk), {"reason": ""})
    mine.refresh_from_db()
    assert not mine.is_void
    response = client.post(_void_url("commendation", mine.pk), {"reason": "Trùng quyết định"})
    assert response["Location"] == mine.get_absolute_url()
    mine.refresh_from_db()
    assert mine.is_void and mine.voided_by == cast["grassroots_editor"]
    assert history(mine).filter(action=VOID).exists()
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Bản ghi đã hủy" in page and "Trùng quyết định" in page
    listing = client.get(reverse("office:commendations")).content.decode()
    assert mine.get_absolute_url() not in listing
    # A rating is voided from its unit's page, where it then shows as void.
    assert _void_url("rating", rating.pk) in client.get(unit.get_absolute_url()).content.decode()
    response = client.post(_void_url("rating", rating.pk), {"reason": "Nhầm"})
    assert response["Location"] == unit.get_absolute_url()
    page = client.get(unit.get_absolute_url()).content.decode()
    assert 'data-testid="void-ratings"' in page
    assert "Công đoàn Sở Y tế" not in client.get(reverse("office:ratings")).content.decode()
    client.force_login(cast["cell"])
    assert client.post(_void_url("rating", rating.pk), {"reason": "x"}).status_code == 404
