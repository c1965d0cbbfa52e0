"""This installation's Ed25519 signing key and how other committees recognise it.

The private key lives in a PEM file outside the database (setting
`DANGVU_EXCHANGE_KEY_FILE`), readable by the operator's account only, so that a copy of
the database or of a backup cannot sign packages. Its public half is given to other
committees as base64 with a fingerprint they compare by phone or on paper.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from dangvu.core.errors import DomainError

NO_KEY = (
    "Hệ thống chưa có khóa ký gói hồ sơ; quản trị viên máy chủ hãy tạo khóa bằng lệnh "
    "«manage.py exchange_key --create», rồi gửi khóa công khai cho các đảng bộ nhận."
)


class KeyExists(DomainError):
    """The key file is there already: a new key would orphan every package signed so far."""


def key_path() -> Path:
    return Path(settings.DANGVU_EXCHANGE_KEY_FILE)


def create_key(path: Path | None = None) -> Path:
    """Write a new private key with mode 0600; refuse to overwrite an existing one."""
    path = path or key_path()
    if path.exists():
        raise KeyExists(
            f"Đã có khóa ký tại {path}; không ghi đè (các đảng bộ nhận đang tin khóa này). "
            "Muốn đổi khóa, hãy chuyển tệp cũ đi nơi khác trước."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: two commands at once cannot both write; the mode is set at creation, so the
    # key is never readable by others, even for an instant.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path


def private_key() -> Ed25519PrivateKey:
    path = key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(NO_KEY) from None
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(f"Tệp khóa {path} không phải khóa Ed25519; hãy tạo lại khóa.")
    return key


def has_key() -> bool:
    return key_path().exists()


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PublicKey) -> str:
    return base64.b64encode(raw_public(key)).decode("ascii")


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, lower-case hex (how packages name the key)."""
    return hashlib.sha256(raw_public(key)).hexdigest()


def grouped(fingerprint_hex: str) -> str:
    """The fingerprint in groups of four, as it is read out over the phone."""
    return " ".join(fingerprint_hex[i : i + 4] for i in range(0, len(fingerprint_hex), 4))


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key typed or pasted as base64 of its 32 raw bytes."""
    cleaned = "".join(text.split())
    try:
        raw = base64.b64decode(cleaned, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise DomainError(
            "Khóa công khai phải là chuỗi base64 của 32 byte (44 ký tự, thường kết thúc bằng "
            "«=»), như lệnh «manage.py exchange_key» của hệ thống gửi in ra; hãy chép lại "
            "nguyên văn.",
            field="public_key",
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def installation_name() -> str:
    """The name written as the sender: the setting, else the top organisation's name."""
    if settings.DANGVU_EXCHANGE_NAME:
        return str(settings.DANGVU_EXCHANGE_NAME)
    from dangvu.orgs.models import Organisation

    top = (
        Organisation.objects.filter(parent__isnull=True, ended_on__isnull=True)
        .order_by("path")
        .first()
    )
    return top.name if top is not None else "Đảng vụ"
