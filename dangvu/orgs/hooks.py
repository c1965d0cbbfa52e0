"""How restructuring reaches records that live in other apps (members above all).

The organisation board must not import the member ledger, yet merging, splitting or
dissolving an organisation moves its members on the effective date. Apps that keep
people attached to organisations register a `MemberMover` here in their AppConfig.ready.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from dangvu.orgs.models import Organisation, Restructuring


class MemberMover(Protocol):
    def count_members(self, org: Organisation, on: dt.date) -> int:
        """How many people are attached directly to `org` on `on`."""

    def move_members(
        self,
        source: Organisation,
        target: Organisation,
        on: dt.date,
        restructuring: Restructuring,
        acting_user: Any,
        only_ids: list[int] | None = None,
    ) -> int:
        """Move people of `source` (all, or `only_ids`) to `target` on `on`; return how many."""

    def relocate(
        self, orgs: list[Organisation], on: dt.date, restructuring: Restructuring, acting_user: Any
    ) -> int:
        """Record that the people of `orgs` moved with them to a new place in the tree."""

    def members_named(self, org: Organisation, on: dt.date, numbers: list[str]) -> dict[str, int]:
        """{number: person id} for the people attached to `org` on `on` whom `numbers`
        (identity or card numbers) name; numbers that name nobody there are left out."""


_MOVERS: list[MemberMover] = []


def register_member_mover(mover: MemberMover) -> None:
    if mover not in _MOVERS:
        _MOVERS.append(mover)


def member_movers() -> list[MemberMover]:
    return list(_MOVERS)


def members_attached(org: Organisation, on: dt.date) -> int:
    return sum(m.count_members(org, on) for m in _MOVERS)


def move_all_members(
    source: Organisation,
    target: Organisation,
    on: dt.date,
    restructuring: Restructuring,
    acting_user: Any,
    only_ids: list[int] | None = None,
) -> int:
    return sum(
        m.move_members(source, target, on, restructuring, acting_user, only_ids) for m in _MOVERS
    )


def relocate_members(
    orgs: list[Organisation], on: dt.date, restructuring: Restructuring, acting_user: Any
) -> int:
    return sum(m.relocate(orgs, on, restructuring, acting_user) for m in _MOVERS)


def members_named(org: Organisation, on: dt.date, numbers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for mover in _MOVERS:
        found.update(mover.members_named(org, on, numbers))
    return found
