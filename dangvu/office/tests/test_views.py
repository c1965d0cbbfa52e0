"""HTTP behaviour of the office pages: lists, filters, exports, details, forms, scoping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from dangvu.members.tests.factories import existing
from dangvu.office import actions
from dangvu.office.models import Commendation, MassOrganisation, MassRating, Rating
from dangvu.office.tests.helpers import commend

pytestmark = pytest.mark.django_db
D = dt.date(2023, 5, 19)


@pytest.fixture
def records(tree: dict[str, Any]) -> dict[str, Any]:
    unit = actions.do_create_mass_organisation(
        kind=MassOrganisation.Kind.TRADE_UNION,
        name="Công đoàn Sở Y tế",
        organisation=tree["GK1"],
        acting_user=None,
    )
    actions.do_record_congress(unit, term="2023 - 2028", date=D, acting_user=None)
    actions.do_rate_mass_organisation(unit, year=2023, rating=Rating.EXCELLENT, acting_user=None)
    other = actions.do_create_mass_organisation(
        kind=MassOrganisation.Kind.WOMEN,
        name="Hội Phụ nữ Sở Tài chính",
        organisation=tree["GK2"],
        acting_user=None,
    )
    return {
        "c11": commend(D, org=tree["C11"]),
        "c21": commend(dt.date(2024, 5, 19), org=tree["C21"]),
        "unit": unit,
        "other": other,
    }


def test_commendation_list_filters_exports_and_scope(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    url = reverse("office:commendations")
    body = client.get(url).content.decode()
    assert "Chi bộ Văn phòng Sở Y tế" in body and "Chi bộ Văn phòng Sở Tài chính" in body
    body = client.get(url, {"to_chuc": "GK1"}).content.decode()
    assert "Sở Tài chính" not in body
    body = client.get(url, {"nam": "2024"}).content.decode()
    assert "Sở Y tế" not in body
    body = client.get(url, {"loai": "INDIVIDUAL"}).content.decode()
    assert "Chi bộ Văn phòng Sở Y tế" not in body
    response = client.get(url, {"xuat": "csv", "to_chuc": "GK1"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="khen-thuong-')
    assert "Chi bộ Văn phòng Sở Y tế" in text and "Sở Tài chính" not in text
    assert client.get(url, {"xuat": "xlsx"}).status_code == 200

    client.force_login(cast["cell"])  # C21 only
    body = client.get(url).content.decode()
    assert "Sở Tài chính" in body and "Sở Y tế" not in body
    assert client.get(url, {"to_chuc": "GK1"}).status_code == 404
    detail = reverse("office:commendation", args=[records["c11"].pk])
    assert client.get(detail).status_code == 404
    assert client.get(reverse("office:commendation", args=[records["c21"].pk])).status_code == 200


def test_mass_pages_and_scope(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    for name in ("massorgs", "congresses", "ratings"):
        response = client.get(reverse(f"office:{name}"))
        assert response.status_code == 200
        assert "Công đoàn Sở Y tế" in response.content.decode()
        assert client.get(reverse(f"office:{name}"), {"xuat": "csv"}).status_code == 200
    body = client.get(reverse("office:massorgs"), {"loai": "WOMEN"}).content.decode()
    assert "Công đoàn Sở Y tế" not in body and "Hội Phụ nữ" in body
    body = client.get(reverse("office:ratings"), {"xep_loai": "GOOD"}).content.decode()
    assert "Công đoàn Sở Y tế" not in body
    body = client.get(reverse("office:massorg", args=[records["unit"].pk])).content.decode()
    assert "2023 - 2028" in body and "Hoàn thành xuất sắc nhiệm vụ" in body
    assert "Ghi đại hội" not in body  # a viewer records nothing
    assert client.get(reverse("office:massorg_create")).status_code == 404
    client.force_login(cast["cell"])
    assert client.get(reverse("office:massorg", args=[records["unit"].pk])).status_code == 404
    assert client.get(reverse("office:rating_create", args=[records["unit"].pk])).status_code == 404


def test_forms_go_through_the_actions(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    client.force_login(cast["grassroots"])  # secretary of GK1
    url = reverse("office:commendation_create")
    data = {
        "organisation": "C12",
        "reason": "HCM",
        "level": "Tỉnh ủy",
        "decision_date": "2023-05-19",
        "decision_number": "99-QĐ/TU",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Commendation.objects.filter(organisation=tree["C12"], level="Tỉnh ủy").exists()
    response = client.post(url, {**data, "decision_date": "2099-01-01"})
    assert "tương lai" in response.content.decode()
    response = client.post(url, {**data, "organisation": "C21"})
    assert "Không tìm thấy tổ chức" in response.content.decode()
    unit = records["unit"]
    response = client.post(
        reverse("office:rating_create", args=[unit.pk]), {"year": "2022", "rating": "GOOD"}
    )
    assert response.status_code == 302 and MassRating.objects.filter(year=2022).exists()
    response = client.post(
        reverse("office:congress_create", args=[unit.pk]),
        {"term": "2020 - 2025", "date": "2020-04-01"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("office:congress_create", args=[unit.pk]),
        {"term": "2020 - 2030", "date": "2020-04-01"},
    )
    assert "nhiệm kỳ đoàn thể" in response.content.decode()
    response = client.post(
        reverse("office:massorg_create"),
        {"kind": "YOUTH_UNION", "name": "Chi đoàn Sở Y tế", "organisation": "GK1"},
    )
    assert response.status_code == 302
    client.force_login(cast["nobody"])
    assert client.get(url).status_code == 404


def test_member_commendation_from_the_member_page(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Nguyễn Văn An")
    client.force_login(cast["grassroots"])
    url = reverse("office:commendation_create") + f"?member={an.pk}"
    assert "Nguyễn Văn An" in client.get(url).content.decode()
    response = client.post(
        url,
        {"member": an.pk, "reason": "CONTEST", "level": "Tỉnh ủy", "decision_date": "2024-03-01"},
    )
    assert response.status_code == 302
    assert an.commendations.get().organisation == tree["C11"]
    client.force_login(cast["cell"])
    assert client.get(url).status_code == 404  # the member lies outside C21

    request = RequestFactory().get("/")
    request.user = cast["grassroots"]
    html = Template("{% load office %}{% member_commendations member %}").render(
        Context({"member": an, "request": request})
    )
    assert "Thành tích trong hội thi, cuộc thi" in html and "Ghi khen thưởng" in html
