"""The first start: the seed's progress on the output, and the address bootstrap prints."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper

from dangvu.core.management.commands.bootstrap import site_url
from dangvu.core.management.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _clock(step: float = 0.5) -> object:
    ticks = itertools.count()
    return lambda: next(ticks) * step


class TestProgress:
    def test_a_pipe_gets_one_plain_line_per_stage(self) -> None:
        out = io.StringIO()
        progress = Progress(OutputWrapper(out), 2, clock=_clock())
        progress.stage("Cây tổ chức")
        progress.tick(480)
        progress.stage("Đảng viên")
        for n in range(1, 1201):
            progress.tick(n, 4700)
        progress.end()
        lines = out.getvalue().splitlines()
        assert lines == [
            "[1/2] Cây tổ chức: 480 (0,5 giây)",
            "[2/2] Đảng viên: 1.200 (0,5 giây)",
        ]
        assert "\r" not in out.getvalue()

    def test_a_terminal_gets_a_counter_rewritten_in_place(self) -> None:
        out = _Terminal()
        progress = Progress(OutputWrapper(out), 3, clock=_clock(0.0625))
        progress.stage("Đảng viên")
        for n in range(1, 101):
            progress.tick(n, 4700)
        progress.end()
        text = out.getvalue()
        assert text.count("\n") == 1  # the stage's line, once it ends
        assert "\r[1/3] Đảng viên… 48/4.700" in text
        assert text.rstrip().endswith("[1/3] Đảng viên: 100 (6,3 giây)")
        # Throttled: far fewer rewrites than ticks.
        assert 20 < text.count("\r") < 40

    def test_nothing_is_written_before_a_stage_starts(self) -> None:
        out = io.StringIO()
        progress = Progress(out, 1, tty=False)
        progress.end()  # nothing started: nothing written
        assert out.getvalue() == ""


class TestSiteUrl:
    @pytest.mark.parametrize(
        ("host", "url"),
        [
            ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
            ("8001", "http://127.0.0.1:8001/"),
            ("0.0.0.0:9000", "http://127.0.0.1:9000/"),
            ("localhost:8080", "http://localhost:8080/"),
            ("[::1]:8000", "http://[::1]:8000/"),
        ],
    )
    def test_the_address_a_browser_opens_for_runservers_argument(self, host: str, url: str) -> None:
        assert site_url(host) == url


@pytest.mark.django_db
class TestBootstrap:
    def test_it_prints_the_address_of_host_and_the_login(
        self, tmp_path: object, settings: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
        out = io.StringIO()
        call_command("bootstrap", "--no-demo", "--host", "0.0.0.0:8765", stdout=out)
        login = (tmp_path / "admin-login.txt").read_text().split()  # type: ignore[operator]
        assert f"Mở http://127.0.0.1:8765/ — đăng nhập: {login[0]} / {login[1]}" in out.getvalue()

        monkeypatch.setenv("HOST", "localhost:9001")
        out = io.StringIO()
        call_command("bootstrap", "--no-demo", stdout=out)
        assert "Mở http://localhost:9001/ — đăng nhập: quantri / " in out.getvalue()
