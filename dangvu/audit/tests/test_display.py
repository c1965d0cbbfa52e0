"""The audit trail in the clerk's words: every field of every audited model, a sample value of
its type, and no stored code, tick, ISO date or id comes out."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.html import strip_tags

from dangvu.audit import display
from dangvu.audit.models import AuditEvent

# Models whose rows never appear in the trail as its subject: the trail itself, the import
# queue and the derived or per-version rows written alongside an audited record.
NOT_AUDITED = {
    "audit.AuditEvent",
    "core.ImportJob",
    "members.MembershipInterval",
    "orgs.OrganisationVersion",
    "orgs.RestructuringOrganisation",
}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def audited_models() -> list[type[models.Model]]:
    project = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("dangvu.") and m._meta.label not in NOT_AUDITED
    ]
    return [*project, get_user_model()]


def samples(field: models.Field[Any, Any]) -> list[Any]:
    if field.choices:
        codes = [code for code, _ in display._choices(field).items()]
        return [*codes, codes[:2]]
    if isinstance(field, models.BooleanField):
        return [True, False]
    if isinstance(field, models.DateTimeField):
        return ["2024-03-05T20:30:00+00:00", "2024-03-05T20:30:00.123456"]
    if isinstance(field, models.DateField):
        return ["2024-03-05"]
    if field.is_relation:
        return [987654, "987654"]
    if isinstance(field, models.JSONField):
        return [{"event_id": 3, "ngày": "2024-01-02", "có": True, "danh sách": []}, [], {}]
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return [12345, "2.50"]
    return ["Văn bản 2024-03-05", ""]


def cases() -> list[Any]:
    return [
        pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
        for model in audited_models()
        for field in model._meta.concrete_fields
    ]


def raw_codes(field: models.Field[Any, Any]) -> set[str]:
    """The stored codes of the field's choices that differ from their label's words."""
    words = {w for _, name in display._choices(field).items() for w in str(name).split()}
    return {code for code in display._choices(field) if code and code not in words}


@pytest.mark.django_db
class TestEveryAuditedField:
    @pytest.mark.parametrize(("model", "field"), cases())
    def test_label_and_values_are_in_words(
        self, model: type[models.Model], field: models.Field[Any, Any]
    ) -> None:
        for key in {field.name, field.attname}:
            name = display.label(model, key)
            if name is None:
                assert display.is_internal(key, field)
                continue
            assert name != field.name.replace("_", " "), f"{key}: no Vietnamese label"
            assert "_" not in name
            for sample in samples(field):
                shown = strip_tags(display.value(model, key, sample))
                assert shown.strip(), (key, sample)
                for code in raw_codes(field):
                    assert not re.search(rf"\b{re.escape(code)}\b", shown), (key, sample, shown)
                assert "True" not in shown and "False" not in shown, shown
                assert not ISO_DATE.search(shown), shown
                assert "_id" not in shown and "event_id" not in shown, shown
                assert shown not in ("[]", "{}", "None"), shown

    def test_internal_fields_are_not_shown(self) -> None:
        from dangvu.members.models import Member
        from dangvu.orgs.models import Organisation

        for model, key in [
            (Member, "id"),
            (Member, "search_key"),
            (Member, "org_path"),
            (Member, "created_at"),
            (Organisation, "path"),
            (Member, "event_id"),
            (None, "password_hash"),
            (None, "member_id_unknown"),
        ]:
            assert display.describe(model, key, "x") is None, key


@pytest.mark.django_db
class TestRecordedChanges:
    def test_a_member_event_entry_reads_in_words(self, tree: dict[str, Any]) -> None:
        event = AuditEvent(
            action=AuditEvent.Action.CREATE,
            object_type="member",
            after={
                "biến động": "Kết nạp",
                "ngày": "2024-01-02",
                "tổ chức": "GK1",
                "event_id": 77,
                "status": "PROBATIONARY",
                "organisation_id": tree["C11"].pk,
                "is_void": False,
            },
        )
        shown = {name: strip_tags(new) for name, old, new in event.display_changes()}
        assert shown["ngày"] == "02/01/2024"
        assert shown["tổ chức"] == "Đảng bộ Sở Y tế"
        assert shown["loại đảng viên"] == "Đảng viên dự bị"
        assert shown["tổ chức đang sinh hoạt"] == "Chi bộ Văn phòng Sở Y tế"
        assert not any("event" in name or "_id" in name for name in shown)

    def test_organisations_are_linked_only_for_those_who_may_read_them(
        self, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        from dangvu.members.models import Member

        c21 = tree["C21"]
        for_admin = display.value(Member, "organisation_id", c21.pk, viewer=_superuser())
        assert f'href="{c21.get_absolute_url()}"' in for_admin
        for_gk1 = display.value(Member, "organisation_id", c21.pk, viewer=cast["grassroots"])
        assert "href" not in for_gk1 and str(for_gk1) == c21.name

    def test_an_update_shows_before_and_after_and_a_void_what_was_voided(self) -> None:
        update = AuditEvent(
            action=AuditEvent.Action.UPDATE,
            object_type="member",
            before={"status": "PROBATIONARY", "birth_date": "1990-05-17"},
            after={"status": "FULL", "birth_date": "1990-05-17"},
        )
        assert [(n, str(o), str(v)) for n, o, v in update.display_changes()] == [
            ("loại đảng viên", "Đảng viên dự bị", "Đảng viên chính thức")
        ]
        void = AuditEvent(
            action=AuditEvent.Action.VOID,
            object_type="member",
            before={"biến động": "Chuyển đi", "ngày": "2024-06-01", "event_id": 9},
        )
        assert [(n, o, str(v)) for n, o, v in void.display_changes()] == [
            ("biến động", None, "Chuyển đi"),
            ("ngày", None, "01/06/2024"),
        ]

    def test_time_is_local_and_notes_lose_iso_dates(self) -> None:
        event = AuditEvent(
            action=AuditEvent.Action.EXPORT,
            at=dt.datetime(2024, 3, 5, 20, 30, tzinfo=dt.UTC),
            note="Xuất danh sách đến 2024-03-05, lúc 2024-03-05T20:30:00+00:00",
        )
        assert event.local_at() == "06/03/2024 03:30"
        assert event.display_note() == "Xuất danh sách đến 05/03/2024, lúc 06/03/2024 03:30"

    def test_the_kind_of_record_is_named_in_vietnamese(self) -> None:
        assert AuditEvent(object_type="member").kind_label() == "đảng viên"
        assert AuditEvent(object_type="").kind_label() == ""


def _superuser() -> Any:
    return get_user_model().objects.create_superuser("qt_hienthi", password="Mat-khau-2024!")


def test_a_moment_is_dated_in_the_offices_time_zone() -> None:
    from dangvu.core.templatetags.vn import vn_date

    late_evening_utc = dt.datetime(2024, 3, 5, 20, 30, tzinfo=dt.UTC)
    assert vn_date(late_evening_utc) == "06/03/2024"


@pytest.mark.django_db
class TestMonthFields:
    """A date field that holds a month (declared in the model's `MONTH_FIELDS`, as the
    dues' months) reads mm/yyyy; every other date keeps its day."""

    def test_a_dues_month_reads_as_a_month_and_a_day_as_a_day(self) -> None:
        from dangvu.dues.models import DuesBasis, DuesPayment, DuesRemittance

        assert display.value(DuesPayment, "month", "2024-03-01") == "03/2024"
        assert display.value(DuesBasis, "valid_from", "2024-03-01") == "03/2024"
        assert display.value(DuesBasis, "exemption_until", "2027-01-01") == "01/2027"
        assert display.value(DuesRemittance, "period_end", "2024-03-31") == "03/2024"
        assert display.value(DuesPayment, "paid_on", "2024-03-05") == "05/03/2024"
        assert display.value(DuesBasis, "decision_date", "2024-03-05") == "05/03/2024"

    def test_the_history_of_a_payment_shows_its_month(self, tree: dict[str, Any]) -> None:
        from decimal import Decimal

        from dangvu.dues.actions import PaymentRow, do_record_payments
        from dangvu.members.tests.factories import existing

        m = existing(tree["C11"], dt.date(2022, 6, 1), dt.date(2010, 1, 1), "Nguyễn Văn Sổ")
        [payment] = do_record_payments(
            tree["C11"],
            dt.date(2024, 3, 1),
            [PaymentRow(m, Decimal(30_000), dt.date(2024, 3, 5))],
            acting_user=None,
        )
        event = AuditEvent.objects.get(object_type="duespayment", object_id=str(payment.pk))
        shown = {name: strip_tags(after) for name, _, after in event.display_changes()}
        assert shown["tháng"] == "03/2024" and shown["ngày nộp"] == "05/03/2024"
