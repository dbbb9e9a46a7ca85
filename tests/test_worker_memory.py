"""A web worker starts without what only an upload needs: Pillow is imported on the first photo
decoded, not when the application and its URLs load (it costs each worker resident memory)."""

from tests.probes import run_python

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
    output = run_python(PROBE)
    loaded, last_format, after = output.split("\n")[:3]
    assert loaded == "[]"
    assert last_format == "jpeg"  # asking for the formats is what brings Pillow in
    assert after == "True"
