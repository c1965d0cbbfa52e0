"""A member's round trip between two installations, each with its own SQLite database.

The sender (a.sqlite3) records a member's life and transfer out and exports the signed
package with `exchange_export`; the receiver (b.sqlite3) trusts the sender's key with
`exchange_key --trust` and records the arrival with `exchange_import`. Each command runs in
its own process with its own DATABASE_URL and key file, as two servers would. A package
with one character of a history date changed is refused and leaves b as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from dangvu.core.dates import today

# The two databases are files of the test's own, whatever database the suite runs on.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def run(tmp: Path, db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / db}.sqlite3",
        "DANGVU_EXCHANGE_KEY_FILE": str(tmp / f"{db}.pem"),
        "DANGVU_VAR_DIR": str(tmp / f"var-{db}"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def shell(tmp: Path, db: str, code: str) -> str:
    return run(tmp, db, "shell", "-c", code).stdout.strip()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def table_counts(path: Path) -> dict[str, int]:
    names = [r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: rows(path, f'SELECT COUNT(*) FROM "{n}"')[0][0] for n in names}  # type: ignore[misc]


def test_a_member_travels_between_two_databases_with_the_history_intact(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    run(tmp_path, "a", "migrate", "-v", "0")
    # One migration for both: the receiver starts from the same empty schema.
    shutil.copy(a, b)
    seeds = "from dangvu.exchange.tests import roundtrip_seed as s; s.seed_{}()"
    member_id = shell(tmp_path, "a", seeds.format("sender")).splitlines()[-1]
    shell(tmp_path, "b", seeds.format("receiver"))
    key = run(tmp_path, "a", "exchange_key", "--create").stdout
    public = next(line for line in key.splitlines() if "base64" in line).split(": ", 1)[1]
    run(tmp_path, "b", "exchange_key", "--trust", "Đảng vụ tỉnh Bình Định", "--public-key", public)
    package = tmp_path / "goi.json"
    run(tmp_path, "a", "exchange_export", member_id, "--out", str(package))

    # Tampering: one character of a history date changed, everything else as signed.
    data = json.loads(package.read_text(encoding="utf-8"))
    moved = next(row for row in data["history"] if row["kind"] == "MOVED")
    assert moved["date"] == "2020-09-01"
    moved["date"] = "2020-09-02"
    tampered = tmp_path / "sua.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = table_counts(b)
    arrival = today().strftime("%d/%m/%Y")
    refused = run(
        tmp_path,
        "b",
        "exchange_import",
        str(tampered),
        "--organisation",
        "BC1",
        "--decision-number",
        "9-QĐ/ĐU",
        "--decision-date",
        arrival,
        check=False,
    )
    assert refused.returncode != 0
    assert "không khớp với nội dung" in refused.stderr
    assert table_counts(b) == before

    run(
        tmp_path,
        "b",
        "exchange_import",
        str(package),
        "--organisation",
        "BC1",
        "--decision-number",
        "9-QĐ/ĐU",
        "--decision-date",
        arrival,
    )
    person = "full_name, birth_date, sex, identity_number, card_number, admission_decision_date"
    person += ", ceremony_date, full_member_date, card_date"
    sent = rows(a, f"SELECT {person} FROM members_member WHERE id = {int(member_id)}")
    (arrived,) = rows(b, f"SELECT {person}, id, status FROM members_member")
    assert arrived[:-2] == sent[0]
    assert arrived[-1] == "FULL"
    new_id = arrived[-2]
    # The ledger here holds only the arrival, in the receiving cell.
    ledger = rows(
        b,
        "SELECT e.kind, e.date, e.decision_number, e.external_party, o.code "
        "FROM members_memberevent e JOIN orgs_organisation o ON o.id = e.organisation_id "
        f"WHERE e.member_id = {new_id}",
    )
    assert ledger == [
        ("TRANSFER_IN", today().isoformat(), "9-QĐ/ĐU", "Chi bộ Thanh tra (A)", "BC1")
    ]
    # The history, as the sender recorded it, kept apart and intact.
    fields = "kind, date, decision_number, decision_date, note"
    sender_events = rows(
        a,
        f"SELECT {fields} FROM members_memberevent WHERE member_id = {int(member_id)} "
        "AND voided_at IS NULL ORDER BY date, id",
    )
    received = rows(b, f"SELECT {fields} FROM exchange_receivedevent ORDER BY position")
    assert received == sender_events
    assert [r[0] for r in received] == [
        "ADMITTED",
        "CONFIRMED",
        "CARD_ISSUED",
        "MOVED",
        "TRANSFER_OUT",
    ]
    (stored,) = rows(b, "SELECT content FROM exchange_receivedpackage")
    assert bytes(stored[0]) == package.read_bytes()  # type: ignore[arg-type]
    # Both ends audited: the package issued at a, received at b.
    assert rows(a, "SELECT COUNT(*) FROM audit_auditevent WHERE object_type = 'issuedpackage'")[0][
        0
    ]
    assert rows(b, "SELECT COUNT(*) FROM audit_auditevent WHERE object_type = 'receivedpackage'")[
        0
    ][0]
