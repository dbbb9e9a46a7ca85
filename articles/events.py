"""What the workflow announces: domain signals, sent once the change has committed.

Each is sent with `sender=Article`, `article` (as saved) and `by` (the user, or None for an
import or the system). A rolled-back change announces nothing. Receivers that push stories to
partners, or warm caches, listen here rather than guessing from model saves what happened.

- article_created: a new draft.
- article_updated: its content changed (its own fields, its inline rows, or something it shows
  such as a source's name). `public` says whether readers can see it now.
- article_published: it was published or scheduled; `scheduled` is True when `published_at`
  is still to come (readers see it from then on, with no further announcement).
- article_unpublished: it went back to draft, was archived or moved to the trash (`reason`:
  "draft", "archived", "trashed"); `was_public` says whether readers could see it before.
- article_restored: it came back from the trash (as it was: a published one is public again).
- article_corrected: a correction was logged on it (`correction`).

`recording` is the one exception to "after the commit": it is sent at once, inside the change's
transaction, with `announced` (the signal being announced) and the same arguments, for a listener
whose rows must commit or roll back with the change (an outbox of events for partners). Its
receivers write to the database only; anything outside it waits for the after-commit signal.
"""

from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

article_created = Signal()
article_updated = Signal()
article_published = Signal()
article_unpublished = Signal()
article_restored = Signal()
article_corrected = Signal()
recording = Signal()


def announce(signal: Signal, article, *, by=None, **details) -> None:
    """Send `recording` now, within the transaction, and `signal` once it commits (at once
    outside one)."""
    recording.send(sender=type(article), announced=signal, article=article, by=by, **details)

    def send():
        signal.send(sender=type(article), article=article, by=by, **details)

    transaction.on_commit(send, using=DEFAULT_DB_ALIAS)
