"""A mistaken record is voided with a reason, never deleted; the correction is a new one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.log import VOID, history
from dangvu.core.errors import DomainError
from dangvu.education import actions
from dangvu.education.models import Conference, Resolution, StudyReturn
from dangvu.education.tests.helpers import conference, klass
from dangvu.education.voiding import do_void
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db
D = dt.date
Y2024 = Period.year(2024)


def _resolution() -> Resolution:
    return actions.do_create_resolution(
        name="Nghị quyết A",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2024, 1, 10),
        acting_user=None,
    )


def test_a_void_on_a_page_opened_before_another_clerks_void_is_refused_naming_it(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    conf = conference(tree["GK1"], D(2024, 3, 15), 120)
    stale = Conference.objects.get(pk=conf.pk)  # the second clerk's page, opened first
    do_void(conf, reason="Ghi trùng", acting_user=cast["officer"])
    voids = history(conf).filter(action=VOID).count()
    with pytest.raises(DomainError) as error:
        do_void(stale, reason="Sai số liệu", acting_user=cast["grassroots"])
    officer = cast["officer"].get_full_name() or cast["officer"].get_username()
    assert "đã bị hủy lúc" in error.value.message
    assert officer in error.value.message and "«Ghi trùng»" in error.value.message
    conf.refresh_from_db()
    assert conf.void_reason == "Ghi trùng" and conf.voided_by == cast["officer"]
    assert history(conf).filter(action=VOID).count() == voids


def _study(resolution: Resolution, org: Organisation, studied: int) -> StudyReturn:
    return actions.do_record_study_return(
        resolution,
        organisation=org,
        date=D(2024, 3, 1),
        members_studied=studied,
        members_total=10,
        acting_user=None,
    )


def test_voiding_needs_a_reason_and_happens_once(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    conf = conference(tree["GK1"], D(2024, 3, 15), 120)
    for reason in ("", "   "):
        with pytest.raises(DomainError) as error:
            do_void(conf, reason=reason, acting_user=cast["officer"])
        assert error.value.field == "reason"
    conf.refresh_from_db()
    assert not conf.is_void
    do_void(conf, reason="Ghi trùng", acting_user=cast["officer"])
    conf.refresh_from_db()
    assert conf.is_void and conf.void_reason == "Ghi trùng" and conf.voided_by == cast["officer"]
    with pytest.raises(DomainError, match="đã bị hủy"):
        do_void(conf, reason="Lần nữa", acting_user=cast["officer"])
    event = history(conf).get(action=VOID)
    assert event.note == "Lý do hủy: Ghi trùng" and event.before["attendance"] == 120
    assert Conference.objects.filter(pk=conf.pk).exists()  # never deleted


def test_a_void_record_no_longer_counts(tree: dict[str, Any]) -> None:
    conf = conference(tree["GK1"], D(2024, 3, 15), 120)
    conference(tree["GK2"], D(2024, 3, 16), 80)
    assert value("education.info_conferences", tree["BLOC"], Y2024).value == 2
    assert value("education.info_conference_attendance", tree["BLOC"], Y2024).value == 200
    do_void(conf, reason="Nhập nhầm đơn vị", acting_user=None)
    assert value("education.info_conferences", tree["BLOC"], Y2024).value == 1
    assert value("education.info_conference_attendance", tree["BLOC"], Y2024).value == 80
    assert value("education.conferences", tree["BLOC"], Y2024).value == 1
    lop = klass(tree["GK1"], D(2024, 3, 4), D(2024, 3, 8))
    assert value("education.new_member_classes", tree["BLOC"], Y2024).value == 1
    do_void(lop, reason="Lớp không mở", acting_user=None)
    assert value("education.new_member_classes", tree["BLOC"], Y2024).value == 0
    contest = actions.do_create_contest(
        name="Hội thi",
        organiser=tree["GK2"],
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 3),
        acting_user=None,
    )
    entry = actions.do_add_contest_entry(contest, entrant_name="A", acting_user=None)
    actions.do_add_contest_entry(contest, entrant_name="B", acting_user=None)
    assert value("education.contest_entries", tree["BLOC"], Y2024).value == 2
    do_void(entry, reason="Trùng", acting_user=None)
    assert value("education.contest_entries", tree["BLOC"], Y2024).value == 1
    do_void(contest, reason="Không tổ chức", acting_user=None)
    assert value("education.contest_entries", tree["BLOC"], Y2024).value == 0


def test_after_voiding_a_study_return_a_corrected_one_can_be_entered(
    tree: dict[str, Any],
) -> None:
    resolution = _resolution()
    wrong = _study(resolution, tree["GC1"], 2)
    with pytest.raises(DomainError, match="mỗi tổ chức báo cáo một lần"):
        _study(resolution, tree["GC1"], 9)
    do_void(wrong, reason="Sai số liệu", acting_user=None)
    _study(resolution, tree["GC1"], 9)
    assert StudyReturn.objects.filter(resolution=resolution).count() == 2
    assert value("education.study.members_pct", tree["BLOC"], Y2024).value == 90.0


def _void_url(kind: str, pk: int) -> str:
    return reverse("education:void", args=[kind, pk])


def test_the_void_view(client: Client, tree: dict[str, Any], cast: dict[str, Any]) -> None:
    mine = conference(tree["GK1"], D(2024, 3, 15), 120)
    theirs = conference(tree["GK2"], D(2024, 3, 16), 80)
    resolution = _resolution()
    study = _study(resolution, tree["GK1"], 5)
    # A viewer sees the record but may not void it; the form is not shown.
    client.force_login(cast["viewer"])
    assert "Hủy bản ghi ghi nhầm" not in client.get(mine.get_absolute_url()).content.decode()
    assert client.post(_void_url("conference", mine.pk), {"reason": "x"}).status_code == 404
    client.force_login(cast["grassroots_editor"])
    # Another subtree is not found; nor is an unknown kind.
    assert client.post(_void_url("conference", theirs.pk), {"reason": "x"}).status_code == 404
    assert client.post(_void_url("nothing", mine.pk), {"reason": "x"}).status_code == 404
    assert client.get(_void_url("conference", mine.pk)).status_code == 405
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Hủy bản ghi ghi nhầm" in page
    # An empty reason is refused.
    client.post(_void_url("conference", mine.pk), {"reason": " "})
    mine.refresh_from_db()
    assert not mine.is_void
    response = client.post(_void_url("conference", mine.pk), {"reason": "Ghi trùng"})
    assert response.status_code == 302 and response["Location"] == mine.get_absolute_url()
    mine.refresh_from_db()
    assert mine.is_void
    assert history(mine).filter(action=VOID, user=cast["grassroots_editor"]).exists()
    # The page still opens, marked void; the list leaves it out.
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Bản ghi đã hủy" in page and "Ghi trùng" in page
    assert "Hủy bản ghi ghi nhầm" not in page
    assert mine.title not in client.get(reverse("education:conferences")).content.decode()
    # A study return is voided from its resolution's page.
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert _void_url("return", study.pk) in page
    response = client.post(_void_url("return", study.pk), {"reason": "Sai"})
    assert response["Location"] == resolution.get_absolute_url()
    study.refresh_from_db()
    assert study.is_void
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert 'data-testid="void-returns"' in page


def test_a_contest_entry_is_voided_from_its_contest_page(
    client: Client, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    contest = actions.do_create_contest(
        name="Hội thi",
        organiser=tree["GK1"],
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 3),
        acting_user=None,
    )
    entry = actions.do_add_contest_entry(contest, entrant_name="Nguyễn Văn A", acting_user=None)
    client.force_login(cast["grassroots_editor"])
    assert _void_url("entry", entry.pk) in client.get(contest.get_absolute_url()).content.decode()
    response = client.post(_void_url("entry", entry.pk), {"reason": "Trùng"})
    assert response["Location"] == contest.get_absolute_url()
    page = client.get(contest.get_absolute_url()).content.decode()
    assert 'data-testid="void-entries"' in page and "Nguyễn Văn A" in page
    listing = client.get(reverse("education:contests"), {"xuat": "csv"})
    assert "Hội thi" in listing.content.decode("utf-8-sig")
