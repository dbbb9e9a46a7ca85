"""Sections: the newspaper's departments (World, World > Europe, Business, Sport).

Below `articles`: an article names its primary section (`Article.section`) and may appear in
others (`Article.also_in`); a section never imports articles. What a reader may see of a section
(`in_print()`) is asked of the articles' visibility rule in `sections/querysets.py`.
"""

from django.db import models
from django.utils.text import slugify

from newsroom.slugs import slug_url
from sections.querysets import SectionQuerySet


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The last part of the section's web address."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section front and search engines."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Where the section comes in the navigation (lowest first)."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="For a subsection, e.g. Europe under World.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        indexes = [models.Index(fields=["parent", "order"], name="section_parent_order")]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("sections:front", self.slug)
