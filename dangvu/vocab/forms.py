"""The administrators' forms of the vocabularies."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField
from dangvu.orgs.forms import DomainForm
from dangvu.vocab.actions import groups_of


class ValueForm(DomainForm):
    code = forms.CharField(
        label="Mã",
        help_text="Mã ổn định, không đổi về sau (mã của cơ quan thống kê nếu có).",
    )
    name = forms.CharField(label="Tên")
    aliases = forms.CharField(
        label="Tên gọi khác",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Các cách viết khác mà bảng tính hoặc hồ sơ cũ có thể ghi; mỗi tên một dòng "
        "hoặc cách nhau bằng dấu chấm phẩy.",
    )
    group = forms.ChoiceField(label="Nhóm trong biểu thống kê", required=False)
    order = forms.IntegerField(
        label="Thứ tự", required=False, min_value=0, help_text="Để trống: xếp cuối danh mục."
    )
    valid_from = VNDateField(label="Áp dụng từ ngày")
    source = forms.CharField(
        label="Căn cứ", help_text="Văn bản quy định giá trị này (số, ngày ban hành)."
    )

    def __init__(self, *args: Any, vocabulary: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = groups_of(vocabulary)
        if groups:
            self.fields["group"].choices = [("", "— Chọn nhóm —"), *groups]
            self.fields["group"].required = True
        else:
            del self.fields["group"]


class RetireForm(DomainForm):
    valid_to = VNDateField(label="Ngừng áp dụng từ ngày")
