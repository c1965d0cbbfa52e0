"""The e-mail digest: what falls due in a user's scope, sent as often as they chose.

The content is `dangvu.core.due.due_for_user` (the home page's due items), grouped by the
top organisations of the user's scope, most urgent first; nothing is sent when nothing is
due. It names members by name only: due lines never carry identity or phone numbers, and
any long run of digits that reaches a line anyway is masked here (`scrub`).

Periods: a daily digest is made once a day, a weekly one once in a week starting on Monday,
a monthly one once in a month: the first run of the command in the period (Monday and the
1st when the timer runs daily). `DigestPreference.last_sent_on` is the day of the last
digest made, sent or with nothing to send, so a period is never covered twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dangvu.accounts.models import DigestPreference
from dangvu.audit import log as audit
from dangvu.lib.vnformat import fmt_date, fmt_number

logger = logging.getLogger(__name__)

Frequency = DigestPreference.Frequency
WITHIN_DAYS = 30
LINES_PER_GROUP = 5

# Nine or more digits in a row (an identity card number has 9 or 12, a phone 10 or 11),
# spaces or dots allowed between them: masked whatever line carries them.
LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[ .]?\d){8,}(?!\d)")


def scrub(text: str) -> str:
    """`text` with any identity-like or phone-like number replaced by asterisks."""
    return LONG_NUMBER.sub(lambda m: "*" * len(m.group()), text)


def period_start(frequency: str, day: dt.date) -> dt.date | None:
    """The first day of the period of `day` for a frequency (None: never)."""
    if frequency == Frequency.DAILY:
        return day
    if frequency == Frequency.WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1)
    return None


def preference_of(user: Any) -> DigestPreference:
    """The user's preference, unsaved with the default when they never chose."""
    try:
        return user.digest_preference
    except DigestPreference.DoesNotExist:
        return DigestPreference(user=user, frequency=DigestPreference.DEFAULT)


def already_made(preference: DigestPreference, day: dt.date) -> bool:
    """Whether the period of `day` has had its digest (or the user wants none)."""
    start = period_start(preference.frequency, day)
    if start is None:
        return True
    return preference.last_sent_on is not None and preference.last_sent_on >= start


def recipients(username: str = "") -> QuerySet[Any]:
    """Active users with an e-mail address (only `username` when given)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .select_related("digest_preference")
        .order_by("username")
    )
    return users.filter(username=username) if username else users


@dataclass(frozen=True)
class Line:
    text: str
    due: str  # "hạn 10/12/2026" for a deadline, else the day ("10/11/2026"), or ""
    overdue: bool
    url: str


@dataclass(frozen=True)
class Group:
    label: str
    count: int
    overdue: int
    url: str
    lines: tuple[Line, ...]
    more: int


@dataclass(frozen=True)
class Section:
    name: str
    groups: tuple[Group, ...]
    overdue: int
    first_due: dt.date | None


@dataclass(frozen=True)
class Digest:
    user: Any
    day: dt.date
    sections: tuple[Section, ...]
    count: int
    overdue: int

    @property
    def subject(self) -> str:
        parts = []
        if self.overdue:
            parts.append(f"{fmt_number(self.overdue)} việc quá hạn")
        if self.count - self.overdue:
            parts.append(f"{fmt_number(self.count - self.overdue)} việc đến hạn")
        return f"Dangvu — việc cần làm ngày {fmt_date(self.day)}: {', '.join(parts)}"

    def summary(self) -> str:
        """Counts only (never a name): for the dry run and the audit trail."""
        return (
            f"{fmt_number(self.count)} việc ({fmt_number(self.overdue)} quá hạn) ở "
            f"{fmt_number(len(self.sections))} tổ chức"
        )


def absolute(url: str) -> str:
    return f"{settings.DANGVU_SITE_URL}{url}" if url.startswith("/") else url


def _ahead(line: Any, day: dt.date) -> bool:
    return line.due is not None and (line.overdue or line.due >= day)


def compose(
    user: Any, day: dt.date, *, within_days: int = WITHIN_DAYS, limit: int = LINES_PER_GROUP
) -> Digest | None:
    """The user's digest for `day`, None when nothing is due in their scope."""
    from dangvu.core.due import due_for_user

    sections: list[Section] = []
    for org, groups in due_for_user(user, day, within_days=within_days, limit=limit):
        if not groups:
            continue
        shown = tuple(
            Group(
                label=scrub(g.label),
                count=g.count,
                overdue=g.overdue,
                url=absolute(g.url),
                lines=tuple(
                    Line(
                        scrub(line.text),
                        # A date still ahead, or missed, is a deadline ("hạn …"); a past
                        # date that is not late (the end of a probation, whose confirmation
                        # is still within its days) is written as the day it was.
                        (f"hạn {fmt_date(line.due)}" if _ahead(line, day) else fmt_date(line.due))
                        if line.due is not None
                        else "",
                        line.overdue,
                        absolute(line.url),
                    )
                    for line in g.lines[:limit]
                ),
                more=max(0, g.count - min(len(g.lines), limit)),
            )
            for g in groups
        )
        dates = [g.first_due for g in groups if g.first_due is not None]
        sections.append(
            Section(
                name=scrub(org.name),
                groups=shown,
                overdue=sum(g.overdue for g in groups),
                first_due=min(dates, default=None),
            )
        )
    if not sections:
        return None
    # Most urgent first: organisations with the most overdue, then the earliest due.
    sections.sort(key=lambda s: (-s.overdue, s.first_due or dt.date.max, s.name))
    count = sum(g.count for s in sections for g in s.groups)
    overdue = sum(s.overdue for s in sections)
    return Digest(user, day, tuple(sections), count, overdue)


def message(digest: Digest, connection: Any = None) -> EmailMultiAlternatives:
    """The e-mail of a digest, text and HTML."""
    user = digest.user
    context = {
        "digest": digest,
        "name": user.get_full_name() or user.get_username(),
        "day": fmt_date(digest.day),
        "within_days": WITHIN_DAYS,
        "site_url": settings.DANGVU_SITE_URL,
        "settings_url": absolute(reverse("accounts:digest")),
    }
    text = render_to_string("accounts/digest_email.txt", context)
    html = render_to_string("accounts/digest_email.html", context)
    mail = EmailMultiAlternatives(
        subject=digest.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
    )
    mail.attach_alternative(html, "text/html")
    return mail


def do_mark_made(user: Any, day: dt.date, *, sent: Digest | None) -> DigestPreference:
    """Record that the period of `day` had its digest; a sent one also in the audit trail
    (its counts, never a name)."""
    preference = preference_of(user)
    preference.last_sent_on = day
    fields = ["last_sent_on"]
    if sent is not None:
        preference.last_sent_at = timezone.now()
        fields.append("last_sent_at")
    if preference.pk is None:
        preference.save()
    else:
        preference.save(update_fields=fields)
    if sent is not None:
        audit.record(
            audit.AuditEvent.Action.EXPORT,
            user=None,
            obj=user,
            note=(f"Gửi thư nhắc việc ngày {fmt_date(day)} đến {user.email}: {sent.summary()}"),
        )
    return preference


def do_set_digest_preference(user: Any, *, frequency: str, email: str) -> DigestPreference:
    """Save the user's choice (and their address, whose change the user signals record)."""
    preference = preference_of(user)
    before = preference.get_frequency_display() if preference.pk else ""
    preference.frequency = frequency
    if preference.pk is None:
        preference.save()
    else:
        preference.save(update_fields=["frequency"])
    if email != user.email:
        user.email = email
        user.save(update_fields=["email"])
    after = preference.get_frequency_display()
    if before != after:
        audit.record(
            audit.UPDATE,
            user=user,
            obj=user,
            before={"nhận thư nhắc việc": before} if before else None,
            after={"nhận thư nhắc việc": after},
            note="Đổi cách nhận thư nhắc việc",
        )
    return preference


@dataclass
class Outcome:
    sent: list[tuple[Any, Digest]]
    nothing_due: list[Any]
    not_this_period: list[Any]
    no_scope: list[Any]
    failed: list[tuple[Any, str]]


def send_digests(
    day: dt.date, users: Iterable[Any], *, dry_run: bool = False, connection: Any = None
) -> Outcome:
    """Make and send the digests of `day` to `users`; one failing address does not stop
    the others (it is logged and reported in the outcome)."""
    from dangvu.accounts.scoping import top_organisations

    outcome = Outcome([], [], [], [], [])
    for user in users:
        preference = preference_of(user)
        if already_made(preference, day):
            outcome.not_this_period.append(user)
            continue
        if not top_organisations(user):
            outcome.no_scope.append(user)
            continue
        digest = compose(user, day)
        if digest is None:
            outcome.nothing_due.append(user)
            if not dry_run:
                do_mark_made(user, day, sent=None)
            continue
        if dry_run:
            outcome.sent.append((user, digest))
            continue
        try:
            message(digest, connection).send()
        except Exception as error:  # an SMTP refusal, a timeout: the next user still gets theirs
            logger.exception("Không gửi được thư nhắc việc đến %s", user.email)
            outcome.failed.append((user, f"{type(error).__name__}: {error}"))
            continue
        do_mark_made(user, day, sent=digest)
        outcome.sent.append((user, digest))
    return outcome
