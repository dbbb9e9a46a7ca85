"""Curated fronts: the stories editors pin to the home page or a section front, in a lead slot
or a featured one, in order, until an optional time. Above articles and sections: a pin names
both; neither imports this app."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class FrontSlot(models.Model):
    class Slot(models.TextChoices):
        LEAD = "lead", "Lead"
        FEATURED = "featured", "Featured"

    section = models.ForeignKey(
        "sections.Section",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="front_slots",
        help_text="The section front it is pinned to; leave empty for the home page.",
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="front_slots"
    )
    slot = models.CharField(
        max_length=10,
        choices=Slot.choices,
        default=Slot.FEATURED,
        help_text="The lead is the front's top story, with its photo; featured come next.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the slot (lowest first)."
    )
    pinned_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the pin runs out and the story drops back among the newest; "
        "empty to keep it until unpinned.",
    )

    class Meta:
        ordering = ["section__order", "slot", "position", "pk"]
        verbose_name = "front pin"
        constraints = [
            models.UniqueConstraint(
                fields=["section", "article"], name="frontslot_one_pin_per_front"
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(section__isnull=True),
                name="frontslot_one_home_pin",
            ),
            models.CheckConstraint(
                condition=Q(slot__in=["lead", "featured"]), name="frontslot_slot_valid"
            ),
        ]
        indexes = [models.Index(fields=["section", "slot", "position"], name="frontslot_order")]

    def __str__(self):
        front = self.section.name if self.section_id else "Home"
        return f"{front}: {self.get_slot_display()} {self.position} — {self.article}"

    @property
    def front_name(self) -> str:
        return self.section.name if self.section_id else "Home page"

    def is_live(self, now=None) -> bool:
        return self.pinned_until is None or self.pinned_until > (now or timezone.now())
