"""The fixed vocabularies of articles: workflow states, the type of work, credit roles and kinds
of correction. Imported by models.py (and re-exported there) so the choices stay in one place."""

from django.db import models


class TypeOfWork(models.TextChoices):
    """The Trust Project's "type of work" label, shown above the headline; each maps to its
    schema.org type in articles/structured_data.py."""

    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    REVIEW = "review", "Review"
    BACKGROUND = "background", "Explainer"
    SPONSORED = "sponsored", "Sponsored"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class CreditRole(models.TextChoices):
    BYLINE = "byline", "Byline"
    REPORTING = "reporting", "Reporting"
    ADDITIONAL_REPORTING = "additional_reporting", "Additional reporting"
    WRITING = "writing", "Writing"
    EDITING = "editing", "Editing"
    PHOTOGRAPHY = "photography", "Photography"
    GRAPHICS = "graphics", "Graphics"
    OTHER = "other", "Other (as printed)"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
