"""The home page's congress figure: the season this year prepares or holds, of the user's
subtree, shown only once a congress of it is planned or held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.congresses.tests.read_factories import congress
from dangvu.core.home import congress_stat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


class TestHomeCongresses:
    def test_nothing_before_the_season_is_planned(self, tree: Any) -> None:
        assert congress_stat(tree["BLOC"], dt.date(2025, 3, 1)) is None

    def test_the_season_of_the_bloc_and_of_a_grassroots_committee(self, tree: Any) -> None:
        congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20))
        congress(tree["GK1"], "2025–2030", dt.date(2025, 4, 10), held=False)
        congress(tree["C11"], "2025–2027", dt.date(2025, 1, 6))
        stat = congress_stat(tree["BLOC"], dt.date(2025, 3, 1))
        assert stat is not None and stat.label == "2025–2030"
        assert (stat.held, stat.scheduled, stat.not_scheduled) == (1, 1, 2)
        cells = congress_stat(tree["GK1"], dt.date(2025, 3, 1))
        assert cells is not None and (cells.held, cells.total) == (1, 4)
        assert "cap=truc-thuoc" in cells.url

    def test_on_the_page_for_the_users_scope(self, client: Client, cast: Any, tree: Any) -> None:
        congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20))
        client.force_login(cast["officer"])
        body = client.get(reverse("core:home")).content.decode()
        assert 'data-testid="congresses"' in body
        assert "Đại hội nhiệm kỳ 2025–2030" in body
        client.force_login(cast["grassroots"])
        body = client.get(reverse("core:home")).content.decode()
        assert 'data-testid="congresses"' not in body
