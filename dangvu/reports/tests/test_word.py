"""The Word template: reproducible from code, and checked when an office uploads its own."""

from __future__ import annotations

import io

import pytest
from docx import Document

from dangvu.reports.word import (
    DEFAULT_TEMPLATE,
    TemplateError,
    build_default_template,
    check_template,
    default_template,
)

# The report's sections follow a dated rule (the boards merged in 2025), read from the
# database.
pytestmark = pytest.mark.django_db


def edited(replacements: dict[str, str]) -> bytes:
    """The default template with some paragraph texts changed, as an office would in Word."""
    doc = Document(io.BytesIO(default_template()))
    paragraphs = list(doc.paragraphs) + [
        p for t in doc.tables for c in t._cells for p in c.paragraphs
    ]
    for p in paragraphs:
        if p.text in replacements:
            new = replacements[p.text]
            for run in p.runs[1:]:
                run.text = ""
            p.runs[0].text = new
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_the_shipped_template_is_the_one_the_code_builds() -> None:
    assert build_default_template() == DEFAULT_TEMPLATE.read_bytes(), (
        "run `python manage.py report_template` to rebuild the shipped template"
    )


def test_the_default_template_passes_its_own_check() -> None:
    check_template(default_template())


def test_a_template_edited_in_word_with_valid_placeholders_is_accepted() -> None:
    check_template(edited({"{{ place }}, {{ date }}": "Quy Nhơn, {{ date }}"}))


def test_an_unknown_placeholder_is_named() -> None:
    with pytest.raises(TemplateError, match=r"«\{\{ so_van_ban \}\}»"):
        check_template(edited({"Số {{ number }}": "Số {{ so_van_ban }}"}))


def test_a_broken_placeholder_is_named() -> None:
    with pytest.raises(TemplateError, match=r"Ô thay thế «\{\{ number \}» viết sai"):
        check_template(edited({"Số {{ number }}": "Số {{ number }"}))


def test_an_unclosed_loop_is_explained() -> None:
    with pytest.raises(TemplateError, match="endfor"):
        check_template(edited({"{%p endfor %}": "kết thúc"}))


def test_a_wrong_attribute_is_refused_with_its_name() -> None:
    with pytest.raises(TemplateError, match="tieu_de"):
        check_template(edited({"{{ section.title }}": "{{ section.tieu_de }}"}))


@pytest.mark.parametrize("content", [b"", b"not a word file", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_docx_is_refused(content: bytes) -> None:
    with pytest.raises(TemplateError, match="không phải văn bản Word"):
        check_template(content)
