"""The webhook signature (distribution/signing.py), checked with the receiver code printed in
docs/distribution.md, so the documented example is the one that works."""

import hashlib
import hmac
import re
import time
from pathlib import Path

from distribution import signing

SECRET = "whsec_test_0123456789"
BODY = b'{"id": "evt_1", "type": "article.published"}'


def _documented_receiver():
    """The verify() function of docs/distribution.md's receiver example."""
    text = Path(__file__).resolve().parent.parent.joinpath("docs/distribution.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace = {}
    exec(compile(code, "docs/distribution.md", "exec"), namespace)  # noqa: S102
    return namespace["verify"]


def test_the_header_is_t_and_v1_over_timestamp_dot_body():
    header = signing.signature(SECRET, BODY, at=1_780_000_000)
    expected = hmac.new(SECRET.encode(), b"1780000000." + BODY, hashlib.sha256).hexdigest()

    assert header == f"t=1780000000,v1={expected}"


def test_a_fresh_signature_verifies_and_a_changed_body_or_secret_does_not():
    header = signing.signature(SECRET, BODY)

    assert signing.verify(SECRET, BODY, header)
    assert not signing.verify(SECRET, BODY + b" ", header)
    assert not signing.verify("another secret", BODY, header)
    assert not signing.verify(SECRET, BODY, "v1=deadbeef")
    assert not signing.verify(SECRET, BODY, "garbage")


def test_an_old_timestamp_is_a_replay_and_refused():
    old = signing.signature(SECRET, BODY, at=int(time.time()) - 301)

    assert not signing.verify(SECRET, BODY, old)


def test_the_documented_receiver_accepts_what_we_send_and_refuses_the_rest():
    verify = _documented_receiver()
    header = signing.signature(SECRET, BODY)

    assert verify(SECRET, BODY, header)
    assert not verify(SECRET, BODY.replace(b"published", b"unpublished"), header)
    assert not verify(SECRET, BODY, signing.signature(SECRET, BODY, at=int(time.time()) - 600))
