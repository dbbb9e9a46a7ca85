"""`manage.py deliver`: the distribution worker. With --once, deliver everything due now and
exit (for operations and tests); without, keep delivering until stopped (Ctrl-C or SIGTERM),
looking for due deliveries every --poll seconds when there are none."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from distribution import delivery


class Command(BaseCommand):
    help = "Deliver due events to partners (--once: what is due now, then exit)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Deliver what is due, then exit.")
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks when idle (1)."
        )

    def handle(self, *args, once=False, poll=1.0, **options):
        if once:
            outcome = delivery.deliver_due()
            self.stdout.write(
                f"Delivered {outcome.delivered}, failed {outcome.failed} (to be retried), "
                f"not sent {outcome.skipped}, waiting to go public {outcome.postponed}."
            )
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"Delivering to partners (every {poll:g} s when idle); Ctrl-C stops.")
        try:
            while not stopping:
                close_old_connections()
                if delivery.deliver_one() is None:
                    time.sleep(poll)
        except KeyboardInterrupt:
            pass
        self.stdout.write("Stopped.")
