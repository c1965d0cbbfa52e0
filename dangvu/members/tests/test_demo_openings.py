"""The demo's opening balances: written a chunk at a time, the same rows as one by one."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import transaction

from dangvu.audit.models import AuditEvent
from dangvu.members import actions, demo
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.demo import build_tree
from dangvu.vocab.models import AdminUnit


class _OneByOne(actions.Lookups):
    """The database's own answers, as `do_record_existing_member` reads them."""

    def accept(self, opening: actions.Opening) -> None:
        pass


def _openings(
    bloc: Any, one_by_one: bool, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[Any, ...]]:
    """The rows the demo's openings write on the tree of `bloc`, in a savepoint rolled back
    afterwards (the tree is built once: the seeder's draws follow its order)."""
    with monkeypatch.context() as patch:
        if one_by_one:
            # Each opening checked against the database and written before the next one.
            patch.setattr(demo, "OPENING_CHUNK", 1)
            patch.setattr(demo, "_OpeningLookups", _OneByOne)
        with transaction.atomic():
            seeder = demo._Seeder(bloc, random.Random(7), 400, None)
            seeder._load_orgs()
            seeder._opening()
            rows = _rows(seeder)
            transaction.set_rollback(True)
    return rows


def _rows(seeder: Any) -> list[tuple[Any, ...]]:
    ident = dict(Member.objects.values_list("pk", "identity_number"))
    # The demo's districts and communes are written in the savepoint too: a unit is compared
    # by its level and code, as a sequence is not rolled back on every database.
    units = {
        pk: (level, code)
        for pk, level, code in AdminUnit.objects.values_list("pk", "level", "code")
    }

    def value(key: str, v: Any) -> Any:
        return units.get(v) if key.endswith(("_province_id", "_local_id")) else v

    members = [
        tuple(value(k, v) for k, v in row.items() if k not in ("id", "created_at", "updated_at"))
        for row in Member.objects.order_by("pk").values()
    ]
    events = [
        (ident[e.member_id], e.kind, e.date, e.organisation_id, e.details)
        for e in MemberEvent.objects.order_by("pk")
    ]
    intervals = [
        (ident[i.member_id], i.organisation_id, i.path, i.status, i.valid_from, i.valid_to)
        for i in MembershipInterval.objects.order_by("pk")
    ]
    audit = [
        (
            a.action,
            a.object_type,
            {
                k: value(k, v)
                for k, v in (a.after or {}).items()
                if k not in ("event_id", "id", "created_at")
            },
        )
        for a in AuditEvent.objects.filter(object_type__icontains="member").order_by("pk")
    ]
    planned = sorted((day, order) for day, order, _, _ in seeder.agenda)
    return [tuple(members), tuple(events), tuple(intervals), tuple(audit), tuple(planned)]


@pytest.mark.django_db
class TestDemoOpenings:
    def test_chunked_openings_write_what_one_by_one_writes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        bloc = build_tree()[0]
        chunked = _openings(bloc, False, monkeypatch)
        single = _openings(bloc, True, monkeypatch)
        assert len(chunked[0]) > 300  # the members
        assert len(chunked[1]) == len(chunked[0]) == len(chunked[2])
        assert len(chunked[3]) >= len(chunked[0])
        assert chunked[4]  # confirmations and cards planned
        for mine, theirs in zip(chunked, single, strict=True):
            assert mine == theirs

    def test_a_number_on_record_is_held_by_its_member_and_a_new_one_by_nobody(self) -> None:
        bloc = build_tree()[0]
        seeder = demo._Seeder(bloc, random.Random(7), 400, None)
        seeder._load_orgs()
        seeder._opening()
        taken = Member.objects.order_by("pk").first()
        assert taken is not None
        lookups = demo._OpeningLookups()
        holder = lookups.identity_holder(taken.identity_number, None)
        assert holder is not None and holder.full_name == taken.full_name
        assert lookups.identity_holder("052199000000", None) is None
