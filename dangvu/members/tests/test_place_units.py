"""The district or commune box of a record's place: the page draws the chosen province's
units in a datalist, and a small endpoint gives any province's units in force today (and
its successor's) for the project's script to refill the list when the province changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.forms import PersonForm
from dangvu.vocab.models import AdminUnit

pytestmark = pytest.mark.django_db
URL = reverse("members:place_units")
MERGER = dt.date(2025, 7, 1)
P = AdminUnit.Level.PROVINCE


def unit(code: str, name: str, level: str, **kw: Any) -> AdminUnit:
    return AdminUnit.objects.create(code=code, name=name, level=level, **kw)


@pytest.fixture
def places() -> dict[str, AdminUnit]:
    """An old province merged into a new one: a district of the old (ended), a commune of
    the old that ended too, a commune of the new, and another province's commune."""
    new = unit("X2", "Tỉnh Mới", P, valid_from=MERGER)
    old = unit("X1", "Tỉnh Cũ", P, valid_to=MERGER, successor=new)
    other = unit("X3", "Tỉnh Khác", P)
    return {
        "old": old,
        "new": new,
        "other": other,
        "district": unit("X101", "Huyện Cũ", "DISTRICT", parent=old, valid_to=MERGER),
        "ended": unit("X102", "Xã Đã Nhập", "COMMUNE", parent=old, valid_to=MERGER),
        "commune": unit("X201", "Phường Mới", "COMMUNE", parent=new, valid_from=MERGER),
        "elsewhere": unit("X301", "Xã Khác", "COMMUNE", parent=other),
    }


def names(client: Client, **params: str) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [u["name"] for u in response.json()["units"]]


class TestEndpoint:
    def test_an_ended_province_gives_its_successors_units_in_force(
        self, client: Client, places: dict[str, AdminUnit], cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["officer"])
        assert names(client, tinh=str(places["old"].pk)) == ["Phường Mới"]
        assert names(client, tinh=str(places["new"].pk)) == ["Phường Mới"]
        assert names(client, tinh=str(places["other"].pk)) == ["Xã Khác"]
        first = client.get(URL, {"tinh": str(places["other"].pk)}).json()["units"][0]
        assert first == {"name": "Xã Khác", "level": "Xã, phường, thị trấn, đặc khu"}

    @pytest.mark.parametrize(
        "junk", ["", "abc", "-1", "999999999", "1" * 40, "٣", "1 OR 1=1", "\x00"]
    )
    def test_junk_or_a_unit_that_is_no_province_gives_none(
        self, client: Client, places: dict[str, AdminUnit], cast: dict[str, Any], junk: str
    ) -> None:
        client.force_login(cast["cell"])
        assert names(client, tinh=junk) == []
        assert names(client, tinh=str(places["commune"].pk)) == []

    def test_it_needs_a_signed_in_user(self, client: Client, places: dict[str, AdminUnit]) -> None:
        response = client.get(URL, {"tinh": str(places["new"].pk)})
        assert response.status_code == 302
        assert client.post(URL).status_code in (302, 405)


class TestForm:
    def test_the_box_names_its_province_the_endpoint_and_the_drawn_list(
        self, places: dict[str, AdminUnit]
    ) -> None:
        form = PersonForm(initial={"residence_province": str(places["other"].pk)})
        attrs = form.fields["residence_local"].widget.attrs
        assert attrs["data-units-of"] == "residence_province"
        assert attrs["data-units-url"] == URL
        assert attrs["list"] == "residence-units"
        drawn = dict(form.place_options())
        assert [u.name for u in drawn["residence-units"]] == ["Xã Khác"]
