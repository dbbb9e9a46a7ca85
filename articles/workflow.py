"""
The article workflow, in one place for the admin, the API and commands alike.

    draft → review → published (now, or scheduled for later) → archived
    review / published / archived → draft ("back to draft", unpublish)

plus the trash (soft delete, restore, empty) and the guarded save: every write checks the
version the writer started from, so nobody silently overwrites anybody, and records a revision.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from articles import events
from articles.models import Article, ArticleStatus, Correction, Topic
from articles.permissions import (
    may_add_topics,
    may_create,
    may_edit,
    may_publish,
)
from articles.readiness import publish_problems, uncovered_quotes


class WorkflowError(Exception):
    """A transition or save that cannot happen; the message is for the person who tried."""


class StaleVersion(WorkflowError):
    """The article changed since the writer loaded it."""

    def __init__(self, current: Article):
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else "someone else"
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        super().__init__(
            f"{who} changed this article at {when} (now version {current.version}) "
            "after you opened it."
        )


class NotReady(WorkflowError):
    """The article lacks what publishing needs; `problems` lists each missing piece."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Not ready to publish: " + "; ".join(problems))


class UnattributedQuotes(NotReady):
    """Quotes in the body that no attribution covers; publishing needs an explicit override."""

    def __init__(self, quotes):
        self.quotes = quotes
        super().__init__(
            [
                f"the quote “{_clip(quote.text)}” (paragraph {quote.paragraph}) has no attribution"
                for quote in quotes
            ]
        )


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    needs_publish_permission: bool
    done: str  # "A draft article cannot be <done>."


S = ArticleStatus
TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", "Submit for review", frozenset({S.DRAFT}), S.REVIEW, False, "submitted"
        ),
        Transition(
            "publish",
            "Publish",
            frozenset({S.DRAFT, S.REVIEW, S.PUBLISHED, S.ARCHIVED}),
            S.PUBLISHED,
            True,
            "published",
        ),
        Transition(
            "schedule",
            "Schedule",
            frozenset({S.DRAFT, S.REVIEW, S.PUBLISHED}),
            S.PUBLISHED,
            True,
            "scheduled",
        ),
        Transition(
            "unpublish",
            "Back to draft",
            frozenset({S.REVIEW, S.PUBLISHED, S.ARCHIVED}),
            S.DRAFT,
            True,
            "sent back to draft",
        ),
        Transition("archive", "Archive", frozenset({S.PUBLISHED}), S.ARCHIVED, True, "archived"),
    ]
}


# --- Who may do what (the rules are in articles/permissions.py) ----------------------------


def transitions_for_new(user) -> list[Transition]:
    """The transitions a new article's form offers: what this user could do to the draft it
    becomes once saved (the desk saves and applies the one pressed in one step)."""
    if not may_create(user):
        return []
    return [
        transition
        for transition in TRANSITIONS.values()
        if S.DRAFT in transition.sources
        and (may_publish(user) if transition.needs_publish_permission else True)
    ]


def allowed_transitions(user, article: Article) -> list[Transition]:
    """The transitions this user may apply to this article now."""
    if article.pk is None or article.deleted_at is not None:
        return []
    allowed = []
    for transition in TRANSITIONS.values():
        if article.status not in transition.sources:
            continue
        if (
            transition.name == "publish"
            and article.status == S.PUBLISHED
            and not article.is_scheduled
        ):
            continue  # already live; "publish now" only makes sense for a scheduled one
        if transition.needs_publish_permission:
            if may_publish(user):
                allowed.append(transition)
        elif may_edit(user, article):
            allowed.append(transition)
    return allowed


# --- Writes --------------------------------------------------------------------------------


def claim(article: Article, *, expected_version: int | None) -> Article:
    """Take the next version number, or raise StaleVersion if someone else took it first."""
    expected = article.version if expected_version is None else expected_version
    claimed = Article.objects.claim_version(pk=article.pk, expected=expected)
    if not claimed:
        current = Article.objects.select_related("updated_by").get(pk=article.pk)
        raise StaleVersion(current)
    article.version = expected + 1
    return article


@contextmanager
def writing(article: Article):
    """One transaction and one revision; if it fails, the caller's article object keeps the
    version it had, so it can be corrected and saved again."""
    version = article.version
    try:
        with transaction.atomic(), reversion.create_revision():
            yield
    except BaseException:
        article.version = version
        raise


def record(by, message: str) -> None:
    if by is not None and getattr(by, "pk", None):
        reversion.set_user(by)
    reversion.set_comment(message)


def save_article(
    *,
    article: Article,
    by,
    expected_version: int | None = None,
    message: str = "",
    check_permission: bool = True,
    credits: list[dict] | None = None,
    attributions: list[dict] | None = None,
    topics: list | None = None,
) -> Article:
    """Save an article's edits if the writer saw the latest version; record a revision.

    `credits`, `attributions` (field values, in order) and `topics` (names or topics), when
    given, replace the article's own in the same transaction and revision. A new article
    starts at version 1 as a draft, attributed to its author.
    """
    creating = article.pk is None
    if check_permission and not creating and not may_edit(by, article):
        raise PermissionDenied("You may not edit this article.")
    if check_permission and creating and not may_create(by):
        raise PermissionDenied("You may not create articles.")
    if check_permission and topics:
        _refuse_new_topics(topics, by=by)
    with writing(article):
        if creating:
            # Every article starts as a draft; only transitions change the status.
            article.status = ArticleStatus.DRAFT
            article.created_by = by if getattr(by, "pk", None) else None
        else:
            claim(article, expected_version=expected_version)
            # Status and the trash change only through transitions, never through an edit.
            persisted = Article.objects.values("status", "deleted_at").get(pk=article.pk)
            article.status, article.deleted_at = persisted["status"], persisted["deleted_at"]
        article.updated_by = by if getattr(by, "pk", None) else None
        article.save()
        _replace_rows(article.credits, credits)
        _replace_rows(article.attributions, attributions)
        if topics is not None:
            article.topics.set(topics, clear=True)
        if credits is not None or attributions is not None or topics is not None:
            # The revision holds the rows as they are now, not as the save found them.
            reversion.add_to_revision(article)
        record(by, message or ("Created" if creating else "Edited"))
        if creating:
            events.announce(events.article_created, article, by=by)
        else:
            announce_update(article, by=by)
    return article


def _replace_rows(manager, rows: list[dict] | None) -> None:
    """Replace an article's rows of one kind (its credits, its attributions) with `rows`."""
    if rows is None:
        return
    manager.all().delete()
    model = manager.model
    article = manager.instance
    model.objects.bulk_create(
        model(article=article, **{"order": order, **row}) for order, row in enumerate(rows)
    )


def _refuse_new_topics(topics: list, *, by) -> None:
    """Tagging with a topic that does not exist creates it: that needs the permission."""
    if may_add_topics(by):
        return
    names = [getattr(topic, "name", topic) for topic in topics]
    existing = Q()
    for name in names:
        existing |= Q(name__iexact=name)
    known = {
        name.casefold() for name in Topic.objects.filter(existing).values_list("name", flat=True)
    }
    new = [name for name in names if name.casefold() not in known]
    if new:
        raise PermissionDenied(f"You may not create topics ({', '.join(new)}).")


def announce_update(article: Article, *, by) -> None:
    events.announce(events.article_updated, article, by=by, public=article.is_public)


def touch(*, article: Article, by, message: str) -> Article:
    """Record that part of an article changed outside its own form (an attribution accepted, a
    correction logged): the next version number, so ETags and open forms notice, and a
    revision with the inlines."""
    with writing(article):
        claim(article, expected_version=None)
        Article.objects.filter(pk=article.pk).update(
            updated_by=by if getattr(by, "pk", None) else None, updated_at=timezone.now()
        )
        current = Article.objects.get(pk=article.pk)
        reversion.add_to_revision(current)
        record(by, message)
        announce_update(current, by=by)
    return article


def log_correction(*, article: Article, by, kind: str, text: str) -> Correction:
    """Log a correction, clarification or update on an article: shown to readers with its
    time, a new version with it in the history, and announced (article_corrected)."""
    with writing(article):
        correction = Correction(article=article, kind=kind, text=text)
        correction.full_clean(exclude=["article"])
        correction.save()
        touch(article=article, by=by, message=f"{correction.get_kind_display()} logged")
        events.announce(events.article_corrected, article, by=by, correction=correction)
    return correction


def touch_articles(*, articles, by, message: str) -> int:
    """Record on each of `articles` that something it shows changed elsewhere (a source, topic
    or contributor renamed; quotes merged onto another source): the next version, so ETags
    and open forms notice, and the article in the revision. Returns how many."""
    ids = set(articles.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic(), reversion.create_revision():
        Article.objects.filter(pk__in=ids).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        for article in Article.objects.filter(pk__in=ids):
            reversion.add_to_revision(article)
            announce_update(article, by=by)
        record(by, message)
    return len(ids)


def transition(
    *,
    article: Article,
    name: str,
    by,
    at: datetime | None = None,
    expected_version: int | None = None,
    override_unattributed: bool = False,
    after_save: bool = False,
) -> Article:
    """Apply a named transition ("submit", "publish", "schedule", "unpublish", "archive").

    Publishing refuses quotes without an attribution unless `override_unattributed` is given,
    and the override is recorded in the revision.

    `after_save`: the edit this transition completes was saved just before, in the same
    transaction and revision (the desk's "save and publish"). The two are one step: the
    version that save took is this transition's too, and the revision says both.
    """
    if after_save and not transaction.get_connection().in_atomic_block:
        raise WorkflowError("A transition after a save must run in the save's transaction.")
    try:
        step = TRANSITIONS[name]
    except KeyError:
        raise WorkflowError(f"Unknown action “{name}”.") from None
    if step not in allowed_transitions(by, article):
        if step.needs_publish_permission and not may_publish(by):
            raise PermissionDenied(f"You may not {step.label.lower()} articles.")
        if article.deleted_at is not None:
            raise WorkflowError("This article is in the trash; restore it first.")
        if article.status not in step.sources or name == "publish":
            raise WorkflowError(
                f"This article is {article.get_status_display().lower()}; it cannot be {step.done}."
            )
        raise PermissionDenied(f"You may not {step.label.lower()} this article.")

    now = timezone.now()
    was_public = article.is_public
    with writing(article):
        if not after_save:
            claim(article, expected_version=expected_version)
        if step.target == ArticleStatus.PUBLISHED:
            when = at or now
            if name == "schedule" and when <= now:
                raise WorkflowError("A scheduled time must be in the future.")
            problems = publish_problems(article)
            if problems:
                raise NotReady(problems)
            unattributed = uncovered_quotes(article)
            if unattributed and not override_unattributed:
                raise UnattributedQuotes(unattributed)
            article.published_at = when
            verb = "Scheduled for " + date_format(timezone.localtime(when), "DATETIME_FORMAT")
            message = verb if when > now else "Published"
            if unattributed:
                message += (
                    f" with {len(unattributed)} unattributed quote(s), on "
                    f"{by.get_username()}'s explicit override"
                )
        elif name == "submit":
            message = "Submitted for review"
        elif name == "archive":
            message = "Archived"
        else:
            message = "Sent back to draft"
        article.status = step.target
        article.updated_by = by
        article.save()
        if after_save and reversion.get_comment():
            message = f"{reversion.get_comment()}; {message[0].lower()}{message[1:]}"
        record(by, message)
        if step.target == ArticleStatus.PUBLISHED:
            scheduled = article.published_at > now
            events.announce(events.article_published, article, by=by, scheduled=scheduled)
        elif name == "submit":
            announce_update(article, by=by)
        else:
            reason = "archived" if name == "archive" else "draft"
            events.announce(
                events.article_unpublished, article, by=by, reason=reason, was_public=was_public
            )
    return article


def submit_for_review(*, article: Article, by, expected_version: int | None = None) -> Article:
    return transition(article=article, name="submit", by=by, expected_version=expected_version)


def publish(
    *,
    article: Article,
    by,
    at: datetime | None = None,
    expected_version: int | None = None,
    override_unattributed: bool = False,
) -> Article:
    """Publish now, or at `at` (a future `at` schedules it)."""
    name = "schedule" if at is not None and at > timezone.now() else "publish"
    return transition(
        article=article,
        name=name,
        by=by,
        at=at,
        expected_version=expected_version,
        override_unattributed=override_unattributed,
    )


def unpublish(*, article: Article, by, expected_version: int | None = None) -> Article:
    return transition(article=article, name="unpublish", by=by, expected_version=expected_version)


def archive(*, article: Article, by, expected_version: int | None = None) -> Article:
    return transition(article=article, name="archive", by=by, expected_version=expected_version)
