"""A web worker starts without what only an upload needs: Pillow is imported on the first photo
decoded, not when the application and its URLs load (it costs each worker resident memory)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import sys
from newsroom.wsgi import application
import newsroom.urls  # what the first request loads
from images import processing
print(sorted(m for m in sys.modules if m == "PIL" or m.startswith("PIL.")))
print(processing.FORMATS[-1])
print("PIL" in sys.modules)
"""


def test_a_worker_loads_without_pillow_until_a_photo_is_decoded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1"}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded, last_format, after = result.stdout.split("\n")[:3]
    assert loaded == "[]"
    assert last_format == "jpeg"  # asking for the formats is what brings Pillow in
    assert after == "True"
