"""Admission candidates: progress in order, withdrawal, admission creating the member."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.members import candidates
from dangvu.members.actions import Decision
from dangvu.members.kinds import Status
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.members.tests.factories import person

pytestmark = pytest.mark.django_db


def register(tree: dict[str, Any], name: str = "Hồ Thị Ưu Tú", **kw: Any) -> AdmissionCandidate:
    return candidates.do_register_candidate(
        person(name, birth=dt.date(1998, 7, 1), **kw),
        organisation=tree["C11"],
        registered_on=dt.date(2023, 1, 10),
        sponsors="Nguyễn Văn An, Lê Thị Bình",
        acting_user=None,
    )


def conclude(candidate: AdmissionCandidate, day: dt.date) -> None:
    """The political-standard conclusion an admission needs (personnel board)."""
    from dangvu.personnel.actions import do_conclude_political_standard

    do_conclude_political_standard(
        purpose="ADMISSION", outcome="MET", date=day, candidate=candidate, acting_user=None
    )


def test_progress_dates_must_follow_each_other(tree: dict[str, Any]) -> None:
    c = register(tree)
    with pytest.raises(DomainError, match="không thể trước"):
        candidates.do_record_candidate_progress(
            c,
            class_completed_on=dt.date(2023, 5, 1),
            certificate_number="12",
            checked_on=dt.date(2023, 4, 1),
            proposed_on=None,
            acting_user=None,
        )
    c.refresh_from_db()
    assert c.class_completed_on is None


def test_admission_needs_the_candidate_class(tree: dict[str, Any]) -> None:
    c = register(tree)
    with pytest.raises(DomainError, match="lớp bồi dưỡng"):
        candidates.do_admit_candidate(
            c, decision=Decision(dt.date(2023, 9, 1)), ceremony_date=None, acting_user=None
        )
    assert Member.objects.count() == 0


def test_admitting_a_candidate_creates_the_member_and_the_admission(tree: dict[str, Any]) -> None:
    c = register(tree, identity_number="052098000111")
    candidates.do_record_candidate_progress(
        c,
        class_completed_on=dt.date(2023, 4, 20),
        certificate_number="GCN-15",
        checked_on=dt.date(2023, 6, 1),
        proposed_on=dt.date(2023, 7, 5),
        acting_user=None,
    )
    conclude(c, dt.date(2023, 6, 20))
    member = candidates.do_admit_candidate(
        c,
        decision=Decision(dt.date(2023, 8, 1)),
        ceremony_date=dt.date(2023, 8, 15),
        acting_user=None,
    )
    c.refresh_from_db()
    assert c.member == member and c.stage == AdmissionCandidate.Stage.ADMITTED
    assert member.identity_number == "052098000111"
    assert member.status == Status.PROBATIONARY
    with pytest.raises(DomainError, match="đã được kết nạp"):
        candidates.do_admit_candidate(
            c, decision=Decision(dt.date(2023, 8, 2)), ceremony_date=None, acting_user=None
        )


def test_withdrawal_closes_the_file(tree: dict[str, Any]) -> None:
    c = register(tree)
    candidates.do_withdraw_candidate(
        c, on=dt.date(2023, 3, 1), reason="Chuyển công tác", acting_user=None
    )
    with pytest.raises(DomainError, match="dừng xem xét"):
        candidates.do_admit_candidate(
            c, decision=Decision(dt.date(2023, 9, 1)), ceremony_date=None, acting_user=None
        )


def test_candidate_pages_are_scoped(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    c = register(tree)
    client.force_login(cast["cell"])  # C21: another subtree
    assert client.get(reverse("members:candidate", args=[c.pk])).status_code == 404
    assert "Hồ Thị Ưu Tú" not in client.get(reverse("members:candidates")).content.decode()
    client.force_login(cast["grassroots"])
    assert (
        "Hồ Thị Ưu Tú"
        in client.get(reverse("members:candidates"), {"q": "ho thi uu tu"}).content.decode()
    )
    response = client.post(
        reverse("members:candidate", args=[c.pk]), {"step": "admit", "date": "2023-09-01"}
    )
    assert "lớp bồi dưỡng" in response.content.decode()


def test_registering_through_the_form(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:candidate_create"),
        {
            "organisation": "C11",
            "registered_on": "2024-02-01",
            "sponsors": "Lê Văn Bình",
            "p-full_name": "Phan Thanh Tâm",
            "p-birth_date": "1999-09-09",
            "p-sex": "M",
            "p-education": "12/12",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert AdmissionCandidate.objects.get().sponsors == "Lê Văn Bình"
