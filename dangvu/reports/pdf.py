"""A Word file (.docx) converted to PDF by LibreOffice, run headless on the server.

LibreOffice is an operating-system package, not a Python one (Debian:
``libreoffice-writer-nogui``). Its program is found in the setting ``DANGVU_SOFFICE``
(a path or a command name), else on the PATH as ``soffice`` or ``libreoffice``. When it is
missing, :class:`PdfUnavailable` carries a Vietnamese message the page shows as it is.

Each conversion runs in its own temporary directory with its own LibreOffice user profile
(two conversions at once would otherwise fight over one profile's lock), without a shell,
and with a time limit.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 120


class PdfUnavailable(Exception):
    """No PDF can be made: LibreOffice is missing, or the conversion failed.

    ``message`` is Vietnamese and says what the operator (or the user) can do.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _missing_message() -> str:
    return (
        "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF. Người quản trị máy chủ cài "
        f"gói {PACKAGE} (Debian/Ubuntu: apt-get install {PACKAGE}) rồi thử lại; trong lúc "
        "chờ, hãy tải bản Word (.docx)."
    )


def _failed_message() -> str:
    return (
        "LibreOffice không tạo được bản PDF từ tệp Word này (tệp có thể hỏng, hoặc mẫu Word "
        "có nội dung LibreOffice không đọc được). Hãy tải bản Word (.docx), hoặc kiểm tra lại "
        "mẫu Word của báo cáo."
    )


def soffice_path() -> str | None:
    """The LibreOffice program to run, or None when none is installed."""
    configured = getattr(settings, "DANGVU_SOFFICE", "") or ""
    if configured:
        if os.sep in configured:
            path = Path(configured)
            return str(path) if path.is_file() and os.access(path, os.X_OK) else None
        return shutil.which(configured)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    """Whether a PDF can be attempted on this server."""
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of the Word file ``data``; raises :class:`PdfUnavailable` when it cannot."""
    program = soffice_path()
    if program is None:
        raise PdfUnavailable(_missing_message())
    if not zipfile.is_zipfile(io.BytesIO(data)):
        # LibreOffice would read any bytes as a text document and "convert" them.
        raise PdfUnavailable(_failed_message())
    with tempfile.TemporaryDirectory(prefix="dangvu-pdf-") as tmp:
        work = Path(tmp)
        source = work / "baocao.docx"
        source.write_bytes(data)
        profile = work / "profile"
        profile.mkdir()
        out = work / "out"
        out.mkdir()
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        env = dict(os.environ, HOME=str(work))
        try:
            subprocess.run(  # a fixed argument list, no shell
                command,
                cwd=work,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except FileNotFoundError as exc:
            raise PdfUnavailable(_missing_message()) from exc
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(
                f"LibreOffice không chuyển xong bản PDF sau {TIMEOUT_SECONDS} giây. Hãy thử "
                "lại sau ít phút hoặc tải bản Word (.docx); nếu lỗi lặp lại, báo người quản "
                "trị máy chủ."
            ) from exc
        except OSError as exc:
            raise PdfUnavailable(
                f"Không chạy được LibreOffice trên máy chủ ({exc.strerror or exc}). Người quản "
                f"trị máy chủ kiểm tra gói {PACKAGE}; trong lúc chờ, hãy tải bản Word (.docx)."
            ) from exc
        result = out / "baocao.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise PdfUnavailable(_failed_message())
        return result.read_bytes()
