"""Shared pieces of the exchange tests: a key, a member transferred out, a package."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.dates import today
from dangvu.exchange import keys
from dangvu.exchange.actions import do_trust_installation
from dangvu.exchange.package import build, dump, sign
from dangvu.members.actions import Decision, do_transfer_out
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing


def transferred_out(org: Any, name: str = "Trần Văn Đi", **kw: Any) -> Member:
    """A full member of `org` since 2020, transferred out five days ago."""
    member = existing(org, dt.date(2020, 1, 1), dt.date(2005, 3, 2), name, **kw)
    day = today() - dt.timedelta(days=5)
    do_transfer_out(
        member,
        external_party="Đảng bộ xã Phước Hòa, tỉnh Gia Lai",
        decision=Decision(day, "88-QĐ/ĐU", day),
        acting_user=None,
    )
    member.refresh_from_db()
    return member


def trust_own_key() -> Any:
    public = keys.private_key().public_key()
    return do_trust_installation(
        "Đảng vụ Đảng bộ Khối (thử)", keys.public_key_b64(public), acting_user=None
    )


def package_bytes(member: Member, **changes: Any) -> bytes:
    """A signed package of `member`, with top-level or member fields changed before signing
    (so that one database can both send and receive: the sender's record stays)."""
    data = build(member)
    for key, value in changes.items():
        if key.startswith("member__"):
            data["member"][key.removeprefix("member__")] = value
        else:
            data[key] = value
    return dump(sign(data, keys.private_key()))
