"""The outbox: what partners hear of each change, written by the workflow's `recording` signal
inside the change's transaction (articles/events.py), so an event exists exactly when its
change committed. Workers deliver it later (`delivery.py`).

- published: `article.published`, due when readers can see it (now, at its scheduled time, or
  when its embargo lifts); under embargo, `article.embargoed` too, at once, for partners allowed
  embargoed copy;
- updated: `article.updated` if readers can see it, else `article.embargoed` again (the new
  copy) while under embargo; corrected: `article.corrected` if readers can see it;
- unpublished, archived or trashed: `article.unpublished` (sent only to partners that had it);
- restored from the trash, public again: `article.published`.

A change to a public story also brings forward what was waiting for it to go public (an
embargo lifted early), so its events keep their order and none waits for a time that passed;
taking a story down skips what was waiting for it to go public. A correction is one event
(`article.corrected`), not an update and a correction.
"""

from django.utils import timezone

from articles import events
from distribution import tasks
from distribution.models import Delivery, Event, EventType, Partner


def connect() -> None:
    events.recording.connect(recorded, dispatch_uid="distribution-outbox")


def public_at(article):
    """When readers can see it: its publication time, or its embargo's end if later."""
    if article.embargoed_until and article.embargoed_until > article.published_at:
        return article.embargoed_until
    return article.published_at


def _plan(announced, article, details, now) -> list[tuple[str, object, bool]]:
    """(event type, due at, for embargoed-copy partners only) for what was announced."""
    if announced is events.article_published or (
        announced is events.article_restored and article.is_public
    ):
        plan = [(EventType.PUBLISHED, max(public_at(article), now), False)]
        if article.is_embargoed:
            plan.insert(0, (EventType.EMBARGOED, now, True))
        return plan
    if announced is events.article_updated:
        if article.is_public:
            return [(EventType.UPDATED, now, False)]
        if article.is_embargoed and article.status == article.Status.PUBLISHED:
            return [(EventType.EMBARGOED, now, True)]
        return []
    if announced is events.article_corrected:
        return [(EventType.CORRECTED, now, False)] if article.is_public else []
    if announced is events.article_unpublished:
        return [(EventType.UNPUBLISHED, now, False)]
    return []


def _wants(partner: Partner, article, topic_ids: set[int]) -> bool:
    sections = {section.pk for section in partner.sections.all()}
    topics = {topic.pk for topic in partner.topics.all()}
    if not sections and not topics:
        return True
    section = article.section
    if section is not None and (section.pk in sections or section.parent_id in sections):
        return True
    return bool(topics & topic_ids)


def recorded(sender, announced, article, **details) -> None:
    partners = list(Partner.objects.filter(active=True).prefetch_related("sections", "topics"))
    if not partners:
        return
    now = timezone.now()
    if article.is_public and (
        # Bring forward what waited for it to go public (an embargo lifted early).
        Delivery.objects.filter(
            article_id=article.pk, status=Delivery.Status.PENDING, due_at__gt=now
        ).update(due_at=now, next_attempt_at=now)
    ):
        tasks.wake_at(now)
    if announced is events.article_unpublished:
        # What waited for it to go public never will.
        Delivery.objects.filter(
            article_id=article.pk, status=Delivery.Status.PENDING, due_at__gt=now
        ).update(status=Delivery.Status.SKIPPED, note="Withdrawn before it went public.")
    if announced is events.article_corrected and (
        Event.objects.filter(
            article=article, version=article.version, type=EventType.UPDATED
        ).update(type=EventType.CORRECTED)
    ):
        return  # the correction's own new version was recorded as an update a moment ago
    plan = _plan(announced, article, details, now)
    if not plan:
        return
    topic_ids = set()
    if any(partner.topics.all() for partner in partners):
        topic_ids = set(article.topics.values_list("pk", flat=True))
    wanting = [partner for partner in partners if _wants(partner, article, topic_ids)]
    for kind, due_at, embargoed_only in plan:
        receivers = [p for p in wanting if p.embargoed_copy or not embargoed_only]
        if not receivers:
            continue
        event = Event.objects.create(
            type=kind, article=article, version=article.version, occurred_at=now
        )
        Delivery.objects.bulk_create(
            Delivery(
                event=event,
                partner=partner,
                article_id=article.pk,
                due_at=due_at,
                next_attempt_at=due_at,
            )
            for partner in receivers
        )
        tasks.wake_at(due_at)
