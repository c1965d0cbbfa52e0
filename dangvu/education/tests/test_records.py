"""Every record kind of the board declared in `records.py`, walked through the pages the
record layer derives from it: its list shows and links the record, both exports carry the
table's headings and the record's row, its page shows the history (and the void form where
it may be voided), and its form records through the view. The parts (a resolution's study
returns, a contest's entries) are shown and voided on their record's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core import records as layer
from dangvu.core.tests.record_checks import (
    check_form_records,
    check_list_and_exports,
    export_rows,
)
from dangvu.education import actions, records
from dangvu.education.models import PoliticalClass
from dangvu.education.tests.helpers import conference, klass

pytestmark = pytest.mark.django_db
D = dt.date

KINDS = {
    kind.model._meta.model_name: kind
    for kind in vars(records).values()
    if isinstance(kind, layer.RecordKind)
}
LISTED = sorted(k for k, kind in KINDS.items() if kind.table is not None)
CREATED = sorted(k for k, kind in KINDS.items() if kind.create is not None)
PARTS = sorted(k for k, kind in KINDS.items() if kind.table is None)

# A valid form for each kind with a form of its own, as the clerk fills it in.
VALID = {
    "politicalclass": {
        "kind": PoliticalClass.Kind.CANDIDATE,
        "name": "Lớp đối tượng 2/2024",
        "organiser": "GK1",
        "start_date": "10/06/2024",
        "end_date": "14/06/2024",
    },
    "conference": {
        "kind": "SEMINAR",
        "title": "Tọa đàm kỷ niệm ngày thành lập Đảng",
        "organiser": "GK2",
        "date": "03/02/2024",
        "attendance": "85",
    },
    "resolution": {
        "number": "57-NQ/TW",
        "name": "Nghị quyết về đột phá phát triển khoa học, công nghệ",
        "issuing_body": "Bộ Chính trị",
        "term": "khóa XIII",
        "issued_on": "22/12/2024",
    },
    "contest": {
        "name": "Hội thi tuyên truyền viên giỏi",
        "organiser": "BLOC",
        "entrants": "TEAM",
        "start_date": "01/09/2024",
        "end_date": "05/09/2024",
    },
}


@pytest.fixture
def made(tree: dict[str, Any], admin_user: Any) -> dict[str, Any]:
    """One live record of every kind."""
    resolution = actions.do_create_resolution(
        name="Kết luận về học tập, làm theo tư tưởng Hồ Chí Minh",
        number="01-KL/TW",
        issuing_body="Bộ Chính trị",
        issued_on=D(2024, 1, 10),
        acting_user=admin_user,
    )
    contest = actions.do_create_contest(
        name="Hội thi Bí thư chi bộ giỏi",
        organiser=tree["GK2"],
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 3),
        acting_user=admin_user,
    )
    lop = klass(tree["GK1"], D(2024, 3, 4), D(2024, 3, 8))
    return {
        "politicalclass": lop,
        "conference": conference(tree["GK1"], D(2024, 3, 15), 1200),
        "resolution": resolution,
        "studyreturn": actions.do_record_study_return(
            resolution,
            organisation=tree["GC1"],
            date=D(2024, 3, 1),
            members_studied=9,
            members_total=10,
            acting_user=admin_user,
        ),
        "contest": contest,
        "contestentry": actions.do_add_contest_entry(
            contest, entrant_name="Phạm Văn Cường", result="Giải Nhất", acting_user=admin_user
        ),
    }


def test_every_kind_of_the_app_is_declared() -> None:
    assert set(KINDS) == {
        "politicalclass",
        "conference",
        "resolution",
        "studyreturn",
        "contest",
        "contestentry",
    }
    assert set(LISTED) == {"politicalclass", "conference", "resolution", "contest"}
    # Every kind but the resolution (the same text for everyone, never voided) is voided
    # at the app's one void URL, by its organiser's (or organisation's) editors.
    for name, kind in KINDS.items():
        voided = name != "resolution"
        assert (kind.void_url == "education:void") is voided, name
        assert (kind.can_void is not layer._can_nobody) is voided, name
    assert set(records.VOIDED) == {"class", "conference", "contest", "return", "entry"}


@pytest.mark.parametrize("name", LISTED)
def test_the_list_shows_and_exports_the_record(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    client.force_login(admin_user)
    check_list_and_exports(client, KINDS[name], made[name], admin_user)


def test_the_lists_show_names_counts_and_shares(
    client: Client, admin_user: Any, made: dict[str, Any]
) -> None:
    """What the lists computed by hand before: learners, entries, returns and their shares,
    the organiser by name (its code in the export only)."""
    client.force_login(admin_user)
    body = client.get(reverse("education:conferences")).content.decode()
    assert "Sở Y tế" in body and "1.200" in body
    assert "GK1 — " not in body
    csv_body = client.get(reverse("education:conferences"), {"xuat": "csv"}).content
    assert "Mã tổ chức" in csv_body.decode("utf-8-sig")
    rows = export_rows(client.get(reverse("education:resolutions"), {"xuat": "csv"}), "Số hiệu")
    assert rows[1] == [
        "01-KL/TW",
        "Kết luận về học tập, làm theo tư tưởng Hồ Chí Minh",
        "Bộ Chính trị",
        "",
        "10/01/2024",
        "1",
        "90%",
        "—",
    ]
    # The organisation chosen scopes the returns counted, not the resolutions listed.
    rows = export_rows(
        client.get(reverse("education:resolutions"), {"xuat": "csv", "to_chuc": "GK2"}), "Số hiệu"
    )
    assert rows[1][5:] == ["0", "—", "—"]
    rows = export_rows(
        client.get(reverse("education:contests"), {"xuat": "csv"}), "Tên hội thi, cuộc thi"
    )
    assert rows[1][-3:] == ["Cá nhân dự thi (bài dự thi)", "1", "0"]


def test_the_kind_filter_names_the_candidate_class_as_the_committee_does(
    client: Client, admin_user: Any, made: dict[str, Any], tree: dict[str, Any]
) -> None:
    from dangvu.core.models import RuleVersion

    RuleVersion.objects.create(
        key="education.candidate_class_name",
        effective_from=D(2024, 1, 1),
        value="lớp bồi dưỡng nhận thức về Đảng",
        note="Thông báo của Ban Thường vụ",
    )
    klass(tree["GK2"], D(2024, 4, 1), D(2024, 4, 5), PoliticalClass.Kind.CANDIDATE, "Lớp ĐT")
    client.force_login(admin_user)
    url = reverse("education:classes")
    body = client.get(url).content.decode()
    assert '<option value="CANDIDATE">Lớp bồi dưỡng nhận thức về Đảng</option>' in body
    response = client.get(url, {"loai": "CANDIDATE"})
    body = response.content.decode()
    assert "Lớp ĐT" in body and made["politicalclass"].name not in body
    assert "Loại: Lớp bồi dưỡng nhận thức về Đảng" in body
    # A kind that does not exist selects nothing and is no error.
    assert made["politicalclass"].name in client.get(url, {"loai": "X"}).content.decode()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_records_page_shows_its_history_and_void_form(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    """A part's page is its record's page: there it is listed with its own void form."""
    kind, record = KINDS[name], made[name]
    client.force_login(admin_user)
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200, name
    body = response.content.decode()
    assert 'data-testid="history"' in body, name
    if kind.void_url:
        void_url = reverse(kind.void_url, args=kind.url_args(record))
        assert f'action="{void_url}"' in body, name
    assert "Tạo mới" in body.split('data-testid="history"')[1], name


@pytest.mark.parametrize("name", sorted(records.VOIDED))
def test_each_kind_is_voided_at_its_url_back_to_its_page(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    kind = records.VOIDED[name]
    record = made[kind.model._meta.model_name]
    client.force_login(admin_user)
    response = client.post(reverse("education:void", args=[name, record.pk]), {"reason": "Trùng"})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    record.refresh_from_db()
    assert record.is_void and record.void_reason == "Trùng"
    page = client.get(response["Location"])
    assert f"Đã hủy {kind.name} ghi nhầm" in page.content.decode()


@pytest.mark.parametrize("name", CREATED)
def test_the_form_records_through_the_view(
    client: Client, admin_user: Any, made: dict[str, Any], name: str
) -> None:
    kind = KINDS[name]
    client.force_login(admin_user)
    created = check_form_records(client, kind, VALID[name])
    assert f"Đã ghi «{created}»." in client.get(created.get_absolute_url()).content.decode()
    assert (
        f'href="{created.get_absolute_url()}"'
        in client.get(reverse(kind.list_url)).content.decode()
    )
