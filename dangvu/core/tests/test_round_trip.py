"""Export a subtree's organisations and ledger, import them into an empty database, and
every member figure comes out the same."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dangvu.members import actions, queries
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import admit, existing, full_member
from dangvu.orgs import actions as org_actions
from dangvu.orgs.models import Organisation

# Transactional: the test empties the database with flush, which PostgreSQL refuses inside
# the transaction that ordinary tests run in.
pytestmark = pytest.mark.django_db(transaction=True)

YEARS = (2021, 2022, 2023, 2024)


def figures() -> dict[str, Any]:
    bloc = Organisation.objects.get(code="BLOC")
    out: dict[str, Any] = {}
    for year in YEARS:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        flows = queries.flows(bloc, start, end)
        out[f"{year}.end"] = queries.members_at(bloc, end)
        out[f"{year}.in"] = {k: v for k, v in flows["in"].items() if v and k != "OPENING"}
        out[f"{year}.out"] = {k: v for k, v in flows["out"].items() if v}
        for kind in ("CONFIRMED", "CARD_ISSUED", "BADGE_PROPOSED", "DISCIPLINED"):
            out[f"{year}.{kind}"] = queries.events_in(bloc, start, end, [kind]).count()
    return out


def record_history(tree: dict[str, Any], decision: Any) -> None:
    opened = dt.date(2021, 1, 1)
    old = existing(tree["C11"], opened, dt.date(1993, 3, 1), "Lê Văn Lâu Năm")
    for code in ("C11", "C12", "C21", "GC1"):
        for i in range(3):
            existing(tree[code], opened, dt.date(2005 + i, 6, 1))
    a = admit(tree["C12"], dt.date(2021, 4, 5), "Phạm Thị Mới")
    actions.do_confirm_member(a, decision=Decision(dt.date(2022, 4, 20)), acting_user=None)
    actions.do_issue_card(
        a, card_number="0077001", decision=Decision(dt.date(2022, 9, 2)), acting_user=None
    )
    b = full_member(tree["C21"], dt.date(2021, 2, 1), "Võ Văn Chuyển")
    actions.do_move_member(
        b, to=tree["GC1"], decision=Decision(dt.date(2023, 3, 3)), acting_user=None
    )
    actions.do_transfer_out(
        b,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(dt.date(2024, 5, 5)),
        acting_user=None,
    )
    actions.do_propose_badge(
        old, milestone=30, decision=Decision(dt.date(2023, 1, 10)), acting_user=None
    )
    c = existing(tree["C13"], opened, dt.date(2001, 1, 1), "Đỗ Kỷ Luật")
    actions.do_discipline_member(
        c,
        form="REPRIMAND",
        issuing_level="COMMISSION",
        violation_date=None,
        decision=Decision(dt.date(2022, 8, 8)),
        acting_user=None,
    )
    actions.do_end_membership(
        c, kind=EventKind.DIED, decision=Decision(dt.date(2024, 2, 2)), acting_user=None
    )
    # A dissolution moves its members: the export carries those moves.
    org_actions.do_dissolve_organisation(
        tree["C12"],
        members_to=tree["C11"],
        decision=decision(dt.date(2023, 6, 1)),
        acting_user=None,
    )


def test_round_trip_gives_the_same_figures(
    client: Client, admin_user: Any, tree: dict[str, Any], decision: Any, tmp_path: Path
) -> None:
    record_history(tree, decision)
    before = figures()
    client.force_login(admin_user)
    orgs = client.get(reverse("orgs:list"), {"trang_thai": "all", "xuat": "xlsx"}).content
    events = client.get(
        reverse("members:list"),
        # Full numbers: a masked file cannot go back in.
        {"to_chuc": "BLOC", "tu_cach": "ever", "xuat": "xlsx", "bang": "bien-dong", "day_du": "1"},
    ).content

    call_command("flush", interactive=False, verbosity=0)
    get_user_model().objects.create_superuser("quantri2", password="Mat-khau-2024!")
    (tmp_path / "orgs.xlsx").write_bytes(orgs)
    (tmp_path / "events.xlsx").write_bytes(events)
    out = io.StringIO()
    call_command("import_records", "organisations", str(tmp_path / "orgs.xlsx"), stdout=out)
    call_command("import_records", "events", str(tmp_path / "events.xlsx"), stdout=out)
    assert figures() == before, out.getvalue()
