"""The demo's users' choices of e-mail digest (see `dangvu.accounts.digest`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from dangvu.accounts.models import DigestPreference

# A reserved domain (RFC 2606): an address there is never delivered, so a demo moved onto a
# real mail server cannot write to anyone.
DEMO_DOMAIN = "example.invalid"


def seed_digest_preferences(admin: Any = None) -> int:
    """Give each user without one the default preference (weekly with an address, none
    without); the demo administrator gets a reserved address, so that
    `manage.py send_digests` prints the bloc's digest on the console. Returns how many."""
    if admin is not None and not admin.email:
        admin.email = f"{admin.get_username()}@{DEMO_DOMAIN}"
        admin.save(update_fields=["email"])
    users = get_user_model().objects.filter(digest_preference__isnull=True)
    rows = [
        DigestPreference(
            user=user,
            frequency=DigestPreference.DEFAULT if user.email else DigestPreference.Frequency.NEVER,
        )
        for user in users
    ]
    DigestPreference.objects.bulk_create(rows)
    return len(rows)
