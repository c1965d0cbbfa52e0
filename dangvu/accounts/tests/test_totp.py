"""The one-time passwords as configured: django-otp's TOTP against the RFC test vectors, the
keys it makes, the codes as people type them and the otpauth address for the phone."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import time_machine
from django.test import RequestFactory
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import security
from dangvu.accounts.forms import TotpCodeForm, normalise_code

# RFC 4226 Appendix D and RFC 6238 Appendix B share this SHA-1 key.
RFC_KEY = b"12345678901234567890"


@pytest.mark.parametrize(
    ("counter", "code"),
    list(
        enumerate(
            [
                "755224",
                "287082",
                "359152",
                "969429",
                "338314",
                "254676",
                "287922",
                "162583",
                "399871",
                "520489",
            ]
        )
    ),
)
def test_hotp_matches_rfc_4226_appendix_d(counter: int, code: str) -> None:
    assert hotp(RFC_KEY, counter) == int(code)


def totp_at(key: bytes, at: int, digits: int = 6) -> str:
    generator = TOTP(key, digits=digits)
    generator.time = at
    return f"{generator.token():0{digits}d}"


@pytest.mark.parametrize(
    ("at", "eight_digits"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_totp_matches_rfc_6238_appendix_b_sha1(at: int, eight_digits: str) -> None:
    assert totp_at(RFC_KEY, at, digits=8) == eight_digits
    # Six digits are the last six of the same number: leading zeros kept.
    assert totp_at(RFC_KEY, at) == eight_digits[-6:]


def test_time_steps_are_thirty_seconds_from_the_epoch() -> None:
    generator = TOTP(RFC_KEY)
    for at, step in ((0, 0), (29.999, 0), (30, 1), (59, 1)):
        generator.time = at
        assert generator.t() == step


@pytest.fixture
def user(db: None, django_user_model: Any) -> Any:
    # Not a username the sign-in form accepts; the otpauth label must still be right.
    return django_user_model.objects.create_user("nguyễn văn a", password="Mat-khau-2024!")


def rfc_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="RFC", key=RFC_KEY.hex(), confirmed=True)


def test_new_devices_get_random_160_bit_keys_as_their_settings_say(user: Any) -> None:
    first = TOTPDevice.objects.create(user=user, name="Một")
    second = TOTPDevice.objects.create(user=user, name="Hai")
    assert first.key != second.key
    assert len(first.bin_key) == 20
    assert (first.step, first.t0, first.digits, first.tolerance) == (30, 0, 6, 1)
    typed = security.secret_for_typing(first)
    assert len(typed.replace(" ", "")) == 32 and "=" not in typed
    assert base64.b32decode(typed.replace(" ", "")) == first.bin_key


def test_the_secret_to_type_is_in_groups_of_four(user: Any) -> None:
    assert security.secret_for_typing(rfc_device(user)) == (
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    )


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True)])
def test_one_step_of_drift_either_way_is_accepted(user: Any, offset: int, accepted: bool) -> None:
    at = 1111111111  # step 37037037
    with time_machine.travel(at, tick=False):
        device = rfc_device(user)
        assert security.verify_code(device, totp_at(RFC_KEY, at + 30 * offset)) is accepted
        assert device.last_t == (37037037 + offset if accepted else -1)


def test_a_step_two_ahead_is_refused(user: Any) -> None:
    with time_machine.travel(1111111111, tick=False):
        assert not security.verify_code(rfc_device(user), totp_at(RFC_KEY, 1111111111 + 60))


@pytest.mark.parametrize("typed", ["050 471", "050-471", "０５０４７１", " 050471 "])
def test_codes_are_read_with_spaces_dashes_and_full_width_digits(user: Any, typed: str) -> None:
    assert normalise_code(typed) == "050471"
    with time_machine.travel(dt.datetime.fromtimestamp(1111111111, dt.UTC), tick=False):
        form = TotpCodeForm(
            {"code": typed}, request=RequestFactory().post("/"), device=rfc_device(user)
        )
        assert form.is_valid(), form.errors


@pytest.mark.parametrize("typed", ["05047", "0504711", "abcdef", "05047a", "٠٥٠٤٧١"])
def test_malformed_codes_are_explained_and_not_checked(user: Any, typed: str) -> None:
    device = rfc_device(user)
    form = TotpCodeForm({"code": typed}, request=RequestFactory().post("/"), device=device)
    assert not form.is_valid()
    assert form.errors["code"] == ["Mã xác thực gồm 6 chữ số."]
    assert not form.counted_failure


def test_the_otpauth_address_follows_the_key_uri_format(user: Any) -> None:
    uri = rfc_device(user).config_url
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert unquote(parts.path) == "/Đảng vụ:nguyễn văn a"
    query = parse_qs(parts.query)
    assert query == {
        "secret": ["GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"],
        "issuer": ["Đảng vụ"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
    assert " " not in uri
