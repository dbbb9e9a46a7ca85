"""The photo desk's forms: putting a photo in the library (the file decoded whole while the form
is validated, so a refused file is a form error and nothing is stored) and describing one
(text, and the focal point as two numbers that work without the page's script)."""

from django import forms

from images import library, processing
from images.models import Image

ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/gif"


class ImageAddForm(forms.ModelForm):
    """A file and what a newsroom prints with it; `store()` puts it in the library."""

    file = forms.FileField(
        label="Photo",
        help_text=f"{processing.ACCEPTED_LABEL}. The original is kept private; readers get "
        "resized copies without its metadata (GPS included).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Image
        fields = list(library.TEXT_FIELDS)
        widgets = {"caption": forms.Textarea(attrs={"rows": 3})}

    decoded: processing.Decoded | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Decoded here, whole, so a file we cannot print is refused before anything is stored.
        self.decoded = processing.decode(processing.read_upload(upload))
        return upload

    def text_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in library.TEXT_FIELDS}

    def store(self, *, user) -> tuple[Image, bool]:
        """The library's image for this file: new, or the one already there (text kept)."""
        return library.store_decoded(self.decoded, user=user, **self.text_fields())


class ImageChangeForm(forms.ModelForm):
    """What the desk may change of a stored photo: its words and its focal point (moving it
    re-cuts the crops, in ImageAdmin.save_model)."""

    class Meta:
        model = Image
        fields = [*library.TEXT_FIELDS, "focal_x", "focal_y"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }
        labels = {"focal_x": "Focal point, across", "focal_y": "Focal point, down"}
        help_texts = {
            "focal_x": "0 is the left edge, 1 the right. Click the photo to set both.",
            "focal_y": "0 is the top, 1 the bottom. The 16:9, 4:3 and 1:1 crops keep this "
            "point in view.",
        }


class DescribeForm(forms.ModelForm):
    """Alt text, credit and caption from the article desk's photo panel: only the fields sent
    change."""

    class Meta:
        model = Image
        fields = ["alt_text", "credit", "caption"]

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        for name in list(self.fields):
            if name not in data:
                del self.fields[name]
