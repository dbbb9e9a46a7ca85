"""Where the policies show beyond their own pages: the JSON-LD publisher of every article (a
NewsMediaOrganization naming each policy's page) and the ninjs export's trust indicators, both
hooks that articles keeps and this app fills in; the policies kept in the cache between
changes; and the page-cache tag that a change to the policies invalidates, evicting every page
that shows them."""

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from articles import parts, structured_data
from articles.ninjs import export
from newsroom import pagecache
from newsroom.serializers import absolute
from trust.models import Policies
from trust.policies import POLICIES

# Every page that shows the policies (their pages, and each article's JSON-LD and ninjs).
POLICIES_TAG = "policies"
# The published policies, read once and kept: every article page and ninjs export names them,
# and they change a few times a year (a change forgets them, below).
POLICIES_KEY = "trust:published-policies"
POLICIES_SECONDS = 3600
_BY_FIELD = {policy.field: policy for policy in POLICIES}


def policy_path(policy) -> str:
    return reverse("trust:policy", args=[policy.slug])


def shown(request) -> list:
    """The published policies, [(Policy, text)], declared to the page cache as shown on this
    page: from the cache, or one query on a miss."""
    if request is not None:
        pagecache.depends_on(request, POLICIES_TAG)
    found = cache.get(POLICIES_KEY)
    if found is None:
        found = [(policy.field, text) for policy, text in Policies.current().published()]
        cache.set(POLICIES_KEY, found, POLICIES_SECONDS)
    return [(_BY_FIELD[field], text) for field, text in found if field in _BY_FIELD]


def publisher(request) -> dict:
    """The JSON-LD publisher's trust properties: each published policy's page."""
    data = {"@type": "NewsMediaOrganization"}
    for policy, _text in shown(request):
        data[policy.schema_property] = structured_data.absolute_url(policy_path(policy))
    return data


def trust_indicators(article, request) -> dict:
    """ninjs `trustindicators`: each published policy, its role the schema.org property."""
    indicators = [
        {
            "role": policy.schema_uri,
            "title": policy.title,
            "href": absolute(request, policy_path(policy)),
        }
        for policy, _text in shown(request)
    ]
    return {"trustindicators": indicators} if indicators else {}


def forget() -> None:
    cache.delete(POLICIES_KEY)


def policies_changed(sender, **kwargs):
    # Now, and again after the commit (a page rendered in between may have read the old text).
    forget()
    transaction.on_commit(forget, using=DEFAULT_DB_ALIAS)
    transaction.on_commit(lambda: pagecache.invalidate({POLICIES_TAG}), using=DEFAULT_DB_ALIAS)


def register() -> None:
    structured_data.PUBLISHER_PARTS.append(publisher)
    parts.WIDE_TAGS.add(POLICIES_TAG)  # the publisher is in every stored article head
    export.EXTRA_PARTS.append(trust_indicators)
    post_save.connect(policies_changed, sender=Policies, dispatch_uid="trust-policies-saved")
    post_delete.connect(policies_changed, sender=Policies, dispatch_uid="trust-policies-deleted")
