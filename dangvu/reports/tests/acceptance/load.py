"""Load the acceptance data: every file through its import, in order, as an administrator.

The few records that no import kind takes (`build.GAPS`) go through the apps' actions,
exactly as the pages that record them do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.orgs.models import Organisation
from dangvu.reports.tests.acceptance.build import Data, File, Step, write


def load(data: Data, directory: Path, user: Any) -> list[Report]:
    """Import every file of `data` (written to `directory`) and apply its steps."""
    paths = iter(write(data, directory))
    reports = []
    for item in data.files:
        if isinstance(item, Step):
            STEPS[item.gap](item.payload, user)
            continue
        assert isinstance(item, File)
        path = next(paths)
        report = run_import(
            get_kind(item.kind),
            path.read_bytes(),
            path.name,
            user=user,
            scope=Organisation.objects.all(),
            commit=True,
        )
        assert report.ok and report.committed, "\n".join([path.name, *report.lines()[:30]])
        assert report.created == len(item.rows), (path.name, report.lines()[:5])
        reports.append(report)
    return reports


def _learners(payload: dict[str, Any], user: Any) -> None:
    from dangvu.education.actions import do_add_learner
    from dangvu.education.models import PoliticalClass
    from dangvu.members.models import AdmissionCandidate, Member

    klass = PoliticalClass.objects.get(name=payload["klass"], start_date=payload["start"])
    for ident in payload.get("candidates", []):
        candidate = AdmissionCandidate.objects.get(identity_number=ident)
        do_add_learner(klass, candidate=candidate, completed=True, acting_user=user)
    for ident in payload.get("members", []):
        member = Member.objects.get(identity_number=ident)
        do_add_learner(klass, member=member, completed=True, acting_user=user)


def _resolutions(payload: dict[str, Any], user: Any) -> None:
    from dangvu.education.actions import do_create_resolution

    for number, name, issued_on in payload["items"]:
        do_create_resolution(
            name=name,
            number=number,
            issuing_body="Ban Chấp hành Trung ương Đảng",
            issued_on=issued_on,
            term="XIII",
            acting_user=user,
        )


def _contests(payload: dict[str, Any], user: Any) -> None:
    from dangvu.education.actions import do_create_contest

    do_create_contest(
        name=payload["name"],
        organiser=Organisation.objects.get(code="DBK"),
        start_date=payload["start"],
        end_date=payload["end"],
        acting_user=user,
    )


def _programmes(payload: dict[str, Any], user: Any) -> None:
    from dangvu.inspection.actions import do_add_programme_item, do_create_programme

    programme = do_create_programme(
        organisation=Organisation.objects.get(code=payload["organisation"]),
        level=payload["level"],
        board_name=payload.get("board_name", ""),
        year=payload["year"],
        title=payload["title"],
        acting_user=user,
    )
    for kind, title in payload["items"]:
        do_add_programme_item(programme, kind=kind, title=title, acting_user=user)


def _acting(payload: dict[str, Any], user: Any) -> None:
    from dangvu.members.models import Member
    from dangvu.personnel.actions import do_assign_acting

    for item in payload["items"]:
        do_assign_acting(
            organisation=Organisation.objects.get(code=item["organisation"]),
            member=Member.objects.get(identity_number=item["identity"]),
            kind=item["kind"],
            post=item["post"],
            start_date=item["day"],
            decision_date=item["day"],
            decision_number=item["number"],
            acting_user=user,
        )


STEPS = {
    "learners": _learners,
    "resolutions": _resolutions,
    "contests": _contests,
    "programmes": _programmes,
    "acting": _acting,
}
