"""A meeting's correction is refused when someone else corrected it after the page opened."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.meetings import actions
from dangvu.meetings.models import Meeting
from dangvu.meetings.tests.helpers import cell_members

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 5)


def _stamp_of(page: str) -> str:
    """The hidden stamp the page rendered."""
    found = re.search(r'name="stamp" value="([^"]*)"', page)
    assert found, "the correction form carries no stamp"
    return html.unescape(found.group(1))


def _post(people: list[Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"date": "05/03/2024", "kind": "REGULAR"}
    for p in people:
        data[f"dd_{p.pk}"] = "PRESENT"
    return data | extra


class TestCorrectionConflict:
    def test_a_correction_saved_meanwhile_is_named_and_kept_then_a_resubmit_saves(
        self, client: Client, cast: Any, tree: Any
    ) -> None:
        people = cell_members(tree["C11"])
        meeting = actions.do_record_meeting(tree["C11"], date=DAY, kind="REGULAR", acting_user=None)
        client.force_login(cast["grassroots"])
        seen = _stamp_of(client.get(meeting.get_absolute_url()).content.decode())
        # Another clerk corrects the topic after the page was opened.
        actions.do_correct_meeting(
            meeting,
            date=DAY,
            kind="REGULAR",
            topic="Kiểm điểm quý I",
            acting_user=cast["grassroots_editor"],
        )
        url = reverse("meetings:correct", args=[meeting.pk])
        typed = _post(people, stamp=seen, topic="Học tập Nghị quyết")
        response = client.post(url, typed)
        page = html.unescape(response.content.decode())
        assert response.status_code == 200 and 'data-testid="edit-conflict"' in page
        assert "người khác sửa" in page and "nay là «Kiểm điểm quý I»" in page
        assert "tochuc_gk1" in page
        # The clerk's typed value is kept; nothing of it was written.
        assert 'value="Học tập Nghị quyết"' in page
        meeting.refresh_from_db()
        assert meeting.topic == "Kiểm điểm quý I"
        # The page carries a fresh stamp: submitting again, after reading, saves.
        fresh = _stamp_of(page)
        assert fresh != seen
        response = client.post(url, {**typed, "stamp": fresh})
        assert response.status_code == 302
        assert Meeting.objects.get(pk=meeting.pk).topic == "Học tập Nghị quyết"

    def test_a_missing_stamp_asks_to_reload_and_writes_nothing(
        self, client: Client, cast: Any, tree: Any
    ) -> None:
        people = cell_members(tree["C11"])
        meeting = actions.do_record_meeting(tree["C11"], date=DAY, kind="REGULAR", acting_user=None)
        client.force_login(cast["grassroots"])
        url = reverse("meetings:correct", args=[meeting.pk])
        response = client.post(url, _post(people, topic="Học tập Nghị quyết"))
        assert "hãy tải lại trang" in response.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).topic == ""

    def test_voiding_a_void_meeting_again_is_refused(self, cast: Any, tree: Any) -> None:
        meeting = actions.do_record_meeting(tree["C11"], date=DAY, kind="REGULAR", acting_user=None)
        # Two clerks holding the same meeting: the second void finds it void under the lock.
        held = Meeting.objects.get(pk=meeting.pk)
        actions.do_void_meeting(meeting, reason="Ghi nhầm ngày", acting_user=cast["grassroots"])
        with pytest.raises(DomainError, match="đã bị hủy"):
            actions.do_void_meeting(held, reason="Ghi nhầm lần nữa", acting_user=cast["grassroots"])
        assert Meeting.objects.get(pk=meeting.pk).void_reason == "Ghi nhầm ngày"
