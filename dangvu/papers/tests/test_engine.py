"""The papers' engine: default templates, the sandbox, numbering in bulk, rollback."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from docx import Document as WordDocument

from dangvu.core.errors import DomainError
from dangvu.members.tests.factories import admit, existing
from dangvu.office.models import Document
from dangvu.papers import actions
from dangvu.papers.build import default_template
from dangvu.papers.kinds import KINDS, kind
from dangvu.papers.models import Paper, PaperIssue
from dangvu.papers.values import Line

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    doc = WordDocument(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def docx_with(text: str) -> bytes:
    doc = WordDocument()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("code", [k.code for k in KINDS])
def test_every_default_template_passes_the_check_and_renders_for_a_member(
    tree: dict[str, Any], code: str
) -> None:
    paper = kind(code)
    actions.check_paper_template(paper, default_template(code))
    member = existing(tree["C11"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "Trần Thị Mẫu")
    issue = actions.do_issue_papers(
        paper,
        issuer=tree["GK1"],
        date=dt.date(2024, 6, 3),
        lines=[Line(member, None, milestone=20)],
        label="Thử",
        acting_user=None,
    )
    text = text_of(bytes(issue.content))
    assert "Trần Thị Mẫu" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "{{" not in text and "{%" not in text
    if paper.document_kind:
        number = Paper.objects.get(issue=issue).document.full_number
        assert number in text


def test_the_official_introduction_has_its_stub_above_a_cut_line(tree: dict[str, Any]) -> None:
    member = existing(tree["C11"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "Lê Văn Đi")
    issue = actions.do_issue_papers(
        kind("TRANSFER_OFFICIAL"),
        issuer=tree["GK1"],
        date=dt.date(2024, 6, 3),
        lines=[Line(member)],
        label="Giới thiệu",
        acting_user=None,
    )
    text = text_of(bytes(issue.content))
    stub, cut, rest = text.partition("cắt theo đường này")
    assert cut and "CUỐNG GIẤY GIỚI THIỆU" in stub and "Lê Văn Đi" in stub
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in rest


def test_bulk_numbers_are_consecutive_in_the_register(tree: dict[str, Any]) -> None:
    members = [admit(tree["C11"], dt.date(2023, 2, 1), f"Dự Bị Số {i}") for i in range(3)]
    issue = actions.do_issue_papers(
        kind("CONFIRMATION"),
        issuer=tree["GK1"],
        date=dt.date(2024, 3, 1),
        lines=[Line(m) for m in members],
        label="Công nhận chính thức tháng 3/2024",
        acting_user=None,
    )
    numbers = [p.document.number for p in issue.papers.select_related("document")]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    text = text_of(bytes(issue.content))
    for p in issue.papers.select_related("document", "member"):
        assert p.document.full_number in text and p.member.full_name in text
    # One file, one paper per page: the pages are separated by page breaks.
    with zipfile.ZipFile(io.BytesIO(bytes(issue.content))) as z:
        assert z.read("word/document.xml").count(b'w:type="page"') == 2


def test_a_failed_bulk_registers_nothing(tree: dict[str, Any]) -> None:
    members = [admit(tree["C11"], dt.date(2023, 2, 1), f"Không Số {i}") for i in range(2)]
    paper = kind("CONFIRMATION")
    # A template forced past the upload check: it fails at rendering, on the first paper.
    actions.PaperTemplate.objects.create(
        organisation=tree["GK1"],
        kind=paper.code,
        content=docx_with("{{ member.full_name.__class__ }}"),
        filename="xau.docx",
        size=1,
    )
    before = Document.objects.count()
    with pytest.raises(DomainError) as caught:
        actions.do_issue_papers(
            paper,
            issuer=tree["GK1"],
            date=dt.date(2024, 3, 1),
            lines=[Line(m) for m in members],
            label="Hỏng",
            acting_user=None,
        )
    assert "Chưa có số văn bản nào được cấp" in caught.value.message
    assert Document.objects.count() == before
    assert not PaperIssue.objects.exists()


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ member.__class__ }}",
        "{{ member.full_name.upper() }}",
        "{% for m in members %}{% for n in members %}{% for o in members %}{% for p in members %}"
        "{{ p.full_name }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        "{{ lipsum() }}",
        "{% set x = 1 %}",
        "{{ numero }}",
    ],
)
def test_a_hostile_template_is_refused_at_upload(tree: dict[str, Any], placeholder: str) -> None:
    with pytest.raises(DomainError) as caught:
        actions.do_upload_paper_template(
            tree["GK1"],
            kind("ADMISSION"),
            content=docx_with(placeholder),
            filename="mau.docx",
            acting_user=None,
        )
    assert caught.value.field == "file"
    assert caught.value.message
    assert not actions.PaperTemplate.objects.exists()


def test_a_member_outside_the_issuer_is_refused(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    from dangvu.accounts.models import Role

    Role.objects.create(
        user=cast["grassroots_editor"], organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE
    )
    foreign = existing(tree["C21"], dt.date(2021, 1, 1), dt.date(2005, 3, 2), "Người Ngoài")
    with pytest.raises(DomainError):
        actions.do_issue_papers(
            kind("FORM_2"),
            issuer=tree["GK1"],
            date=dt.date(2024, 3, 1),
            lines=[Line(foreign)],
            label="Ngoài",
            acting_user=cast["grassroots_editor"],
        )
    with pytest.raises(DomainError):
        actions.do_issue_papers(
            kind("FORM_2"),
            issuer=tree["GK2"],
            date=dt.date(2024, 3, 1),
            lines=[Line(foreign)],
            label="Ngoài",
            acting_user=cast["grassroots_editor"],
        )
    assert not PaperIssue.objects.exists()


def introduced_on_transfer(tree: dict[str, Any], member: Any) -> PaperIssue:
    """The member transferred out on 20/05/2024 and their official introduction issued."""
    from dangvu.members.actions import Decision, do_transfer_out

    event = do_transfer_out(
        member,
        external_party="Đảng bộ tỉnh Bình Định",
        decision=Decision(date=dt.date(2024, 5, 20)),
        acting_user=None,
    )
    return actions.do_issue_papers(
        kind("TRANSFER_OFFICIAL"),
        issuer=tree["GK1"],
        date=dt.date(2024, 5, 20),
        lines=[Line(member, event)],
        label="Giới thiệu",
        acting_user=None,
    )


def test_the_official_introduction_says_how_far_the_dues_book_is_paid(
    tree: dict[str, Any],
) -> None:
    """The dues line comes from the dues book: the latest month paid, and the months of the
    year still owed (March here), never the month of the transfer."""
    from decimal import Decimal

    from dangvu.dues.actions import PaymentRow, do_record_payments, do_set_basis
    from dangvu.dues.models import Category

    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1990, 3, 2), "Võ Văn Đóng")
    do_set_basis(
        member,
        valid_from=dt.date(2023, 1, 1),
        category=Category.STATE,
        income=5_000_000,
        acting_user=None,
    )
    for month in (dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 4, 1)):
        do_record_payments(
            tree["C11"], month, [PaymentRow(member, Decimal(50_000), month)], acting_user=None
        )
    issue = introduced_on_transfer(tree, member)
    text = text_of(bytes(issue.content))
    assert "đã đóng đảng phí đến hết tháng 04/2024. Còn nợ đảng phí các tháng 03/2024." in text
    paper = Paper.objects.select_related("document").get(issue=issue)
    assert paper.document.kind == "GGT" and "-GGT/" in paper.document.full_number


def test_an_introduction_with_no_dues_recorded_leaves_the_month_to_be_written_by_hand(
    tree: dict[str, Any],
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1990, 3, 2), "Đỗ Chưa Ghi")
    issue = introduced_on_transfer(tree, member)
    text = text_of(bytes(issue.content))
    assert "đến hết tháng …………." in text and "05/2024" not in text.split("đảng phí")[1][:30]
