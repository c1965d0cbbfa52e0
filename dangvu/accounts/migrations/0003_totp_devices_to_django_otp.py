"""Move the authenticators enrolled with the application's own TOTP model to django-otp.

The old model kept the key as base32 (what authenticator applications show) and the last
accepted 30-second step; django-otp's TOTPDevice keeps the key as hex and the last accepted
step as `last_t`. The same key and step mean the codes on the users' phones keep working
and a code already used stays refused. The old model is deleted by the next migration,
once this one has read it.

Failure counts and locks in force are not moved: they last 15 minutes, and django-axes
starts counting afresh.
"""

import base64

from django.db import migrations
from django.utils import timezone

DEVICE_NAME = "Ứng dụng xác thực"


def _key_hex(secret: str) -> str:
    """The old base32 secret as django-otp's hex key (spaces, case and padding forgiven,
    as the old code read it)."""
    clean = "".join(secret.split()).upper().rstrip("=")
    clean += "=" * (-len(clean) % 8)
    return base64.b32decode(clean).hex()


def forwards(apps, schema_editor):
    Old = apps.get_model("accounts", "TotpDevice")
    New = apps.get_model("otp_totp", "TOTPDevice")
    for old in Old.objects.order_by("pk"):
        new = New.objects.create(
            user_id=old.user_id,
            name=DEVICE_NAME,
            confirmed=old.confirmed_at is not None,
            key=_key_hex(old.secret),
            step=30,
            t0=0,
            digits=6,
            tolerance=1,
            drift=0,
            # 0 was "none used yet" in the old model, -1 in django-otp's.
            last_t=old.last_used_step if old.last_used_step > 0 else -1,
        )
        # created_at is filled on insert (auto_now_add); it is when the device came into use.
        New.objects.filter(pk=new.pk).update(created_at=old.confirmed_at or old.created_at)


def backwards(apps, schema_editor):
    Old = apps.get_model("accounts", "TotpDevice")
    New = apps.get_model("otp_totp", "TOTPDevice")
    # The old model held one device a user: the confirmed one, else the newest.
    for new in New.objects.order_by("user_id", "-confirmed", "-pk"):
        if Old.objects.filter(user_id=new.user_id).exists():
            continue
        secret = base64.b32encode(bytes.fromhex(new.key)).decode("ascii").rstrip("=")
        Old.objects.create(
            user_id=new.user_id,
            secret=secret,
            confirmed_at=(new.created_at or timezone.now()) if new.confirmed else None,
            last_used_step=max(new.last_t, 0),
        )
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_security_totp"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
