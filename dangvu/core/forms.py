"""Form fields shared by the apps."""

from __future__ import annotations

import re
from typing import Any

from django import forms

_LINE_BREAK = re.compile(r"\r\n|\r")


class MultilineField(forms.CharField):
    """Text typed in a textarea, stored with the line breaks every other path stores (LF).

    Browsers send each line break of a textarea as CRLF (the HTML standard says so), while
    imports, commands and actions write LF: without this, saving a note unchanged would
    rewrite every one of its line breaks, and the trail would record a change nobody made.
    """

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return _LINE_BREAK.sub("\n", text) if isinstance(text, str) else text
