"""The limits every input meets: form fields, query-string filters, import cells and
rule lookups refuse what no record may hold, in Vietnamese, before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django import forms
from django.test import RequestFactory

from dangvu.core import listing
from dangvu.core.errors import DomainError
from dangvu.core.fields import limit_fields
from dangvu.core.importing import get_kind, run_import
from dangvu.core.rules import NoRuleInForce, rule
from dangvu.education.models import Conference
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


class Sample(forms.Form):
    decision_date = forms.DateField(required=False)
    birth_date = forms.DateField(required=False)
    deadline = forms.DateField(required=False)
    attendance = forms.IntegerField(required=False)
    year = forms.IntegerField(required=False)
    quarter = forms.IntegerField(required=False, min_value=1, max_value=4)
    name = forms.CharField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self)


def errors(**data: str) -> dict[str, list[str]]:
    form = Sample(data)
    form.is_valid()
    return dict(form.errors)


@time_machine.travel(TODAY, tick=False)
def test_form_fields_refuse_implausible_values_in_vietnamese() -> None:
    assert "không hợp lý" in errors(decision_date="1800-01-01")["decision_date"][0]
    assert "03/02/1930" in errors(decision_date="1930-02-02")["decision_date"][0]
    assert errors(decision_date="2025-06-02")  # a decision is never in the future
    assert not errors(decision_date="1930-02-03", deadline="2030-01-01")
    assert "9999" in errors(deadline="9999-12-31")["deadline"][0]
    assert errors(birth_date="1899-12-31") and errors(birth_date="2015-01-01")
    assert not errors(birth_date="1985-05-17")
    assert "quá lớn" in errors(attendance="9" * 40)["attendance"][0]
    assert errors(attendance="-1") and not errors(attendance="150")
    assert errors(year="1929") and errors(year="2036") and not errors(year="2035")
    assert errors(quarter="5") == {"quarter": ["Số 5 không hợp lý: chỉ nhận từ 1 đến 4."]}
    assert "tối đa 255" in errors(name="x" * 256)["name"][0]
    assert not errors(note="x" * 5000) and errors(note="x" * 100_000)


def test_a_null_character_is_refused_in_vietnamese() -> None:
    message = errors(name="Nguyễn\x00Văn")["name"][0]
    assert "ký tự rỗng" in message


@time_machine.travel(TODAY, tick=False)
def test_query_string_readers_ignore_what_cannot_be_a_filter() -> None:
    factory = RequestFactory()

    def get(**params: str) -> Any:
        return factory.get("/", params)

    assert listing.year(get(nam="2024")) == 2024
    for junk in ("9" * 40, "²⁰²⁴", "١٩٩٠", "-2024", "1929", "2036", "20 24", ""):
        assert listing.year(get(nam=junk)) is None, junk
    assert listing.page_number(get(trang="9" * 40)) == 1
    assert listing.identifier(get(x="9" * 40).GET.get("x")) is None
    assert listing.day(get(tu="02/01/2024"), "tu") == dt.date(2024, 1, 2)
    assert listing.day(get(tu="2024-01-02"), "tu") == dt.date(2024, 1, 2)
    for junk in ("9999-12-31", "1800-01-01", "31/02/2023", "0001-01-01", "x"):
        assert listing.day(get(tu=junk), "tu") is None, junk


def test_a_date_before_every_rule_version_is_named_in_vietnamese() -> None:
    with pytest.raises(NoRuleInForce) as caught:
        rule("members.probation_months", dt.date(1900, 1, 1))
    error = caught.value
    assert isinstance(error, DomainError) and isinstance(error, LookupError)
    assert error.message.startswith("Chưa có quy định nào có hiệu lực vào ngày 01/01/1900")
    assert "03/02/1930" in error.message


def csv(kind: str, rows: list[dict[str, str]]) -> bytes:
    headers = [c.header for c in get_kind(kind).columns]
    lines = [",".join(f'"{h}"' for h in headers)]
    lines += [",".join(f'"{row.get(h, "")}"' for h in headers) for row in rows]
    return ("\n".join(lines) + "\n").encode()


MEMBER = {
    "Họ và tên": "Nguyễn Văn An",
    "Ngày sinh": "17/05/1985",
    "Giới tính": "Nam",
    "Chi bộ": "C11",
    "Ghi nhận từ ngày": "01/01/2021",
    "Ngày kết nạp": "03/03/2008",
}


@time_machine.travel(TODAY, tick=False)
def test_import_cells_beyond_the_limits_are_refused_by_row_and_column(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    rows = [
        {**MEMBER, "Họ và tên": "A" * 100_000},
        {**MEMBER, "Ngày sinh": "01/01/1800"},
        {**MEMBER, "Ngày kết nạp": "01/01/1901"},
        {**MEMBER, "Họ và tên": "Nguyễn\x00An"},
    ]
    report = run_import(
        get_kind("members"),
        csv("members", rows),
        "dang-vien.csv",
        user=admin_user,
        scope=Organisation.objects.all(),
        commit=True,
    )
    lines = "\n".join(report.lines())
    assert "Dòng 2, cột «Họ và tên»: Ô dài 100000 ký tự" in lines
    assert "Dòng 3, cột «Ngày sinh»" in lines
    assert "Dòng 4, cột «Ngày kết nạp»" in lines and "03/02/1930" in lines
    assert "Dòng 5, cột «Họ và tên»: Ô có ký tự rỗng" in lines
    assert not report.committed and Member.objects.count() == 0

    conferences = [
        {
            "Loại": Conference.Kind.INFO.label,
            "Tên hội nghị, hoạt động": "Hội nghị",
            "Đơn vị tổ chức": "GK1",
            "Ngày tổ chức": "15/03/2024",
            "Số lượt tham dự": attendance,
        }
        for attendance in ("9" * 30, "-5", "2,5")
    ]
    report = run_import(
        get_kind("conferences"),
        csv("conferences", conferences),
        "hoi-nghi.csv",
        user=admin_user,
        scope=Organisation.objects.all(),
        commit=True,
    )
    problems = [(p.row, p.column) for p in report.problems]
    assert problems == [(2, "Số lượt tham dự"), (3, "Số lượt tham dự"), (4, "Số lượt tham dự")]
    assert all("hợp lý" in p.message for p in report.problems), report.problems
    assert Conference.objects.count() == 0


def test_a_null_character_in_the_address_is_ignored_like_any_junk_filter(
    client: Any, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    plain = client.get("/orgs/list/", {"q": ""}).content.decode()
    response = client.get("/orgs/list/", {"q": "Chi bộ\x00", "loai\x00": "x"})
    assert response.status_code == 200
    assert response.content.decode().count("/orgs/C11/") == plain.count("/orgs/C11/") > 0
    assert client.get("/audit/", {"tu": "2024-01-01\x00"}).status_code == 200
    assert client.get("/orgs/C11%00/").status_code == 404
    # A parameter left with no value is absent, not an empty list a view cannot read.
    assert client.get("/orgs/lookup/", {"q": "x\x00"}).status_code == 200
