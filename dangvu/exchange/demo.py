"""The demo's exchange: a neighbouring installation trusted, one member received from it.

The neighbour's key is derived from a fixed phrase, so the demo is the same on every run
and signs without a key file. This installation's own key is the operator's to create
(`manage.py exchange_key --create`) in production; a development installation that
`bootstrap` fills with the demo gets one from `ensure_demo_key`, so that the page of a demo
member transferred out issues a package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from dangvu.core.dates import today
from dangvu.dues.actions import do_set_basis
from dangvu.exchange import keys
from dangvu.exchange.actions import do_receive_package, do_trust_installation
from dangvu.exchange.package import VERSION, dump, sign
from dangvu.members import numbers
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.transit.actions import arrival_deadline

NEIGHBOUR = "Đảng bộ Khối các cơ quan tỉnh Gia Lai (Đảng vụ)"
NEIGHBOUR_ORG = "Chi bộ Văn phòng Sở Xây dựng tỉnh Gia Lai"
IDENTITY = "064187006021"


def neighbour_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(b"Dang vu demo: neighbouring installation").digest()
    )


def ensure_demo_key() -> bool:
    """Create this installation's signing key for the demo; True if one was created.

    Development mode only, and only where the settings put the key when no file is there:
    a production key is the operator's, and an existing key is never replaced (the
    committees that trust it would refuse every package signed by a new one).
    """
    if settings.PRODUCTION or keys.has_key():
        return False
    try:
        keys.create_key()
    except keys.KeyExists:
        # Another command created it a moment ago: that key is the installation's.
        return False
    return True


def _package(arrival: dt.date, key: Ed25519PrivateKey, seed: str) -> bytes:
    transfer = arrival - dt.timedelta(days=10)
    expires = arrival_deadline(transfer)
    place = {"province": None, "local": None, "detail": ""}
    member = {
        "full_name": "Đinh Thị Mơ",
        "birth_date": "1991-08-14",
        "sex": "F",
        "identity_number": IDENTITY,
        "phone": "",
        "education": "12/12",
        "expertise": "Kiến trúc",
        "foreign_languages": "Tiếng Anh B1",
        "it_skill": "Ứng dụng CNTT cơ bản",
        "job": "Công chức",
        "post": "Chuyên viên",
        "ethnicity": {"code": "13", "name": "Ba Na"},
        "religion": {"code": "00", "name": "Không"},
        "qualification": {"code": "BACHELOR", "name": "Đại học"},
        "theory_level": {"code": "INTERMEDIATE", "name": "Trung cấp"},
        "state_management": None,
        "academic_title": None,
        "occupation": {"code": "OFFICIAL", "name": "Cán bộ, công chức"},
        "birthplace": {**place, "detail": "Làng Kon Sơ Lăl, Kbang, Gia Lai"},
        "hometown": {**place, "detail": "Kbang, Gia Lai"},
        "residence": place,
        "party_file": {
            "admission_decision_date": "2015-05-12",
            "ceremony_date": "2015-05-19",
            "full_member_date": "2016-05-19",
            "card_number": "",
            "card_date": None,
            "earlier_left_date": None,
            "readmission_date": None,
            "national_id": "64004187",
        },
    }

    def event(kind: str, label: str, day: str, number: str, **rest: str) -> dict[str, object]:
        return {
            "kind": kind,
            "kind_label": label,
            "date": day,
            "organisation": rest.get("organisation", NEIGHBOUR_ORG),
            "from_organisation": rest.get("from_organisation", ""),
            "external_party": rest.get("external_party", ""),
            "decision_number": number,
            "decision_date": day,
            "details": {},
            "note": rest.get("note", ""),
        }

    history = [
        event("ADMITTED", "Kết nạp", "2015-05-12", "112-QĐ/ĐUK"),
        event("CONFIRMED", "Chuyển đảng chính thức", "2016-05-19", "205-QĐ/ĐUK"),
        event(
            "MOVED",
            "Chuyển sinh hoạt trong Đảng bộ",
            "2019-10-03",
            "09-QĐ/ĐUK",
            from_organisation="Chi bộ Phòng Quy hoạch Sở Xây dựng tỉnh Gia Lai",
            note="Điều động công tác.",
        ),
        event(
            "TRANSFER_OUT",
            "Chuyển sinh hoạt đi",
            transfer.isoformat(),
            "401-QĐ/ĐUK",
            external_party="Đảng bộ Khối các cơ quan tỉnh",
        ),
    ]
    data = {
        "format": "dangvu.transfer",
        "version": VERSION,
        "package_id": str(uuid.UUID(bytes=hashlib.sha256(seed.encode()).digest()[:16], version=4)),
        "issued_at": f"{transfer.isoformat()}T09:30:00+07:00",
        "expires_at": expires.isoformat(),
        "sender": {
            "installation": NEIGHBOUR,
            "organisation": NEIGHBOUR_ORG,
            "key_fingerprint": keys.fingerprint(key.public_key()),
        },
        "destination": "Đảng bộ Khối các cơ quan tỉnh",
        "introduction": {
            "decision_number": "401-QĐ/ĐUK",
            "decision_date": transfer.isoformat(),
            "transfer_date": transfer.isoformat(),
        },
        "member": member,
        "history": history,
        "papers": [],
    }
    return dump(sign(data, key))


def seed_exchange(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    """Trust the neighbour and receive one of its members into the bloc's first cell.

    Draws nothing from `rng`: the stages after this one see the same sequence as before.
    """
    key = neighbour_key()
    do_trust_installation(NEIGHBOUR, keys.public_key_b64(key.public_key()), acting_user=None)
    day = today()
    arrival = day - dt.timedelta(days=2)
    low, high = subtree_range(bloc.path)
    cell = (
        OrganisationVersion.objects.filter(
            path__gte=low,
            path__lt=high,
            kind=OrgKind.CELL,
            valid_from__lte=arrival,
            valid_to__gt=day,
        )
        .order_by("path")
        .values_list("organisation_id", flat=True)
        .first()
    )
    if cell is None or numbers.holder_of_identity(IDENTITY) is not None:
        return {"hệ thống tin cậy": 1, "gói hồ sơ đã nhận": 0}
    member = do_receive_package(
        _package(arrival, key, f"{bloc.code}:{day.isoformat()}"),
        organisation=Organisation.objects.get(pk=cell),
        decision_number="57-QĐ/ĐUK",
        decision_date=arrival,
        acting_user=None,
    )
    # The receiving cell sets her dues from her salary, as it does for every arrival.
    do_set_basis(member, valid_from=arrival, category="STATE", income=9_800_000, acting_user=None)
    return {"hệ thống tin cậy": 1, "gói hồ sơ đã nhận": 1}
