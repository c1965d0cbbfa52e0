"""The national identifier (mã đảng viên, số lý lịch) in imports and exports: kept on the
record each creating kind brings in, refused naming the holder (as far as the importer may
see it) when another record or an earlier row of the file has it, and exported unmasked."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.imports import NATIONAL_ID
from dangvu.members.models import Member
from dangvu.members.tests.test_import_identity import (  # noqa: F401 (fixture)
    AN_IDENT,
    CREATING,
    PERSON,
    an,
    load,
    problems,
)

pytestmark = pytest.mark.django_db

NUMBER = "52001234"
# The kinds that create a member record (candidates are not members yet).
MEMBER_KINDS = sorted(k for k in CREATING if k != "candidates")


def _row(kind: str, name: str = "Lê Thị Mới", birth: str = "01/01/1991") -> dict[str, Any]:
    return {**PERSON, **CREATING[kind], "Họ và tên": name, "Ngày sinh": birth}


class TestImport:
    @pytest.mark.parametrize("kind", MEMBER_KINDS)
    def test_every_kind_creating_a_member_has_the_column_and_keeps_it(
        self, kind: str, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        report = load(kind, [{**_row(kind), NATIONAL_ID: f" {NUMBER} "}], cast["officer"])
        assert report.committed and report.created == 1, problems(report)
        assert Member.objects.get(full_name="Lê Thị Mới").national_id == NUMBER

    @pytest.mark.parametrize("kind", MEMBER_KINDS)
    def test_another_records_number_is_refused_naming_both(
        self,
        kind: str,
        an: Member,  # noqa: F811
        cast: dict[str, Any],
    ) -> None:
        Member.objects.filter(pk=an.pk).update(national_id=NUMBER)
        before = Member.objects.count()
        report = load(kind, [{**_row(kind), NATIONAL_ID: NUMBER}], cast["officer"])
        text = problems(report)
        assert not report.committed, text
        assert "Mã đảng viên (số lý lịch) 52001234" in text and "Nguyễn Văn An" in text, text
        assert "Lê Thị Mới" in text and NATIONAL_ID in text, text
        assert Member.objects.count() == before

    @pytest.mark.parametrize("kind", MEMBER_KINDS)
    def test_a_holder_outside_the_scope_is_not_named(
        self,
        kind: str,
        an: Member,  # noqa: F811
        cast: dict[str, Any],
    ) -> None:
        Member.objects.filter(pk=an.pk).update(national_id=NUMBER)
        row = {**_row(kind), NATIONAL_ID: NUMBER}
        for header in ("Chi bộ", "Tổ chức"):
            if header in row:
                row[header] = "C21"
        text = problems(load(kind, [row], cast["cell"]))
        assert "ngoài phạm vi quản lý" in text and "Nguyễn Văn An" not in text, text

    @pytest.mark.parametrize("kind", MEMBER_KINDS)
    def test_one_number_twice_in_a_file_is_refused_naming_the_earlier_row(
        self, kind: str, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        rows = [
            {**_row(kind, "Lê Văn Một", "01/01/1991"), NATIONAL_ID: NUMBER},
            {**_row(kind, "Lê Văn Hai", "02/02/1992"), NATIONAL_ID: NUMBER},
        ]
        report = load(kind, rows, cast["officer"])
        text = problems(report)
        assert not report.committed
        assert "Lê Văn Một" in text and "Lê Văn Hai" in text and NUMBER in text, text


class TestExport:
    def test_the_roll_export_carries_the_number_unmasked(
        self,
        client: Client,
        an: Member,  # noqa: F811
        cast: dict[str, Any],
    ) -> None:
        Member.objects.filter(pk=an.pk).update(national_id=NUMBER)
        client.force_login(cast["officer"])
        response = client.get(reverse("members:list"), {"xuat": "csv", "to_chuc": "C11"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        at = rows[0].index(NATIONAL_ID)
        assert [r[at] for r in rows[1:] if "Nguyễn Văn An" in r] == [NUMBER]
        assert AN_IDENT not in response.content.decode()  # the identity number stays masked
