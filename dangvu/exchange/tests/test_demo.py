"""The demo's exchange: a trusted neighbour and a member received from it, history kept."""

from __future__ import annotations

import random
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangvu.exchange import keys
from dangvu.exchange.demo import NEIGHBOUR, ensure_demo_key, seed_exchange
from dangvu.exchange.models import ReceivedPackage, TrustedInstallation
from dangvu.exchange.tests.helpers import transferred_out
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


class TestDemoKey:
    """The demo issues packages: bootstrap gives a development installation its own key."""

    def test_it_creates_the_key_where_the_settings_say_and_the_demo_member_is_issued_one(
        self,
        client: Any,
        tree: dict[str, Any],
        cast: dict[str, Any],
        settings: Any,
        tmp_path: Path,
    ) -> None:
        settings.PRODUCTION = False
        settings.DANGVU_EXCHANGE_KEY_FILE = tmp_path / "exchange" / "signing-key.pem"
        assert ensure_demo_key() is True
        assert settings.DANGVU_EXCHANGE_KEY_FILE.stat().st_mode & 0o777 == 0o600
        member = transferred_out(tree["C21"])
        client.force_login(cast["cell"])
        page = client.get(member.get_absolute_url()).content.decode()
        assert "Tải gói hồ sơ chuyển sinh hoạt" in page
        response = client.post(reverse("exchange:export", args=[member.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"

    def test_it_never_replaces_an_existing_key(self, settings: Any, tmp_path: Path) -> None:
        settings.PRODUCTION = False
        path = tmp_path / "signing-key.pem"
        settings.DANGVU_EXCHANGE_KEY_FILE = path
        keys.create_key()
        before = path.read_bytes()
        assert ensure_demo_key() is False
        assert path.read_bytes() == before

    def test_it_creates_no_key_in_production(self, settings: Any, tmp_path: Path) -> None:
        settings.PRODUCTION = True
        settings.DANGVU_EXCHANGE_KEY_FILE = tmp_path / "signing-key.pem"
        assert ensure_demo_key() is False
        assert not settings.DANGVU_EXCHANGE_KEY_FILE.exists()

    def test_bootstrap_creates_it_when_it_loads_the_demo(
        self, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings.PRODUCTION = False
        settings.VAR_DIR = tmp_path
        settings.DANGVU_EXCHANGE_KEY_FILE = tmp_path / "exchange" / "signing-key.pem"
        from dangvu.core.management.commands import bootstrap

        seeded: list[str] = []

        def fake_seed(name: str, **kwargs: Any) -> None:
            # The demo itself is tested on its own; here only what bootstrap adds to it.
            seeded.append(name)

        monkeypatch.setattr(bootstrap, "call_command", fake_seed)
        out = StringIO()
        call_command("bootstrap", "--host", "127.0.0.1:8000", stdout=out)
        assert seeded == ["seed_demo"]
        assert keys.has_key()
        assert "Đã tạo khóa ký gói hồ sơ" in out.getvalue()
