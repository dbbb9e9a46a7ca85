"""A scratch database beside the test database, for tests that run `manage.py` in another
process (backup drills, killed imports): a PostgreSQL database made with psql and dropped
afterwards when the tests run on PostgreSQL, a SQLite file otherwise."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _psql(sql: str) -> None:
    settings = connection.settings_dict
    subprocess.run(  # noqa: S603 (psql with our own statements)
        [
            shutil.which("psql") or "/usr/bin/psql",
            "--no-psqlrc",
            "--quiet",
            f"--host={settings['HOST'] or '127.0.0.1'}",
            f"--port={settings['PORT'] or 5432}",
            f"--username={settings['USER'] or 'postgres'}",
            "--dbname=postgres",
            "--set=ON_ERROR_STOP=1",
            f"--command={sql}",
        ],
        env={**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")},
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def scratch_database(tmp_path):
    """The DATABASE_URL of a new, empty database (no tables), removed after the test."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"newsroom_scratch_{uuid.uuid4().hex[:12]}"
    _psql(f'CREATE DATABASE "{name}"')
    try:
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        yield (
            f"postgres://{settings['USER'] or 'postgres'}{password}@"
            f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
        )
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `manage.py` against another database, as an operator would."""
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "REDIS_URL": ""}


def evaluate(database_url: str, expression: str):
    """The JSON value of a Python expression evaluated in a Django process on that database."""
    code = f"import django, json; django.setup(); print(json.dumps({expression}))"
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment(database_url), "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
