"""The PDF of a Word file: made by LibreOffice when installed, a clear message when not."""

from __future__ import annotations

import pytest

from dangvu.reports import pdf
from dangvu.reports.word import default_template

needs_soffice = pytest.mark.skipif(
    not pdf.available(), reason="LibreOffice (soffice) is not installed: no PDF to make"
)


class TestMissingLibreOffice:
    def test_a_missing_program_gives_the_package_to_install(self, settings, tmp_path) -> None:
        settings.DANGVU_SOFFICE = str(tmp_path / "khong-co" / "soffice")
        assert not pdf.available()
        with pytest.raises(pdf.PdfUnavailable) as caught:
            pdf.docx_to_pdf(default_template())
        assert "LibreOffice" in caught.value.message
        assert pdf.PACKAGE in caught.value.message

    def test_a_missing_command_name_is_missing_too(self, settings) -> None:
        settings.DANGVU_SOFFICE = "khong-co-soffice-nay"
        with pytest.raises(pdf.PdfUnavailable, match="chưa cài LibreOffice"):
            pdf.docx_to_pdf(b"PK")


@needs_soffice
class TestConversion:
    def test_a_word_file_becomes_a_pdf(self) -> None:
        data = pdf.docx_to_pdf(default_template())
        assert data.startswith(b"%PDF-")

    def test_a_file_that_is_not_word_is_refused_clearly(self) -> None:
        with pytest.raises(pdf.PdfUnavailable, match="không tạo được bản PDF"):
            pdf.docx_to_pdf(b"khong phai tep Word")
