"""The demo terms and congresses: every organisation has its open term, the congresses of
2020 and 2025 record their delegates and results on the seats the personnel demo opened,
a few cells are past due and a few cells' next congresses are planned."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import pytest

from dangvu.congresses.demo import seed_congresses
from dangvu.congresses.models import (
    Congress,
    CongressDocument,
    DocumentRole,
    ElectedBody,
    Election,
    Term,
)
from dangvu.core.dates import today
from dangvu.members.tests.factories import existing
from dangvu.orgs.models import OrganisationVersion
from dangvu.personnel.demo import seed_personnel

pytestmark = pytest.mark.django_db

ORGS = ("BLOC", "GC1", "GC2", "GK1", "GK2", "SUB1", "C11", "C12", "C13", "C21")


@pytest.fixture
def seeded(tree: dict[str, Any]) -> dict[str, Any]:
    for i in range(48):
        org = ("C11", "C12", "C13", "C21", "GC1", "GC2")[i % 6]
        existing(tree[org], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    seed_personnel(tree["BLOC"], random.Random(3), scale=0.02)
    counts = seed_congresses(tree["BLOC"], random.Random(5))
    return {"tree": tree, "counts": counts}


class TestTerms:
    def test_every_organisation_has_one_open_term(self, seeded: dict[str, Any]) -> None:
        alive = set(
            OrganisationVersion.objects.filter(
                valid_from__lte=today(), valid_to__gt=today()
            ).values_list("organisation_id", flat=True)
        )
        open_terms = list(
            Term.objects.filter(ended_on__isnull=True).values_list("organisation_id", flat=True)
        )
        assert sorted(open_terms) == sorted(alive)
        assert {seeded["tree"][c].pk for c in ORGS} <= alive

    def test_terms_follow_one_another_and_run_by_the_kind(self, seeded: dict[str, Any]) -> None:
        tree = seeded["tree"]
        for code in ORGS:
            terms = list(Term.objects.filter(organisation=tree[code]).order_by("began_on"))
            assert terms, code
            for before, after in itertools.pairwise(terms):
                assert before.ended_on == after.began_on, code
            for t in terms:
                months = (t.due_on.year - t.began_on.year) * 12 + t.due_on.month
                months -= t.began_on.month
                assert months in ((30,) if code in ("SUB1", "C11", "C12", "C13", "C21") else (60,))
        labels = [t.label for t in Term.objects.filter(organisation=tree["GK1"])]
        assert labels == ["2025–2030", "2020–2025"]
        # A cell is past due: its term of 2022–2025 still open.
        past = Term.objects.filter(ended_on__isnull=True, due_on__lt=today())
        assert list(past.values_list("label", flat=True)) == ["2022–2025"]


class TestCongresses:
    def test_the_2025_results_point_at_the_seats_of_2025_2030(self, seeded: dict[str, Any]) -> None:
        elections = Election.objects.filter(congress__term_label="2025–2030").exclude(
            body=ElectedBody.SUPERIOR_DELEGATE
        )
        assert elections.count() > 10
        for e in elections.select_related("seat__committee", "congress"):
            assert e.seat is not None, e
            assert e.seat.committee.term == "2025–2030"
            assert e.seat.committee.organisation_id == e.congress.organisation_id
            assert e.seat.member_id == e.member_id and e.seat.position == e.position
            assert e.seat.start_date == e.congress.closes_on
        assert not Election.objects.filter(vote_share__lte=50).exists()
        assert Election.objects.filter(body=ElectedBody.SUPERIOR_DELEGATE).exists()

    def test_grassroots_congresses_of_2020_and_2025(self, seeded: dict[str, Any]) -> None:
        tree = seeded["tree"]
        for code in ("GC1", "GC2", "GK1", "GK2", "BLOC"):
            held = Congress.objects.filter(organisation=tree[code], held=True)
            assert sorted(held.values_list("term_label", flat=True)) == [
                "2020–2025",
                "2025–2030",
            ]
            for c in held:
                delegates = c.delegates.all()
                assert c.members_total == delegates.count() > 0
                assert c.attended_total == delegates.filter(attended=True).count()
                assert Term.objects.get(organisation=tree[code], label=c.term_label).congress == c
        roles = set(CongressDocument.objects.values_list("role", flat=True))
        assert {DocumentRole.POLITICAL_REPORT, DocumentRole.RESOLUTION, DocumentRole.APPROVAL} <= (
            roles
        )

    def test_cells_congresses_held_early_and_planned(self, seeded: dict[str, Any]) -> None:
        cells = Congress.objects.filter(level="CELL")
        held_2025 = cells.filter(held=True, term_label="2025–2027")
        assert held_2025.count() >= 2
        assert not Election.objects.filter(congress__in=held_2025, vote_share__lte=50).exists()
        # The season of 2027–2030 in its three states: held early, planned, not scheduled.
        season = cells.filter(term_label="2027–2030")
        early = season.filter(held=True)
        assert early.exists() and all(c.closes_on < today() for c in early)
        for c in early:
            term = Term.objects.get(organisation_id=c.organisation_id, label="2027–2030")
            assert term.congress == c and term.ended_on is None
        planned = season.filter(held=False)
        assert planned.exists() and all(c.opens_on > today() for c in planned)
        cell_ids = {seeded["tree"][c].pk for c in ("C11", "C12", "C13", "C21")}
        assert cell_ids - set(season.values_list("organisation_id", flat=True))

    def test_the_demo_is_deterministic(self, seeded: dict[str, Any]) -> None:
        rows = list(Election.objects.order_by("id").values_list("member_id", "votes"))
        Election.objects.all().delete()
        Term.objects.all().delete()
        CongressDocument.objects.all().delete()
        Congress.objects.all().delete()
        assert seed_congresses(seeded["tree"]["BLOC"], random.Random(5)) == seeded["counts"]
        again = list(Election.objects.order_by("id").values_list("member_id", "votes"))
        assert again == rows
