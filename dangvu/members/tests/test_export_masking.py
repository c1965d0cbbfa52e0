"""Exports mask identity and phone numbers exactly as the member's page does; full numbers
only on the explicit choice of a role allowed to read them, for its own subtree, each
person so exported recorded as one reveal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.tests.export_reading import export_text
from dangvu.members import candidates
from dangvu.members.tests.factories import existing, person

pytestmark = pytest.mark.django_db
REVEAL = AuditEvent.Action.REVEAL
# (url name, extra query): every export of the project that carries these numbers.
EXPORTS = [
    ("members:list", {}),
    ("members:list", {"bang": "bien-dong"}),
    ("members:candidates", {"hien": "all"}),
]


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    """A member and a candidate in GK1's cell C11, a member in GK2's cell C21."""
    an = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Nguyễn Văn An",
        identity_number="052085001234",
        phone="0905123456",
    )
    dao = existing(
        tree["C21"],
        dt.date(2020, 1, 1),
        dt.date(1999, 3, 2),
        "Đặng Thị Đào",
        identity_number="079190004321",
        phone="0914765432",
    )
    binh = candidates.do_register_candidate(
        person("Trần Thị Bình", identity_number="052195007777", phone="0935111222"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 1),
        acting_user=None,
    )
    return {"an": an, "dao": dao, "binh": binh}


FULL = ["052085001234", "0905123456", "079190004321", "0914765432", "052195007777", "0935111222"]


def download(client: Client, name: str, extra: dict[str, str], fmt: str, **more: str) -> Any:
    return client.get(reverse(name), {"xuat": fmt, **extra, **more})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "extra"), EXPORTS)
def test_exports_mask_numbers_as_the_screen_does_for_every_role(
    client: Client,
    cast: dict[str, Any],
    admin_user: Any,
    people: dict[str, Any],
    name: str,
    extra: dict[str, str],
    fmt: str,
) -> None:
    for user in (admin_user, cast["officer"], cast["viewer"], cast["grassroots"]):
        client.force_login(user)
        response = download(client, name, extra, fmt)
        assert response.status_code == 200
        text = export_text(response)
        assert not [n for n in FULL if n in text], (user, name)
        if user != cast["grassroots"] and name == "members:list":
            assert mask("052085001234") in text and mask("0914765432") in text
    page = client.get(reverse("members:detail", args=[people["an"].pk])).content.decode()
    assert mask("052085001234") in page  # the same masking as the member's page
    assert not AuditEvent.objects.filter(action=REVEAL).exists()


@pytest.mark.parametrize(("name", "extra"), EXPORTS)
def test_the_organisation_board_asks_for_full_numbers_and_each_person_is_a_reveal(
    client: Client,
    cast: dict[str, Any],
    people: dict[str, Any],
    name: str,
    extra: dict[str, str],
) -> None:
    client.force_login(cast["grassroots_editor"])  # the organisation board of GK1
    response = download(client, name, extra, "xlsx", day_du="1")
    assert response.status_code == 200
    assert "day-du-so" in response["Content-Disposition"]
    text = export_text(response)
    shown = people["binh"] if name == "members:candidates" else people["an"]
    assert shown.identity_number in text and shown.phone in text
    assert "079190004321" not in text and "Đặng Thị Đào" not in text  # another subtree
    reveals = AuditEvent.objects.filter(action=REVEAL, username="tochuc_gk1")
    assert [(r.object_type, r.object_id) for r in reveals] == [
        (shown._meta.model_name, str(shown.pk))
    ]
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, username="tochuc_gk1")
    assert "đầy đủ số" in export.note


def test_full_numbers_stay_masked_outside_the_boards_own_subtree(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], people: dict[str, Any]
) -> None:
    """Reading the whole bloc (a viewer's role on it) does not widen the board's right."""
    board = cast["grassroots_editor"]
    Role.objects.create(user=board, organisation=tree["BLOC"], kind=Role.Kind.VIEWER)
    client.force_login(board)
    text = export_text(download(client, "members:list", {}, "csv", day_du="1"))
    assert "Đặng Thị Đào" in text and "052085001234" in text
    assert "079190004321" not in text and mask("079190004321") in text
    reveals = AuditEvent.objects.filter(action=REVEAL, username=board.username)
    assert list(reveals.values_list("object_id", flat=True)) == [str(people["an"].pk)]


def test_administrators_get_every_number_in_full_on_request(
    client: Client, admin_user: Any, people: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    text = export_text(download(client, "members:list", {}, "csv", day_du="1"))
    assert "052085001234" in text and "0914765432" in text
    assert AuditEvent.objects.filter(action=REVEAL).count() == 2


@pytest.mark.parametrize("who", ["viewer", "grassroots", "cell", "nobody"])
@pytest.mark.parametrize(("name", "extra"), EXPORTS)
def test_other_roles_asking_for_full_numbers_are_refused_in_vietnamese(
    client: Client,
    cast: dict[str, Any],
    people: dict[str, Any],
    who: str,
    name: str,
    extra: dict[str, str],
) -> None:
    client.force_login(cast[who])
    response = download(client, name, extra, "xlsx", day_du="1")
    assert response.status_code == 403
    body = response.content.decode()
    assert "không được xuất đầy đủ số CCCD" in body
    assert not [n for n in FULL if n in body]
    assert not AuditEvent.objects.filter(action=REVEAL).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DENIED, username=cast[who].username
    ).exists()


def test_the_full_number_choice_is_offered_only_to_roles_that_may_use_it(
    client: Client, cast: dict[str, Any], people: dict[str, Any]
) -> None:
    for who, offered in (("grassroots_editor", True), ("officer", True), ("viewer", False)):
        client.force_login(cast[who])
        for name in ("members:list", "members:candidates"):
            page = client.get(reverse(name)).content.decode()
            assert ('data-testid="export-full-numbers"' in page) is offered, (who, name)


def test_reveals_are_written_in_one_statement_whatever_the_number_of_people(
    client: Client, admin_user: Any, tree: dict[str, Any], people: dict[str, Any]
) -> None:
    client.force_login(admin_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            download(client, "members:list", {}, "csv", day_du="1")
        return len(captured)

    few = queries()
    for i in range(6):
        existing(
            tree["C13"],
            dt.date(2020, 1, 1),
            dt.date(2001, 5, 1),
            identity_number=f"05208500{i:04d}",
            phone=f"090500{i:04d}",
        )
    assert queries() == few
    assert AuditEvent.objects.filter(action=REVEAL).count() == 2 + 8


def test_a_masked_file_cannot_put_masked_numbers_back(
    client: Client, cast: dict[str, Any], admin_user: Any, people: dict[str, Any], tmp_path: Any
) -> None:
    import io

    from django.core.management import CommandError, call_command

    client.force_login(cast["officer"])
    masked = download(client, "members:list", {"bang": "bien-dong"}, "xlsx").content
    path = tmp_path / "bien-dong.xlsx"
    path.write_bytes(masked)
    out = io.StringIO()
    with pytest.raises(CommandError, match="bị từ chối"):
        call_command(
            "import_records", "events", str(path), "--dry-run", "--user", "quantri", stdout=out
        )
    assert "Số CCCD «052*******34» là số đã che" in out.getvalue(), out.getvalue()
    people["an"].refresh_from_db()
    assert people["an"].phone == "0905123456"
