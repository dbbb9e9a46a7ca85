"""A web worker's garbage collection (newsroom/gcpolicy.py): what start-up and the first request
loaded is frozen, and what later requests leave in cycles is freed within COLLECT_SECONDS,
between requests, rather than piling up in the collector's oldest generation."""

from newsroom import gcpolicy
from tests.probes import run_python

PROBE = """
import gc, sys, time, weakref
from newsroom.wsgi import application  # what a gunicorn worker loads; installs the policy
from django.core.signals import request_finished
from newsroom import gcpolicy

request_finished.send(sender=None)  # the first response: start-up's objects are frozen
frozen = gc.get_freeze_count()
gc.disable()  # only the policy collects from here on


class Page:
    pass


def a_request():
    # What a page leaves behind: objects that point at each other, as prefetched rows do.
    article, credit = Page(), Page()
    article.credits, credit.article = [credit], article
    return weakref.ref(article)


soon = a_request()
request_finished.send(sender=None)  # within the interval: no collection yet
kept = soon() is not None
gcpolicy._state["collected_at"] -= gcpolicy.COLLECT_SECONDS
request_finished.send(sender=None)  # the interval has passed
print(frozen > 0, kept, soon() is None)
"""


def test_a_worker_freezes_start_up_and_frees_cycles_between_requests():
    assert run_python(PROBE).split() == ["True", "True", "True"]


def test_at_most_one_full_collection_an_interval(monkeypatch):
    calls = []
    now = [100.0]
    monkeypatch.setattr(gcpolicy.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(gcpolicy.gc, "collect", lambda *a: calls.append("collect"))
    monkeypatch.setattr(gcpolicy.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gcpolicy, "_state", {"frozen": False, "collected_at": 0.0})

    interval = gcpolicy.COLLECT_SECONDS
    gcpolicy.after_response()
    now[0] += interval * 0.4
    gcpolicy.after_response()
    now[0] += interval * 0.7
    gcpolicy.after_response()
    gcpolicy.after_response()

    assert calls == ["collect", "freeze", "collect"]
