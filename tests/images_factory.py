"""Photos made in the test, with Pillow: never a real event's picture."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import TiffImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_bytes(
    width=1600,
    height=1000,
    *,
    fmt="JPEG",
    mode="RGB",
    gps=False,
    orientation=None,
    color=(200, 90, 40),
    **save,
):
    """A photo with a gradient (so encoders have something to do), optionally with GPS EXIF."""
    image = PILImage.linear_gradient("L").resize((width, height))
    if mode != "RGB":
        image = image.convert(mode)
    else:
        bands = [image] + [PILImage.new("L", (width, height), c) for c in color[1:]]
        image = PILImage.merge("RGB", bands)
    exif = PILImage.Exif()
    if gps:
        exif[GPS_IFD] = {
            1: "N",
            2: (TiffImagePlugin.IFDRational(51), TiffImagePlugin.IFDRational(30), 0),
            3: "W",
            4: (TiffImagePlugin.IFDRational(0), TiffImagePlugin.IFDRational(7), 0),
        }
        exif[0x010F] = "TestCam"
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    if gps or orientation:
        save["exif"] = exif.tobytes()
    image.save(out, fmt, **save)
    return out.getvalue()


def upload(content=None, name="photo.jpg", content_type="image/jpeg", **kwargs):
    return SimpleUploadedFile(
        name, content if content is not None else photo_bytes(**kwargs), content_type=content_type
    )
