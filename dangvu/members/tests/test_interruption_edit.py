"""The earlier interruption on the party file, entered on the record edit page («Sửa lý lịch»)
for a member already on the books: loaded before it could be entered, or whose paper file is
found later. Same checks as the roll and the transfer-in; party age and the badge due list
follow at once; audited as any record edit.

Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.5.2: đảng viên kết nạp lại tính tuổi đảng từ ngày
kết nạp lần đầu, trừ thời gian không tham gia sinh hoạt đảng (from leaving to the
readmission); Điều lệ Đảng, Điều 8 and Quy định 24-QĐ/TW điểm 5: a readmitted member goes
through a new probation (the ceremony and full-membership dates are the readmission's).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.dates import add_years
from dangvu.core.tests.htmlforms import post_forms
from dangvu.members import actions, queries
from dangvu.members.models import Member
from dangvu.members.tests.factories import person
from dangvu.members.tests.test_party_age import BIRTH, old_tree
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

ON = dt.date(2000, 1, 1)
ADMITTED = dt.date(1980, 5, 10)
LEFT, READMITTED = dt.date(1990, 1, 1), dt.date(1995, 1, 1)
# The readmission's ceremony and full membership, as a file with a readmission carries them.
CEREMONY, FULL = dt.date(1995, 1, 11), dt.date(1996, 1, 21)


def _on_books(
    cell: Organisation, ceremony: dt.date | None = CEREMONY, full: dt.date | None = FULL
) -> Member:
    """A full member loaded by the roll without the interruption their file shows."""
    return actions.do_record_existing_member(
        person("Phạm Văn Lại", birth=BIRTH),
        organisation=cell,
        on=ON,
        admission_decision_date=ADMITTED,
        ceremony_date=ceremony,
        full_member_date=full,
        acting_user=None,
    )


def _page_data(client: Client, member: Member) -> tuple[str, dict[str, list[str]]]:
    """The edit page's form as the browser would send it untouched."""
    url = reverse("members:edit", args=[member.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="earlier-interruption"' in body
    (form,) = [f for f in post_forms(body) if "f-earlier_left_date" in dict(f.fields)]
    return url, form.submission()


def _post(
    client: Client, member: Member, left: dt.date | None, readmitted: dt.date | None, **person: str
) -> Any:
    url, data = _page_data(client, member)
    data["f-earlier_left_date"] = [left.isoformat() if left else ""]
    data["f-readmission_date"] = [readmitted.isoformat() if readmitted else ""]
    for name, value in person.items():
        data[f"p-{name}"] = [value]
    return client.post(url, data)


def _updates(member: Member) -> int:
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(member.pk)
    ).count()


def test_the_edit_page_sets_and_clears_the_interruption_and_the_badge_date_follows(
    client: Client, admin_user: Any
) -> None:
    """Điểm 4.5.2: from the first admission, minus leaving -> readmission. Set on the page,
    the 30-year date moves later by the years out; cleared, it moves back; each change is in
    the audit trail with the values before and after."""
    bloc, cell = old_tree()
    member = _on_books(cell)
    client.force_login(admin_user)
    without = add_years(ADMITTED, 30)
    with_gap = add_years(ADMITTED + (READMITTED - LEFT), 30)
    assert queries.badge_due_date(member, 30) == without

    answer = _post(client, member, LEFT, READMITTED)
    assert answer.status_code == 302, answer.content.decode()
    member.refresh_from_db()
    assert (member.earlier_left_date, member.readmission_date) == (LEFT, READMITTED)
    assert queries.badge_due_date(member, 30) == with_gap
    day = dt.date(2011, 1, 2)  # after the date without the gap, before the one with it
    listed = {r.member.pk: r.due for r in queries.badges_due(bloc, day)}
    assert member.pk not in listed or listed[member.pk] == with_gap
    assert {r.member.pk: r.due for r in queries.badges_due(bloc, with_gap)}[member.pk] == with_gap
    trail = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(member.pk)
    ).latest("pk")
    assert trail.before == {"earlier_left_date": None, "readmission_date": None}
    assert trail.after == {
        "earlier_left_date": LEFT.isoformat(),
        "readmission_date": READMITTED.isoformat(),
    }
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Ngày vào Đảng lần thứ hai" in page and "01/01/1995" in page

    # Sent back untouched, the page saves nothing and writes nothing to the trail.
    before = _updates(member)
    url, data = _page_data(client, member)
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.earlier_left_date, member.readmission_date) == (LEFT, READMITTED)
    assert _updates(member) == before

    answer = _post(client, member, None, None)
    assert answer.status_code == 302
    member.refresh_from_db()
    assert (member.earlier_left_date, member.readmission_date) == (None, None)
    assert queries.badge_due_date(member, 30) == without
    assert {r.member.pk: r.due for r in queries.badges_due(bloc, day)}[member.pk] == without
    assert _updates(member) == before + 1


# (left, readmitted, ceremony, full on the record, the facts the refusal names)
IMPOSSIBLE = [
    (dt.date(1979, 1, 1), READMITTED, CEREMONY, FULL, ["01/01/1979", "10/05/1980"]),
    (LEFT, dt.date(1989, 1, 1), CEREMONY, FULL, ["01/01/1989", "01/01/1990"]),
    (LEFT, LEFT, CEREMONY, FULL, ["01/01/1990", "ra khỏi Đảng"]),
    (None, READMITTED, CEREMONY, FULL, ["01/01/1995", "ra khỏi Đảng"]),
    (LEFT, None, CEREMONY, FULL, ["01/01/1990", "lần thứ hai"]),
    (LEFT, dt.date(2001, 1, 1), CEREMONY, FULL, ["01/01/2001", "01/01/2000"]),
    (LEFT, READMITTED, dt.date(1994, 12, 1), FULL, ["01/12/1994", "01/01/1995"]),
    (LEFT, READMITTED, None, dt.date(1994, 6, 1), ["01/06/1994", "01/01/1995"]),
    (dt.date(1944, 1, 1), READMITTED, CEREMONY, FULL, ["01/01/1944", "trước ngày sinh"]),
]


@pytest.mark.parametrize(("left", "readmitted", "ceremony", "full", "facts"), IMPOSSIBLE)
def test_every_impossible_interruption_is_refused_on_the_edit_page_naming_both_facts(
    client: Client,
    admin_user: Any,
    left: dt.date | None,
    readmitted: dt.date | None,
    ceremony: dt.date | None,
    full: dt.date | None,
    facts: list[str],
) -> None:
    """First admission < left < readmission <= arrival on our books, none before birth, the
    readmission's ceremony and full membership after it (điểm 4.5.2; a new probation)."""
    _, cell = old_tree()
    member = _on_books(cell, ceremony, full)
    client.force_login(admin_user)
    before = _updates(member)
    answer = _post(client, member, left, readmitted)
    assert answer.status_code == 200
    body = answer.content.decode()
    for fact in facts:
        assert fact in body, fact
    member.refresh_from_db()
    assert (member.earlier_left_date, member.readmission_date) == (None, None)
    assert _updates(member) == before


def test_a_birth_date_corrected_after_the_leaving_is_refused_with_the_interruption(
    client: Client, admin_user: Any
) -> None:
    """The interruption is checked against the birth date the same page corrects."""
    _, cell = old_tree()
    member = _on_books(cell)
    client.force_login(admin_user)
    assert _post(client, member, LEFT, READMITTED).status_code == 302
    answer = _post(client, member, LEFT, READMITTED, birth_date="1990-06-01")
    assert answer.status_code == 200
    assert "trước ngày sinh (01/06/1990)" in answer.content.decode()
    member.refresh_from_db()
    assert member.birth_date == BIRTH


def test_a_member_readmitted_on_our_books_cannot_carry_a_second_readmission(
    admin_user: Any,
) -> None:
    """Quy định 24-QĐ/TW điểm 5: readmission once only (rule members.readmission_times); a
    member readmitted here already has it."""
    _, cell = old_tree()
    member = _on_books(cell)
    actions.do_end_membership(
        member,
        kind="REMOVED",
        cause="Hai năm liền không hoàn thành nhiệm vụ",
        decision=actions.Decision(dt.date(2001, 1, 1)),
        acting_user=None,
    )
    member.refresh_from_db()
    actions.do_readmit_member(
        member,
        organisation=cell,
        left_for="OTHER",
        consent_number="12-CV/TU",
        consent_date=dt.date(2004, 2, 1),
        ceremony_date=dt.date(2004, 3, 10),
        decision=actions.Decision(dt.date(2004, 3, 1)),
        acting_user=None,
    )
    member.refresh_from_db()
    with pytest.raises(actions.DomainError, match="chỉ kết nạp lại 1 lần"):
        actions.do_update_member_record(
            member,
            actions.Person(**{f: getattr(member, f) for f in actions.Person.__dataclass_fields__}),
            acting_user=None,
            interruption=(LEFT, READMITTED),
        )
