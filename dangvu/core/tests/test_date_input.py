"""The one date input: shown dd/mm/yyyy, read as clerks type it, refused in words."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.core import listing
from dangvu.core.dateinput import VNDateField, VNDateFilter, VNDateInput
from dangvu.core.fields import limit_fields
from dangvu.lib.sheets import parse_date
from dangvu.lib.vndate import parse_vn_date
from dangvu.orgs.forms import AsOfForm, DateInput

D = dt.date
TODAY = dt.datetime(2024, 6, 1, 9, 0)

ACCEPTED = [
    ("31/12/2024", D(2024, 12, 31)),
    ("31-12-2024", D(2024, 12, 31)),
    ("31.12.2024", D(2024, 12, 31)),
    ("31122024", D(2024, 12, 31)),
    ("31 12 2024", D(2024, 12, 31)),
    (" 31 / 12 / 2024 ", D(2024, 12, 31)),
    ("1/2/2024", D(2024, 2, 1)),
    ("01/02/2024", D(2024, 2, 1)),
    ("2024-12-31", D(2024, 12, 31)),
    ("2024/12/31", D(2024, 12, 31)),
    ("2024-12-31T08:30:00", D(2024, 12, 31)),
    ("29/02/2024", D(2024, 2, 29)),
]

IMPOSSIBLE = [
    ("31/02/2024", "Ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."),
    ("29/02/2023", "Ngày 29/02/2023 không tồn tại: tháng 2 năm 2023 chỉ có 28 ngày."),
    ("31/04/2024", "Ngày 31/04/2024 không tồn tại: tháng 4 năm 2024 chỉ có 30 ngày."),
    ("31022024", "Ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."),
    ("2024-02-30", "Ngày 30/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."),
    ("00/05/2024", "Ngày 00/05/2024 không tồn tại: ngày phải từ 1 đến 31."),
    ("40/13/2024", "Ngày 40/13/2024 không tồn tại: tháng phải từ 1 đến 12."),
    (
        "05/13/2024",
        "Ngày 05/13/2024 không tồn tại (có thể đã ghi tháng trước ngày): một năm chỉ có "
        "12 tháng; hãy ghi ngày/tháng/năm, ví dụ 13/05/2024.",
    ),
]

UNREADABLE = "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2024."


class DateForm(forms.Form):
    """A form as the apps declare theirs: limit_fields adds the bounds by the name."""

    date = VNDateField(label="Ngày")
    decision_date = VNDateField(label="Ngày quyết định", required=False)
    birth_date = VNDateField(label="Ngày sinh", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self)


def errors(data: dict[str, str]) -> dict[str, list[str]]:
    form = DateForm(data)
    form.is_valid()
    return dict(form.errors)


class TestReading:
    @pytest.mark.parametrize(("typed", "expected"), ACCEPTED)
    def test_every_form_a_clerk_types_is_read_day_first(self, typed: str, expected: D) -> None:
        assert VNDateField().clean(typed) == expected

    @pytest.mark.parametrize(("typed", "message"), IMPOSSIBLE)
    def test_a_day_that_does_not_exist_is_refused_saying_why(
        self, typed: str, message: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            VNDateField().clean(typed)
        assert caught.value.messages == [message]

    @pytest.mark.parametrize("typed", ["abc", "31/12", "12/31/2024 PM", "31/12-2024", "٣١/١٢/٢٠٢٤"])
    def test_text_that_is_no_date_is_told_the_expected_form(self, typed: str) -> None:
        with pytest.raises(ValidationError) as caught:
            VNDateField().clean(typed)
        assert caught.value.messages == [UNREADABLE]

    def test_a_two_digit_year_is_refused_as_such(self) -> None:
        with pytest.raises(ValidationError) as caught:
            VNDateField().clean("31/12/24")
        assert caught.value.messages == ["Năm phải ghi đủ 4 chữ số, ví dụ 31/12/2024."]

    def test_empty_is_none_or_required(self) -> None:
        assert VNDateField(required=False).clean("  ") is None
        with pytest.raises(ValidationError):
            VNDateField().clean("")

    def test_dates_pass_through(self) -> None:
        assert VNDateField().clean(D(2024, 1, 2)) == D(2024, 1, 2)
        assert VNDateField().clean(dt.datetime(2024, 1, 2, 10)) == D(2024, 1, 2)


class TestBounds:
    """The bounds every date field had before are kept (core.fields.limit_fields)."""

    @time_machine.travel(TODAY, tick=False)
    def test_a_date_before_the_party_was_founded_is_refused(self) -> None:
        assert errors({"date": "02/02/1930"}) == {
            "date": ["Ngày 02/02/1930 không hợp lý: chỉ nhận từ 03/02/1930 trở đi."]
        }
        assert errors({"date": "03021930"}) == {}

    @time_machine.travel(TODAY, tick=False)
    def test_a_date_more_than_ten_years_ahead_is_refused(self) -> None:
        assert errors({"date": "01/06/2034"}) == {}
        assert errors({"date": "02-06-2034"})["date"] == [
            "Ngày 02/06/2034 ở tương lai, không hợp lý: chỉ nhận đến 01/06/2034."
        ]

    @time_machine.travel(TODAY, tick=False)
    def test_decision_dates_stop_today_and_birth_dates_at_sixteen(self) -> None:
        assert "decision_date" in errors({"date": "01/01/2024", "decision_date": "02/06/2024"})
        assert "birth_date" in errors({"date": "01/01/2024", "birth_date": "02.06.2008"})
        assert errors({"date": "01/01/2024", "birth_date": "01.06.2008"}) == {}


class TestShowing:
    def test_a_date_is_shown_day_first_in_a_text_input(self) -> None:
        html = VNDateInput().render("ngay", D(2024, 12, 4))
        assert 'type="text"' in html
        assert 'value="04/12/2024"' in html
        assert 'inputmode="numeric"' in html
        assert 'placeholder="dd/mm/yyyy"' in html
        assert 'autocomplete="off"' in html
        assert "data-date-input" in html

    def test_an_iso_date_from_a_link_is_shown_day_first_and_typing_as_typed(self) -> None:
        assert 'value="04/12/2024"' in VNDateInput().render("ngay", "2024-12-04")
        assert 'value="31022024"' in VNDateInput().render("ngay", "31022024")

    def test_a_refused_form_shows_what_was_typed(self) -> None:
        form = DateForm({"date": "31/02/2024"})
        assert not form.is_valid()
        assert 'value="31/02/2024"' in str(form["date"])

    def test_the_shared_name_is_the_same_widget(self) -> None:
        assert DateInput is VNDateInput
        assert isinstance(AsOfForm().fields["ngay"].widget, VNDateInput)

    def test_the_template_tag_draws_the_same_input(self) -> None:
        html = Template('{% load date_input %}{% date_input "tu" day %}').render(
            Context({"day": D(2024, 3, 5)})
        )
        assert 'name="tu"' in html and 'id="tu"' in html and 'class="form-control"' in html
        assert 'value="05/03/2024"' in html and "data-date-input" in html


class TestSameFormsEverywhere:
    """Forms, list filters and imported sheets read the same dates."""

    @pytest.mark.parametrize(("typed", "expected"), ACCEPTED)
    def test_list_filters_and_sheets_read_what_the_fields_read(
        self, typed: str, expected: D
    ) -> None:
        assert listing.date_within(typed, D(1930, 2, 3), D(2100, 1, 1)) == expected
        assert parse_date(typed) == expected

    @pytest.mark.parametrize("junk", ["31/02/2024", "abc", "", None, "9" * 200, "\x00"])
    def test_a_junk_filter_is_ignored(self, junk: str | None) -> None:
        assert listing.date_within(junk, D(1930, 2, 3), D(2100, 1, 1)) is None

    def test_the_django_filter_reads_day_first_and_drops_junk(self) -> None:
        field = VNDateFilter().field
        assert isinstance(field, VNDateField)
        assert isinstance(field.widget, VNDateInput)
        assert field.clean("31122024") == D(2024, 12, 31)
        with pytest.raises(ValidationError):
            field.clean("01/01/1800")

    def test_a_filter_set_reads_the_day_first_filter_and_ignores_junk(
        self, tree: dict[str, Any]
    ) -> None:
        import django_filters

        from dangvu.orgs.models import Organisation

        class Founded(django_filters.FilterSet):
            tu = VNDateFilter(field_name="founded_on", lookup_expr="gte")

        def count(value: str) -> int:
            return Founded({"tu": value}, queryset=Organisation.objects.all()).qs.count()

        everyone = Organisation.objects.count()
        assert count("31122019") == count("2019-12-31") == everyone
        assert count("02/01/2020") == 0
        assert count("31/02/2020") == count("abc") == count("01/01/1800") == everyone

    def test_no_form_field_nor_template_draws_the_browsers_date_picker(self) -> None:
        """A plain forms.DateField or a type="date" input would follow the browser's
        language again (4 December read 12/04 in English)."""
        apps = Path(__file__).resolve().parents[2]
        sources = [
            p
            for p in sorted(apps.rglob("*.py"))
            if "tests" not in p.parts and "migrations" not in p.parts
        ]
        plain = [
            f"{path.relative_to(apps)}:{node.lineno}"
            for path in sources
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("DateField", "DateInput")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "forms"
        ]
        pickers = [
            str(path.relative_to(apps))
            for path in sorted(apps.rglob("*.html"))
            if re.search(r"type=[\"']?date\b", path.read_text())
        ]
        assert not plain, plain
        assert not pickers, pickers


junk_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789/-. T:", max_size=24),
    st.from_regex(r"[0-9]{1,4}[/.\- ][0-9]{1,4}[/.\- ][0-9]{1,6}", fullmatch=True),
    st.from_regex(r"[0-9]{5,10}", fullmatch=True),
)


class TestJunk:
    @settings(max_examples=400, deadline=None)
    @given(junk_text)
    def test_a_field_raises_only_validation_errors(self, text: str) -> None:
        form = DateForm({"date": text, "decision_date": text, "birth_date": text})
        form.is_valid()  # anything but a ValidationError would escape here
        for messages in form.errors.values():
            assert all(m and m[0].isupper() for m in messages)

    @settings(max_examples=400, deadline=None)
    @given(junk_text)
    def test_the_reader_raises_only_value_errors_and_filters_nothing(self, text: str) -> None:
        try:
            day = parse_vn_date(text)
        except ValueError:
            day = None
        assert day is None or isinstance(day, D)
        listing.date_within(text, D(1930, 2, 3), D(2100, 1, 1))
