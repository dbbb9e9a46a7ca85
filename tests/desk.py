"""Helpers for the desk's tests: the article change form's POST data, as a browser sends it."""

INLINES = ("credits", "tagged_topics", "attributions", "corrections")


def article_form(article=None, **overrides) -> dict:
    """The change form for `article` (or the add form) with no inline rows, plus `overrides`."""
    data = {
        "headline": article.headline if article else "A new story",
        "slug": article.slug if article else "a-new-story",
        "dek": article.dek if article else "",
        "body": article.body if article else "Text.",
        "dateline": "",
        "provider": "",
        "language": "en",
        "expected_version": article.version if article else "",
    }
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides
