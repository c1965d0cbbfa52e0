"""docs/exchange.md stays true: its example package verifies as the page says it does."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from dangvu.exchange.keys import public_key_b64
from dangvu.exchange.package import FORMAT, VERSION, canonical
from dangvu.members.photos import sniff

DOC = Path(settings.BASE_DIR) / "docs" / "exchange.md"


def test_the_documented_example_verifies_with_the_documented_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)\n```", text, re.S).group(1))  # type: ignore[union-attr]
    public = re.search(r"public key \(base64\) is\n`([^`]+)`", text).group(1)  # type: ignore[union-attr]
    raw = base64.b64decode(public)
    signature = example["signature"]
    assert hashlib.sha256(raw).hexdigest() == signature["key_fingerprint"]
    assert example["format"] == FORMAT and example["version"] == VERSION
    Ed25519PublicKey.from_public_bytes(raw).verify(
        base64.b64decode(signature["value"]), canonical(example)
    )


def test_the_example_key_is_the_one_the_page_says_it_is_derived_from() -> None:
    text = DOC.read_text(encoding="utf-8")
    phrase = re.search(r"SHA-256 of the\s+UTF-8 text `([^`]+)`", text).group(1)  # type: ignore[union-attr]
    public = re.search(r"public key \(base64\) is\n`([^`]+)`", text).group(1)  # type: ignore[union-attr]
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(phrase.encode("utf-8")).digest())
    assert public_key_b64(key.public_key()) == public


def test_the_examples_photo_is_one_a_receiver_accepts() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)\n```", text, re.S).group(1))  # type: ignore[union-attr]
    photo = example["member"]["photo"]
    content = base64.b64decode(photo["data"])
    assert hashlib.sha256(content).hexdigest() == photo["sha256"]
    assert sniff(content[:16]) == ("png", photo["media_type"])
    assert "`member.photo`" in text


def test_every_field_of_the_example_is_in_the_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)\n```", text, re.S).group(1))  # type: ignore[union-attr]
    for key in example:
        assert f"`{key}" in text, key
    for key in example["member"]:
        assert key in text, key
