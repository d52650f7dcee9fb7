"""Signed sample deliveries for lesson 3, in the styles of five real providers.

Every provider that signs its webhooks does the same thing underneath: an
HMAC-SHA256 of some bytes, keyed with a secret that only the provider and the
receiver know.  They differ in the envelope: which bytes are signed (the body
alone, or a timestamp and an id with it), how the digest is written (hex or
base64), and which header carries it.

The headers below are written out as plain text, exactly as a receiver would
get them, so that a learner can read them.  :func:`build_sample_headers`
recomputes them from the secrets; the course's tests check that both agree,
and that each provider's own library accepts them.

Nothing here verifies a signature: that is the learner's work in the lesson.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

# The canonical order event, as compact UTF-8 JSON: these exact bytes are signed.
ORDER_BODY = (
    b'{"id":"evt_0001","type":"order.created","created":1764720000,'
    b'"data":{"order":{"id":"ord_1001","total_cents":4599,"currency":"EUR",'
    b'"customer":{"email":"ada@example.com","name":"Ada"}}}}'
)

# The receiver's clock when the samples arrive (Unix seconds): 30 s after the event.
SAMPLE_NOW = 1764720030

# The shared secrets, one per provider, as the receiver stores them.
GITHUB_SECRET = b"gh-course-secret-7f3a"
STRIPE_SECRET = b"whsec_course_current_4b1d"
STRIPE_PREVIOUS_SECRET = b"whsec_course_previous_9c2e"
SLACK_SECRET = b"slack-course-signing-secret-51e0"
SHOPIFY_SECRET = b"shopify-course-secret-2d8f"
# Standard Webhooks: the key is the base64 text after "whsec_" (here it decodes to
# b"course-standard-webhooks-key-32b"), unlike Stripe, which uses its whole secret.
STANDARD_SECRET = b"whsec_Y291cnNlLXN0YW5kYXJkLXdlYmhvb2tzLWtleS0zMmI="

# What goes into the signed messages besides the body.
STRIPE_TIMESTAMP = 1764720002
STRIPE_RETRY_TIMESTAMP = 1764723602  # the same event, delivered again an hour later
STRIPE_TEST_MODE_SECRET = b"whsec_not_your_endpoint_0000"  # signs the fake v0 of test events
SLACK_TIMESTAMP = 1764720003
STANDARD_TIMESTAMP = 1764720004
STANDARD_MESSAGE_ID = "msg_2c9Xcourse0001"


@dataclass(frozen=True)
class Delivery:
    """One signed delivery: what a receiver holds (its secret) and what it gets."""

    name: str
    provider: str
    secret: bytes
    body: bytes
    headers: Mapping[str, str]


def _delivery(name: str, provider: str, secret: bytes, headers: dict[str, str]) -> Delivery:
    return Delivery(name, provider, secret, ORDER_BODY, MappingProxyType(headers))


GITHUB = _delivery(
    "github",
    "GitHub",
    GITHUB_SECRET,
    {
        "X-GitHub-Event": "order",
        "X-GitHub-Delivery": "5d0b8e2a-9a3c-11f0-8c41-6f1d2e3a4b5c",
        "X-Hub-Signature-256": "sha256=2e67d93b6237e043397328c91de4c8ec5e3502f4768c3892ac54ac00f33dca1b",
    },
)

STRIPE = _delivery(
    "stripe",
    "Stripe",
    STRIPE_SECRET,
    {
        "Stripe-Signature": (
            "t=1764720002,"
            "v1=e0e8dd1708123a2a5493e6ce592d91962f77ebbd6f937bc14329cf5abf4896d0"
        ),
    },
)

# During a secret rotation Stripe signs with the previous and the current secret.
STRIPE_ROTATING = _delivery(
    "stripe_rotating",
    "Stripe",
    STRIPE_SECRET,
    {
        "Stripe-Signature": (
            "t=1764720002,"
            "v1=afd4affb963833460e5bddf86b15617536ea09f35946e5d4b34cb721599c719c,"
            "v1=e0e8dd1708123a2a5493e6ce592d91962f77ebbd6f937bc14329cf5abf4896d0"
        ),
    },
)

# Test events also carry a v0 signature made with a secret that is not yours.
STRIPE_TEST_MODE = _delivery(
    "stripe_test_mode",
    "Stripe",
    STRIPE_SECRET,
    {
        "Stripe-Signature": (
            "t=1764720002,"
            "v1=e0e8dd1708123a2a5493e6ce592d91962f77ebbd6f937bc14329cf5abf4896d0,"
            "v0=36906cb6fcde222b9d1462483a965e5c5f15a7eea9c93942b178f56fc3a2f62a"
        ),
    },
)

# A retry of the same event: a new timestamp, so a new signature.
STRIPE_RETRY = _delivery(
    "stripe_retry",
    "Stripe",
    STRIPE_SECRET,
    {
        "Stripe-Signature": (
            "t=1764723602,"
            "v1=c58b6c39398d4e47f91ef0301def54751f05adf84e041f0cc4bf2adabafdf7ca"
        ),
    },
)

SLACK = _delivery(
    "slack",
    "Slack",
    SLACK_SECRET,
    {
        "X-Slack-Request-Timestamp": "1764720003",
        "X-Slack-Signature": "v0=9b326a31b5e862fe357fac0084ee54a0694c98360389186ff2ce108bb83ef1e1",
    },
)

SHOPIFY = _delivery(
    "shopify",
    "Shopify",
    SHOPIFY_SECRET,
    {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "X-Shopify-Hmac-Sha256": "FOpMcXnNQtN8yN8o0Bz37dtNfPjeJzyh8Qorbjfm12g=",
    },
)

STANDARD = _delivery(
    "standard",
    "Standard Webhooks",
    STANDARD_SECRET,
    {
        "webhook-id": "msg_2c9Xcourse0001",
        "webhook-timestamp": "1764720004",
        "webhook-signature": "v1,4kv1Z2RXWfhU/gWzDPrCkXygqBVDj5GH80qxwp7djXE=",
    },
)

DELIVERIES = (GITHUB, STRIPE, STRIPE_ROTATING, STRIPE_TEST_MODE, STRIPE_RETRY, SLACK, SHOPIFY, STANDARD)


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def _stripe_v1(secret: bytes, timestamp: int) -> str:
    return _mac(secret, f"{timestamp}.".encode() + ORDER_BODY).hex()


def build_sample_headers() -> dict[str, dict[str, str]]:
    """Recompute every sample's headers from the secrets, keyed by delivery name.

    The constants above are the result, written out so that they can be read.
    The tests compare both, so a changed body or secret cannot leave a stale header.
    """
    standard_key = base64.b64decode(STANDARD_SECRET.removeprefix(b"whsec_"))
    standard_message = f"{STANDARD_MESSAGE_ID}.{STANDARD_TIMESTAMP}.".encode() + ORDER_BODY
    slack_message = f"v0:{SLACK_TIMESTAMP}:".encode() + ORDER_BODY
    current = _stripe_v1(STRIPE_SECRET, STRIPE_TIMESTAMP)
    previous = _stripe_v1(STRIPE_PREVIOUS_SECRET, STRIPE_TIMESTAMP)
    fake = _stripe_v1(STRIPE_TEST_MODE_SECRET, STRIPE_TIMESTAMP)
    retry = _stripe_v1(STRIPE_SECRET, STRIPE_RETRY_TIMESTAMP)
    return {
        "github": {
            "X-GitHub-Event": "order",
            "X-GitHub-Delivery": GITHUB.headers["X-GitHub-Delivery"],
            "X-Hub-Signature-256": "sha256=" + _mac(GITHUB_SECRET, ORDER_BODY).hex(),
        },
        "stripe": {"Stripe-Signature": f"t={STRIPE_TIMESTAMP},v1={current}"},
        "stripe_rotating": {"Stripe-Signature": f"t={STRIPE_TIMESTAMP},v1={previous},v1={current}"},
        "stripe_test_mode": {"Stripe-Signature": f"t={STRIPE_TIMESTAMP},v1={current},v0={fake}"},
        "stripe_retry": {"Stripe-Signature": f"t={STRIPE_RETRY_TIMESTAMP},v1={retry}"},
        "slack": {
            "X-Slack-Request-Timestamp": str(SLACK_TIMESTAMP),
            "X-Slack-Signature": "v0=" + _mac(SLACK_SECRET, slack_message).hex(),
        },
        "shopify": {
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": SHOPIFY.headers["X-Shopify-Webhook-Id"],
            "X-Shopify-Hmac-Sha256": base64.b64encode(_mac(SHOPIFY_SECRET, ORDER_BODY)).decode(),
        },
        "standard": {
            "webhook-id": STANDARD_MESSAGE_ID,
            "webhook-timestamp": str(STANDARD_TIMESTAMP),
            "webhook-signature": "v1," + base64.b64encode(_mac(standard_key, standard_message)).decode(),
        },
    }
