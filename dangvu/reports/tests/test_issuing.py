"""Issuing a report (ban hành): numbered from the register, kept byte for byte as sent,
compared with the records afterwards, corrected only on purpose, and read by next year."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as Docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.core.tests.htmlforms import post_forms
from dangvu.members import actions as member_actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import admit, person
from dangvu.office.models import Document
from dangvu.reports import pdf
from dangvu.reports.annual import compose
from dangvu.reports.issuing import FigureRow, do_issue_report, figure_rows
from dangvu.reports.models import IssuedFile, IssuedReport
from dangvu.reports.tests.records import YEAR, record_year
from dangvu.reports.tests.test_word import edited

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 15, 9, 0)
ISSUE_DAY = dt.date(2024, 1, 20)
RECIPIENTS = "Ban Thường vụ Tỉnh ủy (để báo cáo)\nCác tổ chức cơ sở đảng trực thuộc\nLưu Văn phòng"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def no_libreoffice(settings: Any) -> None:
    """PDFs take seconds each: made only in the test that asks for one."""
    settings.DANGVU_SOFFICE = "khong-co-soffice-nay"


@pytest.fixture
def office(tree: dict[str, Any], django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("vanphong", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=tree["BLOC"], kind=Role.Kind.BOARD_OFFICE)
    return user


def issue(org: Any, user: Any, **kw: Any) -> IssuedReport:
    values: dict[str, Any] = {
        "kind": "ANNUAL",
        "year": YEAR,
        "date": ISSUE_DAY,
        "recipients": RECIPIENTS,
        "signer": "Nguyễn Văn Bí Thư",
        "acting_user": user,
    }
    values.update(kw)
    return do_issue_report(org, **values)


def docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


class TestIssuing:
    def test_it_takes_consecutive_numbers_from_the_register(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        first = issue(tree["BLOC"], office)
        second = issue(tree["BLOC"], office, kind="FIGURES")
        assert (first.document.number, second.document.number) == (1, 2)
        assert first.document.kind == second.document.kind == "BC"
        assert first.document.issuer == tree["BLOC"]
        assert first.document.signer == "Nguyễn Văn Bí Thư"
        word = first.files.get(fmt="docx")
        text = docx_text(bytes(word.content))
        assert f"Số {first.document.full_number}" in text
        assert "Nguyễn Văn Bí Thư" in text
        assert "- Ban Thường vụ Tỉnh ủy (để báo cáo)," in text and "- Lưu Văn phòng." in text
        assert {f.fmt for f in first.files.all()} == {"docx", "xlsx", "json"}
        assert {f.fmt for f in second.files.all()} == {"xlsx", "json"}

    def test_it_keeps_each_figure_the_data_position_and_who(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        before = AuditEvent.objects.order_by("-id").first()
        issued = issue(tree["BLOC"], office)
        assert issued.audit_position == before.pk
        assert issued.issued_by == office
        admitted = issued.figures["members.admitted"]
        assert admitted["value"] == 3 and admitted["previous"] == 2
        assert set(admitted) == {"label", "unit", "value", "previous", "plan", "breakdown"}
        assert (issued.period_start, issued.period_end) == (
            dt.date(YEAR, 1, 1),
            dt.date(YEAR, 12, 31),
        )
        stored = json.loads(bytes(issued.files.get(fmt="json").content))
        assert stored["issue"]["number"] == issued.document.full_number
        assert stored["indicators"]["members.admitted"]["value"] == 3
        row = AuditEvent.objects.get(object_type="issuedreport", object_id=str(issued.pk))
        assert row.user == office and issued.document.full_number in row.note
        for f in issued.files.all():
            content = bytes(f.content)
            assert f.size == len(content) and f.sha256 == hashlib.sha256(content).hexdigest()

    def test_a_report_of_the_running_year_is_dated_and_cut_at_its_signing(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        issued = issue(tree["BLOC"], office, year=2024, date=dt.date(2024, 3, 1))
        assert issued.period_end == dt.date(2024, 3, 1)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"date": dt.date(2024, 3, 16)}, "date"),  # tomorrow
            ({"date": dt.date(2022, 12, 31)}, "date"),  # before the year began
            ({"recipients": " \n - \n"}, "recipients"),
            ({"signer": ""}, "signer"),
            ({"signer": "Nguyễn 123"}, "signer"),
            ({"kind": "KHAC"}, "kind"),
            ({"year": 2025}, "year"),
            ({"year": 1999}, "year"),
        ],
    )
    def test_bad_input_is_refused_by_field_and_writes_nothing(
        self, tree: dict[str, Any], office: Any, change: dict[str, Any], field: str
    ) -> None:
        documents, events = Document.objects.count(), AuditEvent.objects.count()
        with pytest.raises(DomainError) as refused:
            issue(tree["BLOC"], office, **change)
        assert refused.value.field == field
        assert refused.value.message[0].isupper()
        assert not IssuedReport.objects.exists() and not IssuedFile.objects.exists()
        assert (Document.objects.count(), AuditEvent.objects.count()) == (documents, events)


class TestCorrection:
    def test_a_second_issue_not_marked_as_a_correction_is_refused_naming_the_first(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        first = issue(tree["BLOC"], office)
        with pytest.raises(DomainError) as refused:
            issue(tree["BLOC"], office, date=dt.date(2024, 2, 1))
        message = refused.value.message
        assert first.document.full_number in message
        assert "20/01/2024" in message and "vanphong" in message
        assert "đính chính" in message.lower()
        assert IssuedReport.objects.count() == 1

    def test_a_correction_references_the_first_and_needs_a_reason(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        first = issue(tree["BLOC"], office)
        with pytest.raises(DomainError) as refused:
            issue(tree["BLOC"], office, corrects=first)
        assert refused.value.field == "note"
        with pytest.raises(DomainError) as early:
            issue(tree["BLOC"], office, corrects=first, note="Sai số", date=dt.date(2024, 1, 2))
        assert early.value.field == "date"
        second = issue(tree["BLOC"], office, corrects=first, note="Bổ sung đảng viên kết nạp")
        assert second.corrects == first
        assert second.document.number == first.document.number + 1
        assert list(first.corrections.all()) == [second]
        # Only the last issue may be corrected.
        with pytest.raises(DomainError, match=second.document.full_number):
            issue(tree["BLOC"], office, corrects=first, note="Lần nữa")


class TestStoredFiles:
    def test_each_file_downloads_byte_identical_after_records_and_template_change(
        self, client: Client, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        issued = issue(tree["BLOC"], office)
        sent = {f.fmt: (bytes(f.content), f.filename) for f in issued.files.all()}
        admit(tree["C11"], dt.date(YEAR, 10, 1))
        client.force_login(office)
        page = client.post(
            reverse("reports:template", args=["BLOC"]),
            {"file": SimpleUploadedFile("mau.docx", edited({"BÁO CÁO": "BÁO CÁO NĂM"}))},
        )
        assert page.status_code == 302
        for fmt, (content, filename) in sent.items():
            response = client.get(reverse("reports:issued_file", args=[issued.pk, fmt]))
            assert response.status_code == 200
            assert (
                hashlib.sha256(response.content).hexdigest() == hashlib.sha256(content).hexdigest()
            )
            assert filename in response["Content-Disposition"]
        assert (
            client.get(reverse("reports:issued_file", args=[issued.pk, "html"])).status_code == 404
        )

    @pytest.mark.skipif(not pdf.available(), reason="LibreOffice is not installed")
    def test_a_pdf_is_stored_when_libreoffice_is_installed(
        self, settings: Any, tree: dict[str, Any], office: Any
    ) -> None:
        del settings.DANGVU_SOFFICE
        issued = issue(tree["BLOC"], office)
        assert bytes(issued.files.get(fmt="pdf").content).startswith(b"%PDF-")

    def test_without_libreoffice_the_report_is_issued_without_a_pdf_and_says_why(
        self, client: Client, tree: dict[str, Any], office: Any
    ) -> None:
        issued = issue(tree["BLOC"], office)
        assert not issued.files.filter(fmt="pdf").exists()
        client.force_login(office)
        body = client.get(reverse("reports:issued_detail", args=[issued.pk])).content.decode()
        assert "Không có bản PDF" in body


class TestDifferences:
    def test_a_backdated_admission_shows_as_a_difference_with_its_record_and_user(
        self, client: Client, tree: dict[str, Any], office: Any, officer_admits: Any
    ) -> None:
        record_year(tree)
        issued = issue(tree["BLOC"], office)
        member = officer_admits(tree["C12"], dt.date(YEAR, 11, 2), "Trần Kết Nạp Muộn")
        rows = {r.code: r for r in figure_rows(issued)}
        assert (rows["members.admitted"].issued, rows["members.admitted"].today) == (3, 4)
        assert rows["members.admitted"].difference == 1
        assert any(c.event.user.username == "bantochuc" for c in rows["members.admitted"].causes)
        client.force_login(office)
        body = client.get(reverse("reports:issued_detail", args=[issued.pk])).content.decode()
        assert 'data-testid="differences"' in body
        assert "Trần Kết Nạp Muộn" in body and "bantochuc" in body
        assert member.get_absolute_url() in body
        # The stored figure stays as issued.
        issued.refresh_from_db()
        assert issued.figures["members.admitted"]["value"] == 3

    def test_a_change_dated_after_the_period_is_not_listed(
        self, tree: dict[str, Any], office: Any, officer_admits: Any
    ) -> None:
        record_year(tree)
        issued = issue(tree["BLOC"], office)
        officer_admits(tree["C12"], dt.date(2024, 2, 2), "Người Năm Sau")
        rows = {r.code: r for r in figure_rows(issued)}
        for row in rows.values():
            assert not any("Người Năm Sau" in c.event.object_repr for c in row.causes)


@pytest.fixture
def secretary(tree: dict[str, Any]) -> Any:
    """The bloc's secretary, whom the issue form proposes as the signer."""
    from dangvu.members.tests.factories import existing
    from dangvu.personnel import actions as pers

    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Phạm Văn Bí Thư")
    body = pers.do_create_committee(
        organisation=tree["BLOC"], kind="EXECUTIVE", term="2020–2025", acting_user=None
    )
    pers.do_add_seat(
        body, member=member, position="SECRETARY", start_date=dt.date(2020, 6, 15), acting_user=None
    )
    return member


@pytest.fixture
def officer_admits(cast: dict[str, Any]) -> Any:
    def run(org: Any, day: dt.date, name: str) -> Any:
        return member_actions.do_admit_member(
            person(name),
            organisation=org,
            decision=Decision(day, "09-QĐ/ĐUK", day),
            ceremony_date=day + dt.timedelta(days=7),
            acting_user=cast["officer"],
        )

    return run


class TestPreviousYear:
    def test_next_year_compares_with_what_was_issued_unless_asked_to_recompute(
        self, client: Client, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        issued = issue(tree["BLOC"], office, year=YEAR - 1, date=dt.date(YEAR, 1, 10))
        assert issued.figures["members.admitted"]["value"] == 2
        admit(tree["C11"], dt.date(YEAR - 1, 8, 1))  # backdated into the issued year
        as_issued = compose(tree["BLOC"], YEAR)
        recomputed = compose(tree["BLOC"], YEAR, previous="recomputed")
        assert as_issued.figures["members.admitted"].previous == 2
        assert recomputed.figures["members.admitted"].previous == 3
        assert issued.document.full_number in as_issued.comparison
        from dangvu.reports import prose

        assert as_issued.comparison in prose.introduction(as_issued).text
        assert "Số liệu năm" not in prose.introduction(recomputed).text
        assert recomputed.comparison == "" and recomputed.compared_with is None
        from openpyxl import load_workbook

        from dangvu.reports.xlsx import SHEET_COMMITTEE, render_xlsx

        sheet = load_workbook(io.BytesIO(render_xlsx(as_issued)))[SHEET_COMMITTEE]
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert as_issued.comparison in texts
        client.force_login(office)
        url = reverse("reports:annual")
        page = client.get(url, {"to_chuc": "BLOC", "nam": YEAR}).content.decode()
        assert 'data-testid="comparison-switch"' in page and "so_sanh=tinh_lai" in page
        assert issued.document.full_number in page
        data = json.loads(
            client.get(
                reverse("reports:annual_download", args=["json"]),
                {"to_chuc": "BLOC", "nam": YEAR, "so_sanh": "tinh_lai"},
            ).content
        )
        assert data["indicators"]["members.admitted"]["previous"] == 3
        data = json.loads(
            client.get(
                reverse("reports:annual_download", args=["json"]), {"to_chuc": "BLOC", "nam": YEAR}
            ).content
        )
        assert data["indicators"]["members.admitted"]["previous"] == 2

    def test_the_latest_correction_is_the_one_compared_with(
        self, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        first = issue(tree["BLOC"], office, year=YEAR - 1, date=dt.date(YEAR, 1, 10))
        admit(tree["C11"], dt.date(YEAR - 1, 8, 1))
        second = issue(
            tree["BLOC"],
            office,
            year=YEAR - 1,
            date=dt.date(YEAR, 1, 12),
            corrects=first,
            note="Bổ sung",
        )
        report = compose(tree["BLOC"], YEAR)
        assert report.figures["members.admitted"].previous == 3
        assert report.compared_with == second.pk


class TestPages:
    def test_load_and_submit_unchanged_issues_the_report(
        self, client: Client, tree: dict[str, Any], office: Any, secretary: Any
    ) -> None:
        record_year(tree)
        client.force_login(office)
        page = client.get(reverse("reports:annual"), {"to_chuc": "BLOC", "nam": YEAR})
        (form,) = [f for f in post_forms(page.content.decode()) if "issue" in f.action]
        response = client.post(form.action, form.submission())
        issued = IssuedReport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:issued_detail", args=[issued.pk])
        assert "Lưu Văn phòng" in issued.recipients
        assert issued.document.signer == "Phạm Văn Bí Thư"
        body = client.get(response["Location"]).content.decode()
        assert issued.document.full_number in body and 'data-testid="issued-files"' in body
        # The page now names the issued report and offers the correction.
        page = client.get(reverse("reports:annual"), {"to_chuc": "BLOC", "nam": YEAR})
        html = page.content.decode()
        assert 'data-testid="issued-last"' in html and 'name="correction"' in html
        (form,) = [f for f in post_forms(html) if "issue" in f.action]
        refused = client.post(form.action, form.submission())
        assert refused.status_code == 400
        assert issued.document.full_number in refused.content.decode()
        assert IssuedReport.objects.count() == 1
        # Marked as a correction, with its reason, it is issued and names the first.
        data = form.submission() | {"correction": ["on"], "note": ["Bổ sung số liệu"]}
        response = client.post(form.action, data)
        assert response.status_code == 302
        correction = IssuedReport.objects.exclude(pk=issued.pk).get()
        assert correction.corrects == issued
        body = client.get(response["Location"]).content.decode()
        assert 'data-testid="corrects"' in body and issued.document.full_number in body
        first = client.get(reverse("reports:issued_detail", args=[issued.pk])).content.decode()
        assert 'data-testid="corrected-by"' in first and correction.document.full_number in first

    def test_the_figures_page_issues_the_figures_table(
        self, client: Client, tree: dict[str, Any], office: Any, secretary: Any
    ) -> None:
        record_year(tree)
        client.force_login(office)
        page = client.get(reverse("reports:figures"), {"to_chuc": "BLOC", "nam": YEAR})
        (form,) = [f for f in post_forms(page.content.decode()) if "issue" in f.action]
        assert client.post(form.action, form.submission()).status_code == 302
        issued = IssuedReport.objects.get()
        assert issued.kind == "FIGURES"
        assert {f.fmt for f in issued.files.all()} == {"xlsx", "json"}

    def test_a_reader_cannot_issue_and_the_refusal_is_recorded(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["viewer"])
        page = client.get(reverse("reports:annual"), {"to_chuc": "BLOC", "nam": YEAR})
        assert 'data-testid="issue-form"' not in page.content.decode()
        url = reverse("reports:issue", args=["BLOC"])
        assert 'data-testid="issue-refused"' in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "kind": "ANNUAL",
                "year": YEAR,
                "date": "20/01/2024",
                "signer": "A",
                "recipients": "B",
            },
        )
        assert response.status_code == 403
        assert not IssuedReport.objects.exists()
        assert AuditEvent.objects.filter(action="denied", user=cast["viewer"]).exists()

    def test_outside_the_scope_every_page_of_an_issued_report_is_404(
        self, client: Client, tree: dict[str, Any], office: Any, cast: dict[str, Any]
    ) -> None:
        issued = issue(tree["BLOC"], office)
        mine = issue(tree["GK2"], None, signer="Lê Văn Bí Thư")
        client.force_login(cast["grassroots"])  # GK1's secretary
        for url in (
            reverse("reports:issued_detail", args=[issued.pk]),
            reverse("reports:issued_file", args=[issued.pk, "json"]),
            reverse("reports:issued_detail", args=[mine.pk]),
            reverse("reports:issue", args=["GK2"]),
        ):
            assert client.get(url).status_code == 404, url
        register = client.get(reverse("reports:issued")).content.decode()
        assert reverse("reports:issued_detail", args=[issued.pk]) not in register
        assert reverse("reports:issued_detail", args=[mine.pk]) not in register
        client.force_login(cast["cell"])  # C21, under GK2
        assert client.get(reverse("reports:issued_detail", args=[mine.pk])).status_code == 404

    def test_the_register_groups_by_year_and_survives_junk_filters(
        self, client: Client, tree: dict[str, Any], office: Any
    ) -> None:
        record_year(tree)
        issue(tree["BLOC"], office, year=YEAR - 1, date=dt.date(YEAR, 1, 10))
        issue(tree["BLOC"], office)
        client.force_login(office)
        body = client.get(reverse("reports:issued")).content.decode()
        assert 'data-testid="register-2023"' in body and 'data-testid="register-2022"' in body
        only = client.get(reverse("reports:issued"), {"nam": "2022"}).content.decode()
        assert 'data-testid="register-2023"' not in only
        for junk in ({"nam": "x'; --"}, {"nam": "99999999999"}, {"to_chuc": "<b>KHONG-CO"}):
            response = client.get(reverse("reports:issued"), junk)
            assert response.status_code == 200
            assert 'data-testid="register-notice"' in response.content.decode()
        assert reverse("reports:issued") in client.get(reverse("reports:annual")).content.decode()

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        derandomize=True,
    )
    @given(
        data=st.fixed_dictionaries(
            {},
            optional={
                "kind": st.sampled_from(["ANNUAL", "FIGURES", "", "X", "9" * 30]),
                "year": st.sampled_from(["2023", "", "-1", "9" * 40, "1e9", "２０２３"]),
                "date": st.sampled_from(
                    ["20/01/2024", "31/02/2023", "9999-12-31", "1800-01-01", "hôm nay", ""]
                ),
                "signer": st.text(max_size=200),
                "recipients": st.text(max_size=300),
                "note": st.text(max_size=300),
                "previous": st.sampled_from(["issued", "recomputed", "khac", ""]),
                "correction": st.sampled_from(["on", "", "1"]),
            },
        )
    )
    def test_junk_never_answers_500_and_a_refusal_writes_nothing(
        self, data: dict[str, str], tree: dict[str, Any], office: Any
    ) -> None:
        client = Client()
        client.raise_request_exception = False
        client.force_login(office)
        before = IssuedReport.objects.count(), Document.objects.count()
        response = client.post(reverse("reports:issue", args=["BLOC"]), data)
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert (IssuedReport.objects.count(), Document.objects.count()) == before
            body = response.content.decode()
            assert "This field" not in body and "Enter a" not in body


@pytest.mark.parametrize(
    ("unit", "issued", "today", "text"),
    [
        ("người", 197, 198, "+1"),
        ("người", 5288, 1200, "-4.088"),
        ("%", 103.68, 104.21, "+0,53 điểm %"),
        ("%", 3.81, 3.79, "-0,02 điểm %"),
        ("lượt", 2.5, 4.0, "+1,50"),
        ("người", None, 3, "khác"),
        ("người", 7, 7, ""),
    ],
)
def test_a_difference_is_written_in_the_figures_unit(
    unit: str, issued: Any, today: Any, text: str
) -> None:
    """A rate's difference is in percentage points with the rate's two decimals (never
    rounded to a whole "+0"); a count's with its thousands mark and sign."""
    row = FigureRow(code="x", label="x", unit=unit, issued=issued, today=today)
    assert row.difference_text == text
