"""Time-based one-time passwords: HOTP (RFC 4226) over 30-second time steps (RFC 6238).

HMAC-SHA1, 6 digits, T0 = 0 (the Unix epoch), secrets shared as base32 without padding:
what every authenticator application (Google Authenticator, Microsoft Authenticator,
FreeOTP, Aegis...) expects from an otpauth:// URI.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA1 block of RFC 4226 §4 (R6)


def new_secret() -> str:
    """A fresh random secret in base32, without the "=" padding."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    """The key behind a base32 secret; spaces, case and missing padding are forgiven."""
    clean = "".join(secret.split()).upper().rstrip("=")
    clean += "=" * (-len(clean) % 8)
    return base64.b32decode(clean)


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 §5.3: HMAC-SHA1 of the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def time_step(at: float) -> int:
    """RFC 6238 §4.2: T = floor((unix time - T0) / X) with T0 = 0 and X = 30 seconds."""
    return int(at // STEP_SECONDS)


def totp(key: bytes, at: float, digits: int = DIGITS) -> str:
    """The code shown by an authenticator at Unix time `at`."""
    return hotp(key, time_step(at), digits)


def normalise_code(code: str) -> str:
    """The digits as typed, without spaces or dashes; full-width digits become ASCII."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", code))


def matching_steps(secret: str, code: str, at: float, *, drift: int = 1) -> list[int]:
    """The time steps within ±`drift` of `at` whose code is `code`, oldest first.

    Every candidate is computed and compared in constant time, so the answer takes the
    same time whichever step (if any) matches.
    """
    code = normalise_code(code)
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return []
    key = secret_bytes(secret)
    now = time_step(at)
    found = []
    for step in range(now - drift, now + drift + 1):
        if hmac.compare_digest(hotp(key, step).encode(), code.encode()):
            found.append(step)
    return found


def grouped(secret: str) -> str:
    """The secret in groups of four characters, easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// key URI that authenticator applications accept (typed or as QR)."""
    label = f"{quote(issuer, safe='')}:{quote(account, safe='')}"
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
