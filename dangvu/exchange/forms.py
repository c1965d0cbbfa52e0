"""Forms of the exchange: they type the input; the actions judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.exchange.package import MAX_BYTES
from dangvu.members.forms import EditorForm, MemberOrgField
from dangvu.orgs.forms import DomainForm


class UploadForm(EditorForm):
    """The receiving cell (within the user's subtree) and the package file."""

    organisation = MemberOrgField(label="Chi bộ tiếp nhận (mã hoặc tên)")
    package = forms.FileField(
        label="Tệp gói hồ sơ (.json) đảng bộ nơi đi gửi",
        error_messages={
            "required": "Hãy chọn tệp gói hồ sơ (.json) đảng bộ nơi đi gửi.",
            "invalid": "Tệp tải lên không đọc được; hãy chọn lại tệp gói hồ sơ (.json).",
            "empty": "Tệp tải lên trống; hãy chọn đúng tệp gói hồ sơ (.json).",
            "missing": "Hãy chọn tệp gói hồ sơ (.json) đảng bộ nơi đi gửi.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["package"].widget.attrs.update({"accept": ".json,application/json"})

    def content(self) -> bytes:
        upload = self.cleaned_data["package"]
        # One more byte than allowed, so the reader can say the file is too large.
        return bytes(upload.read(MAX_BYTES + 1))


class ConfirmForm(DomainForm):
    """The receiving committee's decision, typed by the clerk."""

    decision_number = forms.CharField(label="Số quyết định tiếp nhận", max_length=60)
    decision_date = VNDateField(label="Ngày quyết định tiếp nhận (ngày tiếp nhận)")


class TrustForm(DomainForm):
    name = forms.CharField(label="Tên hệ thống, đảng bộ gửi hồ sơ", max_length=255)
    public_key = forms.CharField(
        label="Khóa công khai (base64)",
        max_length=200,
        help_text=(
            "Chép nguyên văn dòng «Khóa công khai» mà lệnh «manage.py exchange_key» của nơi gửi "
            "in ra; trước khi ghi, hãy gọi điện hoặc đối chiếu văn bản để chắc dấu vân tay "
            "đúng của họ."
        ),
    )
