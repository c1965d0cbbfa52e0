"""The papers' pages: producing for a member, in bulk, downloading, templates, scope."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent
from dangvu.members.tests.factories import admit, existing, full_member
from dangvu.office.models import Document
from dangvu.papers.build import default_template
from dangvu.papers.models import PaperIssue, PaperTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(tree: dict[str, Any], django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("vanphong_gk1", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE)
    return user


def docx_with(text: str) -> bytes:
    doc = WordDocument()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@time_machine.travel(dt.datetime(2024, 3, 20, 9, 0), tick=False)
def test_the_office_produces_a_confirmation_decision_from_the_member_page(
    client: Client, tree: dict[str, Any], office: Any
) -> None:
    member = full_member(tree["C11"], dt.date(2023, 2, 1), "Phạm Văn Chính")
    event = member.events.get(kind="CONFIRMED")
    client.force_login(office)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Lập quyết định công nhận đảng viên chính thức" in page
    response = client.post(
        reverse("papers:member", args=[member.pk]),
        {
            "loai": "CONFIRMATION",
            "bien_dong": str(event.pk),
            "to_chuc": "GK1",
            "ngay": "18/03/2024",
        },
    )
    assert response.status_code == 302
    issue = PaperIssue.objects.get()
    paper = issue.papers.get()
    assert paper.member == member and paper.event == event
    assert paper.document is not None and paper.document.kind == "QĐ"
    assert AuditEvent.objects.filter(object_type="paperissue", object_id=str(issue.pk)).exists()
    download = client.get(reverse("papers:issue_file", args=[issue.pk, "docx"]))
    assert download.status_code == 200
    assert download.content == bytes(issue.content)
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(download.content)).paragraphs)
    assert "công nhận đảng viên chính thức" in text and "Phạm Văn Chính" in text


def test_a_paper_the_event_does_not_call_for_is_refused_in_vietnamese(
    client: Client, tree: dict[str, Any], office: Any
) -> None:
    member = existing(tree["C11"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "Không Biến Động")
    client.force_login(office)
    response = client.post(
        reverse("papers:member", args=[member.pk]),
        {"loai": "ADMISSION", "to_chuc": "GK1", "ngay": "01/03/2024"},
    )
    assert response.status_code == 400
    assert not PaperIssue.objects.exists()


@time_machine.travel(dt.datetime(2024, 3, 20, 9, 0), tick=False)
def test_bulk_confirmations_due_this_month_are_one_file_numbered_in_a_row(
    client: Client, tree: dict[str, Any], office: Any
) -> None:
    for i in range(3):
        # Ceremony a week after the decision: probation ends in March 2024.
        admit(tree["C11"], dt.date(2023, 3, 1), f"Dự Bị Tháng Ba {i}")
    admit(tree["C21"], dt.date(2023, 3, 1), "Dự Bị Đảng Bộ Khác")
    client.force_login(office)
    choice = {"loai": "CONFIRMATION", "to_chuc": "GK1", "thang": "2024-03", "ngay": "20/03/2024"}
    preview = client.get(reverse("papers:bulk"), choice).content.decode()
    assert "Dự Bị Tháng Ba 0" in preview and "Dự Bị Đảng Bộ Khác" not in preview
    response = client.post(reverse("papers:bulk"), choice | {"chi_bo": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = PaperIssue.objects.get()
    numbers = list(issue.papers.order_by("position").values_list("document__number", flat=True))
    assert len(numbers) == 3 and numbers == list(range(numbers[0], numbers[0] + 3))


def test_another_subtrees_member_and_issue_answer_404(
    client: Client, tree: dict[str, Any], office: Any
) -> None:
    foreign = existing(tree["C21"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "Người Ngoài")
    client.force_login(office)
    assert client.get(reverse("papers:member", args=[foreign.pk])).status_code == 404
    from dangvu.papers.actions import do_issue_papers
    from dangvu.papers.kinds import kind
    from dangvu.papers.values import Line

    issue = do_issue_papers(
        kind("FORM_2"),
        issuer=tree["GK2"],
        date=dt.date(2024, 1, 5),
        lines=[Line(foreign)],
        label="Ngoài",
        acting_user=None,
    )
    assert client.get(reverse("papers:issue", args=[issue.pk])).status_code == 404
    assert client.get(reverse("papers:issue_file", args=[issue.pk, "docx"])).status_code == 404
    # Another subtree's organisation cannot be chosen as the issuer.
    response = client.post(
        reverse("papers:bulk"),
        {"loai": "FORM_2", "to_chuc": "GK2", "thang": "2024-01", "ngay": "05/01/2024"},
    )
    assert response.status_code == 400
    assert PaperIssue.objects.count() == 1


def test_the_upload_form_round_trips_and_a_bad_template_is_named(
    client: Client, tree: dict[str, Any], office: Any
) -> None:
    client.force_login(office)
    url = reverse("papers:templates", args=["GK1"])
    assert client.get(url).status_code == 200
    template = client.get(reverse("papers:template_download", args=["GK1", "ADMISSION"]))
    assert template.content == default_template("ADMISSION")
    # The default template, downloaded and uploaded unchanged, is accepted.
    response = client.post(
        url,
        {"loai": "ADMISSION", "file": SimpleUploadedFile("mau.docx", template.content)},
    )
    assert response.status_code == 302
    live = PaperTemplate.objects.get(retired_at__isnull=True)
    assert bytes(live.content) == template.content
    # A placeholder that names nothing is refused with its name.
    response = client.post(
        url,
        {"loai": "ADMISSION", "file": SimpleUploadedFile("xau.docx", docx_with("{{ ho_ten }}"))},
    )
    assert response.status_code == 400
    assert "ho_ten" in response.content.decode()
    assert PaperTemplate.objects.filter(retired_at__isnull=True).get() == live
    response = client.post(url, {"hanh_dong": "mac_dinh", "loai": "ADMISSION"})
    assert response.status_code == 302
    assert not PaperTemplate.objects.filter(retired_at__isnull=True).exists()


def test_a_reader_cannot_upload_a_template(
    client: Client, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    client.force_login(cast["viewer"])
    response = client.post(
        reverse("papers:templates", args=["GK1"]),
        {"loai": "ADMISSION", "file": SimpleUploadedFile("mau.docx", b"x")},
    )
    assert response.status_code == 403
    assert not PaperTemplate.objects.exists()
    assert Document.objects.count() == 0


def test_the_pdf_is_made_from_the_stored_word_file_or_its_absence_is_said(
    client: Client, tree: dict[str, Any], office: Any, settings: Any
) -> None:
    from dangvu.papers.actions import do_issue_papers
    from dangvu.papers.kinds import kind
    from dangvu.papers.values import Line
    from dangvu.reports import pdf

    member = existing(tree["C11"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "In Bản PDF")
    issue = do_issue_papers(
        kind("FORM_3"),
        issuer=tree["GK1"],
        date=dt.date(2024, 1, 5),
        lines=[Line(member)],
        label="Phiếu bổ sung",
        acting_user=None,
    )
    client.force_login(office)
    url = reverse("papers:issue_file", args=[issue.pk, "pdf"])
    if pdf.available():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    settings.DANGVU_SOFFICE = "khong-co-soffice-nay"
    response = client.get(url)
    assert response.status_code == 503 and "LibreOffice" in response.content.decode()
    page = client.get(reverse("papers:issue", args=[issue.pk])).content.decode()
    assert 'data-testid="pdf-note"' in page and "tai-ve/pdf" not in page


def test_personal_numbers_are_masked_unless_the_producer_may_read_them(
    client: Client, tree: dict[str, Any], office: Any, cast: dict[str, Any]
) -> None:
    from dangvu.papers.tests.test_engine import text_of

    member = existing(
        tree["C11"],
        dt.date(2021, 1, 1),
        dt.date(2005, 3, 2),
        "Số Căn Cước",
        identity_number="052085009876",
    )
    choice = {"loai": "FORM_2", "to_chuc": "GK1", "ngay": "05/01/2024"}
    client.force_login(office)
    assert client.post(reverse("papers:member", args=[member.pk]), choice).status_code == 302
    masked = PaperIssue.objects.get()
    assert "052*******76" in text_of(bytes(masked.content))
    assert "052085009876" not in text_of(bytes(masked.content))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()
    # The organisation board of GK1 reads full numbers: written in full, and a reveal.
    client.force_login(cast["grassroots_editor"])
    assert client.post(reverse("papers:member", args=[member.pk]), choice).status_code == 302
    full = PaperIssue.objects.exclude(pk=masked.pk).get()
    assert "052085009876" in text_of(bytes(full.content))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REVEAL, object_id=str(member.pk)
    ).exists()
