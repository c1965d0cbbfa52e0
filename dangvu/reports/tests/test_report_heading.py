"""The report complete: one heading for Word and web, set once per committee; page numbers;
recipients; the PDF; the sections by key and the 2025 merger of the two boards."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.reports import pdf, prose
from dangvu.reports.actions import do_set_heading
from dangvu.reports.annual import AnnualReport, compose
from dangvu.reports.heading import PLACE_BLANK, report_heading
from dangvu.reports.models import ReportHeading, recipients_for, superior_line_for
from dangvu.reports.tests.test_prose import fig, report
from dangvu.reports.word import (
    build_default_template,
    check_template,
    context,
    default_template,
    render_docx,
)

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2025, 1, 20, 9, 0)


def _report(org: Any, year: int = 2024) -> AnnualReport:
    return compose(org, year, today=dt.date(2025, 1, 20))


def _heading(org: Any, **values: str) -> list[str]:
    fields = {"place": "", "superior_line": "", "recipients": ""} | values
    return do_set_heading(org, acting_user=None, **fields)


class TestHeadingSettings:
    def test_the_three_values_are_cleaned_saved_and_audited_once(
        self, tree: dict[str, Any]
    ) -> None:
        changed = _heading(
            tree["BLOC"],
            place=" Quy  Nhơn ",
            superior_line="Đảng bộ tỉnh Bình Định",
            recipients="- Ban Thường vụ Tỉnh ủy (để báo cáo),\r\n\r\n- Lưu Văn phòng.",
        )
        assert changed == ["địa danh", "dòng cấp trên", "nơi nhận"]
        row = ReportHeading.objects.get(organisation=tree["BLOC"])
        assert row.place == "Quy Nhơn"
        assert row.superior_line == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
        assert row.recipients == "Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng"
        event = AuditEvent.objects.get(note__startswith="Thể thức báo cáo")
        assert event.before == {"địa danh": "", "dòng cấp trên": "", "nơi nhận": ""}
        assert event.after["địa danh"] == "Quy Nhơn"

    def test_saving_the_same_values_changes_nothing(self, tree: dict[str, Any]) -> None:
        _heading(tree["BLOC"], place="Quy Nhơn", recipients="Lưu Văn phòng")
        events = AuditEvent.objects.count()
        assert _heading(tree["BLOC"], place="Quy Nhơn", recipients="- Lưu Văn phòng.") == []
        assert AuditEvent.objects.count() == events

    def test_emptying_the_place_keeps_the_row_and_the_other_values(
        self, tree: dict[str, Any]
    ) -> None:
        _heading(tree["BLOC"], place="Quy Nhơn", recipients="Lưu Văn phòng")
        assert _heading(tree["BLOC"], recipients="Lưu Văn phòng") == ["địa danh"]
        row = ReportHeading.objects.get(organisation=tree["BLOC"])
        assert row.place == "" and row.recipients == "Lưu Văn phòng"

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"place": "Số 12 Trần Phú"}, "place"),
            ({"place": "x" * 81}, "place"),
            ({"superior_line": "Đ" * 161}, "superior_line"),
            ({"recipients": "x" * 201}, "recipients"),
            ({"recipients": "\n".join(f"Nơi {i}" for i in range(21))}, "recipients"),
        ],
    )
    def test_a_bad_value_names_its_field(
        self, tree: dict[str, Any], values: dict[str, str], field: str
    ) -> None:
        with pytest.raises(DomainError) as caught:
            _heading(tree["BLOC"], **values)
        assert caught.value.field == field
        assert not ReportHeading.objects.exists()


class TestHeadingForm:
    def test_the_form_shows_the_values_and_takes_them_back_unchanged(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        _heading(
            tree["BLOC"],
            place="Quy Nhơn",
            superior_line="ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
            recipients="Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng",
        )
        client.force_login(admin_user)
        url = reverse("reports:template", args=["BLOC"])
        page = client.get(url).content.decode()
        shown = {
            "place": re.search(r'name="place" id="id_place" value="([^"]*)"', page).group(1),
            "superior_line": re.search(
                r'name="superior_line" id="id_superior_line" value="([^"]*)"', page
            ).group(1),
            "recipients": re.search(r"<textarea[^>]*>\n?([^<]*)</textarea>", page).group(1),
        }
        events = AuditEvent.objects.count()
        response = client.post(url, {"hanh_dong": "the_thuc", **shown}, follow=True)
        assert "không có gì thay đổi" in response.content.decode()
        assert AuditEvent.objects.count() == events
        row = ReportHeading.objects.get(organisation=tree["BLOC"])
        assert row.recipients == "Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng"

    def test_a_bad_recipient_list_is_answered_on_the_form(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        url = reverse("reports:template", args=["BLOC"])
        response = client.post(url, {"hanh_dong": "the_thuc", "recipients": "y" * 300})
        assert response.status_code == 400
        assert 'data-testid="recipients-error"' in response.content.decode()

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        data=st.fixed_dictionaries(
            {},
            optional={
                "place": st.text(max_size=120),
                "superior_line": st.text(max_size=200),
                "recipients": st.text(max_size=400),
            },
        )
    )
    def test_junk_is_never_a_server_error(
        self, client: Client, admin_user: Any, tree: dict[str, Any], data: dict[str, str]
    ) -> None:
        client.force_login(admin_user)
        url = reverse("reports:template", args=["BLOC"])
        response = client.post(url, {"hanh_dong": "the_thuc", **data})
        assert response.status_code in (302, 400)


class TestOneHeading:
    def test_the_superior_line_comes_from_the_tree_else_the_setting(
        self, tree: dict[str, Any]
    ) -> None:
        with time_machine.travel(DAY, tick=False):
            assert superior_line_for(tree["GK1"], _report(tree["GK1"])) == (
                "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
            )
            top = _report(tree["BLOC"])
            assert superior_line_for(tree["BLOC"], top) == ""
            _heading(tree["BLOC"], superior_line="Đảng bộ tỉnh Bình Định")
            assert superior_line_for(tree["BLOC"], top) == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"

    def test_recipients_are_the_committees_else_the_usual_list(self, tree: dict[str, Any]) -> None:
        with time_machine.travel(DAY, tick=False):
            cell = _report(tree["C11"])
            assert recipients_for(tree["C11"], cell) == [
                "Đảng ủy Sở Y tế (để báo cáo)",
                "Lưu Chi bộ",
            ]
            _heading(tree["C11"], recipients="Đảng ủy Sở Y tế\nLưu")
            lines = report_heading(cell).recipient_lines
            assert lines == ["- Đảng ủy Sở Y tế,", "- Lưu."]

    def test_word_and_web_show_the_same_heading_and_closing(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        with time_machine.travel(DAY, tick=False):
            _heading(
                tree["BLOC"],
                place="Quy Nhơn",
                superior_line="ĐẢNG BỘ TỈNH BÌNH ĐỊNH",
                recipients="Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng",
            )
            word = context(_report(tree["BLOC"]), DocxTemplate(io.BytesIO(default_template())))
            client.force_login(admin_user)
            page = client.get(reverse("reports:annual"), {"to_chuc": "BLOC", "nam": 2024})
            body = page.content.decode()
            html = client.get(
                reverse("reports:annual_download", args=["html"]), {"to_chuc": "BLOC", "nam": 2024}
            ).content.decode()
        for shown in (body, html):
            assert word["superior_line"] in shown
            assert word["issuing_body"] in shown
            assert f"Số {word['number']}" in shown
            assert f"{word['place']}, {word['date']}" in shown
            assert word["signing_body"] in shown and word["signer_title"] in shown
            for line in word["recipients"]:
                assert line in shown
        assert 'data-testid="place-missing"' not in body

    def test_a_missing_place_is_pointed_out_to_those_who_can_set_it(
        self, client: Client, admin_user: Any, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        query = {"to_chuc": "BLOC", "nam": 2024}
        client.force_login(admin_user)
        body = client.get(reverse("reports:annual"), query).content.decode()
        assert 'data-testid="place-missing"' in body
        assert reverse("reports:template", args=["BLOC"]) in body
        assert f"{PLACE_BLANK}, ngày" in body
        client.force_login(cast["viewer"])
        body = client.get(reverse("reports:annual"), query).content.decode()
        assert 'data-testid="place-missing"' not in body


class TestDefaultTemplate:
    def test_pages_are_numbered_from_the_second(self) -> None:
        data = build_default_template()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.read("word/document.xml").decode()
            headers = [
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("word/header")
            ]
        assert "<w:titlePg" in document
        assert sum('w:instr=" PAGE "' in h for h in headers) == 1

    def test_the_recipients_are_a_loop_and_old_placeholders_still_work(
        self, tree: dict[str, Any]
    ) -> None:
        with time_machine.travel(DAY, tick=False):
            _heading(tree["BLOC"], recipients="Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu VP")
            doc = Document(io.BytesIO(render_docx(_report(tree["BLOC"]))))
        cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
        assert "- Ban Thường vụ Tỉnh ủy (để báo cáo)," in cells
        assert "- Lưu VP." in cells
        check_template(_template_with("{{ superior_name }} {{ superior_recipient }}"))

    def test_the_documented_ordering_by_key_is_accepted(self) -> None:
        check_template(
            _template_with(
                "{%p if section_by_key.organisation.paragraphs %}",
                "1. {{ section_by_key.organisation.name }}",
                "{%p for paragraph in section_by_key.organisation.paragraphs %}",
                "{{ paragraph }}",
                "{%p endfor %}",
                "{%p for chart in section_by_key.organisation.charts %}",
                "{{ chart }}",
                "{%p endfor %}",
                "{%p endif %}",
                "{{ section_by_key.political.title }} {{ place_set }}",
            )
        )


def _template_with(*paragraphs: str) -> bytes:
    doc = Document(io.BytesIO(default_template()))
    for text in paragraphs:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


class TestSections:
    def _report(self, year: int) -> AnnualReport:
        r = report(
            fig("members.end", 5136),
            fig("education.info_conferences", 12),
            fig("massorgs.congresses", 3),
            fig("inspection.programme_done", 17),
        )
        r.year = year
        r.period = type(r.period).year(year)
        return r

    def test_before_the_merger_two_sections_with_political_work_first(self) -> None:
        sections = prose.compose_sections(self._report(2024))
        assert [s.key for s in sections] == [
            "political",
            "organisation",
            "inspection",
            "mass_mobilisation",
            "tasks",
        ]
        assert sections[0].title == "I. Công tác tuyên giáo"
        assert sections[3].title == "IV. Công tác dân vận"

    def test_from_the_merger_one_section_for_both_boards(self) -> None:
        sections = prose.compose_sections(self._report(2025))
        assert [s.key for s in sections] == ["political", "organisation", "inspection", "tasks"]
        merged = sections[0]
        assert merged.title == "I. Công tác tuyên giáo và dân vận"
        words = " ".join(p.text for p in merged.paragraphs)
        assert "hội nghị thông tin" in words and "đại hội đoàn thể" in words

    def test_the_web_page_puts_the_charts_under_the_organisation(self) -> None:
        from django.template.loader import render_to_string

        from dangvu.reports.views import report_context

        r = self._report(2024)
        r.members_history = [(2022, 5097), (2023, 5136)]
        page = render_to_string("reports/_annual_body.html", report_context(r, links=False))
        chart = page.index("<img")
        assert page.index("II. Công tác tổ chức xây dựng Đảng") < chart
        assert chart < page.index("III. Công tác kiểm tra")

    def test_templates_reach_the_sections_by_key(self, tree: dict[str, Any]) -> None:
        values = context(self._report(2025), DocxTemplate(io.BytesIO(default_template())))
        by_key = values["section_by_key"]
        assert by_key["political"]["name"] == "Công tác tuyên giáo và dân vận"
        assert by_key["mass_mobilisation"]["paragraphs"] == []
        assert values["sections"][0]["key"] == "political"


class TestPdfDownload:
    def test_without_libreoffice_the_pdf_link_says_what_to_install(
        self, client: Client, admin_user: Any, tree: dict[str, Any], settings: Any, tmp_path: Any
    ) -> None:
        settings.DANGVU_SOFFICE = str(tmp_path / "khong-co" / "soffice")
        client.force_login(admin_user)
        response = client.get(
            reverse("reports:annual_download", args=["pdf"]), {"to_chuc": "BLOC", "nam": 2024}
        )
        assert response.status_code == 503
        text = response.content.decode()
        assert "LibreOffice" in text and pdf.PACKAGE in text

    @pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")
    def test_the_pdf_is_the_word_file_converted(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        response = client.get(
            reverse("reports:annual_download", args=["pdf"]), {"to_chuc": "BLOC", "nam": 2024}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert 'filename="bao-cao-nam-2024-bloc.pdf"' in response["Content-Disposition"]


class TestDemo:
    def test_demo_reports_have_their_place_superior_line_and_recipients(
        self, tree: dict[str, Any]
    ) -> None:
        from dangvu.reports.demo import seed_report_heading

        seed_report_heading(tree["BLOC"])
        with time_machine.travel(DAY, tick=False):
            values = report_heading(_report(tree["BLOC"]))
            below = report_heading(_report(tree["GK1"]))
        assert values.place == "Quy Nhơn" and values.place_set
        assert values.superior_line == "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
        assert values.recipient_lines[0] == "- Ban Thường vụ Tỉnh ủy (để báo cáo),"
        assert below.place == "Quy Nhơn"
        assert below.superior_line == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
