"""The member's photo travels in the package, signed, and is checked as the member form
checks an upload before it is stored for the arriving member."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from dangvu.exchange.package import PackageError, build, canonical, read_package
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key
from dangvu.exchange.tests.test_package import counts, receive
from dangvu.members.actions import do_set_member_photo

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 48
JPEG = b"\xff\xd8\xff\xe0" + b"\x02" * 64


@pytest.fixture
def files(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"


def photo(content: bytes, media_type: str = "image/png", **changes: str) -> dict[str, str]:
    return {
        "media_type": media_type,
        "sha256": hashlib.sha256(content).hexdigest(),
        "data": base64.b64encode(content).decode("ascii"),
        **changes,
    }


def test_the_senders_photo_is_in_the_signed_package_and_stored_for_the_arrival(
    tree: dict[str, Any], signing_key: Path, files: Path
) -> None:
    trust_own_key()
    sender = transferred_out(tree["C21"])
    do_set_member_photo(sender, ContentFile(PNG, name="a.png"), acting_user=None)
    data = build(sender)
    assert data["member"]["photo"] == photo(PNG)
    # Covered by the signature: changing one byte of the photo breaks it.
    content = package_bytes(sender)
    tampered = content.replace(data["member"]["photo"]["data"][:8].encode(), b"AAAAAAAA", 1)
    with pytest.raises(PackageError, match="không khớp"):
        read_package(tampered)
    member = receive(content, tree["C11"])
    assert member.pk != sender.pk
    assert member.photo.name.endswith(".png")
    with member.photo.open("rb") as handle:
        assert handle.read() == PNG


def test_a_package_without_a_photo_has_no_photo_field(
    tree: dict[str, Any], signing_key: Path
) -> None:
    sender = transferred_out(tree["C21"])
    assert "photo" not in build(sender)["member"]


def test_a_reader_that_ignores_the_photo_still_verifies_it(
    tree: dict[str, Any], signing_key: Path
) -> None:
    """The field is inside the signed bytes: an older reader rebuilds the same bytes."""
    trust_own_key()
    sender = transferred_out(tree["C21"])
    package = read_package(package_bytes(sender, member__photo=photo(JPEG, "image/jpeg")))
    assert b'"photo":{' in canonical(package.data)


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (photo(b"GIF89a" + b"\x00" * 20, "image/gif"), "không phải JPEG hoặc PNG"),
        (photo(JPEG, "image/png"), "không phải ảnh image/png"),
        (photo(PNG, sha256="0" * 64), "SHA-256"),
        (photo(PNG, data="không phải base64"), "base64"),
        (photo(b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)), "lớn hơn 2 MB"),
        (photo(b""), "ảnh rỗng"),
        ({"media_type": "image/png"}, "sai cấu trúc"),
    ],
)
def test_a_bad_photo_refuses_the_package_and_writes_nothing(
    tree: dict[str, Any], signing_key: Path, files: Path, bad: dict[str, str], said: str
) -> None:
    trust_own_key()
    sender = transferred_out(tree["C21"])
    content = package_bytes(sender, member__photo=bad)
    before = counts()
    with pytest.raises(PackageError, match=said) as refusal:
        receive(content, tree["C11"])
    assert counts() == before
    assert "cấp lại gói" in refusal.value.message
    assert not files.exists() or not any(p.is_file() for p in files.rglob("*"))


def test_the_preview_says_the_package_brings_a_photo(
    client: Any, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path, files: Path
) -> None:
    from dangvu.exchange.tests.test_views import upload

    trust_own_key()
    sender = transferred_out(tree["C21"])
    client.force_login(cast["grassroots_editor"])
    response = upload(client, package_bytes(sender, member__photo=photo(PNG)))
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Có (ảnh image/png, lưu vào hồ sơ khi tiếp nhận)" in preview
