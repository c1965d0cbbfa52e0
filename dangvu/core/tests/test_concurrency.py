"""Two clerks editing the same record never lose an update (`dangvu.core.concurrency`).

The edit page stamps what it shows; a save by someone else between opening the page and
submitting it is refused naming each field, what the clerk saw, what the record holds now
and who saved it, and nothing is written. The re-rendered page carries a stamp of the
current row, so a second submit, after reading, goes through.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core import signing
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core import concurrency
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.tests.htmlforms import conflict_text
from dangvu.core.tests.htmlforms import stamped_form as page_form
from dangvu.members import actions, candidates
from dangvu.members.actions import MEMBER_STAMPED, Person
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.members.tests.factories import existing, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(tree: dict[str, Any]) -> Member:
    """A full member of C11 (under GK1)."""
    return existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2010, 3, 1),
        "Trần Văn Bình",
        phone="0905000111",
    )


@pytest.fixture
def other_clerk(cast: dict[str, Any]) -> Any:
    """The grassroots board's clerk, with a name the refusal can quote."""
    clerk = cast["grassroots_editor"]
    clerk.first_name, clerk.last_name = "Nguyễn Văn", "A"
    clerk.save(update_fields=["first_name", "last_name"])
    return clerk


def as_person(member: Member | AdmissionCandidate, **changes: Any) -> Person:
    """The record as a form would hand it to the action, with `changes`."""
    return Person(
        **{name: changes.get(name, getattr(member, name)) for name in Person.__dataclass_fields__}
    )


def updates(obj: Member | AdmissionCandidate) -> int:
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
    ).count()


# --- the stamp itself ----------------------------------------------------------------------


def test_a_stamp_reads_back_as_the_values_shown(an: Member) -> None:
    token = concurrency.stamp(an, MEMBER_STAMPED)
    seen = concurrency.read(token, an, MEMBER_STAMPED)
    assert seen.values["full_name"] == "Trần Văn Bình"
    assert seen.values["birth_date"] == an.birth_date.isoformat()
    assert seen.pk == str(an.pk)
    with transaction.atomic():
        concurrency.check(concurrency.locked(an), token, MEMBER_STAMPED)  # unchanged: passes


@pytest.mark.parametrize(
    "token",
    [
        "",
        "rác",
        "eyJtIjoibWVtYmVycy5tZW1iZXIifQ:1abc:xyz",
        signing.dumps({"m": "members.member", "pk": "1", "v": {}, "t": "x"}),  # no salt
    ],
)
def test_a_token_that_is_not_ours_is_refused_in_vietnamese(an: Member, token: str) -> None:
    with pytest.raises(DomainError, match="Trang này đã cũ hoặc đã bị sửa đổi"):
        concurrency.read(token, an, MEMBER_STAMPED)


def test_a_tampered_token_is_refused(an: Member) -> None:
    token = concurrency.stamp(an, MEMBER_STAMPED)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(DomainError) as refused:
        concurrency.read(tampered, an, MEMBER_STAMPED)
    assert refused.value.message == concurrency.STALE_PAGE


def test_a_stamp_of_another_record_is_refused(an: Member, tree: dict[str, Any]) -> None:
    other = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2011, 3, 1), "Lê Văn Cường")
    with pytest.raises(DomainError, match="tải lại trang"):
        concurrency.read(concurrency.stamp(other, MEMBER_STAMPED), an, MEMBER_STAMPED)


# --- the member's edit page ----------------------------------------------------------------


def test_a_save_by_another_clerk_meanwhile_is_refused_naming_both_sides(
    client: Client, cast: dict[str, Any], an: Member, other_clerk: Any
) -> None:
    client.force_login(cast["officer"])
    url = reverse("members:edit", args=[an.pk])
    data = page_form(client.get(url).content.decode())
    # The other clerk corrects the name while the first one still has the page open.
    actions.do_update_member_record(
        Member.objects.get(pk=an.pk),
        as_person(an, full_name="Trần Văn Bính"),
        acting_user=other_clerk,
    )
    before = AuditEvent.objects.count()
    data["p-phone"] = ["0905999888"]
    response = client.post(url, data)

    assert response.status_code == 200
    body = response.content.decode()
    text = conflict_text(body)
    assert "Hồ sơ đã được người khác sửa sau khi bạn mở trang" in text
    assert "bởi Nguyễn Văn A" in text
    assert "Họ và tên: lúc bạn mở là «Trần Văn Bình», nay là «Trần Văn Bính»" in text
    assert "Số điện thoại" not in text  # only what the other clerk changed is named
    an.refresh_from_db()
    assert (an.full_name, an.phone) == ("Trần Văn Bính", "0905000111")
    assert AuditEvent.objects.count() == before  # nothing written, not even a reveal

    # The page keeps what was typed and carries a stamp of the record as it is now.
    again = page_form(body)
    assert again["p-phone"] == ["0905999888"]
    assert again["stamp"] != data["stamp"]
    assert client.post(url, {**again, "p-full_name": ["Trần Văn Bính"]}).status_code == 302
    an.refresh_from_db()
    assert (an.full_name, an.phone) == ("Trần Văn Bính", "0905999888")


def test_a_change_of_a_date_is_named_in_the_clerks_format(
    client: Client, cast: dict[str, Any], an: Member, other_clerk: Any
) -> None:
    client.force_login(cast["officer"])
    url = reverse("members:edit", args=[an.pk])
    data = page_form(client.get(url).content.decode())
    shown = f"{an.birth_date:%d/%m/%Y}"
    actions.do_update_member_record(
        Member.objects.get(pk=an.pk),
        as_person(an, birth_date=dt.date(1984, 2, 29)),
        acting_user=other_clerk,
    )
    text = conflict_text(client.post(url, data).content.decode())
    assert f"lúc bạn mở là «{shown}», nay là «29/02/1984»" in text


def test_a_tampered_stamp_on_the_page_is_a_clean_refusal(
    client: Client, cast: dict[str, Any], an: Member
) -> None:
    client.force_login(cast["officer"])
    url = reverse("members:edit", args=[an.pk])
    data = page_form(client.get(url).content.decode())
    before = AuditEvent.objects.count()
    for junk in (["x" * 100_000], ["a\x00b"], [data["stamp"][0] + "0"], [""]):
        response = client.post(url, {**data, "stamp": junk, "p-phone": ["0905999888"]})
        assert response.status_code == 200
        assert concurrency.STALE_PAGE in conflict_text(response.content.decode())
    an.refresh_from_db()
    assert an.phone == "0905000111"
    assert AuditEvent.objects.count() == before


def test_an_unchanged_submission_still_saves_nothing(
    client: Client, cast: dict[str, Any], an: Member
) -> None:
    client.force_login(cast["officer"])
    url = reverse("members:edit", args=[an.pk])
    data = page_form(client.get(url).content.decode())
    assert client.post(url, data).status_code == 302
    assert updates(an) == 0


# --- the candidate's edit page -------------------------------------------------------------


def test_a_candidates_record_saved_meanwhile_is_refused(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], other_clerk: Any
) -> None:
    hoa = candidates.do_register_candidate(
        person("Lê Thị Hoa", dt.date(2000, 3, 1)),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 3, 1),
        acting_user=None,
    )
    client.force_login(cast["officer"])
    url = reverse("members:candidate_edit", args=[hoa.pk])
    data = page_form(client.get(url).content.decode())
    candidates.do_update_candidate_record(
        AdmissionCandidate.objects.get(pk=hoa.pk),
        as_person(hoa, full_name="Lê Thị Hòa"),
        acting_user=other_clerk,
    )
    response = client.post(url, {**data, "p-phone": ["0905123123"]})
    text = conflict_text(response.content.decode())
    assert "Họ và tên: lúc bạn mở là «Lê Thị Hoa», nay là «Lê Thị Hòa»" in text
    assert "bởi Nguyễn Văn A" in text
    hoa.refresh_from_db()
    assert (hoa.full_name, hoa.phone) == ("Lê Thị Hòa", "")
    again = page_form(response.content.decode())
    assert client.post(url, again).status_code == 302
    hoa.refresh_from_db()
    assert hoa.phone == "0905123123"


# --- two transactions ----------------------------------------------------------------------


def test_two_clerks_saving_in_turn_from_the_same_page_one_is_refused(
    an: Member, cast: dict[str, Any], other_clerk: Any
) -> None:
    """Both open the page, then save one after the other: the second is refused."""
    first = concurrency.stamp(an, MEMBER_STAMPED)
    second = concurrency.stamp(an, MEMBER_STAMPED)
    actions.do_update_member_record(
        Member.objects.get(pk=an.pk),
        as_person(an, phone="0905111222"),
        acting_user=other_clerk,
        stamp=first,
    )
    with pytest.raises(EditConflict) as refused:
        actions.do_update_member_record(
            Member.objects.get(pk=an.pk),
            as_person(an, phone="0905333444"),
            acting_user=cast["officer"],
            stamp=second,
        )
    assert "lúc bạn mở là «0905000111», nay là «0905111222»" in refused.value.message
    assert refused.value.fields == ["phone"]
    an.refresh_from_db()
    assert an.phone == "0905111222"
    assert updates(an) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_submitting_at_the_same_moment_one_saves_and_one_is_refused(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    """Two connections, released together by a barrier: the row lock makes them take turns,
    and the one that comes second reads the first one's save and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite takes a lock on the whole database for a writer rather than on a row, "
            "so two writers do not meet on the member's row; the sequential test covers it."
        )
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 3, 1), "Trần Văn Bình")
    token = concurrency.stamp(member, MEMBER_STAMPED)  # both clerks opened the same page
    barrier = threading.Barrier(2, timeout=30)
    outcome: dict[str, str] = {}
    phones = {"officer": "0905111222", "grassroots_editor": "0905333444"}

    def clerk(who: str) -> None:
        try:
            mine = Member.objects.get(pk=member.pk)
            barrier.wait()
            actions.do_update_member_record(
                mine,
                as_person(mine, phone=phones[who]),
                acting_user=cast[who],
                stamp=token,
            )
            outcome[who] = "saved"
        except EditConflict as error:
            outcome[who] = error.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(who,)) for who in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcome) == sorted(phones), outcome
    (winner,) = [who for who, result in outcome.items() if result == "saved"]
    (loser,) = [who for who in phones if who != winner]
    assert f"nay là «{phones[winner]}»" in outcome[loser]
    member.refresh_from_db()
    assert member.phone == phones[winner]
    assert updates(member) == 1
