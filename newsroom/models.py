"""The project's own tables: only what no app owns (sign-in failures, for the throttle)."""

from django.db import models


class LoginFailure(models.Model):
    """One wrong password, kept for the throttle's window (newsroom/logins.py).

    In the database rather than the cache, so the throttle holds while the cache is down.
    `account` is a hash of the username as authentication compares it, never the name itself.
    """

    account = models.CharField(max_length=64)
    address = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["account", "at"], name="loginfailure_account_at"),
            models.Index(fields=["address", "at"], name="loginfailure_address_at"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self):
        return f"Failed sign-in at {self.at:%Y-%m-%d %H:%M:%S} from {self.address or 'unknown'}"
