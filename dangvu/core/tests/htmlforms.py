"""Read the forms of a rendered page and what a browser would submit from each.

A test that posts back "exactly what the page shows" must build the submission the way a
browser does, not the way the form class would like to be fed: only checked boxes and
radios, the selected options (the first one when none is marked), textarea text with its
line breaks sent as CRLF, hidden fields, nothing from disabled controls, and the name and
value of the button pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Controls a browser never sends as typed values.
_NOT_SENT = {"submit", "button", "reset", "image", "file"}
# Where the project's templates and the admin put the errors of a form.
_ERROR_MARKERS = (
    ("data-testid", "field-error"),
    ("data-testid", "form-error"),
    ("class", "alert-danger"),
    ("class", "errorlist"),
    ("class", "errornote"),
    ("class", "invalid-feedback"),
)


@dataclass
class Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    attrs: dict[str, str]
    # (name, value) pairs in document order, as the browser sends them.
    fields: list[tuple[str, str]] = field(default_factory=list)
    # The kind of each named control: an input's type, "select" or "textarea".
    kinds: dict[str, str] = field(default_factory=dict)
    # The most characters a browser lets one type into a control (its maxlength).
    maxlength: dict[str, int] = field(default_factory=dict)
    # What one may pick: the options of each single-choice list, the value of each box.
    options: dict[str, list[str]] = field(default_factory=dict)
    boxes: dict[str, str] = field(default_factory=dict)
    # Submit buttons: (name, value), the name empty for a button that sends nothing.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def hidden(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def submission(self, button: str | None = None) -> dict[str, list[str]]:
        """What pressing `button` (or the form's only way of sending, Enter) submits."""
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in self.buttons:
            if name and name == button:
                data.setdefault(name, []).append(value)
                break
        data.pop("csrfmiddlewaretoken", None)  # the test client adds its own
        return data


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Select | None = None
        self.select_disabled = False
        self.option: list[str] | None = None
        self.option_value: str | None = None
        self.option_selected = False
        self.textarea: tuple[str, list[str]] | None = None
        # Nesting depth inside an error element, and the texts found there.
        self.error_depth = 0
        self.errors: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if self.error_depth:
            self.error_depth += 1 if tag not in _VOID else 0
        elif tag not in _VOID and any(
            value in a.get(attr, "").split() for attr, value in _ERROR_MARKERS
        ):
            self.error_depth = 1
            self.errors.append("")
        if tag == "form":
            self.form = Form(a.get("method", "get").lower(), a.get("action", ""), a)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            if "data-date-input" in a:
                kind = "date"  # the day-first text input of dangvu.core.dateinput
            name = a.get("name", "")
            if disabled:
                return
            if name:
                self.form.kinds.setdefault(name, kind)
                if a.get("maxlength", "").isdigit():
                    self.form.maxlength[name] = int(a["maxlength"])
            if kind in ("submit", "image"):
                self.form.buttons.append((name, a.get("value", "")))
            elif not name:
                return
            elif kind in ("checkbox", "radio"):
                if kind == "checkbox":
                    self.form.boxes.setdefault(name, a.get("value", "on"))
                if "checked" in a:
                    self.form.fields.append((name, a.get("value", "on")))
            elif kind not in _NOT_SENT:
                self.form.fields.append((name, a.get("value", "")))
        elif tag == "button":
            kind = a.get("type", "submit").lower()
            if kind == "submit" and not disabled:
                self.form.buttons.append((a.get("name", ""), a.get("value", "")))
        elif tag == "select":
            self.select = Select(a.get("name", ""), "multiple" in a)
            self.form.kinds.setdefault(self.select.name, "select")
            self.select_disabled = disabled or not a.get("name")
        elif tag == "option" and self.select is not None:
            self.option = []
            self.option_value = a.get("value")
            self.option_selected = "selected" in a and not disabled
        elif tag == "textarea":
            self.textarea = (a.get("name", "") if not disabled else "", [])
            if self.textarea[0]:
                self.form.kinds.setdefault(self.textarea[0], "textarea")
                if a.get("maxlength", "").isdigit():
                    self.form.maxlength[self.textarea[0]] = int(a["maxlength"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.error_depth:
            self.errors[-1] += data
        if self.option is not None:
            self.option.append(data)
        elif self.textarea is not None:
            self.textarea[1].append(data)

    def _close_option(self) -> None:
        if self.option is None or self.select is None:
            return
        text = "".join(self.option)
        value = self.option_value if self.option_value is not None else text.strip()
        self.select.options.append((value, self.option_selected))
        self.option = None

    def handle_endtag(self, tag: str) -> None:
        if self.error_depth:
            self.error_depth -= 1
        if tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None:
            self._close_option()
            if self.form is not None and not self.select_disabled:
                if not self.select.multiple:
                    self.form.options[self.select.name] = [v for v, _ in self.select.options]
                chosen = [v for v, selected in self.select.options if selected]
                if not self.select.multiple:
                    # The last marked option wins; with none marked, the first is shown.
                    chosen = chosen[-1:] or [v for v, _ in self.select.options[:1]]
                self.form.fields.extend((self.select.name, v) for v in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            text = "".join(parts)
            # The parser keeps the newline that follows <textarea>; a browser drops it, and
            # sends every line break as CRLF.
            text = text.removeprefix("\r\n").removeprefix("\n")
            text = re.sub(r"\r\n|\r|\n", "\r\n", text)
            if self.form is not None and name:
                self.form.fields.append((name, text))
            self.textarea = None
        elif tag == "form":
            self.form = None


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Page:
    forms: list[Form]
    errors: list[str]


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    errors = [" ".join(e.split()) for e in parser.errors]
    return Page(parser.forms, [e for e in errors if e])


def post_forms(html: str) -> list[Form]:
    return [f for f in parse(html).forms if f.method == "post"]


def stamped_form(body: str) -> dict[str, list[str]]:
    """What a browser sends, untouched, from the page's one form carrying an edit stamp."""
    (form,) = [f for f in post_forms(body) if f.hidden("stamp") is not None]
    return form.submission()


def conflict_text(body: str) -> str:
    """The edit conflict a refused page shows (core/_stamp.html)."""
    assert 'data-testid="edit-conflict"' in body, body
    return body.split('data-testid="edit-conflict">')[1].split("</div></div>")[0]
