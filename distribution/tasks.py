"""The queue's side of distribution (django-tasks, database backend): one task, "deliver what
is due", enqueued in the same transaction as what makes a delivery due (a new event, a retry's
backoff, a resume or a resend), to run when it is due. `manage.py db_worker` (`make worker`)
runs the tasks; any number of workers may, on any number of machines (delivery.py locks each
delivery it sends). The deliveries' own rows hold every delivery's state, so a lost or repeated
task loses or repeats nothing: the next one, or `manage.py deliver --once`, finds what is due."""

from datetime import datetime

from django.utils import timezone
from django_tasks import task


@task()
def deliver_due() -> dict:
    from distribution import delivery

    outcome = delivery.deliver_due()
    return {
        "delivered": outcome.delivered,
        "failed": outcome.failed,
        "skipped": outcome.skipped,
        "postponed": outcome.postponed,
    }


def wake_at(when: datetime | None = None) -> None:
    """Have a worker deliver what is due at `when` (now, if it has passed or is None)."""
    if when is None or when <= timezone.now():
        deliver_due.enqueue()
    else:
        deliver_due.using(run_after=when).enqueue()
