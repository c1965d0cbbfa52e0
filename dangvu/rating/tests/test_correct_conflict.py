"""A rating's correction is refused when someone else corrected it after the page opened."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.tests.factories import existing
from dangvu.rating.actions import (
    MemberDecision,
    OrgDecision,
    do_correct_member_rating,
    do_correct_org_rating,
    do_decide_members,
    do_decide_orgs,
    do_open_round,
)
from dangvu.rating.models import Grade, MemberRating, OrgRating

pytestmark = pytest.mark.django_db
YEAR = 2024


def _stamp_of(page: str) -> str:
    """The hidden stamp the page rendered."""
    found = re.search(r'name="stamp" value="([^"]*)"', page)
    assert found, "the correction form carries no stamp"
    return html.unescape(found.group(1))


@pytest.fixture
def decided(tree: dict[str, Any]) -> MemberRating:
    do_open_round(tree["BLOC"], YEAR, opened_on=dt.date(YEAR, 12, 1), acting_user=None)
    an = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 1, 1), "Nguyễn Văn An")
    [rating] = do_decide_members(
        tree["GK1"],
        YEAR,
        [MemberDecision(an, Grade.GOOD)],
        decision_number="1-QĐ/ĐU",
        decided_on=dt.date(YEAR, 12, 20),
        acting_user=None,
    )
    return rating


def _typed(stamp: str) -> dict[str, str]:
    return {
        "grade": "COMPLETED",
        "reason": "Kết luận kiểm tra",
        "decision_number": "3-QĐ/ĐU",
        "decided_on": "10/01/2025",
        "stamp": stamp,
    }


class TestMemberCorrectionConflict:
    def test_a_correction_made_meanwhile_is_named_then_a_resubmit_corrects_it(
        self, client: Client, cast: dict[str, Any], decided: MemberRating
    ) -> None:
        client.force_login(cast["grassroots"])
        seen = _stamp_of(client.get(decided.get_absolute_url()).content.decode())
        # Another clerk corrects the same decision after the page was opened.
        other = do_correct_member_rating(
            decided,
            grade=Grade.NOT_COMPLETED,
            reason="Kết luận kiểm tra của cấp trên",
            decision_number="2-QĐ/ĐU",
            decided_on=dt.date(YEAR + 1, 1, 5),
            acting_user=cast["officer"],
        )
        url = reverse("rating:member_correct", args=[decided.pk])
        response = client.post(url, _typed(seen))
        page = html.unescape(response.content.decode())
        assert response.status_code == 200 and 'data-testid="edit-conflict"' in page
        assert "Số quyết định: lúc bạn mở là «1-QĐ/ĐU», nay là «2-QĐ/ĐU»" in page
        assert "Mức xếp loại: lúc bạn mở là «" in page and "bantochuc" in page
        # What the clerk typed is kept; nothing was written.
        assert 'value="3-QĐ/ĐU"' in page
        assert list(MemberRating.objects.filter(voided_at__isnull=True)) == [other]
        # The page is now the decision in force's, with its stamp: a second submit corrects it.
        fresh = _stamp_of(page)
        then = reverse("rating:member_correct", args=[other.pk])
        assert f'action="{then}"' in page
        response = client.post(then, _typed(fresh))
        assert response.status_code == 302
        [now] = MemberRating.objects.filter(voided_at__isnull=True)
        assert now.correction_of == other and now.grade == Grade.COMPLETED

    def test_a_missing_stamp_asks_to_reload_and_writes_nothing(
        self, client: Client, cast: dict[str, Any], decided: MemberRating
    ) -> None:
        client.force_login(cast["grassroots"])
        url = reverse("rating:member_correct", args=[decided.pk])
        response = client.post(url, _typed(""))
        assert "hãy tải lại trang" in response.content.decode()
        assert MemberRating.objects.get().pk == decided.pk


class TestOrgCorrectionConflict:
    def test_a_second_correction_of_the_same_decision_is_refused_through_the_action(
        self, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        from dangvu.core.concurrency import stamp
        from dangvu.core.errors import EditConflict
        from dangvu.rating.actions import RATING_STAMPED

        do_open_round(tree["BLOC"], YEAR, opened_on=dt.date(YEAR, 12, 1), acting_user=None)
        [rating] = do_decide_orgs(
            tree["BLOC"],
            YEAR,
            [OrgDecision(tree["GK1"], Grade.GOOD)],
            decision_number="5-QĐ/ĐUK",
            decided_on=dt.date(YEAR, 12, 28),
            acting_user=None,
        )
        seen = stamp(rating, RATING_STAMPED)
        held = OrgRating.objects.get(pk=rating.pk)
        fields: dict[str, Any] = {
            "reason": "Kết luận kiểm tra",
            "decided_on": dt.date(YEAR + 1, 1, 5),
            "acting_user": cast["officer"],
        }
        do_correct_org_rating(
            rating, grade=Grade.COMPLETED, decision_number="6-QĐ/ĐUK", stamp=seen, **fields
        )
        with pytest.raises(EditConflict, match="nay là «6-QĐ/ĐUK»"):
            do_correct_org_rating(
                held, grade=Grade.EXCELLENT, decision_number="7-QĐ/ĐUK", stamp=seen, **fields
            )
        assert OrgRating.objects.filter(voided_at__isnull=True).get().decision_number == (
            "6-QĐ/ĐUK"
        )
