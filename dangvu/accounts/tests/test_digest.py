"""The e-mail digest of what falls due: its scope, its periods, its sending and its setting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.accounts import digest
from dangvu.accounts.models import DigestPreference
from dangvu.audit.models import AuditEvent
from dangvu.members.tests.factories import admit

MONDAY = dt.date(2025, 6, 2)
# Admitted a year before MONDAY: the ceremony a week later, so probation ends in June.
ADMITTED = dt.date(2024, 6, 10)
IDENTITY_GK1, PHONE_GK1 = "001090012345", "0912345678"
IDENTITY_GK2, PHONE_GK2 = "001090054321", "0987654321"
Frequency = DigestPreference.Frequency


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.DANGVU_SITE_URL = "https://dangvu.example.vn"


@pytest.fixture
def world(tree: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    """A probationary member in each of GK1 (C11) and GK2 (C21), with identity and phone
    numbers; the GK1 secretary and the C21 secretary with e-mail addresses."""
    one = admit(
        tree["C11"], ADMITTED, "Nguyễn Văn Một", identity_number=IDENTITY_GK1, phone=PHONE_GK1
    )
    two = admit(
        tree["C21"], ADMITTED, "Trần Thị Hai", identity_number=IDENTITY_GK2, phone=PHONE_GK2
    )
    for key, address in (("grassroots", "bithu.gk1@example.vn"), ("cell", "bithu.c21@example.vn")):
        cast[key].email = address
        cast[key].save(update_fields=["email"])
    return {"one": one, "two": two, **cast}


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_digests", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def mail_to(address: str) -> Any:
    found = [m for m in mail.outbox if m.to == [address]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def bodies(message: Any) -> str:
    return message.body + "\n" + "\n".join(str(c) for c, _ in message.alternatives)


class TestScope:
    def test_each_user_reads_only_their_own_members(self, world: dict[str, Any]) -> None:
        run("--date", MONDAY.isoformat())
        gk1 = bodies(mail_to("bithu.gk1@example.vn"))
        c21 = bodies(mail_to("bithu.c21@example.vn"))
        assert "Nguyễn Văn Một" in gk1 and "Trần Thị Hai" not in gk1
        assert "Trần Thị Hai" in c21 and "Nguyễn Văn Một" not in c21

    def test_no_identity_or_phone_number_is_ever_written(self, world: dict[str, Any]) -> None:
        run("--date", MONDAY.isoformat())
        assert len(mail.outbox) == 2
        for message in mail.outbox:
            text = bodies(message) + message.subject
            digits = re.sub(r"\D", "", text)
            for number in (IDENTITY_GK1, PHONE_GK1, IDENTITY_GK2, PHONE_GK2):
                assert number not in text
                assert number not in digits

    def test_a_number_reaching_a_line_is_masked(self) -> None:
        assert digest.scrub("Nguyễn Văn A 001090012345 — 0912 345 678") == (
            "Nguyễn Văn A ************ — ************"
        )
        assert digest.scrub("Số 12-QĐ/ĐUK ngày 02/06/2025") == "Số 12-QĐ/ĐUK ngày 02/06/2025"

    def test_it_is_in_vietnamese_with_text_and_html_parts_and_absolute_links(
        self, world: dict[str, Any]
    ) -> None:
        run("--date", MONDAY.isoformat())
        message = mail_to("bithu.gk1@example.vn")
        assert message.subject.startswith("Dangvu — việc cần làm ngày 02/06/2025")
        assert "Kính gửi đồng chí" in message.body
        assert "Hết thời hạn dự bị" in message.body
        assert "ĐẢNG BỘ SỞ Y TẾ" in message.body
        html, kind = message.alternatives[0]
        assert kind == "text/html"
        assert 'href="https://dangvu.example.vn/' in str(html)
        assert "https://dangvu.example.vn/accounts/digest/" in message.body
        links = re.findall(r"https?://\S+", message.body)
        assert links and all(link.startswith("https://dangvu.example.vn/") for link in links)

    def test_a_date_ahead_is_a_deadline_and_a_past_one_still_in_time_is_the_day(
        self, world: dict[str, Any]
    ) -> None:
        """The line of a probation ending ahead says «hạn …»; once it has ended but its
        confirmation is still within its working days, the line keeps the day it ended
        (never dropping the date, never calling it late)."""
        run("--date", MONDAY.isoformat())
        before = mail_to("bithu.gk1@example.vn").body
        ended = re.search(r"Nguyễn Văn Một — .*? — hạn (\d\d/\d\d/\d{4})", before)
        assert ended is not None, before
        end = dt.datetime.strptime(ended.group(1), "%d/%m/%Y").date()
        mail.outbox.clear()
        DigestPreference.objects.update(frequency=Frequency.DAILY, last_sent_on=None)
        run("--date", (end + dt.timedelta(days=1)).isoformat())
        after = mail_to("bithu.gk1@example.vn").body
        assert f"— {ended.group(1)}\n" in after
        assert f"hạn {ended.group(1)}" not in after
        assert "QUÁ HẠN" not in after.split("Nguyễn Văn Một", 1)[1].split("\n", 1)[0]

    def test_nothing_is_sent_when_nothing_is_due(
        self, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from dangvu.core import due

        monkeypatch.setattr(due, "due_for_user", lambda user, day, **kw: [(world, [])])
        out = run("--date", MONDAY.isoformat())
        assert mail.outbox == []
        assert "2 người không có việc đến hạn" in out


class TestWhoAndWhen:
    def test_users_without_address_inactive_or_without_scope_are_skipped(
        self, world: dict[str, Any]
    ) -> None:
        world["officer"].is_active = False
        world["officer"].email = "bantochuc@example.vn"
        world["officer"].save(update_fields=["is_active", "email"])
        world["nobody"].email = "khongvaitro@example.vn"
        world["nobody"].save(update_fields=["email"])
        out = run("--date", MONDAY.isoformat())
        assert sorted(m.to[0] for m in mail.outbox) == [
            "bithu.c21@example.vn",
            "bithu.gk1@example.vn",
        ]
        assert "1 người chưa có phạm vi" in out

    def test_weekly_is_once_a_week_and_daily_and_monthly_keep_their_periods(
        self, world: dict[str, Any]
    ) -> None:
        DigestPreference.objects.create(user=world["cell"], frequency=Frequency.DAILY)
        run("--date", MONDAY.isoformat())
        assert len(mail.outbox) == 2  # weekly by default, and daily
        run("--date", (MONDAY + dt.timedelta(days=1)).isoformat())
        assert [m.to[0] for m in mail.outbox[2:]] == ["bithu.c21@example.vn"]
        run("--date", (MONDAY + dt.timedelta(days=1)).isoformat())
        assert len(mail.outbox) == 3  # the same day again: nothing
        run("--date", (MONDAY + dt.timedelta(days=7)).isoformat())
        assert len(mail.outbox) == 5

    def test_monthly_waits_for_the_next_month_and_never_sends_nothing(
        self, world: dict[str, Any]
    ) -> None:
        DigestPreference.objects.create(user=world["grassroots"], frequency=Frequency.MONTHLY)
        DigestPreference.objects.create(user=world["cell"], frequency=Frequency.NEVER)
        run("--date", "2025-06-01")
        run("--date", "2025-06-16")
        assert [m.to[0] for m in mail.outbox] == ["bithu.gk1@example.vn"]
        run("--date", "2025-07-01")
        assert len(mail.outbox) == 2

    def test_only_the_user_asked(self, world: dict[str, Any]) -> None:
        run("--date", MONDAY.isoformat(), "--user", world["cell"].username)
        assert [m.to[0] for m in mail.outbox] == ["bithu.c21@example.vn"]

    def test_dry_run_sends_and_records_nothing_and_names_no_member(
        self, world: dict[str, Any]
    ) -> None:
        before = AuditEvent.objects.count()
        out = run("--date", MONDAY.isoformat(), "--dry-run")
        assert mail.outbox == []
        assert not DigestPreference.objects.exists()
        assert AuditEvent.objects.count() == before
        assert "Sẽ gửi cho bithu_gk1 <bithu.gk1@example.vn>" in out
        assert "Nguyễn Văn Một" not in out and "Trần Thị Hai" not in out

    def test_each_send_is_recorded_with_its_counts_and_no_member(
        self, world: dict[str, Any]
    ) -> None:
        run("--date", MONDAY.isoformat())
        preference = DigestPreference.objects.get(user=world["grassroots"])
        assert preference.last_sent_on == MONDAY and preference.last_sent_at is not None
        rows = AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT,
            object_type="user",
            object_id=str(world["grassroots"].pk),
        )
        assert rows.count() == 1
        note = rows.get().note
        assert "Gửi thư nhắc việc ngày 02/06/2025 đến bithu.gk1@example.vn" in note
        assert re.search(r"\d+ việc \(\d+ quá hạn\) ở 1 tổ chức", note)
        assert "Nguyễn Văn Một" not in note

    def test_one_failing_address_does_not_stop_the_others(
        self, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        real_send = EmailMultiAlternatives.send

        def send(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
            if self.to == ["bithu.c21@example.vn"]:
                raise OSError("Máy chủ thư từ chối")
            return real_send(self, fail_silently)

        monkeypatch.setattr(EmailMultiAlternatives, "send", send)
        with pytest.raises(CommandError, match="1 thư không gửi được"):
            run("--date", MONDAY.isoformat())
        assert [m.to[0] for m in mail.outbox] == ["bithu.gk1@example.vn"]
        assert not DigestPreference.objects.filter(
            user=world["cell"], last_sent_on__isnull=False
        ).exists()
        monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
        run("--date", MONDAY.isoformat())  # the failed one is sent on the next run
        assert [m.to[0] for m in mail.outbox] == ["bithu.gk1@example.vn", "bithu.c21@example.vn"]

    @pytest.mark.parametrize("bad", ["07/12/2026", "2026-13-01", "hôm nay"])
    def test_a_bad_date_is_refused_in_words(self, db: None, bad: str) -> None:
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            run("--date", bad)

    def test_an_unknown_user_is_refused(self, db: None) -> None:
        with pytest.raises(CommandError, match="Không có người dùng"):
            run("--user", "khongco")

    def test_without_the_site_address_nothing_is_sent(
        self, world: dict[str, Any], settings: Any
    ) -> None:
        settings.DANGVU_SITE_URL = ""
        with pytest.raises(CommandError, match="DANGVU_SITE_URL"):
            run("--date", MONDAY.isoformat())
        assert mail.outbox == []


class TestPeriods:
    @pytest.mark.parametrize(
        ("frequency", "day", "start"),
        [
            (Frequency.DAILY, dt.date(2025, 6, 4), dt.date(2025, 6, 4)),
            (Frequency.WEEKLY, dt.date(2025, 6, 4), dt.date(2025, 6, 2)),
            (Frequency.WEEKLY, dt.date(2025, 6, 2), dt.date(2025, 6, 2)),
            (Frequency.MONTHLY, dt.date(2025, 6, 30), dt.date(2025, 6, 1)),
            (Frequency.NEVER, dt.date(2025, 6, 30), None),
        ],
    )
    def test_the_period_of_a_day(self, frequency: str, day: dt.date, start: Any) -> None:
        assert digest.period_start(frequency, day) == start


def login(client: Client, user: Any) -> None:
    client.force_login(user)


class TestTheSetting:
    def test_the_account_page_shows_the_choice_with_the_default(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        login(client, world["grassroots"])
        page = client.get(reverse("accounts:security")).content.decode()
        assert 'id="thu-nhac-viec"' in page
        assert re.search(r'value="WEEKLY"[^>]*checked', page)
        assert 'value="bithu.gk1@example.vn"' in page

    def test_a_user_without_address_sees_not_receiving(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        login(client, cast["viewer"])
        page = client.get(reverse("accounts:digest")).content.decode()
        assert re.search(r'value="NEVER"[^>]*checked', page)

    def test_it_accepts_what_it_displays(self, client: Client, cast: dict[str, Any]) -> None:
        login(client, cast["viewer"])
        response = client.post(reverse("accounts:digest"), {"frequency": "NEVER", "email": ""})
        assert response.status_code == 302
        assert response["Location"].endswith("#thu-nhac-viec")
        assert DigestPreference.objects.get(user=cast["viewer"]).frequency == Frequency.NEVER

    def test_it_saves_the_choice_and_the_address_and_records_them(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        user = cast["viewer"]
        login(client, user)
        response = client.post(
            reverse("accounts:digest"), {"frequency": "DAILY", "email": "xem@example.vn"}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.email == "xem@example.vn"
        assert user.digest_preference.frequency == Frequency.DAILY
        assert AuditEvent.objects.filter(
            object_type="user", object_id=str(user.pk), note="Đổi cách nhận thư nhắc việc"
        ).exists()

    def test_receiving_needs_an_address(self, client: Client, cast: dict[str, Any]) -> None:
        login(client, cast["viewer"])
        response = client.post(reverse("accounts:digest"), {"frequency": "WEEKLY", "email": ""})
        assert response.status_code == 200
        assert "hãy nhập địa chỉ thư điện tử" in response.content.decode()
        assert not DigestPreference.objects.exists()

    def test_it_needs_a_login(self, client: Client, db: None) -> None:
        response = client.get(reverse("accounts:digest"))
        assert response.status_code == 302 and "login" in response["Location"]

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        frequency=st.one_of(
            st.sampled_from(["NEVER", "DAILY", "WEEKLY", "MONTHLY", "", "weekly", "X" * 300]),
            st.text(max_size=40),
        ),
        email=st.one_of(
            st.emails().map(str),
            st.text(max_size=300),
            st.sampled_from(["a@b", "x\x00@example.vn", "@", "a" * 250 + "@example.vn"]),
        ),
    )
    def test_junk_never_answers_500(
        self, client: Client, cast: dict[str, Any], frequency: str, email: str
    ) -> None:
        login(client, cast["viewer"])
        response = client.post(reverse("accounts:digest"), {"frequency": frequency, "email": email})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert 'data-testid="field-error"' in response.content.decode()


class TestDemo:
    def test_the_demo_administrator_receives_the_weekly_digest_at_a_reserved_address(
        self, db: None, tmp_path: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from io import StringIO

        from dangvu.core.management.commands import bootstrap

        settings.VAR_DIR = tmp_path
        monkeypatch.setattr(bootstrap, "call_command", lambda *a, **kw: None)  # the seed
        call_command("bootstrap", stdout=StringIO())
        preference = DigestPreference.objects.get()
        assert preference.frequency == Frequency.WEEKLY
        assert preference.user.email == "quantri@example.invalid"

    def test_users_without_an_address_get_none(self, cast: dict[str, Any]) -> None:
        from dangvu.accounts.demo import seed_digest_preferences

        cast["viewer"].email = "xem@example.vn"
        cast["viewer"].save(update_fields=["email"])
        assert seed_digest_preferences() == len(cast)
        frequencies = dict(DigestPreference.objects.values_list("user__username", "frequency"))
        assert frequencies.pop("xem") == Frequency.WEEKLY
        assert set(frequencies.values()) == {Frequency.NEVER}
        assert seed_digest_preferences() == 0
