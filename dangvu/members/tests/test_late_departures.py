"""A departure recorded after the restructuring that had moved the member (a late entry).

The ledger keeps the dates of the decisions, not the day they were typed: a member whose
transfer out, death, removal, expulsion or resignation took effect on 15/06 was no longer
on the rolls when a merger of 07/07 moved its cell's members, so the merger did not move
them. Membership ends on the day of the departure decision (Điều lệ Đảng, Điều 8 on
removal and expulsion; Hướng dẫn 12-HD/BTCTW ngày 18/01/2022 on chuyển sinh hoạt đảng
chính thức: the member leaves the cell's roll when the transfer is decided) — a rule of
dates, not a rule value, so nothing is registered in the rules registry for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import EXPELLED, DisciplineForm, EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.orgs import actions as org_actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

ON = dt.date(2020, 1, 1)
LEFT = dt.date(2023, 6, 15)
DECIDED = dt.date(2023, 7, 7)
YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
BORN = dt.date(1970, 4, 2)


# --- the restructuring kinds that move members: (cell of the member, apply) -------------


def _merge(tree: dict[str, Any], decision: Any) -> Organisation:
    org_actions.do_merge_organisations(
        [tree["C12"]], target=tree["C11"], decision=decision(DECIDED), acting_user=None
    )
    return tree["C11"]


def _move(tree: dict[str, Any], decision: Any) -> Organisation:
    org_actions.do_move_organisation(
        tree["SUB1"], new_parent=tree["GK2"], decision=decision(DECIDED), acting_user=None
    )
    return tree["C13"]


def _convert(tree: dict[str, Any], decision: Any) -> Organisation:
    org_actions.do_convert_organisation(
        tree["GK2"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        absorb_children=True,
        decision=decision(DECIDED),
        acting_user=None,
    )
    return tree["GK2"]


def _convert_up(tree: dict[str, Any], decision: Any) -> Organisation:
    """A cell of a sub-committee becomes a grassroots cell of the bloc: its members move
    with it to a new place in the tree."""
    org_actions.do_convert_organisation(
        tree["C13"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        new_parent=tree["BLOC"],
        decision=decision(DECIDED),
        acting_user=None,
    )
    return tree["C13"]


def _split(tree: dict[str, Any], decision: Any) -> Organisation:
    parts = org_actions.do_split_organisation(
        tree["C21"],
        parts=[
            org_actions.NewOrganisation("C21A", "Chi bộ A", OrgKind.CELL),
            org_actions.NewOrganisation("C21B", "Chi bộ B", OrgKind.CELL),
        ],
        decision=decision(DECIDED),
        acting_user=None,
    )
    return parts[0]


def _dissolve(tree: dict[str, Any], decision: Any) -> Organisation:
    org_actions.do_dissolve_organisation(
        tree["C12"], members_to=tree["C11"], decision=decision(DECIDED), acting_user=None
    )
    return tree["C11"]


RESTRUCTURINGS: dict[str, tuple[str, Callable[[dict[str, Any], Any], Organisation]]] = {
    "merge": ("C12", _merge),
    "move": ("C13", _move),
    "convert": ("C21", _convert),
    "convert_up": ("C13", _convert_up),
    "split": ("C21", _split),
    "dissolve": ("C12", _dissolve),
}


# --- the departure kinds: (end kind of the interval, record) ---------------------------


def _transfer_out(member: Member) -> None:
    actions.do_transfer_out(
        member, external_party="Đảng bộ tỉnh Gia Lai", decision=Decision(LEFT), acting_user=None
    )


def _ending(kind: str) -> Callable[[Member], None]:
    def record(member: Member) -> None:
        actions.do_end_membership(
            member, kind=kind, cause="Bỏ sinh hoạt", decision=Decision(LEFT), acting_user=None
        )

    return record


def _expel(member: Member) -> None:
    actions.do_discipline_member(
        member,
        form=DisciplineForm.EXPULSION,
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(LEFT),
        acting_user=None,
    )


DEPARTURES: dict[str, tuple[str, Callable[[Member], None]]] = {
    "transfer_out": (EventKind.TRANSFER_OUT, _transfer_out),
    "died": (EventKind.DIED, _ending(EventKind.DIED)),
    "removed": (EventKind.REMOVED, _ending(EventKind.REMOVED)),
    "resigned": (EventKind.RESIGNED, _ending(EventKind.RESIGNED)),
    "expelled": (EXPELLED, _expel),
}


@pytest.mark.parametrize("departure", list(DEPARTURES))
@pytest.mark.parametrize("restructuring", list(RESTRUCTURINGS))
def test_a_departure_before_a_restructuring_is_accepted_and_the_move_gives_way(
    tree: dict[str, Any], decision: Any, restructuring: str, departure: str
) -> None:
    cell, restructure = RESTRUCTURINGS[restructuring]
    end_kind, depart = DEPARTURES[departure]
    member = existing(tree[cell], ON, dt.date(2005, 3, 1), birth=BORN)
    stays = existing(tree[cell], ON, dt.date(2006, 3, 1), birth=BORN)
    where = restructure(tree, decision)
    move = MemberEvent.objects.get(member=member, restructuring__isnull=False)
    assert queries.members_at(where, DECIDED)["total"] >= 2

    depart(member)  # recorded today, dated 15/06, before the decision of 07/07

    member.refresh_from_db()
    assert member.status == ""
    assert member.organisation_id == tree[cell].pk  # left from the cell they were in
    intervals = list(member.intervals.order_by("valid_from"))
    assert [(i.organisation_id, i.valid_to, i.end_kind) for i in intervals] == [
        (tree[cell].pk, LEFT, end_kind)
    ]
    move.refresh_from_db()
    assert move.voided_at is not None and "15/06/2023" in move.void_reason
    assert AuditEvent.objects.filter(
        action="void", object_id=str(member.pk), before__event_id=move.pk
    ).exists()
    # The member who stayed was moved as before; the one who left is not counted after.
    stays.refresh_from_db()
    assert stays.status and stays.intervals.filter(valid_from=DECIDED).exists()
    assert not member.intervals.filter(valid_to__gt=LEFT).exists()
    bloc = tree["BLOC"]
    b = queries.balance(bloc, *YEAR)
    assert b["start"] + sum(b["in"].values()) - sum(b["out"].values()) == b["end"]
    assert sum(b["out"].values()) == 1


@pytest.mark.parametrize("restructuring", list(RESTRUCTURINGS))
def test_voiding_the_late_departure_rederives_the_move(
    tree: dict[str, Any], decision: Any, restructuring: str
) -> None:
    cell, restructure = RESTRUCTURINGS[restructuring]
    member = existing(tree[cell], ON, dt.date(2005, 3, 1), birth=BORN)
    existing(tree[cell], ON, dt.date(2006, 3, 1), birth=BORN)
    where = restructure(tree, decision)
    before = list(member.intervals.values_list("organisation_id", "path", "valid_from"))
    _transfer_out(member)
    departure = MemberEvent.objects.get(member=member, kind=EventKind.TRANSFER_OUT)

    actions.do_void_event(departure, reason="Ghi nhầm đồng chí", acting_user=None)

    member.refresh_from_db()
    assert member.status and member.organisation_id == where.pk
    assert list(member.intervals.values_list("organisation_id", "path", "valid_from")) == before
    again = MemberEvent.objects.get(
        member=member, restructuring__isnull=False, voided_at__isnull=True
    )
    assert again.details["rederived_from"] in departure.details["displaced_moves"]


def test_an_event_recorded_after_the_departure_date_is_named_with_what_to_do(
    tree: dict[str, Any], decision: Any
) -> None:
    member = existing(tree["C12"], ON, dt.date(2005, 3, 1), birth=BORN)
    _merge(tree, decision)
    actions.do_exempt_member(member, decision=Decision(dt.date(2023, 8, 1)), acting_user=None)
    events = MemberEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _transfer_out(member)

    message = refused.value.message
    assert "«Miễn sinh hoạt» ngày 01/08/2023" in message
    assert "hãy hủy chúng trước" in message and "ghi lại «Chuyển sinh hoạt đi»" in message
    assert MemberEvent.objects.count() == events
    assert MemberEvent.objects.filter(voided_at__isnull=False).count() == 0


def test_a_member_who_came_back_keeps_the_moves_of_the_new_membership(
    tree: dict[str, Any], decision: Any
) -> None:
    """Only the moves between the departure and a return give way."""
    member = existing(tree["C12"], ON, dt.date(2005, 3, 1), birth=BORN)
    existing(tree["C12"], ON, dt.date(2006, 3, 1), birth=BORN)
    _merge(tree, decision)
    later = dt.date(2024, 3, 1)
    org_actions.do_merge_organisations(
        [tree["C11"]], target=tree["C13"], decision=decision(later), acting_user=None
    )
    _transfer_out(member)
    member.refresh_from_db()
    assert member.status == ""
    assert (
        MemberEvent.objects.filter(
            member=member, restructuring__isnull=False, voided_at__isnull=False
        ).count()
        == 2
    )
