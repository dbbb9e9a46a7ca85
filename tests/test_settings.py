"""Settings come from the environment, with safe defaults and no secret in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The operator's environment, without what the test run itself sets.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=ROOT,
        # A developer's .env (written by make run) must not colour what production does.
        env={
            **clean,
            "DATABASE_URL": "sqlite:///:memory:",
            "NEWSROOM_ENV_FILE": str(ROOT / "tests" / "no-such.env"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _settings(*names: str, **env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run("-c", code, DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key_in_one_line():
    result = _run("manage.py", "check", DEBUG="0")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "newsroom: SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)"
    ]


def test_a_local_env_file_fills_in_what_the_environment_leaves_unset(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# written by make run\nDEBUG=1\nSECRET_KEY=from-the-file\n\n")

    unset = _settings("DEBUG", "SECRET_KEY", NEWSROOM_ENV_FILE=str(env_file))
    overridden = _settings(
        "DEBUG", "SECRET_KEY", NEWSROOM_ENV_FILE=str(env_file), DEBUG="0", SECRET_KEY="real-one"
    )
    checked = _run("manage.py", "check", NEWSROOM_ENV_FILE=str(env_file))

    assert unset == {"DEBUG": True, "SECRET_KEY": "from-the-file"}
    assert overridden == {"DEBUG": False, "SECRET_KEY": "real-one"}
    assert checked.returncode == 0, checked.stderr


def test_a_malformed_env_file_is_refused_with_its_line(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nthis is not a setting\n")

    result = _run("manage.py", "check", NEWSROOM_ENV_FILE=str(env_file))

    assert result.returncode != 0
    assert f"{env_file}, line 2: expected KEY=VALUE" in result.stderr


def test_debug_defaults_to_off():
    result = _run("manage.py", "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_an_unreadable_boolean_is_refused_by_name():
    result = _run("manage.py", "check", DEBUG="maybe")

    assert result.returncode != 0
    assert result.stderr.strip() == (
        "newsroom: DEBUG must be a boolean (1/0, true/false), not 'maybe'"
    )


def test_production_with_a_secret_key_starts_and_is_locked_down():
    values = _settings(
        "DEBUG",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="news.example.org, www.news.example.org",
    )

    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["news.example.org", "www.news.example.org"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }


def test_production_passes_the_deploy_checks():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        ALLOWED_HOSTS="news.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_selects_postgresql_with_persistent_healthy_connections():
    values = _settings(
        "DATABASES", DEBUG="1", DATABASE_URL="postgres://newsroom:pw@db.internal:5433/news"
    )
    default = values["DATABASES"]["default"]

    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert (default["HOST"], default["PORT"], default["NAME"]) == ("db.internal", 5433, "news")
    assert default["CONN_MAX_AGE"] == 600
    assert default["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "newsroom.cache.FailOpenRedisCache"),
    ],
)
def test_cache_is_redis_when_configured_and_local_memory_otherwise(redis_url, backend):
    values = _settings("CACHES", DEBUG="1", REDIS_URL=redis_url)

    assert values["CACHES"]["default"]["BACKEND"] == backend


def test_sqlite_writers_wait_for_the_write_lock_in_wal_mode(tmp_path):
    code = (
        "import django, json; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); "
        "pragmas = [cursor.execute(f'PRAGMA {p}').fetchone()[0] "
        "for p in ('journal_mode', 'synchronous')]; "
        "print(json.dumps([connection.transaction_mode, *pragmas, "
        "connection.settings_dict['OPTIONS']['timeout']]))"
    )
    result = _run(
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'settings.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    # synchronous=NORMAL is 1: in WAL mode it loses no commit to a crash of the process.
    assert json.loads(result.stdout) == ["IMMEDIATE", "wal", 1, 20]


def test_postgresql_gets_none_of_the_sqlite_options():
    values = _settings("DATABASES", DEBUG="1", DATABASE_URL="postgres://newsroom@db/news")

    assert values["DATABASES"]["default"]["OPTIONS"] == {}
