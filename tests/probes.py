"""Run a Python script in a fresh interpreter from the project's directory, as a gunicorn
worker starts: for tests about what a process loads or keeps (its modules, its memory)."""

import os
import subprocess
import sys

from django.conf import settings


def run_python(script: str, *args: str, env: dict | None = None) -> str:
    """The script's standard output; fails the test with its standard error if it fails. By
    default the test's environment with development settings."""
    if env is None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1"}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
