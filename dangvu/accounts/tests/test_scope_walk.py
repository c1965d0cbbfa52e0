"""Walk every URL of the project as a user of one subtree and try to reach another's.

Each URL that takes an identifier is declared below with how to name an object of the
user's own subtree and one of another subtree. The own object must be reachable (so the
declaration is right) and the foreign one must answer 404, for GET and POST alike — the
same answer as for a missing object. A URL added to the project without a declaration
fails this test: the author must say how its objects are scoped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from dangvu.accounts.models import Role
from dangvu.core.models import ImportJob
from dangvu.members import candidates
from dangvu.members.tests.factories import existing, person

pytestmark = pytest.mark.django_db

# URL name -> kwargs builders: (own object, foreign object). Values are fixture keys.
OBJECT_URLS: dict[str, dict[str, tuple[str, str]]] = {
    "core:import_job": {"pk": ("job_own", "job_foreign")},
    "core:import_commit": {"pk": ("job_own", "job_foreign")},
    # An output job is seen by its asker only (and by administrators).
    "core:output_job": {"pk": ("output_own", "output_foreign")},
    "core:output_job_file": {"pk": ("output_own", "output_foreign")},
    "orgs:detail": {"code": ("org_own", "org_foreign")},
    "orgs:children": {"code": ("org_own", "org_foreign")},
    "orgs:rename": {"code": ("org_own", "org_foreign")},
    "orgs:move": {"code": ("org_own", "org_foreign")},
    "orgs:convert": {"code": ("org_own", "org_foreign")},
    "orgs:merge": {"code": ("org_own", "org_foreign")},
    "orgs:split": {"code": ("org_own", "org_foreign")},
    "orgs:dissolve": {"code": ("org_own", "org_foreign")},
    "orgs:unit_type": {"code": ("org_own", "org_foreign")},
    "reports:template": {"code": ("org_own", "org_foreign")},
    "reports:template_download": {"code": ("org_own", "org_foreign")},
    "reports:issue": {"code": ("org_own", "org_foreign")},
    "reports:issued_detail": {"pk": ("issued_own", "issued_foreign")},
    "reports:issued_file": {"pk": ("issued_own", "issued_foreign"), "fmt": ("json", "json")},
    "members:candidate": {"pk": ("candidate_own", "candidate_foreign")},
    "members:candidate_edit": {"pk": ("candidate_own", "candidate_foreign")},
    "members:detail": {"pk": ("member_own", "member_foreign")},
    "members:edit": {"pk": ("member_own", "member_foreign")},
    "members:reveal": {
        "pk": ("member_own", "member_foreign"),
        "field": ("identity_number", "identity_number"),
    },
    "members:event": {"pk": ("member_own", "member_foreign"), "kind": ("MOVED", "MOVED")},
    "members:void": {"pk": ("event_own", "event_foreign")},
    "office:commendation": {"pk": ("commendation_own", "commendation_foreign")},
    "education:class": {"pk": ("class_own", "class_foreign")},
    "education:learner_complete": {"pk": ("learner_own", "learner_foreign")},
    "education:conference": {"pk": ("conference_own", "conference_foreign")},
    "education:contest": {"pk": ("contest_own", "contest_foreign")},
    "education:void": {
        "kind": ("conference", "conference"),
        "pk": ("conference_own", "conference_foreign"),
    },
    "office:void": {
        "kind": ("commendation", "commendation"),
        "pk": ("commendation_own", "commendation_foreign"),
    },
    "office:massorg": {"pk": ("massorg_own", "massorg_foreign")},
    "office:congress_create": {"pk": ("massorg_own", "massorg_foreign")},
    "office:rating_create": {"pk": ("massorg_own", "massorg_foreign")},
    "inspection:programme": {"pk": ("programme_own", "programme_foreign")},
    "inspection:inspection": {"pk": ("inspection_own", "inspection_foreign")},
    "inspection:inspection_status": {"pk": ("inspection_own", "inspection_foreign")},
    "inspection:inspection_conclude": {"pk": ("inspection_own", "inspection_foreign")},
    "inspection:discipline": {"pk": ("discipline_own", "discipline_foreign")},
    "inspection:complaint": {"pk": ("complaint_own", "complaint_foreign")},
    "inspection:void": {
        "kind": ("complaint", "complaint"),
        "pk": ("complaint_own", "complaint_foreign"),
    },
    "office:plan": {"pk": ("plan_own", "plan_foreign")},
    "office:target_create": {"pk": ("plan_own", "plan_foreign")},
    "office:task_create": {"pk": ("plan_own", "plan_foreign")},
    "office:plan_issue": {"pk": ("plan_own", "plan_foreign")},
    "office:plan_close": {"pk": ("plan_own", "plan_foreign")},
    "office:document": {"pk": ("document_own", "document_foreign")},
}
# Resolutions are issued by the Central Committee and the province: one list shared by
# every organisation; only the study returns on a resolution's page are scoped (checked in
# the education tests).
SHARED_URLS = {"education:resolution": {"pk": "resolution"}}
# URLs whose identifier names a kind of record, not a record: nothing to scope.
KIND_URLS = {
    "core:import_upload": {"code": "members"},
    "core:import_template": {"code": "members"},
    # The organisation is a query parameter, resolved through scoping (tested in reports).
    "reports:annual_download": {"fmt": "json"},
}
# URLs without identifiers: lists and forms. Their pages must not show the other subtree.
LIST_URLS = {
    "core:home",
    "core:import",
    "core:output_jobs",
    "orgs:tree",
    "orgs:list",
    "orgs:lookup",
    "orgs:restructurings",
    "orgs:create",
    "members:list",
    "members:due",
    "members:admit",
    "members:existing",
    "members:transfer_in",
    "members:candidates",
    "members:candidate_create",
    "audit:search",
    "reports:figures",
    "reports:annual",
    "reports:issued",
    "office:commendations",
    "office:commendation_create",
    "office:massorgs",
    "office:massorg_create",
    "office:congresses",
    "office:ratings",
    "office:plans",
    "office:plan_create",
    "office:plan_actual",
    "office:documents",
    "office:document_create",
    "office:document_next",
    "education:classes",
    "education:class_create",
    "education:conferences",
    "education:conference_create",
    "education:resolutions",
    "education:resolution_create",
    "education:contests",
    "education:contest_create",
    "inspection:inspections",
    "inspection:inspection_create",
    "inspection:programmes",
    "inspection:programme_create",
    "inspection:disciplines",
    "inspection:discipline_create",
    "inspection:complaints",
    "inspection:complaint_create",
    "inspection:complaints_due",
}
# Administrators' pages: 404 for everyone else (tested in test_users_and_roles.py).
ADMIN_URLS = {"accounts:users", "accounts:user", "accounts:user_active", "accounts:role_revoke"}

# The vocabularies and the administrative units are one list for every organisation: every
# user reads them; only administrators add or end a value (404 for everyone else, tested in
# dangvu/vocab/tests/test_views.py).
LIST_URLS |= {"vocab:index", "vocab:units"}
# The districts and communes of one province, for a record's place box: public
# administrative data, the same for every signed-in user.
LIST_URLS |= {"members:place_units"}
KIND_URLS |= {
    "vocab:values": {"vocabulary": "dan-toc"},
    "vocab:add": {"vocabulary": "dan-toc"},
}
ADMIN_URLS |= {"vocab:retire"}
# Authentication pages, reachable before login by design.
PUBLIC_URLS = {
    "accounts:login",
    "accounts:login_code",
    "accounts:logout",
    "accounts:security",
    "accounts:password_change",
    "accounts:admin_login",
    # The user's own choice of digest: no object, no one else's data.
    "accounts:digest",
}


# Personnel work hangs on an organisation: committees (and their seats and decisions) on
# the organisation they belong to, evaluations on the person's organisation.
OBJECT_URLS |= {
    "personnel:committee": {"pk": ("pcommittee_own", "pcommittee_foreign")},
    "personnel:seat_create": {"pk": ("pcommittee_own", "pcommittee_foreign")},
    "personnel:decision_create": {"pk": ("pcommittee_own", "pcommittee_foreign")},
    "personnel:seat_end": {"pk": ("pseat_own", "pseat_foreign")},
    "personnel:decision": {"pk": ("pdecision_own", "pdecision_foreign")},
    "personnel:record": {
        "kind": ("evaluation", "evaluation"),
        "pk": ("pevaluation_own", "pevaluation_foreign"),
    },
    "personnel:void": {
        "kind": ("evaluation", "evaluation"),
        "pk": ("pevaluation_own", "pevaluation_foreign"),
    },
    "personnel:record_end": {
        "kind": ("acting", "acting"),
        "pk": ("pacting_own", "pacting_foreign"),
    },
}
LIST_URLS |= {
    "personnel:committees",
    "personnel:committee_create",
    "personnel:seats",
    "personnel:decisions",
    "personnel:acting",
    "personnel:acting_create",
    "personnel:evaluations",
    "personnel:evaluation_create",
    "personnel:conclusions",
    "personnel:conclusion_create",
    "personnel:attendances",
    "personnel:attendance_create",
}


# Party dues hang on the collecting cell (payments), the sending organisation
# (remittances; acknowledged by the recipient) and the member (bases). The month page is
# a cell's, named by its code.
OBJECT_URLS |= {
    "dues:month": {"code": ("org_own", "org_foreign")},
    "dues:basis": {"pk": ("dues_basis_own", "dues_basis_foreign")},
    "dues:payment": {"pk": ("dues_payment_own", "dues_payment_foreign")},
    "dues:remittance": {"pk": ("dues_remittance_own", "dues_remittance_foreign")},
    "dues:acknowledge": {"pk": ("dues_remittance_own", "dues_remittance_foreign")},
    "dues:void": {
        "kind": ("payment", "payment"),
        "pk": ("dues_payment_own", "dues_payment_foreign"),
    },
    "dues:book": {"code": ("org_own", "org_foreign")},
}
LIST_URLS |= {
    "dues:collect",
    "dues:bases",
    "dues:basis_create",
    "dues:payments",
    "dues:payment_create",
    "dues:remittances",
    "dues:remittance_create",
    "dues:due",
    "dues:report",
}
# Record values matching no vocabulary value: the user's subtree, chosen by ?to_chuc=.
LIST_URLS |= {"members:unresolved"}
# The rating's read side: pages of the user's subtree, chosen by ?to_chuc=.
LIST_URLS |= {"rating:results", "rating:by_grade", "rating:due"}
# The rating process: a round hangs on the committee that opened it, a cell's page, the
# grassroots decision and the superior's page on the organisation named by its code, a
# member's rating on its cell, an organisation's on the organisation rated.
OBJECT_URLS |= {
    "rating:round": {"pk": ("rating_round_own", "rating_round_foreign")},
    "rating:cell": {"code": ("org_own", "org_foreign")},
    "rating:decide": {"code": ("org_own", "org_foreign")},
    "rating:organisations": {"code": ("org_own", "org_foreign")},
    "rating:member": {"pk": ("member_rating_own", "member_rating_foreign")},
    "rating:member_correct": {"pk": ("member_rating_own", "member_rating_foreign")},
    "rating:organisation": {"pk": ("org_rating_own", "org_rating_foreign")},
    "rating:org_correct": {"pk": ("org_rating_own", "org_rating_foreign")},
}
LIST_URLS |= {"rating:rounds", "rating:member_ratings", "rating:org_ratings"}
# The congresses' read side: a season's progress and the terms due, of the user's subtree.
LIST_URLS |= {"congresses:progress", "congresses:due"}
# The meetings' read side: the quality table and the due lists of the user's subtree.
LIST_URLS |= {"meetings:quality", "meetings:due"}

# Congresses and terms hang on the organisation that holds them; a congress's forms and
# documents on its congress.
OBJECT_URLS |= {
    "congresses:congress": {"pk": ("congress_own", "congress_foreign")},
    "congresses:reschedule": {"pk": ("congress_own", "congress_foreign")},
    "congresses:delegates": {"pk": ("congress_own", "congress_foreign")},
    "congresses:results": {"pk": ("congress_own", "congress_foreign")},
    "congresses:document_create": {"pk": ("congress_own", "congress_foreign")},
    "congresses:term": {"pk": ("term_own", "term_foreign")},
    "congresses:organisation": {"code": ("org_own", "org_foreign")},
    "congresses:void": {
        "kind": ("document", "document"),
        "pk": ("congress_document_own", "congress_document_foreign"),
    },
}
LIST_URLS |= {"congresses:list", "congresses:plan", "congresses:terms", "congresses:term_create"}

# Member papers: produced for a member of the user's subtree, an issue seen through its
# issuing organisation, an organisation's templates through the organisation.
OBJECT_URLS |= {
    "papers:member": {"pk": ("member_own", "member_foreign")},
    "papers:issue": {"pk": ("paper_issue_own", "paper_issue_foreign")},
    "papers:issue_file": {
        "pk": ("paper_issue_own", "paper_issue_foreign"),
        "fmt": ("docx", "docx"),
    },
    "papers:templates": {"code": ("org_own", "org_foreign")},
    "papers:template_download": {
        "code": ("org_own", "org_foreign"),
        "kind": ("ADMISSION", "ADMISSION"),
    },
}
LIST_URLS |= {"papers:bulk"}


def _congress_work(tree: dict[str, Any]) -> dict[str, Any]:
    """A term, a planned congress and its paper in GK1 (own) and GK2."""
    from dangvu.congresses import actions as cong

    result: dict[str, Any] = {"document": "document"}
    for side, org in (("own", tree["GK1"]), ("foreign", tree["GK2"])):
        term = cong.do_record_term(
            organisation=org, label="2020–2025", began_on=dt.date(2020, 6, 1), acting_user=None
        )
        congress = cong.do_plan_congress(
            organisation=org,
            kind="REGULAR",
            form="ALL_MEMBERS",
            term_label="2025–2030",
            opens_on=dt.date(2025, 6, 12),
            acting_user=None,
        )
        paper = cong.do_add_document(
            congress,
            role="PERMISSION",
            number="12-CV/ĐUK",
            date=dt.date(2025, 4, 1),
            acting_user=None,
        )
        result |= {
            f"term_{side}": term.pk,
            f"congress_{side}": congress.pk,
            f"congress_document_{side}": paper.pk,
        }
    return result


def _rating_work(tree: dict[str, Any], own: Any, foreign: Any) -> dict[str, Any]:
    """The 2024 rounds of GK1 (own) and GK2, each with a decided member and cell rating."""
    from dangvu.rating import actions as rating

    result: dict[str, Any] = {}
    for side, committee, cell, who in (
        ("own", tree["GK1"], tree["C11"], own),
        ("foreign", tree["GK2"], tree["C21"], foreign),
    ):
        rnd = rating.do_open_round(
            committee, 2024, opened_on=dt.date(2024, 12, 1), acting_user=None
        )
        (member_rating,) = rating.do_decide_members(
            committee,
            2024,
            [rating.MemberDecision(who, "GOOD")],
            decision_number="01-QĐ/ĐU",
            decided_on=dt.date(2024, 12, 20),
            acting_user=None,
        )
        (org_rating,) = rating.do_decide_orgs(
            committee,
            2024,
            [rating.OrgDecision(cell, "GOOD")],
            decision_number="02-QĐ/ĐU",
            decided_on=dt.date(2024, 12, 22),
            acting_user=None,
        )
        result |= {
            f"rating_round_{side}": rnd.pk,
            f"member_rating_{side}": member_rating.pk,
            f"org_rating_{side}": org_rating.pk,
        }
    return result


# Meetings hang on the organisation that met: a cell's meeting page by its code, a
# meeting, its correction, void and scanned minutes by the meeting.
OBJECT_URLS |= {
    "meetings:cell": {"code": ("org_own", "org_foreign")},
    "meetings:meeting": {"pk": ("meeting_own", "meeting_foreign")},
    "meetings:correct": {"pk": ("meeting_own", "meeting_foreign")},
    "meetings:void": {"pk": ("meeting_own", "meeting_foreign")},
    "meetings:file": {"pk": ("meeting_own", "meeting_foreign")},
}
LIST_URLS |= {"meetings:record", "meetings:meetings"}

# A member's photo, served by the member (each world member has one).
OBJECT_URLS |= {"members:photo": {"pk": ("member_own", "member_foreign")}}
# The transfer package of a member of the user's subtree (a page saying why not, for a
# member not transferred out); receiving into a cell of the user's subtree; the trusted
# installations, administrators only (dangvu/exchange/tests/test_views.py).
OBJECT_URLS |= {"exchange:export": {"pk": ("member_own", "member_foreign")}}
LIST_URLS |= {"exchange:receive"}
ADMIN_URLS |= {"exchange:trusted"}


def _member_photos(own: Any, foreign: Any) -> dict[str, Any]:
    """A photo on the own and the foreign member's record."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.members.actions import do_set_member_photo

    for member in (own, foreign):
        photo = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
        do_set_member_photo(member, photo, acting_user=None)
    return {}


# The statistical tables: the index of the user's subtree, chosen by ?to_chuc=; a table, its
# Excel file and the workbook name a table (or none) and take the organisation as a query
# parameter, resolved through scoping (tested in dangvu/stats/tests/test_views.py).
LIST_URLS |= {"stats:index"}
KIND_URLS |= {
    "stats:table": {"code": "so-luong"},
    "stats:download": {"code": "so-luong"},
    "stats:workbook": {},
}


def _meeting_work(tree: dict[str, Any], own: Any, foreign: Any) -> dict[str, Any]:
    """A meeting of C11 (own) and of C21 on 05/03/2024, each with its scanned minutes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.meetings.actions import do_record_meeting

    result: dict[str, Any] = {}
    for side, cell in (("own", tree["C11"]), ("foreign", tree["C21"])):
        scan = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
        meeting = do_record_meeting(
            cell, date=dt.date(2024, 3, 5), kind="REGULAR", minutes_file=scan, acting_user=None
        )
        result[f"meeting_{side}"] = meeting.pk
    return result


def _dues_work(tree: dict[str, Any], own: Any, foreign: Any) -> dict[str, Any]:
    """A basis, a payment for 03/2024 and its remittance up, in C11 (own) and C21."""
    from decimal import Decimal

    from dangvu.dues import actions as dues

    result: dict[str, Any] = {"payment": "payment"}
    for side, cell, who in (("own", tree["C11"], own), ("foreign", tree["C21"], foreign)):
        basis = dues.do_set_basis(
            who,
            valid_from=dt.date(2024, 1, 1),
            category="STATE",
            income=3_000_000,
            acting_user=None,
        )
        (payment,) = dues.do_record_payments(
            cell,
            dt.date(2024, 3, 1),
            [dues.PaymentRow(member=who, amount=Decimal(30_000), paid_on=dt.date(2024, 3, 5))],
            acting_user=None,
        )
        remittance = dues.do_remit(
            cell,
            period_start=dt.date(2024, 3, 1),
            period_end=dt.date(2024, 3, 31),
            amount=Decimal(20_000),
            sent_on=dt.date(2024, 4, 5),
            acting_user=None,
        )
        result |= {
            f"dues_basis_{side}": basis.pk,
            f"dues_payment_{side}": payment.pk,
            f"dues_remittance_{side}": remittance.pk,
        }
    return result


def _personnel_work(tree: dict[str, Any], own: Any, foreign: Any) -> dict[str, Any]:
    """A committee with a seat, a decision and an evaluation in GK1 (own) and GK2."""
    from dangvu.personnel import actions as pers

    result: dict[str, Any] = {"evaluation": "evaluation", "acting": "acting"}
    for side, org, who in (("own", tree["GK1"], own), ("foreign", tree["GK2"], foreign)):
        body = pers.do_create_committee(
            organisation=org, kind="EXECUTIVE", term="2020–2025", acting_user=None
        )
        seat = pers.do_add_seat(
            body,
            member=who,
            position="SECRETARY",
            start_date=dt.date(2020, 6, 15),
            acting_user=None,
        )
        standing = pers.do_create_committee(
            organisation=org, kind="STANDING", term="2020–2025", acting_user=None
        )
        decision = pers.do_complete_committee(
            standing,
            kind="APPOINT",
            decision_date=dt.date(2021, 3, 1),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            appointments=[(who, "SECRETARY")],
            acting_user=None,
        )
        evaluation = pers.do_record_evaluation(
            member=who,
            position="Giám đốc Sở",
            reason="REAPPOINTMENT",
            date=dt.date(2023, 7, 5),
            acting_user=None,
        )
        acting = pers.do_assign_acting(
            organisation=org,
            member=who,
            kind="ACTING",
            post="Phó Bí thư",
            start_date=dt.date(2023, 8, 1),
            decision_date=dt.date(2023, 8, 1),
            acting_user=None,
        )
        result |= {
            f"pacting_{side}": acting.pk,
            f"pcommittee_{side}": body.pk,
            f"pseat_{side}": seat.pk,
            f"pdecision_{side}": decision.pk,
            f"pevaluation_{side}": evaluation.pk,
        }
    return result


def _papers_work(tree: dict[str, Any], own: Any, foreign: Any) -> dict[str, Any]:
    """A paper issued by GK1 for the own member and one by GK2 for the foreign one."""
    from dangvu.papers.actions import do_issue_papers
    from dangvu.papers.kinds import kind
    from dangvu.papers.values import Line

    def issue(org: Any, member: Any) -> int:
        return do_issue_papers(
            kind("FORM_2"),
            issuer=org,
            date=dt.date(2024, 6, 3),
            lines=[Line(member)],
            label=f"Phiếu đảng viên: {member.full_name}",
            acting_user=None,
        ).pk

    return {
        "paper_issue_own": issue(tree["GK1"], own),
        "paper_issue_foreign": issue(tree["GK2"], foreign),
        "docx": "docx",
        "ADMISSION": "ADMISSION",
    }


# Members in transit and temporary attendance hang on the organisation concerned: a
# transfer out's confirmation form on the event, the rest on their record.
OBJECT_URLS |= {
    "transit:confirm": {"pk": ("transit_out_own", "transit_out_foreign")},
    "transit:confirmation": {"pk": ("transit_confirmation_own", "transit_confirmation_foreign")},
    "transit:announcement": {"pk": ("transit_announcement_own", "transit_announcement_foreign")},
    "transit:receive": {"pk": ("transit_announcement_own", "transit_announcement_foreign")},
    "transit:not_coming": {"pk": ("transit_announcement_own", "transit_announcement_foreign")},
    "transit:link": {"pk": ("transit_announcement_own", "transit_announcement_foreign")},
    "transit:attendee": {"pk": ("transit_attendee_own", "transit_attendee_foreign")},
    "transit:end": {"pk": ("transit_attendee_own", "transit_attendee_foreign")},
    "transit:dues_payment": {"pk": ("transit_dues_own", "transit_dues_foreign")},
    "transit:void": {
        "kind": ("attendee", "attendee"),
        "pk": ("transit_attendee_own", "transit_attendee_foreign"),
    },
}
LIST_URLS |= {
    "transit:due",
    "transit:confirmations",
    "transit:announcements",
    "transit:announcement_create",
    "transit:attendees",
    "transit:attendee_create",
    "transit:dues_payments",
    "transit:dues_payment_create",
}


def _transit_work(tree: dict[str, Any]) -> dict[str, Any]:
    """In C11 (own) and C21: a member transferred out with a confirmation, another still
    in transit, an announcement still open and a temporary attendee."""
    from dangvu.members.actions import Decision, do_transfer_out
    from dangvu.transit import actions as transit

    result: dict[str, Any] = {"attendee": "attendee"}
    for side, cell, label in (("own", tree["C11"], "Trong"), ("foreign", tree["C21"], "Ngoài")):
        gone, away = (
            existing(cell, dt.date(2020, 1, 1), dt.date(2001, 5, 1), f"Người {label} Phạm Vi {n}")
            for n in ("Đã Đến", "Đang Đi")
        )
        events = [
            do_transfer_out(
                who,
                external_party="Đảng bộ tỉnh Quảng Nam",
                decision=Decision(dt.date(2024, 6, 3), "5-QĐ/ĐU", dt.date(2024, 6, 3)),
                acting_user=None,
            )
            for who in (gone, away)
        ]
        confirmation = transit.do_confirm_arrival(
            events[0],
            learned_on=dt.date(2024, 6, 20),
            notice_number="9-TB/TU",
            receiving_organisation="Đảng bộ tỉnh Quảng Nam",
            acting_user=None,
        )
        announcement = transit.do_announce(
            full_name=f"Người {label} Phạm Vi Sắp Đến",
            birth_date=dt.date(1985, 4, 2),
            sex="F",
            from_party="Đảng bộ tỉnh Bình Định",
            paper_number="45-GGT/TU",
            paper_date=dt.date(2024, 6, 3),
            organisation=cell,
            acting_user=None,
        )
        attendee = transit.do_register_attendee(
            full_name=f"Người {label} Phạm Vi Tạm Thời",
            birth_date=dt.date(1980, 1, 9),
            sex="M",
            home_party="Chi bộ Trường Đại học Y Hà Nội",
            paper_number="7-GGT/CB",
            paper_date=dt.date(2024, 5, 2),
            organisation=cell,
            purpose="WORK",
            start_date=dt.date(2024, 5, 2),
            planned_end=dt.date(2025, 5, 1),
            acting_user=None,
        )
        dues = transit.do_record_temporary_dues(
            attendee,
            month=dt.date(2024, 6, 1),
            amount=40_000,
            paid_on=dt.date(2024, 6, 10),
            acting_user=None,
        )
        result |= {
            f"transit_dues_{side}": dues.pk,
            f"transit_out_{side}": events[1].pk,
            f"transit_confirmation_{side}": confirmation.pk,
            f"transit_announcement_{side}": announcement.pk,
            f"transit_attendee_{side}": attendee.pk,
        }
    return result


def url_names() -> Iterator[str]:
    def walk(patterns: Any, namespace: str | None = None) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return walk(get_resolver().url_patterns)


@pytest.fixture
def world(cast: dict[str, Any], tree: dict[str, Any]) -> dict[str, Any]:
    """The organisation officer of GK1 is the actor; GK2's records are foreign."""
    own = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Người Trong Phạm Vi",
        identity_number="052085001111",
    )
    foreign = existing(
        tree["C21"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Người Ngoài Phạm Vi",
        identity_number="052085002222",
    )
    # Texts the upgrade could not match, one in each subtree (the page of values to resolve).
    from dangvu.members.models import UnresolvedValue

    UnresolvedValue.objects.create(member=own, field="ethnicity", text="Dân tộc ghi cũ")
    UnresolvedValue.objects.create(member=foreign, field="ethnicity", text="Ghi Cũ Ngoài")
    cand_own = candidates.do_register_candidate(
        person("Quần Chúng Trong"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 1),
        acting_user=None,
    )
    cand_foreign = candidates.do_register_candidate(
        person("Quần Chúng Ngoài"),
        organisation=tree["C21"],
        registered_on=dt.date(2024, 1, 1),
        acting_user=None,
    )
    job_own = ImportJob.objects.create(
        user=cast["grassroots_editor"],
        kind="members",
        filename="a.xlsx",
        data=b"",
        status="CHECKED",
    )
    job_foreign = ImportJob.objects.create(
        user=cast["officer"], kind="members", filename="b.xlsx", data=b"", status="CHECKED"
    )
    from dangvu.education import actions as edu
    from dangvu.office.actions import do_commend, do_create_mass_organisation
    from dangvu.office.documents import do_register_document
    from dangvu.office.plans import do_create_plan, do_set_target

    def education(org: Any, label: str) -> dict[str, Any]:
        klass = edu.do_create_class(
            kind="NEW_MEMBER",
            name=f"Lớp {label}",
            organiser=org,
            start_date=dt.date(2024, 3, 1),
            end_date=dt.date(2024, 3, 5),
            acting_user=None,
        )
        conference = edu.do_create_conference(
            kind="INFO",
            title=f"Hội nghị {label}",
            date=dt.date(2024, 4, 1),
            organiser=org,
            attendance=50,
            acting_user=None,
        )
        contest = edu.do_create_contest(
            name=f"Hội thi {label}",
            organiser=org,
            start_date=dt.date(2024, 5, 1),
            end_date=dt.date(2024, 6, 1),
            acting_user=None,
        )
        return {"class": klass, "conference": conference, "contest": contest}

    commendation_own = do_commend(
        reason="HCM",
        level="Ban Thường vụ Đảng ủy Khối",
        decision_date=dt.date(2024, 5, 19),
        organisation=tree["C11"],
        acting_user=None,
    )
    commendation_foreign = do_commend(
        reason="HCM",
        level="Ban Thường vụ Đảng ủy Khối",
        decision_date=dt.date(2024, 5, 19),
        organisation=tree["C21"],
        acting_user=None,
    )
    massorg_own = do_create_mass_organisation(
        kind="TRADE_UNION", name="Công đoàn Sở Y tế", organisation=tree["GK1"], acting_user=None
    )
    massorg_foreign = do_create_mass_organisation(
        kind="TRADE_UNION",
        name="Công đoàn Sở Tài chính",
        organisation=tree["GK2"],
        acting_user=None,
    )
    edu_own, edu_foreign = education(tree["GK1"], "Sở Y tế"), education(tree["GK2"], "Sở Tài chính")
    inspection_own = _inspection_work(tree["GK1"], tree["C11"], "Trong")
    inspection_foreign = _inspection_work(tree["GK2"], tree["C21"], "Ngoài")
    # The actor also records inspection work in GK1, so its edit pages are reachable.
    Role.objects.create(
        user=cast["grassroots_editor"], organisation=tree["GK1"], kind=Role.Kind.BOARD_INSPECTION
    )

    def plan(org: Any, label: str) -> tuple[Any, Any]:
        document = do_register_document(
            issuer=org,
            kind="CTr",
            date=dt.date(2023, 12, 20),
            summary=f"Chương trình công tác năm 2024 của {label}",
            acting_user=None,
        )
        issued = do_create_plan(
            organisation=org,
            year=2024,
            kind="ANNUAL",
            title=f"Chương trình công tác năm 2024 của {label}",
            document=document,
            acting_user=None,
        )
        do_set_target(issued, indicator="members.admitted", target=7, acting_user=None)
        return issued, document

    plan_own, document_own = plan(tree["GK1"], "Đảng bộ Sở Y tế")
    plan_foreign, document_foreign = plan(tree["GK2"], "Đảng bộ Sở Tài chính")
    from dangvu.reports.tests.issued import bare_issue

    issued_own = bare_issue(tree["C11"], 2023, dt.date(2024, 1, 15), "Bảng số liệu năm 2023")
    issued_foreign = bare_issue(
        tree["C21"], 2023, dt.date(2024, 1, 15), "Bảng số liệu năm 2023 của Sở Tài chính"
    )
    learner_own = edu.do_add_learner(edu_own["class"], member=own, acting_user=None)
    learner_foreign = edu.do_add_learner(edu_foreign["class"], member=foreign, acting_user=None)
    return {
        "class_own": edu_own["class"].pk,
        "class_foreign": edu_foreign["class"].pk,
        "learner_own": learner_own.pk,
        "learner_foreign": learner_foreign.pk,
        "conference_own": edu_own["conference"].pk,
        "conference_foreign": edu_foreign["conference"].pk,
        "contest_own": edu_own["contest"].pk,
        "contest_foreign": edu_foreign["contest"].pk,
        "commendation_own": commendation_own.pk,
        "commendation_foreign": commendation_foreign.pk,
        "massorg_own": massorg_own.pk,
        "massorg_foreign": massorg_foreign.pk,
        **{f"{k}_own": v for k, v in inspection_own.items()},
        **{f"{k}_foreign": v for k, v in inspection_foreign.items()},
        "complaint": "complaint",
        "plan_own": plan_own.pk,
        "plan_foreign": plan_foreign.pk,
        "document_own": document_own.pk,
        "document_foreign": document_foreign.pk,
        "issued_own": issued_own.pk,
        "issued_foreign": issued_foreign.pk,
        "json": "json",
        "user": cast["grassroots_editor"],
        "org_own": "C11",
        "org_foreign": "C21",
        "member_own": own.pk,
        "member_foreign": foreign.pk,
        "event_own": own.events.get().pk,
        "event_foreign": foreign.events.get().pk,
        "candidate_own": cand_own.pk,
        "candidate_foreign": cand_foreign.pk,
        "job_own": job_own.pk,
        "job_foreign": job_foreign.pk,
        **_output_jobs(cast),
        **_personnel_work(tree, own, foreign),
        **_dues_work(tree, own, foreign),
        **_rating_work(tree, own, foreign),
        **_meeting_work(tree, own, foreign),
        **_member_photos(own, foreign),
        **_congress_work(tree),
        **_papers_work(tree, own, foreign),
        "conference": "conference",
        "commendation": "commendation",
        "identity_number": "identity_number",
        "MOVED": "MOVED",
        **_transit_work(tree),
        "foreign_names": [
            "Người Ngoài Phạm Vi",
            "Ghi Cũ Ngoài",
            "Quần Chúng Ngoài",
            "Chi bộ Văn phòng Sở Tài chính",
            "Kỷ Luật Ngoài",
            "Chương trình công tác năm 2024 của Đảng bộ Sở Tài chính",
        ],
    }


def _output_jobs(cast: dict[str, Any]) -> dict[str, int]:
    """A finished output job of the actor and one of the bloc's officer."""
    from dangvu.core.models import OutputJob

    def job(user: Any, title: str) -> int:
        return OutputJob.objects.create(
            user=user,
            kind="annual-report",
            title=title,
            status=OutputJob.Status.DONE,
            filename="bao-cao.json",
            content_type="application/json",
            content=b"{}",
        ).pk

    return {
        "output_own": job(cast["grassroots_editor"], "Báo cáo năm 2024 của Đảng bộ Sở Y tế"),
        "output_foreign": job(
            cast["officer"], "Báo cáo năm 2024 của Chi bộ Văn phòng Sở Tài chính"
        ),
    }


def _inspection_work(committee: Any, cell: Any, label: str) -> dict[str, int]:
    """A programme, an inspection, a discipline decision and a complaint of `committee`."""
    from dangvu.inspection import actions as ins

    programme = ins.do_create_programme(
        organisation=committee,
        level="GRASSROOTS",
        year=2024,
        title="Chương trình kiểm tra, giám sát",
        acting_user=None,
    )
    inspection = ins.do_record_inspection(
        organisation=committee,
        level="GRASSROOTS",
        kind="COMPLIANCE",
        title=f"Kiểm tra chi bộ {label}",
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2024, 3, 20),
        status="DONE",
        organisations=[cell],
        acting_user=None,
    )
    member = existing(cell, dt.date(2020, 1, 1), dt.date(2001, 5, 1), f"Kỷ Luật {label}")
    decision = ins.do_discipline(
        target="MEMBER",
        form="REPRIMAND",
        issuing_organisation=committee,
        issuing_level="GRASSROOTS",
        violation_date=dt.date(2024, 2, 1),
        decision_date=dt.date(2024, 6, 1),
        violation="Vi phạm quy định",
        member=member,
        acting_user=None,
    )
    complaint = ins.do_receive_complaint(
        kind="DENUNCIATION",
        received_date=dt.date(2024, 4, 1),
        sender="Người gửi đơn",
        subject="Nội dung tố cáo",
        handling_organisation=committee,
        handling_level="GRASSROOTS",
        against_organisation=cell,
        acting_user=None,
    )
    return {
        "programme": programme.pk,
        "inspection": inspection.pk,
        "discipline": decision.pk,
        "complaint": complaint.pk,
    }


def test_every_url_is_declared() -> None:
    declared = (
        set(OBJECT_URLS) | set(KIND_URLS) | set(SHARED_URLS) | LIST_URLS | PUBLIC_URLS | ADMIN_URLS
    )
    missing = sorted(set(url_names()) - declared)
    assert not missing, f"declare how these URLs are scoped in this test: {missing}"


def kwargs(name: str, world: dict[str, Any], which: int) -> dict[str, Any]:
    return {param: world[keys[which]] for param, keys in OBJECT_URLS[name].items()}


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_foreign_objects_answer_404_like_missing_ones(
    client: Client, world: dict[str, Any], name: str
) -> None:
    client.force_login(world["user"])
    own = reverse(name, kwargs=kwargs(name, world, 0))
    foreign = reverse(name, kwargs=kwargs(name, world, 1))
    reached = [client.get(own).status_code, client.post(own).status_code]
    assert any(code in (200, 302) for code in reached), f"{own} not reachable: {reached}"
    for response in (client.get(foreign), client.post(foreign)):
        assert response.status_code in (404, 405), (foreign, response.status_code)
        if response.status_code == 405:
            continue
        body = response.content.decode()
        assert not any(n in body for n in world["foreign_names"]), foreign


@pytest.mark.parametrize("name", sorted(LIST_URLS))
def test_lists_show_nothing_of_another_subtree(
    client: Client, world: dict[str, Any], name: str
) -> None:
    client.force_login(world["user"])
    response = client.get(reverse(name), {"q": "ngoai pham vi"})
    assert response.status_code in (200, 404), (name, response.status_code)
    body = response.content.decode()
    assert not any(n in body for n in world["foreign_names"]), name
    if name in (
        "members:list",
        "orgs:list",
        "members:candidates",
        "office:commendations",
        "office:massorgs",
        "office:plans",
        "office:documents",
        "office:plan_actual",
    ):
        for fmt in ("csv", "xlsx"):
            export = client.get(reverse(name), {"xuat": fmt})
            assert not any(n.encode() in export.content for n in world["foreign_names"]), name


def test_another_subtrees_code_in_a_form_field_is_refused(
    client: Client, world: dict[str, Any]
) -> None:
    client.force_login(world["user"])
    response = client.post(
        reverse("members:event", args=[world["member_own"], "MOVED"]),
        {"date": "2024-05-01", "to": "C21"},
    )
    assert "Không tìm thấy tổ chức" in response.content.decode()
    response = client.post(reverse("members:list") + "?to_chuc=C21")
    assert response.status_code in (404, 405)
