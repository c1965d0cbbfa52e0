"""Production settings pass Django's deployment checklist and refuse to start unconfigured."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]

# Settings read from the environment that must not leak in from the developer's shell.
CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests (Playwright runs an event loop in the test thread); a real
    # deployment never has it, and check --deploy rightly warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DANGVU_MODE="production",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS="dangvu.example.vn",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "security.W" not in output, output


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", DANGVU_MODE="production", ALLOWED_HOSTS="dangvu.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production mode" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = manage("check", DANGVU_MODE="production", SECRET_KEY=secrets.token_urlsafe(45))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in production mode" in result.stderr
