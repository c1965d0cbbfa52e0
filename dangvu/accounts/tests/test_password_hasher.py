"""The application hashes passwords with Argon2, whatever the suite runs with.

The suite signs in with a fast hasher (the root conftest.py) because Argon2 costs a
quarter of a second a hash; this checks the setting that the application itself runs.
"""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password


def test_the_application_settings_hash_with_argon2_first() -> None:
    project = importlib.import_module("dangvu.settings")
    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_installed_and_hashes() -> None:
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Mat-khau-2024!", hasher.salt())
    assert encoded.startswith("argon2$") and hasher.verify("Mat-khau-2024!", encoded)


@pytest.mark.parametrize("password", ["Mat-khau-2024!"])
def test_the_suite_runs_with_the_fast_hasher(password: str) -> None:
    """So that a slow suite is noticed here rather than guessed at."""
    assert identify_hasher(make_password(password)).algorithm == "md5"
