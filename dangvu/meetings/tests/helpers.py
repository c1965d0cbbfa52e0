"""Shared test helpers for meetings: members of a cell through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.members.tests.factories import existing

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")


def cell_members(org: Any, names: tuple[str, ...] = NAMES) -> list[Any]:
    """Full members on the books of `org` from 01/01/2020."""
    return [existing(org, dt.date(2020, 1, 1), dt.date(2010, 5, 1), n) for n in names]
