"""The users of the load test: what a committee's staff and its cells do in a working day.

Run by bench/load/run.py, which prepares the database, the accounts and the plan file
(DANGVU_LOAD_PLAN) this file reads: who signs in, which members and organisations each
may open, which report to download and which file to import.

The application runs as in production: behind a TLS proxy, so every request says it came
over HTTPS (X-Forwarded-Proto) and sends an Origin, as a browser behind the proxy does;
its cookies are Secure, which a client speaking plain HTTP to the WSGI server would
otherwise keep to itself, so they are set on the session as plain ones.
"""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, constant, task
from locust.exception import StopUser

with open(os.environ["DANGVU_LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN: dict[str, Any] = json.load(plan_file)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Names that begin like those of real members: the member list's search.
SEARCHES = ["nguyen", "tran van", "le thi", "pham", "hoang", "vu", "dang van", "bui thi"]


class Staff(HttpUser):
    """One signed-in person; subclasses say who and what they do."""

    abstract = True
    # A person reads a page before the next: 1 to 5 seconds (none when timing one user
    # alone, DANGVU_LOAD_ALONE).
    wait_time = constant(0) if os.environ.get("DANGVU_LOAD_ALONE") else between(1, 5)
    role = ""

    def on_start(self) -> None:
        accounts = PLAN["accounts"][self.role]
        self.account = random.choice(accounts)
        origin = self.host.replace("http://", "https://").rstrip("/")
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"}
        )
        page = self.client.get("/accounts/login/", name="sign in (form)")
        self._keep_cookies(page)
        response = self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self._token(page.text),
            },
            allow_redirects=False,
            name="sign in",
        )
        self._keep_cookies(response)
        if response.status_code != 302:
            raise StopUser()

    def _keep_cookies(self, response: Any) -> None:
        for cookie in [*getattr(response, "history", []), response]:
            for item in cookie.cookies:
                self.client.cookies.set(item.name, item.value)

    @staticmethod
    def _token(html: str) -> str:
        found = CSRF_RE.search(html)
        return found.group(1) if found else ""

    def get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
            elif "/accounts/login/" in response.url:
                response.failure(f"signed out on {url}")
            return response

    # What everyone does.
    def home(self) -> None:
        self.get("/", "home page")

    def members(self) -> None:
        page = random.randint(1, self.account["member_pages"])
        self.get(f"/members/?to_chuc={self.account['org_code']}&trang={page}", "member list")

    def search(self) -> None:
        q = random.choice(SEARCHES)
        self.get(f"/members/?to_chuc={self.account['org_code']}&q={q}", "member search")

    def member(self) -> None:
        self.get(f"/members/{random.choice(self.account['member_ids'])}/", "member")


class CommitteeOffice(Staff):
    """The Organisation Board of the committee: the whole tree."""

    role = "office"
    weight = 3

    @task(3)
    def t_home(self) -> None:
        self.home()

    @task(5)
    def t_members(self) -> None:
        self.members()

    @task(5)
    def t_search(self) -> None:
        self.search()

    @task(8)
    def t_member(self) -> None:
        self.member()

    @task(2)
    def t_due(self) -> None:
        self.get("/members/due/", "due lists")

    @task(2)
    def t_orgs(self) -> None:
        self.get("/orgs/", "organisations")

    @task(1)
    def t_report(self) -> None:
        report = PLAN["report"]
        self.get(
            f"/reports/annual/tai-ve/xlsx/?to_chuc={report['org_code']}&nam={report['year']}",
            "report download (Excel, grassroots committee)",
        )

    @task(1)
    def t_import(self) -> None:
        """A small file checked, then written (the same file again: nothing changes)."""
        upload = "/import/commendations/"
        form = self.get(upload, "import (form)")
        response = self.client.post(
            upload,
            data={"csrfmiddlewaretoken": self._token(form.text)},
            files={"file": ("khen-thuong.csv", PLAN["import_csv"].encode("utf-8"), "text/csv")},
            name="import (check)",
        )
        match = re.search(r"/import/jobs/(\d+)/", response.url)
        if response.status_code != 200 or not match:
            return
        job = f"/import/jobs/{match.group(1)}/"
        self.client.post(
            job + "commit/",
            data={"csrfmiddlewaretoken": self._token(response.text)},
            name="import (write)",
        )


class CellSecretary(Staff):
    """The secretary of one cell: its members, its records, the home page."""

    role = "cell"
    weight = 6

    @task(4)
    def t_home(self) -> None:
        self.home()

    @task(3)
    def t_members(self) -> None:
        self.members()

    @task(4)
    def t_member(self) -> None:
        self.member()

    @task(1)
    def t_meetings(self) -> None:
        self.get("/meetings/danh-sach/", "meetings")


class GrassrootsSecretary(Staff):
    """The secretary of a grassroots committee: records its commendations, reads its tree."""

    role = "grassroots"
    weight = 2

    @task(3)
    def t_home(self) -> None:
        self.home()

    @task(3)
    def t_members(self) -> None:
        self.members()

    @task(3)
    def t_search(self) -> None:
        self.search()

    @task(4)
    def t_member(self) -> None:
        self.member()

    @task(1)
    def t_record(self) -> None:
        """Record a commendation of the committee itself: the form, then the write."""
        url = "/office/commendations/new/"
        form = self.get(url, "commendation (form)")
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": self._token(form.text),
                "organisation": self.account["org_code"],
                "person_name": "",
                "reason": PLAN["commendation_reason"],
                "level": "Ban Thường vụ Đảng ủy",
                "decision_number": "",
                "decision_date": PLAN["today"],
                "note": "Ghi trong phép thử tải",
            },
            allow_redirects=False,
            name="commendation (write)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved ({response.status_code})")
