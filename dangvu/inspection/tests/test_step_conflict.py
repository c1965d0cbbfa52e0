"""An inspection's status or conclusion is refused when someone else changed it after the
page was opened, naming both sides; nothing is written and a second submit goes through."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.inspection import actions
from dangvu.inspection.models import Inspection, Kind, Level, Status
from dangvu.inspection.tests.helpers import inspect

pytestmark = pytest.mark.django_db
D = dt.date(2024, 5, 20)


def _stamp_of(page: str) -> str:
    """The hidden stamp the page rendered."""
    found = re.search(r'name="stamp" value="([^"]*)"', page)
    assert found, "the step's form carries no stamp"
    return html.unescape(found.group(1))


def test_a_status_changed_meanwhile_is_named_then_a_resubmit_moves_it_on(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record = inspect(
        tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, D, orgs=[tree["C12"]], status=Status.PLANNED
    )
    client.force_login(cast["grassroots"])
    seen = _stamp_of(client.get(record.get_absolute_url()).content.decode())
    # Another clerk starts the inspection after the page was opened.
    actions.do_set_inspection_status(record, status=Status.IN_PROGRESS, acting_user=None)
    url = reverse("inspection:inspection_status", args=[record.pk])
    typed = {"status": Status.CANCELLED, "end_date": "21/05/2024", "stamp": seen}
    response = client.post(url, typed)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and 'data-testid="edit-conflict"' in page
    assert "Tình trạng: lúc bạn mở là «" in page and "nay là «Đang tiến hành»" in page
    assert 'value="21/05/2024"' in page
    assert Inspection.objects.get(pk=record.pk).status == Status.IN_PROGRESS
    response = client.post(url, {**typed, "stamp": _stamp_of(page)})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=record.pk).status == Status.CANCELLED


def test_a_conclusion_recorded_meanwhile_is_named_then_a_resubmit_saves(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record = inspect(tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, D, orgs=[tree["C12"]])
    client.force_login(cast["grassroots"])
    seen = _stamp_of(client.get(record.get_absolute_url()).content.decode())
    actions.do_conclude_inspection(
        record,
        conclusion="Chi bộ thực hiện tốt",
        conclusion_date=dt.date(2024, 5, 25),
        acting_user=cast["grassroots"],
    )
    url = reverse("inspection:inspection_conclude", args=[record.pk])
    typed = {"conclusion": "Chi bộ cần khắc phục", "conclusion_date": "26/05/2024", "stamp": seen}
    response = client.post(url, typed)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and 'data-testid="edit-conflict"' in page
    assert "Kết luận: lúc bạn mở là «—», nay là «Chi bộ thực hiện tốt»" in page
    assert "bithu_gk1" in page and "Chi bộ cần khắc phục" in page
    assert Inspection.objects.get(pk=record.pk).conclusion == "Chi bộ thực hiện tốt"
    response = client.post(url, {**typed, "stamp": _stamp_of(page)})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=record.pk).conclusion == "Chi bộ cần khắc phục"


def test_a_missing_stamp_asks_to_reload_and_writes_nothing(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    record = inspect(tree["GK1"], Level.GRASSROOTS, Kind.COMPLIANCE, D, orgs=[tree["C12"]])
    client.force_login(cast["grassroots"])
    url = reverse("inspection:inspection_conclude", args=[record.pk])
    response = client.post(url, {"conclusion": "Tốt", "conclusion_date": "26/05/2024"})
    assert "hãy tải lại trang" in response.content.decode()
    assert Inspection.objects.get(pk=record.pk).conclusion == ""
