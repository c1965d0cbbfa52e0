"""A record given a value in a field, through its own form or an import, loses its old
unmatched text for that field in the same transaction; the candidate's page, as the
member's, says which values still wait."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members import actions, candidates
from dangvu.members.actions import Person
from dangvu.members.models import AdmissionCandidate, Member, UnresolvedValue
from dangvu.members.tests.test_unresolved import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def person_of(record: Member | AdmissionCandidate, **changes: Any) -> Person:
    return replace(Person(**{f.name: getattr(record, f.name) for f in fields(Person)}), **changes)


def waiting(record: Member | AdmissionCandidate) -> set[str]:
    owner = {"member": record} if isinstance(record, Member) else {"candidate": record}
    return set(UnresolvedValue.objects.filter(**owner).values_list("field", flat=True))


class TestMember:
    def test_a_value_given_on_the_form_deletes_only_that_fields_row(
        self,
        world: dict[str, Any],  # noqa: F811
    ) -> None:
        member = world["c11"]
        assert waiting(member) == {"ethnicity", "hometown_province"}
        actions.do_update_member_record(
            member, person_of(member, ethnicity=world["kinh"]), acting_user=None
        )
        assert waiting(member) == {"hometown_province"}
        # The other members with the same text still wait.
        assert waiting(world["c13"]) == {"ethnicity"}

    def test_a_refused_save_keeps_the_row(
        self,
        world: dict[str, Any],  # noqa: F811
    ) -> None:
        member, other = world["c11"], world["c13"]
        Member.objects.filter(pk=other.pk).update(national_id="52000001")
        with pytest.raises(actions.DomainError):
            actions.do_update_member_record(
                member,
                person_of(member, ethnicity=world["kinh"]),
                acting_user=None,
                national_id="52000001",
            )
        assert "ethnicity" in waiting(member)

    def test_a_form_saved_without_a_value_keeps_the_row(
        self,
        world: dict[str, Any],  # noqa: F811
    ) -> None:
        member = world["c11"]
        actions.do_update_member_record(
            member, person_of(member, job="Giáo viên"), acting_user=None
        )
        assert waiting(member) == {"ethnicity", "hometown_province"}


class TestCandidate:
    def test_a_value_given_on_the_form_deletes_the_row(
        self,
        world: dict[str, Any],  # noqa: F811
    ) -> None:
        cand = world["candidate"]
        candidates.do_update_candidate_record(
            cand, person_of(cand, religion=world["none"]), acting_user=None
        )
        assert waiting(cand) == set()

    def test_the_candidates_page_says_which_values_wait(
        self,
        client: Client,
        world: dict[str, Any],  # noqa: F811
    ) -> None:
        cand = world["candidate"]
        client.force_login(world["editor"])
        url = reverse("members:candidate", args=[cand.pk])
        body = client.get(url).content.decode()
        assert "Giá trị chưa khớp danh mục: tôn giáo «Đạo lạ»" in body
        assert f"{reverse('members:unresolved')}?to_chuc=C11" in body
        candidates.do_update_candidate_record(
            cand, person_of(cand, religion=world["none"]), acting_user=None
        )
        assert "Đạo lạ" not in client.get(url).content.decode()
