"""The "material change" box on a published story's change form: an editor who ticks it must
log a correction in the same save (a new row in the corrections inline), or the save is refused
with the error on the box. A correction then publishes with the change, never after it."""

from django import forms

from articles.models import Article

FIELD = "material_change"
# The corrections inline's formset prefix (the related name of Correction.article).
PREFIX = "corrections"


def field() -> forms.BooleanField:
    return forms.BooleanField(
        label="This is a material change",
        required=False,
        help_text="Tick when the edit changes a fact readers relied on: the save then needs a "
        "new correction below, which readers see with the change.",
    )


def with_field(fieldsets, article):
    """The fieldsets, with the box in the Trust fieldset when the story is published."""
    if article is None or article.status != Article.Status.PUBLISHED:
        return fieldsets
    return [
        (name, {**options, "fields": [*options["fields"], FIELD]})
        if name == "Trust" and FIELD not in options["fields"]
        else (name, options)
        for name, options in fieldsets
    ]


def new_corrections(data) -> int:
    """How many new, non-deleted corrections with text the posted inline adds."""
    try:
        initial = int(data.get(f"{PREFIX}-INITIAL_FORMS", 0))
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return 0
    return sum(
        1
        for index in range(initial, min(total, 1000))
        if data.get(f"{PREFIX}-{index}-text", "").strip()
        and not data.get(f"{PREFIX}-{index}-DELETE")
    )


def check(form, cleaned: dict) -> None:
    """Refuse a material change to a published story that logs no correction."""
    article = form.instance
    if not cleaned.get(FIELD) or article.status != Article.Status.PUBLISHED:
        return
    if not new_corrections(form.data):
        form.add_error(
            FIELD,
            "A material change to a published story needs a correction: add one under "
            "Corrections (what was wrong and what is right) in this save.",
        )
