"""The demo data of office work is recorded through the actions, quickly."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from dangvu.members.tests.factories import existing
from dangvu.office.demo import seed_office
from dangvu.office.models import MassCongress, MassOrganisation, MassRating, Rating
from dangvu.reports.registry import Period, value

pytestmark = pytest.mark.django_db


def test_seed_office(tree: dict[str, Any]) -> None:
    for i in range(12):
        existing(tree["C11" if i % 2 else "C21"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    counts = seed_office(tree["BLOC"], random.Random(1))
    assert counts["collective"] > 0 and counts["individual"] > 0
    youth = MassOrganisation.objects.get(name="Đoàn Khối các cơ quan tỉnh")
    assert MassRating.objects.get(unit=youth, year=2023).rating == Rating.EXCELLENT
    assert MassCongress.objects.filter(term="2023 - 2028").count() == 4  # 4 grassroots units
    assert value("emulation.commended_individuals", tree["BLOC"], Period.year(2023)).value == 13
    assert value("massorgs.congresses", tree["BLOC"], Period.year(2023)).value == 4
