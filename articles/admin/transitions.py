"""The workflow buttons on the article's change form: the transition an editor pressed,
applied once the form and its inlines are saved, with any refusal told as a message."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow


def apply_pressed(request, article, name: str) -> None:
    """Apply the transition `name` (submit, publish, schedule, ...) to the saved article."""
    at = None
    if name == "schedule":
        at = parse_local_datetime(request.POST.get("_schedule_at", ""))
        if at is None:
            messages.error(request, "Give a date and time to schedule the article for.")
            return
    try:
        workflow.transition(
            article=article,
            name=name,
            by=request.user,
            at=at,
            override_unattributed=request.POST.get("_override_unattributed") == "1",
        )
    except workflow.UnattributedQuotes as exc:
        messages.error(
            request,
            f"{exc}. Attribute them (Suggest attributions helps), or tick “publish anyway”.",
        )
    except workflow.NotReady as exc:
        messages.error(request, str(exc))
    except (workflow.WorkflowError, PermissionDenied) as exc:
        messages.error(request, str(exc) or "You may not do that.")
    else:
        messages.success(request, f"{article}: {workflow.TRANSITIONS[name].done}.")


def parse_local_datetime(value: str) -> datetime | None:
    """A datetime-local input value in the newsroom's time zone."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive)
