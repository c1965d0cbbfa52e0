"""Signing and reading a package, and every refusal: a refused package writes nothing."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from dangvu.core.dates import add_working_days, today
from dangvu.core.errors import DomainError
from dangvu.exchange import keys
from dangvu.exchange.actions import (
    do_issue_package,
    do_receive_package,
    do_revoke_installation,
)
from dangvu.exchange.models import IssuedPackage, ReceivedEvent, ReceivedPackage
from dangvu.exchange.package import build, canonical, dump, read_package, sha256, sign
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Rows of every model of the project, so a refusal is seen to write nothing anywhere."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("dangvu.")
    }


def receive(content: bytes, org: Any, day: Any = None) -> Member:
    return do_receive_package(
        content,
        organisation=org,
        decision_number="12-QĐ/ĐU",
        decision_date=day or today(),
        acting_user=None,
    )


def refused(content: bytes, org: Any, day: Any = None) -> str:
    before = counts()
    with pytest.raises(DomainError) as caught:
        receive(content, org, day)
    assert counts() == before
    return caught.value.message


class TestSignature:
    def test_a_signed_package_reads_back_with_its_content(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trusted = trust_own_key()
        member = transferred_out(tree["C21"])
        package = read_package(package_bytes(member))
        assert package.trusted == trusted
        assert package.member["full_name"] == "Trần Văn Đi"
        assert [row["kind"] for row in package.history] == ["OPENING", "TRANSFER_OUT"]
        assert package.data["destination"] == "Đảng bộ xã Phước Hòa, tỉnh Gia Lai"
        assert package.data["sender"]["organisation"] == "Chi bộ Văn phòng Sở Tài chính"

    def test_the_signature_covers_content_not_layout(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        data = sign(build(transferred_out(tree["C21"])), keys.private_key())
        compact = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode()
        assert read_package(compact).package_id == read_package(dump(data)).package_id

    def test_canonical_bytes_are_sorted_compact_utf8_without_the_signature(self) -> None:
        data = {"b": "Đảng", "a": [1, {"d": None, "c": True}], "signature": {"x": 1}}
        assert canonical(data) == '{"a":[1,{"c":true,"d":null}],"b":"Đảng"}'.encode()

    def test_the_expiry_is_thirty_working_days_after_the_paper(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"])
        paper = MemberEvent.objects.get(member=member, kind=EventKind.TRANSFER_OUT).decision_date
        assert build(member)["expires_at"] == add_working_days(paper, 30).isoformat()

    def test_no_internal_id_leaves_the_installation(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        def names(value: Any) -> set[str]:
            if isinstance(value, dict):
                return set(value).union(*(names(v) for v in value.values()))
            if isinstance(value, list):
                return set().union(*(names(v) for v in value))
            return set()

        keys_used = names(build(transferred_out(tree["C21"])))
        ids = {k for k in keys_used if k == "id" or k.endswith("_id")}
        assert ids == {"package_id", "national_id"}


class TestIssuing:
    def test_an_issued_package_is_kept_with_its_checksum_and_audited(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        from dangvu.audit.models import AuditEvent

        member = transferred_out(tree["C21"])
        issued = do_issue_package(member, acting_user=None)
        assert issued.sha256 == sha256(bytes(issued.content))
        assert json.loads(bytes(issued.content))["package_id"] == str(issued.package_id)
        assert AuditEvent.objects.filter(
            object_type="issuedpackage", object_id=str(issued.pk)
        ).exists()

    def test_a_member_not_transferred_out_gets_no_package(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        from dangvu.members.tests.factories import existing

        member = existing(tree["C21"], today(), today().replace(year=today().year - 10))
        with pytest.raises(DomainError, match="Chuyển sinh hoạt đi"):
            do_issue_package(member, acting_user=None)
        assert not IssuedPackage.objects.exists()

    def test_without_a_key_the_message_says_which_command_makes_one(
        self, tree: dict[str, Any], settings: Any, tmp_path: Path
    ) -> None:
        settings.DANGVU_EXCHANGE_KEY_FILE = tmp_path / "none.pem"
        member = transferred_out(tree["C21"])
        with pytest.raises(DomainError, match="exchange_key --create"):
            do_issue_package(member, acting_user=None)


class TestReceiving:
    def test_the_arrival_keeps_the_senders_history_apart_from_the_ledger(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        sender = transferred_out(tree["C21"])
        trust_own_key()
        content = package_bytes(sender)
        member = receive(content, tree["C11"])
        assert member.pk != sender.pk and member.organisation == tree["C11"]
        (arrival,) = member.events.all()
        assert arrival.kind == EventKind.TRANSFER_IN
        assert arrival.external_party == "Chi bộ Văn phòng Sở Tài chính"
        assert arrival.decision_number == "12-QĐ/ĐU"
        received = ReceivedPackage.objects.get(member=member)
        assert bytes(received.content) == content
        sent = [(e.kind, e.date, e.decision_number) for e in sender.events.order_by("date", "id")]
        kept = [(e.kind, e.date, e.decision_number) for e in received.events.all()]
        assert kept == sent
        assert member.admission_decision_date == sender.admission_decision_date
        assert member.full_member_date == sender.full_member_date

    def test_not_json_is_refused(self, tree: dict[str, Any], signing_key: Path) -> None:
        assert "không phải gói hồ sơ" in refused(b"\xff\xfe PK junk", tree["C11"])

    def test_json_of_another_format_is_refused(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        assert "không phải gói hồ sơ" in refused(b'{"format": "other"}', tree["C11"])

    def test_an_unknown_version_is_refused_naming_it(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]), version=2)
        assert "phiên bản định dạng 2" in refused(content, tree["C11"])

    def test_an_unsigned_package_is_refused(self, tree: dict[str, Any], signing_key: Path) -> None:
        trust_own_key()
        data = build(transferred_out(tree["C21"]))
        assert "không có chữ ký số" in refused(dump(data), tree["C11"])

    def test_a_tampered_package_is_refused(self, tree: dict[str, Any], signing_key: Path) -> None:
        trust_own_key()
        data = json.loads(package_bytes(transferred_out(tree["C21"])))
        data["member"]["full_name"] = "Người Khác"
        assert "không khớp với nội dung" in refused(dump(data), tree["C11"])

    def test_a_key_not_trusted_is_refused_naming_its_fingerprint(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        content = package_bytes(transferred_out(tree["C21"]))
        fingerprint = keys.grouped(keys.fingerprint(keys.private_key().public_key()))
        message = refused(content, tree["C11"])
        assert fingerprint in message and "gọi điện" in message

    def test_a_revoked_key_is_refused(self, tree: dict[str, Any], signing_key: Path) -> None:
        trusted = trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]))
        do_revoke_installation(trusted, acting_user=None)
        assert "thu hồi" in refused(content, tree["C11"])

    def test_an_expired_package_is_refused(self, tree: dict[str, Any], signing_key: Path) -> None:
        trust_own_key()
        day = today().replace(year=today().year - 1)
        content = package_bytes(transferred_out(tree["C21"]), expires_at=day.isoformat())
        assert "đã hết hạn" in refused(content, tree["C11"])

    def test_a_package_used_once_is_refused_the_second_time(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]))
        receive(content, tree["C11"])
        assert "đã được dùng" in refused(content, tree["C12"])

    def test_a_member_already_on_the_rolls_is_refused(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        from dangvu.members.tests.factories import existing

        existing(tree["C12"], today(), today().replace(year=2010), identity_number="052085009999")
        content = package_bytes(
            transferred_out(tree["C21"]), member__identity_number="052085009999"
        )
        assert "đã có trong danh sách đảng viên" in refused(content, tree["C11"])

    def test_a_bad_signature_value_is_refused_as_tampering(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        data = json.loads(package_bytes(transferred_out(tree["C21"])))
        data["signature"]["value"] = base64.b64encode(b"x" * 64).decode()
        assert "không khớp" in refused(dump(data), tree["C11"])

    def test_no_history_row_becomes_a_ledger_event(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]))
        before = MemberEvent.objects.count()
        receive(content, tree["C11"])
        # Two events came in the package; the ledger gains only the arrival here.
        assert MemberEvent.objects.count() == before + 1
        assert ReceivedEvent.objects.count() == 2
