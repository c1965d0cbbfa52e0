"""The exchange's pages: scope, the upload-preview-confirm steps, the trusted keys, junk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.dates import today
from dangvu.exchange import keys
from dangvu.exchange.models import (
    IssuedPackage,
    ReceivedPackage,
    StagedPackage,
    TrustedInstallation,
)
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key
from dangvu.exchange.tests.test_package import counts
from dangvu.members.models import Member

pytestmark = pytest.mark.django_db
RECEIVE = "exchange:receive"


def upload(client: Client, content: bytes, org: str = "C11") -> Any:
    return client.post(
        reverse(RECEIVE),
        {
            "hanh_dong": "tai_len",
            "organisation": org,
            "package": SimpleUploadedFile("goi.json", content, "application/json"),
        },
    )


class TestExport:
    def test_the_member_page_offers_the_package_and_the_post_downloads_it(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"])
        client.force_login(cast["cell"])
        page = client.get(member.get_absolute_url()).content.decode()
        assert "Tải gói hồ sơ chuyển sinh hoạt" in page
        response = client.post(reverse("exchange:export", args=[member.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert 'attachment; filename="goi-ho-so-tran-van-di-' in response["Content-Disposition"]
        issued = IssuedPackage.objects.get(member=member)
        assert response.content == bytes(issued.content)
        assert issued.issued_by == cast["cell"]

    def test_a_member_outside_the_subtree_cannot_be_exported(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"])
        client.force_login(cast["grassroots_editor"])
        assert client.get(reverse("exchange:export", args=[member.pk])).status_code == 404
        assert client.post(reverse("exchange:export", args=[member.pk])).status_code == 404
        assert not IssuedPackage.objects.exists()
        page = client.get(member.get_absolute_url())
        assert page.status_code == 404

    def test_a_reader_may_not_issue_a_package(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"])
        client.force_login(cast["viewer"])
        assert "Tải gói hồ sơ" not in client.get(member.get_absolute_url()).content.decode()
        assert client.post(reverse("exchange:export", args=[member.pk])).status_code == 404


class TestReceive:
    def test_upload_preview_confirm_records_the_arrival(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        sender = transferred_out(tree["C21"])
        content = package_bytes(sender)
        client.force_login(cast["grassroots_editor"])
        response = upload(client, content)
        assert response.status_code == 302
        preview = client.get(response["Location"]).content.decode()
        assert "Quá trình do đảng bộ nơi đi ghi" in preview and "Trần Văn Đi" in preview
        staged = StagedPackage.objects.get()
        response = client.post(
            reverse(RECEIVE),
            {
                "hanh_dong": "xac_nhan",
                "goi": staged.sha256,
                "decision_number": "15-QĐ/ĐU",
                "decision_date": today().strftime("%d/%m/%Y"),
            },
        )
        assert response.status_code == 302
        member = Member.objects.exclude(pk=sender.pk).get(full_name="Trần Văn Đi")
        assert response["Location"] == member.get_absolute_url()
        page = client.get(member.get_absolute_url()).content.decode()
        assert "Quá trình do đảng bộ nơi đi ghi" in page
        assert "Chi bộ Văn phòng Sở Tài chính" in page
        assert not StagedPackage.objects.exists()

    def test_the_confirmation_reads_the_held_bytes_not_the_browser(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]))
        client.force_login(cast["grassroots_editor"])
        upload(client, content)
        # Another user's held upload cannot be confirmed by naming its checksum.
        other = StagedPackage.objects.get()
        client.force_login(cast["officer"])
        before = counts()
        response = client.post(
            reverse(RECEIVE),
            {
                "hanh_dong": "xac_nhan",
                "goi": other.sha256,
                "decision_number": "15-QĐ/ĐU",
                "decision_date": today().strftime("%d/%m/%Y"),
                "member": "Người Chèn Vào",
            },
        )
        assert response.status_code == 200
        assert "Không tìm thấy gói hồ sơ đã tải lên" in response.content.decode()
        assert counts() == before

    def test_a_key_revoked_after_the_preview_is_refused_at_the_confirmation(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        trusted = trust_own_key()
        client.force_login(cast["grassroots_editor"])
        upload(client, package_bytes(transferred_out(tree["C21"])))
        staged = StagedPackage.objects.get()
        TrustedInstallation.objects.filter(pk=trusted.pk).update(revoked_at=staged.uploaded_at)
        response = client.post(
            reverse(RECEIVE),
            {
                "hanh_dong": "xac_nhan",
                "goi": staged.sha256,
                "decision_number": "15-QĐ/ĐU",
                "decision_date": today().strftime("%d/%m/%Y"),
            },
        )
        assert response.status_code == 200
        assert "đã bị thu hồi" in response.content.decode()
        assert not ReceivedPackage.objects.exists()

    def test_an_organisation_outside_the_subtree_cannot_receive(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        trust_own_key()
        content = package_bytes(transferred_out(tree["C21"]))
        client.force_login(cast["grassroots_editor"])
        before = counts()
        response = upload(client, content, org="C21")
        assert response.status_code == 200
        assert "Không tìm thấy tổ chức" in response.content.decode()
        assert counts() == before

    def test_users_who_record_no_members_do_not_reach_the_page(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["viewer"])
        assert client.get(reverse(RECEIVE)).status_code == 404
        client.force_login(cast["nobody"])
        assert client.post(reverse(RECEIVE)).status_code == 404

    def test_a_refusal_is_said_on_the_page_and_writes_nothing(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
    ) -> None:
        content = package_bytes(transferred_out(tree["C21"]))
        client.force_login(cast["grassroots_editor"])
        before = counts()
        response = upload(client, content)
        assert response.status_code == 200
        assert "chưa có trong danh sách tin cậy" in response.content.decode()
        assert counts() == before

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        junk=st.one_of(
            st.binary(max_size=300),
            st.text(max_size=200).map(str.encode),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=3)
                ),
                max_leaves=10,
            ).map(lambda v: str({"format": "dangvu.transfer", "version": 1, "x": v}).encode()),
        )
    )
    def test_junk_uploads_never_answer_500_nor_write(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any], junk: bytes
    ) -> None:
        client.force_login(cast["grassroots_editor"])
        before = counts()
        response = upload(client, junk)
        assert response.status_code == 200
        assert counts() == before


class TestTrusted:
    def test_only_administrators_reach_the_page(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["officer"])
        assert client.get(reverse("exchange:trusted")).status_code == 404
        assert client.post(reverse("exchange:trusted"), {"hanh_dong": "them"}).status_code == 404

    def test_an_administrator_adds_and_revokes_a_key(
        self, client: Client, admin_user: Any, signing_key: Path
    ) -> None:
        from dangvu.audit.models import AuditEvent

        client.force_login(admin_user)
        public = keys.public_key_b64(keys.private_key().public_key())
        page = client.get(reverse("exchange:trusted")).content.decode()
        assert public in page
        response = client.post(
            reverse("exchange:trusted"),
            {"hanh_dong": "them", "name": "Đảng bộ tỉnh Gia Lai", "public_key": public},
        )
        assert response.status_code == 302
        trusted = TrustedInstallation.objects.get()
        assert trusted.added_by == admin_user
        response = client.post(
            reverse("exchange:trusted"), {"hanh_dong": "thu_hoi", "pk": str(trusted.pk)}
        )
        assert response.status_code == 302
        trusted.refresh_from_db()
        assert trusted.revoked_by == admin_user
        assert AuditEvent.objects.filter(object_type="trustedinstallation").count() == 2

    def test_a_key_that_is_not_a_key_is_refused_keeping_what_was_typed(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        response = client.post(
            reverse("exchange:trusted"),
            {"hanh_dong": "them", "name": "Đảng bộ tỉnh Gia Lai", "public_key": "abc"},
        )
        body = response.content.decode()
        assert response.status_code == 200 and "32 byte" in body
        assert 'value="Đảng bộ tỉnh Gia Lai"' in body
        assert not TrustedInstallation.objects.exists()
