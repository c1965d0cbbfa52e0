"""Records of the board written through the real actions (no model factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.education import actions
from dangvu.education.models import Conference, PoliticalClass
from dangvu.members.candidates import do_register_candidate
from dangvu.members.models import AdmissionCandidate
from dangvu.members.tests.factories import person
from dangvu.orgs.models import Organisation


def klass(
    org: Organisation,
    start: dt.date,
    end: dt.date,
    kind: str = PoliticalClass.Kind.NEW_MEMBER,
    name: str = "Lớp đảng viên mới",
) -> PoliticalClass:
    return actions.do_create_class(
        kind=kind, name=name, organiser=org, start_date=start, end_date=end, acting_user=None
    )


def conference(
    org: Organisation, day: dt.date, attendance: int, kind: str = Conference.Kind.INFO
) -> Conference:
    return actions.do_create_conference(
        kind=kind,
        title=f"Hội nghị {day:%d/%m/%Y}",
        date=day,
        organiser=org,
        attendance=attendance,
        acting_user=None,
    )


def candidate(org: Organisation, day: dt.date, **kw: Any) -> AdmissionCandidate:
    return do_register_candidate(
        person(**kw), organisation=org, registered_on=day, acting_user=None
    )
