"""
Backups of the whole database, and restoring one into an empty database.

On PostgreSQL this wraps `pg_dump --format=custom` and `pg_restore --clean --if-exists
--no-owner` (the client's major version must match the server's; the password goes through
PGPASSWORD, never the command line). Elsewhere it is Django's `dumpdata` / `loaddata` as JSON,
with foreign keys to content types and permissions written as natural keys (those tables are
rebuilt by migrations, with ids of their own) and every other primary key kept as it is, because
revisions store the rows they record with raw ids. Times keep their microseconds, which Django's
own JSON encoder drops; `loaddata` reads them back as they are.
"""

import datetime
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction

PG_MAGIC = b"PGDMP"
# Rebuilt by `migrate` on the target (content types and permissions) or worthless in a backup
# (sessions: everyone signs in again after a restore; sign-in failures last fifteen minutes;
# the stored parts of article pages and API reads, rendered again by their first reader).
DUMPDATA_EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "newsroom.loginfailure",
    "articles.storedstory",
    "articles.storedrepresentation",
    "articles.storedstorygeneration",
]
# Rows that exist in a freshly migrated database, so they do not make it "not empty".
SCAFFOLDING = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "sessions.session",
    "newsroom.loginfailure",
    "articles.storedstory",
    "articles.storedrepresentation",
    "articles.storedstorygeneration",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is one line for the operator."""


class _ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    """Django's JSON fixture format with times to the microsecond (registered as BACKUP_FORMAT)."""

    def _init_options(self):
        self.options.setdefault("cls", _ExactJSONEncoder)
        super()._init_options()


Deserializer = json_serializer.Deserializer
BACKUP_FORMAT = "backup-json"


def is_postgresql(database: str = "default") -> bool:
    return connections[database].vendor == "postgresql"


def backup(*, path: Path, database: str = "default") -> str:
    """Write a backup of the database to `path`; returns the format written."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    # Written beside the target and renamed at the end: a failed backup never leaves a
    # truncated file where a good one is expected.
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if is_postgresql(database):
            _run_pg_tool("pg_dump", ["--format=custom", f"--file={partial}"], database)
            kind = "pg_dump custom format"
        else:
            if BACKUP_FORMAT not in serializers.get_serializer_formats():
                serializers.register_serializer(BACKUP_FORMAT, __name__)
            call_command(
                "dumpdata",
                format=BACKUP_FORMAT,
                natural_foreign=True,
                exclude=DUMPDATA_EXCLUDE,
                output=partial,
                database=database,
                verbosity=0,
            )
            kind = "Django JSON fixture"
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return kind


def restore(*, path: Path, force: bool = False, database: str = "default") -> str:
    """Restore a backup made by `backup` into the database, replacing what is there.

    Refuses a database that already holds content unless `force` is set.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as file:
        head = file.read(64)
    postgresql = is_postgresql(database)
    if postgresql and not head.startswith(PG_MAGIC):
        raise BackupError(
            f"{path}: not a pg_dump custom-format backup (this database is PostgreSQL)"
        )
    if not postgresql and head.startswith(PG_MAGIC):
        raise BackupError(f"{path}: a pg_dump backup, which only PostgreSQL can restore")
    if not postgresql and not head.lstrip().startswith(b"["):
        raise BackupError(f"{path}: not a backup made by `manage.py backup` (expected JSON)")
    if not force and (content := _content(database)):
        raise BackupError(
            f"the database is not empty ({content}); restore into an empty database, "
            "or pass --force to replace everything in it"
        )
    if postgresql:
        # Read the archive's table of contents first: a damaged file fails here, before
        # anything in the database is dropped.
        listing = subprocess.run(  # noqa: S603 (pg_restore --list reads only the file)
            [pg_tool("pg_restore"), "--list", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if listing.returncode != 0:
            reason = _first_line(listing.stderr, listing.returncode).removeprefix("pg_restore: ")
            raise BackupError(f"{path}: not a readable pg_dump backup ({reason})")
        _run_pg_tool(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)],
            database,
        )
        return "pg_restore"
    _check_fixture(path)
    call_command("migrate", database=database, interactive=False, verbosity=0)
    # One transaction: a restore that fails half way leaves the database as it was.
    with transaction.atomic(using=database):
        call_command("flush", database=database, interactive=False, verbosity=0)
        call_command("loaddata", str(path), database=database, verbosity=0)
    return "loaddata"


def _content(database: str) -> str:
    """What content the database holds ("3 article, 2 user rows"), or "" when empty."""
    connection = connections[database]
    tables = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.label_lower in SCAFFOLDING or model._meta.db_table not in tables:
                continue
            if model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608 (a table name from the model registry)
            )
            if count := cursor.fetchone()[0]:
                found.append(f"{count} {model._meta.label_lower}")
    return ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")


def _check_fixture(path: Path) -> None:
    try:
        with path.open(encoding="utf-8") as file:
            rows = json.load(file)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: not a JSON backup ({exc})") from None
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and "model" in row and "fields" in row for row in rows
    ):
        raise BackupError(f"{path}: JSON, but not a backup made by `manage.py backup`")


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or BackupError saying it is missing."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found on PATH: install the PostgreSQL client matching the server's "
            "major version (e.g. postgresql-client-15)"
        )
    return found


def _run_pg_tool(name: str, arguments: list[str], database: str) -> None:
    settings = connections[database].settings_dict
    connection_options = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        connection_options.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        connection_options.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        connection_options.append(f"--username={settings['USER']}")
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    result = subprocess.run(  # noqa: S603 (a PostgreSQL client, arguments from settings)
        [pg_tool(name), "--no-password", *connection_options, *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        reason = _first_line(result.stderr, result.returncode)
        raise BackupError(f"{name} failed: {reason.removeprefix(f'{name}: ')}")


def _first_line(stderr: str, returncode: int) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else f"exit status {returncode}"
