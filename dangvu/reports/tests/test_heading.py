"""The place before the date and the signer's name of a report come from recorded data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docxtpl import DocxTemplate

from dangvu.audit.models import AuditEvent
from dangvu.personnel.models import Position
from dangvu.personnel.tests.helpers import committee, member, seat
from dangvu.reports.annual import compose
from dangvu.reports.models import ReportHeading, place_for
from dangvu.reports.word import PLACE_BLANK, context, default_template

pytestmark = pytest.mark.django_db


def _context(org: Any) -> dict[str, Any]:

    report = compose(org, 2024, today=dt.date(2025, 1, 20))
    return context(report, DocxTemplate(io.BytesIO(default_template())), number="01-BC/ĐUK")


def test_the_place_is_set_on_the_template_page_and_inherited(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    url = reverse("reports:template", args=["BLOC"])
    assert place_for(tree["GK1"]) == ""
    response = client.post(url, {"hanh_dong": "the_thuc", "place": "  Quy   Nhơn "})
    assert response.status_code == 302
    assert place_for(tree["BLOC"]) == "Quy Nhơn"
    assert place_for(tree["C11"]) == "Quy Nhơn"  # from the nearest superior with one
    assert AuditEvent.objects.filter(note__contains="Thể thức báo cáo").exists()
    client.post(
        reverse("reports:template", args=["GK1"]), {"hanh_dong": "the_thuc", "place": "An Nhơn"}
    )
    assert place_for(tree["C11"]) == "An Nhơn" and place_for(tree["GK2"]) == "Quy Nhơn"
    page = client.get(url).content.decode()
    assert "Báo cáo ghi «Quy Nhơn, ngày" in page


def test_a_bad_place_says_what_to_fix_and_keeps_the_old_one(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    url = reverse("reports:template", args=["BLOC"])
    client.post(url, {"hanh_dong": "the_thuc", "place": "Quy Nhơn"})
    response = client.post(url, {"hanh_dong": "the_thuc", "place": "Số 12 Trần Phú"})
    assert response.status_code == 400
    assert "không có chữ số" in response.content.decode()
    response = client.post(url, {"hanh_dong": "the_thuc", "place": "x" * 120})
    assert response.status_code == 400
    assert ReportHeading.objects.get(organisation=tree["BLOC"]).place == "Quy Nhơn"
    client.post(url, {"hanh_dong": "the_thuc", "place": ""})
    assert place_for(tree["BLOC"]) == ""


def test_a_viewer_cannot_set_the_place(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["viewer"])
    url = reverse("reports:template", args=["BLOC"])
    response = client.post(url, {"hanh_dong": "the_thuc", "place": "Quy Nhơn"})
    assert response.status_code == 403
    assert not ReportHeading.objects.exists()


def test_the_word_heading_has_the_place_and_the_secretary(tree: dict[str, Any]) -> None:
    with time_machine.travel(dt.datetime(2025, 1, 20, 9, 0), tick=False):
        assert _context(tree["BLOC"])["place"] == PLACE_BLANK
        assert _context(tree["BLOC"])["signer_name"] == ""
        ReportHeading.objects.create(organisation=tree["BLOC"], place="Quy Nhơn")
        body = committee(tree["BLOC"])
        seat(body, member(tree["C11"], "Trần Thị Bí Thư"), Position.SECRETARY)
        values = _context(tree["BLOC"])
        assert values["place"] == "Quy Nhơn"
        assert values["signer_name"] == "Trần Thị Bí Thư"
