"""The one-time password algorithm against the RFC test vectors."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from dangvu.accounts import totp

# RFC 4226 Appendix D and RFC 6238 Appendix B share this SHA-1 key.
RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()


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
    assert totp.hotp(RFC_KEY, counter) == code


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
    key = totp.secret_bytes(RFC_SECRET)
    assert totp.totp(key, at, digits=8) == eight_digits
    # Six digits are the last six of the same number: leading zeros kept.
    assert totp.totp(key, at) == eight_digits[-6:]


def test_six_digit_codes_of_the_brief() -> None:
    key = RFC_KEY
    assert [totp.totp(key, t) for t in (59, 1111111109, 1111111111, 1234567890, 2000000000)] == [
        "287082",
        "081804",
        "050471",
        "005924",
        "279037",
    ]


def test_time_steps_are_thirty_seconds_from_the_epoch() -> None:
    assert totp.time_step(0) == 0
    assert totp.time_step(29.999) == 0
    assert totp.time_step(30) == 1
    assert totp.time_step(59) == 1


def test_new_secrets_are_random_160_bit_base32() -> None:
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second
    assert len(first) == 32 and "=" not in first
    assert len(totp.secret_bytes(first)) == 20


def test_secrets_are_read_whatever_the_spacing_case_and_padding() -> None:
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.secret_bytes(secret) == RFC_KEY
    assert totp.secret_bytes("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == RFC_KEY
    assert totp.secret_bytes("GEZDGNA") == totp.secret_bytes("GEZDGNA=")


def test_matching_steps_accepts_one_step_of_drift_either_way() -> None:
    at = 1111111111  # step 37037037
    step = totp.time_step(at)
    for offset in (-1, 0, 1):
        code = totp.hotp(RFC_KEY, step + offset)
        assert totp.matching_steps(RFC_SECRET, code, at) == [step + offset]
    for offset in (-2, 2):
        code = totp.hotp(RFC_KEY, step + offset)
        assert totp.matching_steps(RFC_SECRET, code, at) == []


@pytest.mark.parametrize("typed", ["050 471", "050-471", "０５０４７１", " 050471 "])
def test_codes_are_read_with_spaces_dashes_and_full_width_digits(typed: str) -> None:
    assert totp.matching_steps(RFC_SECRET, typed, 1111111111) == [37037037]


@pytest.mark.parametrize("typed", ["", "05047", "0504711", "abcdef", "05047a"])
def test_malformed_codes_match_nothing(typed: str) -> None:
    assert totp.matching_steps(RFC_SECRET, typed, 1111111111) == []


def test_grouped_secret_is_in_fours() -> None:
    assert totp.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"


def test_provisioning_uri_follows_the_key_uri_format() -> None:
    uri = totp.provisioning_uri(RFC_SECRET, "nguyễn văn a", "Đảng vụ")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert unquote(parts.path) == "/Đảng vụ:nguyễn văn a"
    query = parse_qs(parts.query)
    assert query == {
        "secret": [RFC_SECRET],
        "issuer": ["Đảng vụ"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
    assert " " not in uri
