"""The demo's exchange: a trusted neighbour and a member received from it, history kept."""

from __future__ import annotations

import random
from typing import Any

import pytest

from dangvu.exchange.demo import NEIGHBOUR, seed_exchange
from dangvu.exchange.models import ReceivedPackage, TrustedInstallation
from dangvu.members.kinds import EventKind

pytestmark = pytest.mark.django_db


def test_the_demo_receives_a_member_from_a_trusted_neighbour(tree: dict[str, Any]) -> None:
    counts = seed_exchange(tree["BLOC"], random.Random(1))
    assert counts == {"hệ thống tin cậy": 1, "gói hồ sơ đã nhận": 1}
    assert TrustedInstallation.objects.get().name == NEIGHBOUR
    received = ReceivedPackage.objects.get()
    assert received.organisation.kind == "CELL"
    assert [e.kind for e in received.member.events.all()] == [EventKind.TRANSFER_IN]
    assert [e.kind for e in received.events.all()] == [
        "ADMITTED",
        "CONFIRMED",
        "MOVED",
        "TRANSFER_OUT",
    ]
    assert received.member.ethnicity is not None and received.member.ethnicity.name == "Ba Na"
    from dangvu.dues.models import DuesBasis

    assert DuesBasis.objects.filter(member=received.member).exists()
