"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class BytewiseCharField(models.CharField):
    """A CharField compared and sorted byte by byte on every database.

    Prefix searches are then ranges of an ordinary index (`low <= value < high`), read in
    index order, which only holds under bytewise ordering: PostgreSQL's default collation
    may ignore spaces and punctuation, so the column gets the "C" collation there. SQLite
    compares bytes already.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def prefix_range(prefix: str) -> tuple[str, str]:
    """The [low, high) bounds of the values that start with `prefix`, bytewise."""
    if not prefix:
        raise ValueError("an empty prefix has no range")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
