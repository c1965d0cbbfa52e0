"""Backup archives of a whole installation: the database and the uploaded files.

An archive is one `dangvu-YYYYMMDD-HHMMSS.tar.gz` holding `manifest.json`, the database
(`database/dangvu.sqlite3`, a copy made with SQLite's online backup, or
`database/dangvu.dump`, a `pg_dump` custom-format dump) and, with local storage, the
uploaded files under `files/`. The manifest's row counts and audit checksum are read in the
same snapshot as the database copy, so a restore can prove it put back exactly what was
saved. `manage.py backup` and `manage.py restore` are thin wrappers over this module.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_number

FORMAT = "dangvu-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/dangvu.sqlite3", "postgresql": "database/dangvu.dump"}
FILES_PREFIX = "files"
ARCHIVE_NAME = re.compile(r"^dangvu-\d{8}-\d{6}\.tar\.gz$")
# How the tools' errors are cut for a message: the end of stderr says what failed.
STDERR_TAIL = 2000


@dataclass(frozen=True)
class Snapshot:
    """What the manifest says about the database, read in the copy's own snapshot."""

    migrations: dict[str, list[str]]
    tables: dict[str, int]
    audit_checksum: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    files: int
    files_included: bool
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    files_restored: bool
    files_in_archive: bool
    audit_checksum: str
    pending_migrations: list[str]
    mismatches: list[str]


def backup_dir() -> Path:
    """The default place of archives: `<DANGVU_VAR_DIR>/backups`."""
    return Path(settings.VAR_DIR) / "backups"


def fmt_size(size: int) -> str:
    """A file's size as a person reads it: "850 byte", "12,4 KB", "3,1 MB"."""
    if size < 1024:
        return f"{size} byte"
    for unit, power in (("KB", 1), ("MB", 2), ("GB", 3)):
        value = size / 1024**power
        if value < 1024 or unit == "GB":
            return f"{fmt_number(value, 1)} {unit}"
    raise AssertionError("unreachable")


# -- What the manifest records --------------------------------------------------------------


def audit_checksum(using: str = DEFAULT_DB_ALIAS) -> str:
    """SHA-256 over the audit rows in pk order, each its stored values as canonical JSON.

    The values are read through the model's concrete fields, so two databases of the same
    vendor holding the same rows give the same digest whatever their connection's history.
    """
    from dangvu.audit.models import AuditEvent

    names = [f.attname for f in AuditEvent._meta.concrete_fields]
    digest = hashlib.sha256()
    rows = AuditEvent._base_manager.using(using).order_by("pk").values(*names)
    for row in rows.iterator(chunk_size=2000):
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def counted_models(using: str = DEFAULT_DB_ALIAS) -> dict[str, type[Model]]:
    """Every table of an installed model (many-to-many tables included) that exists."""
    existing = set(connections[using].introspection.table_names())
    found: dict[str, type[Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in existing:
            continue
        found.setdefault(meta.db_table, model)
    return dict(sorted(found.items()))


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The row count of every table of an installed model."""
    return {
        table: model._base_manager.using(using).count()
        for table, model in counted_models(using).items()
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return {}
    found: dict[str, list[str]] = {}
    for app_label, name in recorder.applied_migrations():
        found.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def _snapshot(using: str) -> Snapshot:
    return Snapshot(applied_migrations(using), table_counts(using), audit_checksum(using))


# -- Backup ---------------------------------------------------------------------------------


def create_backup(
    directory: Path | None = None, *, keep: int | None = None, using: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    """Write one archive into `directory`, then keep the newest `keep` archives there.

    The archive is written under a hidden temporary name and renamed when complete, so a
    failed backup never leaves a file that looks like one; older archives are pruned only
    after that rename.
    """
    if keep is not None and keep < 1:
        raise DomainError("--keep phải là số nguyên từ 1 trở lên (số bản sao lưu được giữ).")
    directory = Path(directory) if directory else backup_dir()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise DomainError(
            f"Không tạo được thư mục sao lưu {directory} ({error.strerror}); hãy chọn thư mục "
            "khác bằng --dir hoặc cấp quyền ghi."
        ) from None
    created = timezone.localtime()
    final = directory / f"dangvu-{created:%Y%m%d-%H%M%S}.tar.gz"
    if final.exists():
        raise DomainError(f"Đã có bản sao lưu {final.name}; hãy chạy lại sau một giây.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise DomainError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    files_root = local_files_root()

    with tempfile.TemporaryDirectory(prefix=".dangvu-work-", dir=directory) as work:
        database_copy = Path(work) / Path(DATABASE_MEMBERS[vendor]).name
        if vendor == "sqlite":
            snapshot = _copy_sqlite(using, database_copy)
        else:
            snapshot = _dump_postgres(using, database_copy)
        files = sorted(_local_files(files_root)) if files_root else []
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created.isoformat(),
            "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "audit_checksum": snapshot.audit_checksum,
            "files": {
                "included": files_root is not None,
                "count": len(files),
                "storage": settings.STORAGES["default"]["BACKEND"],
            },
        }
        handle, partial_name = tempfile.mkstemp(
            prefix=".dangvu-", suffix=".tar.gz.partial", dir=directory
        )
        os.close(handle)
        partial = Path(partial_name)
        try:
            with tarfile.open(partial, "w:gz") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
                tar.add(database_copy, arcname=DATABASE_MEMBERS[vendor], recursive=False)
                for relative in files:
                    assert files_root is not None
                    tar.add(
                        files_root / relative,
                        arcname=f"{FILES_PREFIX}/{relative.as_posix()}",
                        recursive=False,
                    )
            partial.rename(final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    removed = prune(directory, keep) if keep else []
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        tables=len(snapshot.tables),
        rows=sum(snapshot.tables.values()),
        files=len(files),
        files_included=files_root is not None,
        removed=removed,
    )


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete the archives of `directory` beyond the newest `keep` (their names sort by date)."""
    archives = sorted(p for p in directory.iterdir() if ARCHIVE_NAME.match(p.name))
    removed = archives[:-keep] if len(archives) > keep else []
    for path in removed:
        path.unlink()
    return removed


def _add_bytes(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        tar.addfile(info, buffer)


def local_files_root() -> Path | None:
    """The directory of uploaded files, or None when they live in an object store."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def _local_files(root: Path) -> Iterator[Path]:
    """The regular files under `root`, relative to it (links are not followed)."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root)


def _copy_sqlite(using: str, target: Path) -> Snapshot:
    """Copy the live database with SQLite's online backup, in one read transaction.

    The counts and the checksum are read in the same transaction as the copy, so they
    describe the copy exactly; in WAL mode the application keeps writing meanwhile.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        raise RuntimeError("A backup reads its own snapshot: call it outside a transaction.")
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        snapshot = _snapshot(using)
        destination = sqlite3.connect(target)
        try:
            raw.backup(destination)
        finally:
            destination.close()
    finally:
        raw.execute("COMMIT")
    return snapshot


def _dump_postgres(using: str, target: Path) -> Snapshot:
    """Run pg_dump on a snapshot exported by a read-only transaction that counts the rows."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise RuntimeError("A backup reads its own snapshot: call it outside a transaction.")
    program = _pg_program("pg_dump", connection)
    connection.ensure_connection()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        snapshot = _snapshot(using)
        _run(
            [
                program,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                *_pg_connection_args(connection),
            ],
            connection,
            "pg_dump",
        )
    return snapshot


def _pg_program(name: str, connection: Any) -> str:
    program = shutil.which(name)
    if program is None:
        major = connection.pg_version // 10000 if connection.pg_version else "của máy chủ"
        raise DomainError(
            f"Không tìm thấy chương trình {name}. Hãy cài gói postgresql-client cùng phiên bản "
            f"với máy chủ PostgreSQL (ví dụ: sudo apt-get install postgresql-client-{major}) "
            "rồi chạy lại."
        )
    return program


def _pg_connection_args(connection: Any) -> list[str]:
    """The connection's database, user, host and port; the password goes in the environment."""
    params = connection.settings_dict
    args = ["--no-password", f"--dbname={params['NAME']}"]
    if params.get("USER"):
        args.append(f"--username={params['USER']}")
    if params.get("HOST"):
        args.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        args.append(f"--port={params['PORT']}")
    return args


def _run(args: list[str], connection: Any, name: str) -> None:
    env = dict(os.environ)
    params = connection.settings_dict
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    if params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(params["OPTIONS"]["sslmode"])
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip()[-STDERR_TAIL:] or f"mã thoát {done.returncode}"
        raise DomainError(
            f"{name} báo lỗi, không có gì được ghi: {detail}. Nếu lỗi nói về phiên bản, hãy cài "
            "gói postgresql-client cùng phiên bản với máy chủ PostgreSQL."
        )


# -- Restore --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedArchive:
    """An archive that passed every check, with what the restore needs from it."""

    path: Path
    manifest: dict[str, Any]
    database_member: str
    file_members: list[tarfile.TarInfo]
    pending_migrations: list[str]


def check_archive(path: Path, using: str = DEFAULT_DB_ALIAS) -> CheckedArchive:
    """Refuse an archive this installation cannot restore, before anything is changed."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(f"Không tìm thấy tệp sao lưu {path}; hãy kiểm tra đường dẫn.")
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            manifest_file = tar.extractfile(MANIFEST)
            if manifest_file is None:
                raise KeyError(MANIFEST)
            raw_manifest = manifest_file.read()
    except KeyError:
        raise DomainError(
            f"Tệp {path.name} không có {MANIFEST}: đây không phải bản sao lưu của Đảng vụ."
        ) from None
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise DomainError(
            f"Không đọc được tệp {path.name}: tệp không phải bản sao lưu .tar.gz hoặc đã hỏng "
            "(chép thiếu?). Hãy dùng một bản sao lưu khác."
        ) from None
    try:
        manifest = json.loads(raw_manifest)
        if not isinstance(manifest, dict):
            raise ValueError
    except ValueError:
        raise DomainError(f"{MANIFEST} trong {path.name} bị hỏng; hãy dùng bản khác.") from None

    if manifest.get("format") != FORMAT:
        raise DomainError(f"Tệp {path.name} không phải bản sao lưu của Đảng vụ.")
    version = manifest.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        raise DomainError(
            f"Bản sao lưu có định dạng phiên bản {version}; phiên bản này của Đảng vụ chỉ đọc "
            f"được định dạng {VERSION}."
            + (" Hãy nâng cấp mã nguồn lên phiên bản đã tạo bản sao lưu." if newer else "")
        )
    vendor = connections[using].vendor
    database = manifest.get("database") or {}
    saved_vendor = database.get("vendor")
    if saved_vendor != vendor:
        raise DomainError(
            f"Bản sao lưu là của cơ sở dữ liệu {saved_vendor}, còn cấu hình hiện tại dùng "
            f"{vendor}: chỉ khôi phục được vào cùng loại cơ sở dữ liệu (kiểm tra DATABASE_URL)."
        )
    database_member = DATABASE_MEMBERS[vendor]
    names = {m.name: m for m in members}
    if database_member not in names or not names[database_member].isfile():
        raise DomainError(f"Tệp {path.name} thiếu phần cơ sở dữ liệu ({database_member}).")
    file_members = _file_members(members, path)
    pending = _check_migrations(manifest.get("migrations"), path)
    if not isinstance(manifest.get("tables"), dict) or not manifest.get("audit_checksum"):
        raise DomainError(f"{MANIFEST} trong {path.name} thiếu số dòng hoặc mã kiểm tra nhật ký.")
    return CheckedArchive(path, manifest, database_member, file_members, pending)


def _file_members(members: list[tarfile.TarInfo], path: Path) -> list[tarfile.TarInfo]:
    found = []
    for member in members:
        parts = PurePosixPath(member.name).parts
        if not parts or parts[0] != FILES_PREFIX:
            continue
        if member.name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            raise DomainError(
                f"Tệp {path.name} chứa mục không hợp lệ ({member.name}); không khôi phục."
            )
        if member.isfile():
            found.append(member)
    return found


def _check_migrations(saved: Any, path: Path) -> list[str]:
    """Refuse migrations this code does not know; return this code's ones the backup lacks."""
    if not isinstance(saved, dict):
        raise DomainError(f"{MANIFEST} trong {path.name} thiếu danh sách migration.")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for replacement in loader.replacements.values():
        known.update(replacement.replaces)
    applied = {(app, name) for app, names in saved.items() for name in names}
    unknown = sorted(applied - known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise DomainError(
            f"Bản sao lưu được tạo từ phiên bản Đảng vụ mới hơn mã nguồn này (migration chưa có: "
            f"{listed}{'…' if len(unknown) > 5 else ''}). Hãy nâng cấp mã nguồn lên phiên bản "
            "đó trước rồi khôi phục."
        )
    for key, replacement in loader.replacements.items():
        if all(tuple(r) in applied for r in replacement.replaces):
            applied.add(key)
    # A squashed migration stands for the ones it replaces: only one side is pending.
    replaced = {tuple(r) for squash in loader.replacements.values() for r in squash.replaces}
    return sorted(
        f"{app}.{name}"
        for app, name in loader.disk_migrations
        if (app, name) not in applied and (app, name) not in replaced
    )


def database_has_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the configured database holds any user or any member."""
    from dangvu.members.models import Member

    existing = set(connections[using].introspection.table_names())
    return any(
        model._meta.db_table in existing and model._base_manager.using(using).exists()
        for model in (get_user_model(), Member)
    )


def restore_backup(
    path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Put back the archive's database and files, then check them against the manifest.

    Everything is checked before anything changes. The files are unpacked beside their
    directory first, the database is replaced (PostgreSQL in one transaction), and only then
    are the directories swapped; a failure before the swap leaves the files as they were.
    """
    checked = check_archive(path, using)
    if connections[using].vendor == "sqlite":
        # A new server has no var/ yet: SQLite creates the file, not its directory.
        name = str(connections[using].settings_dict["NAME"])
        if not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    if not replace and database_has_data(using):
        raise DomainError(
            "Cơ sở dữ liệu đang cấu hình đã có dữ liệu (người dùng hoặc đảng viên); khôi phục "
            "sẽ thay thế toàn bộ. Hãy dừng ứng dụng rồi chạy lại lệnh với --yes."
        )
    files_root = local_files_root()
    files_in_archive = bool(checked.manifest.get("files", {}).get("included"))
    restore_files = files_in_archive and files_root is not None
    staging: Path | None = None
    with tempfile.TemporaryDirectory(prefix="dangvu-restore-") as work:
        try:
            with tarfile.open(checked.path, "r:gz") as tar:
                if restore_files:
                    assert files_root is not None
                    staging = _unpack_files(tar, checked.file_members, files_root)
                database_file = Path(work) / Path(checked.database_member).name
                source = tar.extractfile(checked.database_member)
                assert source is not None
                with source, database_file.open("wb") as out:
                    shutil.copyfileobj(source, out)
            if connections[using].vendor == "sqlite":
                _restore_sqlite(database_file, using)
            else:
                _restore_postgres(database_file, using)
            if staging is not None:
                assert files_root is not None
                _swap(staging, files_root)
                staging = None
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    return _verify(checked, restore_files, files_in_archive, using)


def _unpack_files(tar: tarfile.TarFile, members: list[tarfile.TarInfo], root: Path) -> Path:
    """Write the archive's files into a new directory beside `root` (same file system)."""
    root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Owner-only, as the backups' directory: the files are members' photos and scans.
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-restore-", dir=root.parent))
    staging.chmod(0o700)
    try:
        for member in members:
            relative = PurePosixPath(member.name).relative_to(FILES_PREFIX)
            target = staging.joinpath(*relative.parts)
            _private_dirs(target.parent, staging)
            source = tar.extractfile(member)
            assert source is not None
            with source, target.open("xb") as out:
                shutil.copyfileobj(source, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _private_dirs(path: Path, top: Path) -> None:
    """Create `path` and its missing parents below `top`, each readable by the owner only
    (`mkdir(parents=True)` would give the parents the default mode)."""
    missing = []
    while path != top and not path.exists():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)


def _swap(staging: Path, root: Path) -> None:
    """Put `staging` in place of `root`; the old directory is removed only afterwards."""
    old: Path | None = None
    if root.exists():
        old = root.with_name(f".{root.name}-old-{timezone.now():%Y%m%d%H%M%S%f}")
        root.rename(old)
    try:
        staging.rename(root)
    except BaseException:
        if old is not None:
            old.rename(root)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _restore_sqlite(database_file: Path, using: str) -> None:
    """Replace every page of the configured database with the archived copy's.

    Through the online backup API rather than a file copy: the live file's WAL is taken
    into account and no connection is left reading a file that was swapped under it.
    """
    connection = connections[using]
    connection.close()
    name = str(connection.settings_dict["NAME"])
    timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    source = sqlite3.connect(database_file)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise DomainError("Cơ sở dữ liệu trong bản sao lưu bị hỏng; hãy dùng bản khác.")
        destination = sqlite3.connect(name, uri=True, timeout=timeout)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _restore_postgres(database_file: Path, using: str) -> None:
    """Replace the database with the archive's in one transaction, whole or not at all.

    The restored database equals the archive: every table of the schema is dropped first,
    including those the archive does not hold (created by a newer release since the
    backup), which `pg_restore --clean` alone would leave behind with their rows. So the
    archive is turned into a script (`pg_restore --file`) and psql runs the drops and the
    script as one transaction.
    """
    connection = connections[using]
    restore = _pg_program("pg_restore", connection)
    psql = _pg_program("psql", connection)
    with connection.cursor():
        present = connection.introspection.table_names()
    connection.close()
    script = database_file.with_name(database_file.name + ".sql")
    _run(
        [restore, "--clean", "--if-exists", "--no-owner", f"--file={script}", str(database_file)],
        connection,
        "pg_restore",
    )
    drops = database_file.with_name(database_file.name + ".drop.sql")
    quote = connection.ops.quote_name
    drops.write_text(
        "".join(f"DROP TABLE IF EXISTS {quote(name)} CASCADE;\n" for name in present),
        encoding="utf-8",
    )
    _run(
        [
            psql,
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--single-transaction",
            f"--file={drops}",
            f"--file={script}",
            *_pg_connection_args(connection),
        ],
        connection,
        "psql",
    )


def _verify(
    checked: CheckedArchive, files_restored: bool, files_in_archive: bool, using: str
) -> RestoreResult:
    """Compare every table's row count and the audit checksum with the manifest's."""
    saved_tables: dict[str, int] = checked.manifest["tables"]
    now = table_counts(using)
    mismatches = []
    for table, expected in saved_tables.items():
        found = now.get(table)
        if found is None:
            mismatches.append(
                f"Bảng {table}: không có sau khi khôi phục (bản sao lưu: {expected})."
            )
        elif found != expected:
            mismatches.append(f"Bảng {table}: {found} dòng, bản sao lưu ghi {expected} dòng.")
    checksum = audit_checksum(using)
    if checksum != checked.manifest["audit_checksum"]:
        mismatches.append(
            f"Nhật ký: mã kiểm tra {checksum} khác mã trong bản sao lưu "
            f"{checked.manifest['audit_checksum']}."
        )
    return RestoreResult(
        tables=len(saved_tables),
        rows=sum(saved_tables.values()),
        files=len(checked.file_members) if files_restored else 0,
        files_restored=files_restored,
        files_in_archive=files_in_archive,
        audit_checksum=checksum,
        pending_migrations=checked.pending_migrations,
        mismatches=mismatches,
    )
