"""`manage.py backup` and `manage.py restore`: a whole installation out and back again.

Transactional tests, so the commands see committed data as an operator's would, on
whichever database the suite runs (SQLite by default, PostgreSQL with DATABASE_URL). The
restore puts back what the backup saw, so the database is whole again for the next test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from dangvu.audit.models import AuditEvent
from dangvu.core import backup
from dangvu.core.backup import audit_checksum, table_counts
from dangvu.members.actions import do_set_member_photo
from dangvu.members.models import Member
from dangvu.members.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def files_dir(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files in a directory of the test's own; skip on PostgreSQL without pg_dump."""
    if connection.vendor == "postgresql":
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("pg_dump/pg_restore not on PATH: install postgresql-client to test this")
        # The restore replaces the configured database: it must be the test database.
        assert connection.settings_dict["NAME"].startswith("test_")
    location = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def world(files_dir: Path, tree: dict[str, Any], django_user_model: Any) -> dict[str, Any]:
    """The committee tree, a few members (one with a photo), a user and audit rows."""
    members = [
        factories.admit(tree["C11"], dt.date(2023, 3, 1)),
        factories.admit(tree["C21"], dt.date(2023, 4, 1)),
        factories.full_member(tree["GC1"], dt.date(2021, 6, 1)),
    ]
    photographed = do_set_member_photo(
        members[0], SimpleUploadedFile("anh.png", PHOTO), acting_user=None
    )
    user = django_user_model.objects.create_user("thuky", password="Mat-khau-2024!")
    return {"members": members, "photo": photographed.photo.name, "user": user}


def only_archive(directory: Path) -> Path:
    archives = sorted(directory.glob("dangvu-*.tar.gz"))
    assert len(archives) == 1, archives
    return archives[0]


def rewritten(archive: Path, target: Path, **changes: Any) -> Path:
    """A copy of `archive` whose manifest has `changes` applied (a tampered backup)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == backup.MANIFEST:
                assert data is not None
                manifest = json.loads(data.read())
                manifest.update(changes)
                raw = json.dumps(manifest).encode()
                member.size = len(raw)
                out.addfile(member, io.BytesIO(raw))
            else:
                out.addfile(member, data)
    return target


def test_a_backup_restores_every_table_the_audit_trail_and_the_files(
    world: dict[str, Any], files_dir: Path, tmp_path: Path
) -> None:
    counts, checksum = table_counts(), audit_checksum()
    assert counts["members_member"] == 3 and counts["audit_auditevent"] > 0
    out = io.StringIO()
    call_command("backup", dir=tmp_path / "backups", stdout=out)
    archive = only_archive(tmp_path / "backups")
    assert str(archive) in out.getvalue()
    assert f"{len(counts)} bảng" in out.getvalue() and "1 tệp" in out.getvalue()
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
        assert f"files/{world['photo']}" in tar.getnames()
    assert manifest["format"] == "dangvu-backup" and manifest["version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert "0003_append_only_triggers" in manifest["migrations"]["audit"]
    assert manifest["tables"] == counts and manifest["audit_checksum"] == checksum

    # After the backup: a new user and file, the photo lost, then every table emptied.
    get_user_model().objects.create_user("sau_sao_luu", password="Mat-khau-2024!")
    default_storage.save("khac/them.txt", ContentFile("sau khi sao lưu".encode()))
    (files_dir / world["photo"]).unlink()
    call_command("flush", interactive=False, verbosity=0)
    assert table_counts()["members_member"] == 0 and not AuditEvent.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert table_counts() == counts
    assert audit_checksum() == checksum
    assert (files_dir / world["photo"]).read_bytes() == PHOTO
    assert not (files_dir / "khac").exists()
    assert not get_user_model().objects.filter(username="sau_sao_luu").exists()
    assert Member.objects.get(pk=world["members"][0].pk).photo.read() == PHOTO
    assert f"nhật ký khớp mã kiểm tra {checksum}" in out.getvalue()
    assert "migrate" not in out.getvalue()
    # The append-only triggers came back with the database.
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    call_command("check", databases=["default"], stdout=io.StringIO())


def test_it_refuses_a_tampered_or_foreign_archive_and_changes_nothing(
    world: dict[str, Any], files_dir: Path, tmp_path: Path
) -> None:
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    archive = only_archive(tmp_path / "backups")
    default_storage.save("sau/them.txt", ContentFile("sau khi sao lưu".encode()))
    counts, checksum = table_counts(), audit_checksum()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    junk = tmp_path / "hong.tar.gz"
    junk.write_bytes(b"khong phai tep nen")
    cases = {
        rewritten(archive, tmp_path / "v99.tar.gz", version=99): "định dạng phiên bản 99",
        rewritten(archive, tmp_path / "khac.tar.gz", format="khac"): "không phải bản sao lưu",
        rewritten(
            archive, tmp_path / "vendor.tar.gz", database={"vendor": other}
        ): f"cơ sở dữ liệu {other}",
        rewritten(
            archive,
            tmp_path / "moi.tar.gz",
            migrations={"audit": ["0003_append_only_triggers", "9999_tuong_lai"]},
        ): "mới hơn mã nguồn",
        junk: "Không đọc được",
    }
    for path, message in cases.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), yes=True, stdout=io.StringIO())
    assert table_counts() == counts and audit_checksum() == checksum
    assert (files_dir / "sau" / "them.txt").exists()
    assert (files_dir / world["photo"]).read_bytes() == PHOTO


def test_it_refuses_to_replace_a_database_with_data_without_yes(
    world: dict[str, Any], tmp_path: Path
) -> None:
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    archive = only_archive(tmp_path / "backups")
    get_user_model().objects.create_user("moi", password="Mat-khau-2024!")
    counts = table_counts()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert table_counts() == counts


def test_keep_leaves_the_newest_archives_and_nothing_else_is_touched(
    files_dir: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "backups"
    directory.mkdir()
    for name in ("dangvu-20240101-020000.tar.gz", "dangvu-20250101-020000.tar.gz"):
        (directory / name).write_bytes(b"cu")
    (directory / "ghi-chu.txt").write_text("không phải bản sao lưu")
    out = io.StringIO()
    call_command("backup", dir=directory, keep=2, stdout=out)
    names = sorted(p.name for p in directory.iterdir())
    assert len(names) == 3 and names[0] == "dangvu-20250101-020000.tar.gz"
    assert names[1].startswith("dangvu-2") and names[2] == "ghi-chu.txt"
    assert "dangvu-20240101-020000.tar.gz" in out.getvalue()
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup", dir=directory, keep=0, stdout=io.StringIO())


def test_a_failed_backup_leaves_no_archive(
    files_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise OSError("đĩa đầy")

    monkeypatch.setattr(backup, "_add_bytes", broken)
    with pytest.raises(OSError):
        call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    assert list((tmp_path / "backups").iterdir()) == []


def test_files_in_an_object_store_are_left_to_its_versioning(settings: Any, tmp_path: Path) -> None:
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not on PATH: install postgresql-client to test this")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    out = io.StringIO()
    call_command("backup", dir=tmp_path, stdout=out)
    with tarfile.open(only_archive(tmp_path), "r:gz") as tar:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
        assert not any(name.startswith("files/") for name in tar.getnames())
    assert manifest["files"]["included"] is False
    assert "versioning" in out.getvalue()


def test_it_reports_rows_that_differ_and_reminds_to_migrate_an_older_backup(
    world: dict[str, Any], tmp_path: Path
) -> None:
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    archive = only_archive(tmp_path / "backups")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]
    counts = table_counts()

    # A manifest claiming one member more than the copy holds: the check says which table.
    wrong = dict(manifest["tables"], members_member=manifest["tables"]["members_member"] + 1)
    err = io.StringIO()
    with pytest.raises(CommandError, match="không khớp"):
        call_command(
            "restore",
            str(rewritten(archive, tmp_path / "sai.tar.gz", tables=wrong)),
            yes=True,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Bảng members_member: 3 dòng, bản sao lưu ghi 4 dòng." in err.getvalue()

    # A backup made before this code's last audit migration: restored, then migrate.
    older = {app: list(names) for app, names in manifest["migrations"].items()}
    last = older["audit"].pop()
    out = io.StringIO()
    call_command(
        "restore",
        str(rewritten(archive, tmp_path / "cu.tar.gz", migrations=older)),
        yes=True,
        stdout=out,
    )
    assert "Đã khôi phục" in out.getvalue() and "manage.py migrate" in out.getvalue()
    assert last and table_counts() == counts


def test_a_missing_pg_dump_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from dangvu.core.errors import DomainError

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(DomainError, match="postgresql-client-15"):
        backup._pg_program("pg_dump", SimpleNamespace(pg_version=150018))


def test_restored_files_are_readable_by_the_owner_only(
    world: dict[str, Any], files_dir: Path, tmp_path: Path
) -> None:
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    archive = only_archive(tmp_path / "backups")
    shutil.rmtree(files_dir)  # a new server: no files directory yet
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert (files_dir / world["photo"]).read_bytes() == PHOTO
    assert files_dir.stat().st_mode & 0o777 == 0o700
    for directory in (path for path in files_dir.rglob("*") if path.is_dir()):
        assert directory.stat().st_mode & 0o777 == 0o700, directory


def test_a_table_newer_than_the_archive_does_not_survive_the_restore(
    world: dict[str, Any], tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's restore copies the whole file: no table can survive it")
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    archive = only_archive(tmp_path / "backups")
    counts = table_counts()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_release_table (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO later_release_table VALUES (1)")
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert "later_release_table" not in connection.introspection.table_names()
    assert table_counts() == counts
    with pytest.raises(PermissionError):  # the audit table's triggers came back
        AuditEvent.objects.all().delete()
