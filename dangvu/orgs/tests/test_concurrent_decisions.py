"""A decision on an organisation recorded by someone else after a page was opened refuses
that page's decision, naming what the other clerk recorded and what this clerk saw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.concurrency import stamp
from dangvu.core.errors import EditConflict
from dangvu.core.tests.htmlforms import conflict_text
from dangvu.core.tests.htmlforms import stamped_form as page_form
from dangvu.orgs import actions
from dangvu.orgs.models import Organisation, Restructuring

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_clerk(cast: dict[str, Any]) -> Any:
    clerk = cast["grassroots_editor"]
    clerk.first_name, clerk.last_name = "Nguyễn Văn", "A"
    clerk.save(update_fields=["first_name", "last_name"])
    return clerk


def test_a_rename_recorded_meanwhile_refuses_the_page_and_names_it(
    client: Client, cast: dict[str, Any], other_clerk: Any
) -> None:
    client.force_login(cast["officer"])
    url = reverse("orgs:rename", args=["C11"])
    data = page_form(client.get(url).content.decode())
    c11 = Organisation.objects.get(code="C11")
    actions.do_rename_organisation(
        c11,
        new_name="Chi bộ Văn phòng Sở Y tế tỉnh",
        decision=actions.Decision(dt.date(2022, 1, 1), "12-QĐ/ĐU", dt.date(2021, 12, 20)),
        acting_user=other_clerk,
    )
    decisions = Restructuring.objects.count()
    data.update({"new_name": ["Chi bộ Hành chính Sở Y tế"], "effective_date": ["2022-02-01"]})
    response = client.post(url, data)

    assert response.status_code == 200
    body = response.content.decode()
    text = conflict_text(body)
    assert "đã có quyết định được ghi sau khi bạn mở trang" in text
    assert "bởi Nguyễn Văn A" in text
    assert "Đổi tên Chi bộ Văn phòng Sở Y tế thành Chi bộ Văn phòng Sở Y tế tỉnh" in text
    assert "quyết định số 12-QĐ/ĐU, ngày 20/12/2021" in text
    assert "hiệu lực từ 01/01/2022" in text
    assert "Lúc bạn mở trang: tên «Chi bộ Văn phòng Sở Y tế»" in text
    assert "nay: tên «Chi bộ Văn phòng Sở Y tế tỉnh»" in text
    assert Restructuring.objects.count() == decisions
    assert Organisation.objects.get(code="C11").name == "Chi bộ Văn phòng Sở Y tế tỉnh"

    again = page_form(body)
    assert again["new_name"] == ["Chi bộ Hành chính Sở Y tế"]
    assert again["stamp"] != data["stamp"]
    assert client.post(url, again).status_code == 302
    assert Organisation.objects.get(code="C11").name == "Chi bộ Hành chính Sở Y tế"


def test_a_dissolution_recorded_meanwhile_refuses_a_move(
    client: Client, cast: dict[str, Any], other_clerk: Any
) -> None:
    client.force_login(cast["officer"])
    url = reverse("orgs:move", args=["C12"])
    data = page_form(client.get(url).content.decode())
    actions.do_dissolve_organisation(
        Organisation.objects.get(code="C12"),
        members_to=None,
        decision=actions.Decision(dt.date(2022, 3, 1)),
        acting_user=other_clerk,
    )
    data.update({"new_parent": ["GK2"], "effective_date": ["2022-04-01"]})
    text = conflict_text(client.post(url, data).content.decode())
    assert "giải thể" in text.lower() or "kết thúc" in text
    assert "kết thúc hoạt động từ 01/03/2022" in text
    assert Organisation.objects.get(code="C12").parent.code == "GK1"


def test_a_unit_type_set_meanwhile_is_named_field_by_field(
    client: Client, cast: dict[str, Any], other_clerk: Any
) -> None:
    client.force_login(cast["officer"])
    url = reverse("orgs:unit_type", args=["GC1"])
    data = page_form(client.get(url).content.decode())
    actions.do_set_unit_type(
        Organisation.objects.get(code="GC1"), unit_type="AGENCY", acting_user=other_clerk
    )
    text = conflict_text(client.post(url, {**data, "unit_type": ["COMMUNE"]}).content.decode())
    assert "nay là «" in text and "bởi Nguyễn Văn A" in text
    assert Organisation.objects.get(code="GC1").unit_type == "AGENCY"


def test_a_stamp_of_another_organisation_is_refused(cast: dict[str, Any]) -> None:
    c11, c12 = Organisation.objects.get(code="C11"), Organisation.objects.get(code="C12")
    token = stamp(c12, actions.ORG_STAMPED, actions.version_seen(c12))
    with pytest.raises(Exception, match="tải lại trang"):
        actions.check_seen(c11, token)


def test_two_decisions_from_the_same_page_the_second_is_refused(
    cast: dict[str, Any], other_clerk: Any
) -> None:
    c11 = Organisation.objects.get(code="C11")
    token = stamp(c11, actions.ORG_STAMPED, actions.version_seen(c11))
    actions.check_seen(c11, token)
    actions.do_rename_organisation(
        c11,
        new_name="Chi bộ Một",
        decision=actions.Decision(dt.date(2022, 1, 1)),
        acting_user=other_clerk,
    )
    with pytest.raises(EditConflict, match="Chi bộ Một"):
        actions.check_seen(Organisation.objects.get(code="C11"), token)


def test_a_rename_of_the_receiving_organisation_meanwhile_refuses_a_merge(
    client: Client, cast: dict[str, Any], other_clerk: Any
) -> None:
    """The merge page stamps the organisation merged away; the one taking it in was chosen
    on the page, and a decision about it recorded since is named too."""
    client.force_login(cast["officer"])
    url = reverse("orgs:merge", args=["C12"])
    data = page_form(client.get(url).content.decode())
    actions.do_rename_organisation(
        Organisation.objects.get(code="C11"),
        new_name="Chi bộ Văn phòng Sở Y tế tỉnh",
        decision=actions.Decision(dt.date(2022, 1, 1), "14-QĐ/ĐU", dt.date(2021, 12, 22)),
        acting_user=other_clerk,
    )
    decisions = Restructuring.objects.count()
    data.update({"target": ["C11"], "effective_date": ["2022-02-01"]})
    response = client.post(url, data)

    assert response.status_code == 200
    text = conflict_text(response.content.decode())
    assert "«Chi bộ Văn phòng Sở Y tế tỉnh», tổ chức bạn chọn trong quyết định này" in text
    assert "bởi Nguyễn Văn A" in text and "quyết định số 14-QĐ/ĐU" in text
    assert Restructuring.objects.count() == decisions
    assert Organisation.objects.get(code="C12").is_active

    # Read and submitted again with the page's fresh stamp, the merge goes through.
    again = page_form(response.content.decode())
    again.update({"target": ["C11"], "effective_date": ["2022-02-01"]})
    assert client.post(url, again).status_code == 302
    assert not Organisation.objects.get(code="C12").is_active


def test_an_unchanged_receiving_organisation_lets_the_merge_through(
    client: Client, cast: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    url = reverse("orgs:merge", args=["C12"])
    data = page_form(client.get(url).content.decode())
    data.update({"target": ["C11"], "effective_date": ["2022-02-01"]})
    assert client.post(url, data).status_code == 302
    assert not Organisation.objects.get(code="C12").is_active
