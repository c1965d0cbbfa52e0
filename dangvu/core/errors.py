"""The one error type that domain actions raise for a user's mistake."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change. `message` is Vietnamese and says what to fix.

    `field` names the form field at fault, when there is one, so that a form can show the
    message beside it. Actions raise before writing, or inside a transaction that rolls
    back, so nothing is half-written.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class EditConflict(DomainError):
    """Someone else saved the record after the page was opened; nothing was written.

    The message names each field that changed, with what the page showed and what the
    record holds now. `fields` lists them; `field` stays empty, as the refusal is about the
    whole page and is shown at its top.
    """

    def __init__(self, message: str, fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.fields = list(fields or [])
