"""The workflow buttons on the article's form: the transition an editor pressed, applied to the
article just saved, in the same transaction and as the same version step.

A refusal (not ready, quotes nobody said, no permission) undoes the whole save: the admin shows
the form again, as typed, with each reason linked to the field that fixes it (article.py).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow


@dataclass
class Reason:
    text: str
    # What fixes it: an element id on the form ("id_lead_image"), or the address of another
    # desk page ("/admin/images/image/4/change/", a photo lacking its credit), if there is one.
    field: str = ""

    @property
    def elsewhere(self) -> bool:
        """Whether the fix is on another page (opened beside the form, not instead of it)."""
        return self.field.startswith("/")


@dataclass
class Refused(Exception):
    """What the workflow refused when a button was pressed, and why."""

    action: str
    reasons: list[Reason] = field(default_factory=list)
    unattributed: list = field(default_factory=list)  # quotes nobody is credited with

    def __str__(self):
        return f"Not {self.action}: " + "; ".join(reason.text for reason in self.reasons) + "."


def apply_pressed(request, article, name: str) -> None:
    """Apply the transition `name` (submit, publish, schedule, ...) to the article just saved,
    or raise Refused."""
    step = workflow.TRANSITIONS.get(name)
    action = step.done if step else "done"
    at = None
    if name == "schedule":
        at = parse_local_datetime(request.POST.get("_schedule_at", ""))
        if at is None:
            reason = Reason("give a date and time to schedule it for", "id__schedule_at")
            raise Refused(action, [reason])
    try:
        workflow.transition(
            article=article,
            name=name,
            by=request.user,
            at=at,
            override_unattributed=request.POST.get("_override_unattributed") == "1",
            after_save=True,
        )
    except workflow.UnattributedQuotes as exc:
        reasons = [Reason(problem, "quote-check") for problem in exc.problems]
        raise Refused(action, reasons, unattributed=exc.quotes) from exc
    except workflow.NotReady as exc:
        reasons = [Reason(problem, getattr(problem, "field", "")) for problem in exc.problems]
        raise Refused(action, reasons) from exc
    except workflow.WorkflowError as exc:
        field_id = "id__schedule_at" if name == "schedule" else ""
        raise Refused(action, [Reason(_sentence(str(exc)), field_id)]) from exc
    except PermissionDenied as exc:
        raise Refused(action, [Reason(_sentence(str(exc) or "you may not do that"))]) from exc
    messages.success(request, f"{article}: {step.done}.")


def _sentence(text: str) -> str:
    """A message as a clause after "Not published: "."""
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def parse_local_datetime(value: str) -> datetime | None:
    """A datetime-local input value in the newsroom's time zone."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive)
