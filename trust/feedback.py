"""Reader feedback and correction requests: the form a reader fills in on a story, its limits
against abuse (a honeypot, length limits, CSRF through Django's middleware, and a rate limit
per client address counted in the database), and storing what passes for the desk."""

import hashlib
import hmac
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from newsroom.clientip import client_address
from trust.models import MESSAGE_MAX_LENGTH, FeedbackKind, FeedbackRequest

# At most this many messages from one address in the window, across every story.
LIMIT_PER_ADDRESS = 5
WINDOW = timedelta(hours=1)
MESSAGE_MIN_LENGTH = 10


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label="What would you like to do?",
        choices=FeedbackKind.choices,
        initial=FeedbackKind.CORRECTION,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Your message",
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=f"What is wrong, or what you would like to tell us (up to "
        f"{MESSAGE_MAX_LENGTH} characters).",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        max_length=254,
        help_text="Only if you would like a reply; it is not published.",
    )
    # A honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())


def address_key(request) -> str:
    """A keyed hash of the client's address: enough to count, nothing to leak."""
    address = client_address(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()


def over_limit(request) -> bool:
    since = timezone.now() - WINDOW
    sent = FeedbackRequest.objects.filter(address=address_key(request), created_at__gte=since)
    return sent.count() >= LIMIT_PER_ADDRESS


def store(*, request, article, data: dict) -> FeedbackRequest:
    return FeedbackRequest.objects.create(
        article=article,
        kind=data["kind"],
        message=data["message"],
        email=data["email"],
        address=address_key(request),
    )
